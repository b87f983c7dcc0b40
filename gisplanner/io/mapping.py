"""Map a file's columns onto a layer's fields, and its values onto the layer's rules.

A first mapping is suggested from column names in Chinese or English; the user confirms or
changes it. Enum values are accepted by id or by their Chinese/English label (在建 or
"Under construction" for ``under_construction``), so a planner's spreadsheet needs no recoding.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

from gisplanner.io.row_words import RowWords
from gisplanner.layers import FieldDef, LayerDef, statuses
from gisplanner.textnorm import normalize

# Fields the import fills itself; never mapped from a column.
SYSTEM_FIELDS = ("uid", "location_precision", "location_source")
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name_zh": ("name_zh", "名称", "项目名称", "项目", "名字", "设施名称", "name", "名稱", "text"),
    "name_en": ("name_en", "英文名称", "english", "english name", "name (english)"),
    "kind": ("kind", "类型", "类别", "type", "種類", "类型名称"),
    "status": ("status", "状态", "狀態", "进展", "建设状态"),
    "status_date": ("status_date", "状态日期", "日期", "date", "更新日期"),
    "deadline": ("deadline", "期限", "完成年份", "规划期限", "year", "年份"),
    "aliases": ("aliases", "别名", "alias"),
    "notes": ("notes", "备注", "说明", "description", "remarks", "note"),
    "area_km2": ("area_km2", "面积", "面积(km2)", "面积km2", "area"),
    "length_km": ("length_km", "长度", "长度(km)", "length"),
}


def _fold(text: str) -> str:
    return normalize(str(text)).strip().lower().replace("_", " ")


def suggest_mapping(columns: list[str], definition: LayerDef) -> dict[str, str | None]:
    """Target field -> source column (or None) by exact field name or a known synonym."""
    folded = {_fold(c): c for c in columns}
    out: dict[str, str | None] = {}
    taken: set[str] = set()
    for f in definition.fields:
        if f.name in SYSTEM_FIELDS:
            continue
        names = (f.name, f.label_zh, f.label_en, *SYNONYMS.get(f.name, ()))
        hit = next((folded[_fold(n)] for n in names if n and _fold(n) in folded and folded[_fold(n)] not in taken),
                   None)
        out[f.name] = hit
        if hit:
            taken.add(hit)
    return out


def default_values(definition: LayerDef) -> dict[str, Any]:
    """Values for rows whose mapped cell is empty: proposed, today, a catch-all kind."""
    kinds = [k.id for k in definition.kinds]
    return {
        "status": "proposed",
        "status_date": dt.date.today().isoformat(),
        "kind": "other" if "other" in kinds else (kinds[0] if kinds else None),
    }


def _enum_value(f: FieldDef, value: str, definition: LayerDef) -> str:
    if value in f.values:
        return value
    key = _fold(value)
    if f.name == "status":
        for s in statuses():
            if key in (_fold(s.label_zh), _fold(s.label_en)):
                return s.id
    if f.name == "kind":
        for k in definition.kinds:
            if key in (_fold(k.label_zh), _fold(k.label_en)):
                return k.id
    for v in f.values:
        if key == _fold(v):
            return v
    return value  # validation names it


def _clean(f: FieldDef, value: Any, definition: LayerDef) -> Any:
    """A cell as the field stores it: text stripped, whole floats as ints, dates as ISO text."""
    if _missing(value):
        return None
    if hasattr(value, "isoformat") and f.type in ("date", "text"):
        return value.isoformat()[:10]
    if f.type in ("year", "integer") and isinstance(value, float) and value.is_integer():
        return int(value)
    if f.type == "year" and hasattr(value, "year"):
        return value.year
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str):
        if text == "":
            return None
        if f.type in ("year", "integer") and text.endswith(".0") and text[:-2].lstrip("-").isdigit():
            text = text[:-2]
        if f.type == "enum":
            return _enum_value(f, text, definition)
        if f.type == "date" and len(text) >= 8:
            text = text.replace("/", "-").replace(".", "-")[:10]
            parts = text.split("-")
            if len(parts) == 3 and all(p.isdigit() for p in parts):
                text = f"{int(parts[0]):04d}-{int(parts[1]):02d}-{int(parts[2]):02d}"
        return text
    if f.type == "text":
        return str(text)
    return text


def _missing(value: Any) -> bool:
    """None, NaN, and pandas' NA/NaT (nullable columns read from GeoPackages) are all empty cells."""
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _key(value: Any) -> Any:
    """A hashable stand-in for a cell (all empty cells alike), for memoising per distinct value."""
    if _missing(value):
        return None
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return (type(value).__name__, value)


