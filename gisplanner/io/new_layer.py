"""A new project layer made from an imported file: its definition, and its GeoPackage table.

The definition is the common fields (common.toml: uid, names, kind, status …) plus the file's
chosen columns with types inferred from their values, and one kind, "other". It is stored in
the project's ``user_layers`` table and registered when the project opens, so the canvas,
identify panel, editing form and HTML export treat the layer like a shipped one.

The feature table is created inside the import's own transaction with the exact DDL GDAL
writes for such a layer (read from a scratch GeoPackage GDAL makes: table, R-tree, triggers,
gpkg_contents/gpkg_geometry_columns/gpkg_extensions rows), so GDAL and QGIS read it as their
own, and a failed or canceled import rolls it away with everything else.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from gisplanner.io.detect import ImportFileError
from gisplanner.layers import LayerDef, builtin_layer_definitions
from gisplanner.layers.defs import common_field_entries, user_layer_definition
from gisplanner.store.layer_styles import write_layer_styles
from gisplanner.store.schema import add_location_code

GPKG_VERSION = "1.3"  # as the build writes: QGIS 3.22 reads it without warnings
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
RESERVED_PREFIXES = ("gpkg_", "rtree_", "sqlite_", "gisplanner")
OTHER_KIND = {"id": "other", "label_zh": "其他", "label_en": "Other", "symbol": "circle"}
_GEOMETRY = {"Point": "Point", "LineString": "MultiLineString", "Polygon": "MultiPolygon"}


@dataclass
class NewLayer:
    """What the user asked for: a layer name, titles, and which file columns become fields."""

    name: str
    title_zh: str = ""
    title_en: str = ""
    columns: list[str] | None = None  # None: every column the common fields do not take


def suggest_name(stem: str) -> str:
    """A table name from a file name: lower-case ASCII, digits and underscores."""
    slug = re.sub(r"[^0-9a-z]+", "_", stem.lower()).strip("_")[:50]
    if not slug:
        return "imported_layer"
    return slug if slug[0].isalpha() else f"layer_{slug}"


def name_error(file: str, name: str, taken: set[str] = frozenset()) -> ImportFileError | None:
    """Why ``name`` cannot name a new layer made from ``file`` (an error to raise), or None."""
    if not NAME_RE.match(name):
        return ImportFileError("bad_layer_name", file=file, layer=name)
    if name.startswith(RESERVED_PREFIXES):
        return ImportFileError("reserved_layer_name", file=file, layer=name)
    if name in {d.name for d in builtin_layer_definitions()}:
        return ImportFileError("shipped_layer_name", file=file, layer=name)
    if name.lower() in {t.lower() for t in taken}:
        return ImportFileError("table_exists", file=file, layer=name)
    return None


def check_name(name: str, taken: set[str] = frozenset()) -> str | None:
    """Why ``name`` cannot name a new layer (English, without a file), or None when it can."""
    err = name_error("", name, taken)
    return None if err is None else str(err).removeprefix(": ")


# SQLite allows 2000 columns in a table; the common fields, fid and geometry take the rest.
MAX_FIELDS = 1950


def infer_type(values: pd.Series) -> str:
    """Field type of a column from its values: integer, real, date or text."""
    present = values.dropna()
    if pd.api.types.is_bool_dtype(values.dtype) or pd.api.types.is_integer_dtype(values.dtype):
        return "integer"
    if pd.api.types.is_float_dtype(values.dtype):
        return "real"
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return "date"
    if present.empty:
        return "text"
    kinds = {type(v) for v in present.tolist()}
    if kinds <= {int, bool}:
        return "integer"
    if kinds <= {int, float}:
        return "real"
    if all(isinstance(v, dt.date) for v in present.tolist()):
        return "date"
    return "text"


def field_entries(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    """Field entries (as in a TOML definition) for ``columns``; names clear of the common fields."""
    taken = {e["name"].lower() for e in common_field_entries()} | {"fid", "geom", "geometry"}
    out = []
    for i, column in enumerate(columns):
        name = column.strip().replace('"', "") or f"field_{i + 1}"
        base, n = name, 1
        while name.lower() in taken:
            n += 1
            name = f"{base}_{n}"
        taken.add(name.lower())
        out.append({"name": name, "type": infer_type(frame[column]), "label_zh": column, "label_en": column,
                    "column": column})
    return out


def geometry_type(frame: gpd.GeoDataFrame) -> str:
    """The layer geometry for a file: the most common kind among its shapes (points if none)."""
    types = frame.geometry.dropna().geom_type.str.replace("Multi", "").value_counts()
    top = types.index[0] if len(types) else "Point"
    return _GEOMETRY.get(top, "Point")


def new_layer_spec(frame: gpd.GeoDataFrame, layer: NewLayer, columns: list[str], source: str) -> dict[str, Any]:
    """The stored description of the new layer (``user_layers.definition``)."""
    if (err := name_error(source, layer.name)) is not None:
        raise err
    if len(columns) > MAX_FIELDS:
        raise ImportFileError("too_many_columns", file=source, count=len(columns), limit=MAX_FIELDS)
    present = set(frame.columns)
    missing = [c for c in columns if c not in present]
    if missing:
        raise ImportFileError("no_columns", file=source, columns=", ".join(map(repr, missing)))
    return {
        "name": layer.name, "title_zh": layer.title_zh or layer.name, "title_en": layer.title_en or layer.name,
        "geometry": geometry_type(frame), "order": 200, "fields": field_entries(frame, columns),
        "kinds": [OTHER_KIND], "source": source,
    }


def definition_of(spec: dict[str, Any]) -> LayerDef:
    fields = [{k: v for k, v in f.items() if k != "column"} for f in spec.get("fields", ())]
    return user_layer_definition({**spec, "fields": fields})


# -- the GeoPackage table --------------------------------------------------------------------------
_DTYPES = {"integer": "Int64", "year": "Int64", "real": "float64"}
_METADATA = ("gpkg_contents", "gpkg_geometry_columns", "gpkg_extensions", "gpkg_ogr_contents")


def _gdal_layer(definition: LayerDef) -> tuple[list[str], dict[str, list[dict[str, Any]]]]:
    """The DDL and metadata rows GDAL writes for an empty layer like ``definition``."""
    columns = {f.name: pd.Series([], dtype=_DTYPES.get(f.type, "object")) for f in definition.fields}
    frame = gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs="EPSG:4326"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "layer.gpkg"
        pyogrio.write_dataframe(frame, path, layer=definition.name, driver="GPKG",
                                geometry_type=definition.geometry, dataset_options={"VERSION": GPKG_VERSION},
                                layer_options={"IDENTIFIER": definition.title_zh,
                                               "DESCRIPTION": definition.title_en})
        conn = sqlite3.connect(path)
        conn.row_factory = sqlite3.Row
        try:
            geom = conn.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?",
                                [definition.name]).fetchone()[0]
            rtree = f"rtree_{definition.name}_{geom}"
            rank = {"table": 0, "index": 1, "trigger": 2}
            master = conn.execute("SELECT type, sql FROM sqlite_master WHERE sql IS NOT NULL AND type != 'view'"
                                  " AND (tbl_name = ? OR name = ?) ORDER BY rowid",
                                  [definition.name, rtree]).fetchall()
            ddl = [r["sql"] for r in sorted(master, key=lambda r: rank.get(r["type"], 3))]
            if not any(rtree in s and "VIRTUAL" in s.upper() for s in ddl):
                raise RuntimeError(f"GDAL wrote no spatial index for {definition.name}")
            rows = {t: [dict(r) for r in conn.execute(f'SELECT * FROM "{t}" WHERE table_name = ?',
                                                        [definition.name])] for t in _METADATA}
        finally:
            conn.close()
    return ddl, rows


def create_user_layer(conn: sqlite3.Connection, spec: dict[str, Any], definition: LayerDef) -> None:
    """Create the layer's table (with R-tree, triggers and GeoPackage metadata) and record its
    definition, inside the caller's transaction."""
    existing = {r[0].lower() for r in conn.execute("SELECT name FROM sqlite_master")}
    if (err := name_error(spec.get("source", "file"), definition.name, existing)) is not None:
        raise err
    ddl, rows = _gdal_layer(definition)
    for statement in ddl:
        conn.execute(statement)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, entries in rows.items():
        if table not in tables:
            continue
        for entry in entries:
            names = list(entry)
            conn.execute(f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({", ".join("?" * len(names))})',
                         list(entry.values()))
    conn.execute(f'CREATE UNIQUE INDEX "{definition.name}_uid" ON "{definition.name}" (uid)')
    add_location_code(conn, definition.name)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    conn.execute("INSERT INTO user_layers (name, title_zh, title_en, geometry, definition, source, created_at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?)",
                 [definition.name, definition.title_zh, definition.title_en, definition.geometry,
                  json.dumps(spec, ensure_ascii=False), spec.get("source", ""), now])
    write_layer_styles(conn, [definition])  # QGIS draws it like the shipped layers
