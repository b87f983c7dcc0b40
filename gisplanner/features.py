"""Layer source data: the shipped GeoJSON files under ``data/layers`` read and checked.

Each feature carries its attributes, its links to plan clauses (by a verbatim quote of the
plan text, resolved to a clause id at build time) and its dated status history. A bad row
stops the build with a message naming the file and the feature; nothing is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from gisplanner.layers import STATUS_IDS, LayerDef, builtin_layer_definitions

RELATIONS = ("mandates", "mentions", "reports_progress")
DATE_PRECISIONS = ("day", "month", "year")
CHINA_BOUNDS = (73.0, 17.0, 136.0, 54.0)


class SourceError(ValueError):
    """A layer source row that cannot be used; the message names file and feature."""


@dataclass
class LinkSpec:
    plan: str
    quote: str
    relation: str
    clause: str | None = None  # an explicit clause path, when the quote alone is ambiguous


@dataclass
class SourceFeature:
    layer: str
    attributes: dict[str, Any]
    geometry: BaseGeometry
    links: list[LinkSpec] = field(default_factory=list)
    history: list[dict[str, str]] = field(default_factory=list)

    @property
    def uid(self) -> str:
        return self.attributes["uid"]


def _promote(geom: BaseGeometry, definition: LayerDef) -> BaseGeometry:
    if definition.geometry == "MultiPolygon" and geom.geom_type == "Polygon":
        return shapely.MultiPolygon([geom])
    if definition.geometry == "MultiLineString" and geom.geom_type == "LineString":
        return shapely.MultiLineString([geom])
    return geom


def _where(path: Path, index: int, props: dict[str, Any]) -> str:
    return f"{path.name}: feature {index} ({props.get('uid') or props.get('name_zh') or 'no uid'})"


def read_layer_source(path: Path, definition: LayerDef) -> list[SourceFeature]:
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SourceError(f"{path.name}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror}") from exc
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise SourceError(f"{path.name}: not a GeoJSON FeatureCollection")
    out = []
    for index, feat in enumerate(collection.get("features", []), start=1):
        props = dict(feat.get("properties") or {})
        where = _where(path, index, props)
        try:
            geom = shape(feat["geometry"])
        except Exception as exc:  # shapely raises several types for bad geometry
            raise SourceError(f"{where}: unreadable geometry ({exc})") from exc
        geom = _promote(geom, definition)
        if geom.geom_type != definition.geometry:
            raise SourceError(f"{where}: geometry is {geom.geom_type}, layer {definition.name} holds {definition.geometry}")
        if geom.is_empty or not geom.is_valid:
            raise SourceError(f"{where}: geometry is empty or invalid ({shapely.is_valid_reason(geom)})")
        minx, miny, maxx, maxy = geom.bounds
        if minx < CHINA_BOUNDS[0] or maxx > CHINA_BOUNDS[2] or miny < CHINA_BOUNDS[1] or maxy > CHINA_BOUNDS[3]:
            raise SourceError(f"{where}: coordinates {geom.bounds} lie outside China (WGS84 lon/lat expected)")
        links = [LinkSpec(**link) for link in props.pop("links", [])]
        history = list(props.pop("history", []))
        if isinstance(props.get("aliases"), list):
            props["aliases"] = "|".join(props["aliases"])
        if props.get("deadline") is not None:
            props["deadline"] = str(props["deadline"])[:4]
        unknown = set(props) - set(definition.field_names)
        if unknown:
            raise SourceError(f"{where}: unknown properties {', '.join(sorted(unknown))}")
        problems = definition.validate(props)
        if problems:
            detail = "; ".join(f"{k}: {v}" for k, v in problems.items())
            raise SourceError(f"{where}: {detail}")
        if not links:
            raise SourceError(f"{where}: no plan clause linked (every feature needs at least one link)")
        for link in links:
            if link.relation not in RELATIONS:
                raise SourceError(f"{where}: link relation {link.relation!r} is not one of {', '.join(RELATIONS)}")
        for entry in history:
            if entry.get("status") not in STATUS_IDS or not entry.get("date"):
                raise SourceError(f"{where}: status history entry {entry} needs a known status and a date")
            problem = date_precision_problem(str(entry["date"]), entry.get("date_precision", "day"))
            if problem:
                raise SourceError(f"{where}: status history entry of {entry['date']}: {problem}")
        problem = deadline_problem(props)
        if problem:
            raise SourceError(f"{where}: {problem}")
        attributes = {f.name: f.coerce(props.get(f.name)) for f in definition.fields}
        out.append(SourceFeature(definition.name, attributes, geom, links, history))
    return out


def date_precision_problem(date: str, precision: str) -> str | None:
    """A date known only to the month or year is stored as its first day; anything else is invented."""
    if precision not in DATE_PRECISIONS:
        return f"date precision {precision!r} is not one of {', '.join(DATE_PRECISIONS)}"
    if precision == "month" and not date.endswith("-01"):
        return "a date known to the month is written YYYY-MM-01"
    if precision == "year" and not date.endswith("-01-01"):
        return "a date known to the year is written YYYY-01-01"
    return None


def date_as_known(date: str | None, precision: str | None = "day") -> str:
    """A date cut to what is known of it: 2019-09 for a month, 2019 for a year."""
    return (date or "")[: {"year": 4, "month": 7}.get(precision or "day", 10)]


def deadline_problem(props: dict[str, Any]) -> str | None:
    """A deadline says what it asks for (start, complete, study), and a kind needs a deadline."""
    has_deadline = props.get("deadline") not in (None, "")
    has_kind = props.get("deadline_kind") not in (None, "")
    if has_deadline and not has_kind:
        return f"deadline {props['deadline']} has no deadline_kind (start, complete or study)"
    if has_kind and not has_deadline:
        return f"deadline_kind {props['deadline_kind']!r} without a deadline"
    if props.get("status_date") and props.get("status_date_precision"):
        problem = date_precision_problem(str(props["status_date"]), props["status_date_precision"])
        if problem:
            return f"status_date {props['status_date']}: {problem}"
    return None


def read_layer_sources(directory: Path) -> dict[str, list[SourceFeature]]:
    """Every layer's features, keyed by layer name; uids must be unique across layers."""
    layers: dict[str, list[SourceFeature]] = {}
    seen: dict[str, str] = {}
    for definition in builtin_layer_definitions():
        path = directory / f"{definition.name}.geojson"
        feats = read_layer_source(path, definition) if path.exists() else []
        for f in feats:
            if f.uid in seen:
                raise SourceError(f"{path.name}: uid {f.uid!r} is used again (first in {seen[f.uid]})")
            seen[f.uid] = path.name
        layers[definition.name] = feats
    return layers
