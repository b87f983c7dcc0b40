"""The shipped indicator catalogue (``data/indicators.toml``): read, checked, turned into rows.

Targets live in clause text; this file states each one once with the words that set it, so
a test (and the build) can check that the clause says what the catalogue claims.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gisplanner.monitor.dates import parse_date
from gisplanner.paths import INDICATORS_FILE

KINDS = ("target", "milestone", "statistic")
COMPARATORS = ("≥", ">", "=", "≤")
SCOPES = ("city", "district", "park", "firm_group", "firm")

INDICATOR_COLUMNS = ("id", "plan_id", "clause_id", "kind", "name_zh", "name_en", "comparator", "value",
                     "value_text", "unit", "year", "year_from", "scope", "scope_ref", "quote", "key", "note")
ACTUAL_COLUMNS = ("id", "indicator_id", "date", "date_precision", "value", "source", "scope", "quote", "origin")


class CatalogueError(ValueError):
    """An entry of the indicator file that cannot be used; names the file and entry."""


@dataclass(frozen=True)
class Catalogue:
    indicators: list[dict[str, Any]]
    actuals: list[dict[str, Any]]


def _need(entry: dict, key: str, where: str) -> Any:
    value = entry.get(key)
    if value in (None, ""):
        raise CatalogueError(f"{where}: {key} is missing")
    return value


def _indicator(entry: dict[str, Any], where: str) -> dict[str, Any]:
    row = {k: entry.get(k) for k in INDICATOR_COLUMNS if k != "plan_id"}
    ind_id = _need(entry, "id", where)
    where = f"{where} ({ind_id})"
    clause = _need(entry, "clause", where)
    row["clause_id"] = clause
    row["plan_id"] = clause.split(":", 1)[0]
    for key in ("name_zh", "name_en", "scope", "scope_ref", "quote"):
        _need(entry, key, where)
    kind = _need(entry, "kind", where)
    if kind not in KINDS:
        raise CatalogueError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    if entry["scope"] not in SCOPES:
        raise CatalogueError(f"{where}: scope {entry['scope']!r} is not one of {', '.join(SCOPES)}")
    if kind == "target":
        if entry.get("comparator") not in COMPARATORS:
            raise CatalogueError(f"{where}: comparator must be one of {' '.join(COMPARATORS)}")
        value = entry.get("value")
        if not isinstance(value, int | float) or not math.isfinite(value):
            raise CatalogueError(f"{where}: a target needs a numeric value")
        _need(entry, "unit", where)
    if kind == "milestone" and not entry.get("year"):
        raise CatalogueError(f"{where}: a milestone needs a year")
    row["key"] = int(bool(entry.get("key")))
    return row


def _actual(entry: dict[str, Any], where: str, known: set[str], n: int) -> dict[str, Any]:
    ind = _need(entry, "indicator", where)
    if ind not in known:
        raise CatalogueError(f"{where}: unknown indicator {ind!r}")
    value = entry.get("value")
    if not isinstance(value, int | float):
        raise CatalogueError(f"{where}: value must be a number")
    date, precision = parse_date(str(_need(entry, "date", where)))
    if entry.get("date_precision", precision) != precision:
        raise CatalogueError(f"{where}: date {date} has precision {precision}, not {entry['date_precision']}")
    return {"id": f"shipped.{ind}.{n}", "indicator_id": ind, "date": date, "date_precision": precision,
            "value": float(value), "source": _need(entry, "source", where), "scope": entry.get("scope"),
            "quote": entry.get("quote"), "origin": "plan"}


def load_catalogue(path: Path = INDICATORS_FILE) -> Catalogue:
    """Read and check the indicator file; ``CatalogueError`` names the first bad entry."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(f"{path}: cannot be read ({exc})") from exc
    indicators = []
    seen: set[str] = set()
    for i, entry in enumerate(data.get("indicator", []), 1):
        row = _indicator(entry, f"{path.name}: indicator {i}")
        if row["id"] in seen:
            raise CatalogueError(f"{path.name}: indicator id {row['id']} is used twice")
        seen.add(row["id"])
        indicators.append(row)
    counts: dict[str, int] = {}
    actuals = []
    for i, entry in enumerate(data.get("actual", []), 1):
        ind = entry.get("indicator", "")
        counts[ind] = counts.get(ind, 0) + 1
        actuals.append(_actual(entry, f"{path.name}: actual {i}", seen, counts[ind]))
    return Catalogue(indicators, actuals)