def _distinct(cells: pd.Series) -> tuple[np.ndarray, list[Any]] | None:
    """(code per cell, -1 for an empty one; the distinct values), or None when an object
    column mixes value types that compare equal (1 and 1.0 and True) and must stay apart."""
    if cells.dtype == object:
        types = {type(v) for v in cells.tolist() if not _missing(v)}
        if len(types) > 1:
            return None
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    return np.asarray(codes), list(uniques.tolist())


def _clean_all(f: FieldDef, uniques: list[Any], default: Any,
               definition: LayerDef) -> tuple[list[Any], list[str | None]]:
    """Each distinct cell (then the empty cell, last) as stored, and why it cannot be."""
    values: list[Any] = []
    errors: list[str | None] = []
    if f.type == "text" and uniques and all(isinstance(u, str) for u in uniques):
        stripped = [u.strip() for u in uniques]  # text needs no more than trimming: skip the general path
        limit = f.max_length
        label = f.label("en")
        for text in stripped:
            if text:
                values.append(text)
                errors.append(f"{label} is longer than {limit} characters" if limit and len(text) > limit else None)
            else:
                values.append(None)
                errors.append(None)
        uniques = []
    else:
        for raw in uniques:
            values.append(_clean(f, raw, definition))
            errors.append(None)
    values.append(None)
    errors.append(None)
    fallback = f.validate(default)
    for k, value in enumerate(values):
        if value is None:
            values[k], errors[k] = (default, fallback) if fallback else (f.coerce(default), None)
        elif errors[k] is None and k < len(uniques):
            error = f.validate(value)
            values[k], errors[k] = (value, error) if error else (f.coerce(value), None)
    return values, errors


def map_columns(columns: dict[str, pd.Series], count: int, mapping: dict[str, str | None],
                defaults: dict[str, Any], definition: LayerDef) -> tuple[dict[str, list[Any]], dict[int, list[str]]]:
    """Each field's values for ``count`` source rows (``columns``: file column -> cells), and
    the problems (field: why) by row index.

    Works column by column and cleans each distinct cell value once (``pd.factorize``), then
    spreads the results over the rows with numpy: a 100k-row file usually holds a handful of
    statuses and kinds, and even a column of distinct names is only trimmed and measured.
    """
    out: dict[str, list[Any]] = {}
    problems: dict[int, list[str]] = {}
    for f in definition.fields:
        if f.name in SYSTEM_FIELDS:
            continue
        column = mapping.get(f.name)
        distinct = _distinct(columns[column]) if column else (np.full(count, -1), [])
        if distinct is None:  # mixed types: cell by cell
            values_list, per_row = _map_cells(f, columns[column].tolist(), defaults.get(f.name), definition)
        else:
            codes, uniques = distinct
            cleaned, errors = _clean_all(f, uniques, defaults.get(f.name), definition)
            table = np.empty(len(cleaned), dtype=object)
            for k, value in enumerate(cleaned):
                table[k] = value
            values_list = table[codes].tolist()
            bad = [k for k, e in enumerate(errors) if e]
            per_row = {}
            if bad:
                wrong = np.isin(codes, [k if k < len(uniques) else -1 for k in bad])
                for i in np.flatnonzero(wrong).tolist():
                    per_row[i] = errors[codes[i]]
        out[f.name] = values_list
        for i, error in per_row.items():
            said = RowWords("field", layer=definition.name, field=f.name, column=column, problem=error) \
                if column else RowWords("field_default", layer=definition.name, field=f.name, problem=error)
            problems.setdefault(i, []).append(said)
    return out, problems


def _map_cells(f: FieldDef, cells: list[Any], default: Any,
               definition: LayerDef) -> tuple[list[Any], dict[int, str]]:
    values: list[Any] = []
    errors: dict[int, str] = {}
    memo: dict[Any, tuple[Any, str | None]] = {}
    for i, raw in enumerate(cells):
        key = _key(raw)
        if key not in memo:
            value = _clean(f, raw, definition)
            if value is None:
                value = default
            error = f.validate(value)
            memo[key] = (value if error else f.coerce(value), error)
        value, error = memo[key]
        values.append(value)
        if error:
            errors[i] = error
    return values, errors
