"""Append features to a project's GeoPackage layer inside a caller's sqlite transaction.

GDAL commits on its own, so an import written through it could not be undone together with
the status history and journal rows. Writing the rows ourselves (GeoPackage blobs, with the
R-tree trigger functions registered by ``gisplanner.store.gpkg_sql``, many rows per call) keeps one import in
one transaction: it commits whole or rolls back to the file as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import shapely

from gisplanner.io.rtree_bulk import bulk_insert
from gisplanner.store.gpkg_sql import touch_contents

BULK_ROWS = 1000  # from this many rows on, the R-tree is packed in one pass


_HEADER_DTYPE = np.dtype([("magic", "S2"), ("version", "u1"), ("flags", "u1"), ("srs", "<i4"), ("env", "<f8", (4,))])


def encode_many(geoms: Sequence, srs_id: int = 4326) -> list[bytes]:
    """GeoPackage blobs (little-endian header with an XY envelope + WKB) for many geometries.

    Headers are filled as one numpy record array, then each row's slice of it is joined to
    its WKB: no per-row packing in Python.
    """
    arr = np.asarray(geoms, dtype=object)
    if not len(arr):
        return []
    wkb = shapely.to_wkb(arr, byte_order=1)
    bounds = shapely.bounds(arr)
    header = np.zeros(len(arr), dtype=_HEADER_DTYPE)
    header["magic"] = b"GP"
    header["flags"] = 0b00011  # little-endian, XY envelope
    header["srs"] = srs_id
    header["env"] = bounds[:, [0, 2, 1, 3]]  # minx, maxx, miny, maxy
    size = _HEADER_DTYPE.itemsize
    packed = header.tobytes()
    return [packed[k:k + size] + w for k, w in zip(range(0, len(packed), size), wkb.tolist(), strict=True)]


def layer_columns(conn: sqlite3.Connection, layer: str) -> tuple[str, list[str]]:
    """(geometry column, attribute columns) of a GeoPackage feature table."""
    row = conn.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", [layer]).fetchone()
    if row is None:
        raise KeyError(f"the project has no feature layer {layer!r}")
    geom = row[0]
    cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{layer}")') if r[1] not in (geom, "fid")]
    return geom, cols


def existing_uids(conn: sqlite3.Connection) -> set[str]:
    """Every uid in every feature layer (uids are unique across the project)."""
    out: set[str] = set()
    for (table,) in conn.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'").fetchall():
        cols = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
        if "uid" in cols:
            out.update(r[0] for r in conn.execute(f'SELECT uid FROM "{table}"') if r[0])
    return out


def constant_literal(values: list[Any]) -> str | None:
    """An SQL literal for a column whose values are all one and the same (same type too), else None."""
    if not values:
        return None
    first = values[0]
    kind = type(first)
    if values.count(first) != len(values) or set(map(type, values)) != {kind}:
        return None
    if first is None:
        return "NULL"
    if kind is int:
        return str(first)
    if kind is float:
        return repr(first) if np.isfinite(first) else None
    if kind is str and "\x00" not in first:
        return "'" + first.replace("'", "''") + "'"
    return None


def _set_aside(conn: sqlite3.Connection, names: list[str]) -> list[str]:
    """Drop these triggers (inside the caller's transaction); returns their SQL to recreate them."""
    rows = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
                        f"({', '.join('?' * len(names))})", names).fetchall()
    for name, _ in rows:
        conn.execute(f'DROP TRIGGER "{name}"')
    return [sql for _, sql in rows]


def append_features(conn: sqlite3.Connection, layer: str, columns: dict[str, list[Any]], geoms: Sequence,
                    progress: Callable[[int], None] | None = None, chunk: int = 5000) -> int:
    """Insert rows (``columns``: field -> values) with ``geoms`` (WGS84) into ``layer``; the
    caller owns the transaction. Returns the largest fid before: the new rows are those above it.

    For many rows GDAL's per-row triggers (R-tree insert, feature count) are set aside, as
    GDAL does for bulk loads: the feature count is raised once, and the R-tree is packed in
    one pass (``rtree_bulk``) from envelopes computed here, instead of calling the trigger's
    SQL functions in Python and inserting into the tree for every row. The triggers are
    recreated before returning, inside the same transaction, so a rollback restores it all.
    """
    geom_col, cols = layer_columns(conn, layer)
    names = [c for c in cols if c in columns]
    count = len(geoms)
    # a column holding one value throughout (a default status, today's date, no English name)
    # is written as a literal in the statement instead of bound again for every row
    fixed = {c: lit for c in names if (lit := constant_literal(columns[c])) is not None} if count > 1 else {}
    bound = [c for c in names if c not in fixed]
    quoted = ", ".join(f'"{c}"' for c in [geom_col, *bound, *fixed])
    sql = f'INSERT INTO "{layer}" ({quoted}) VALUES ({", ".join(["?"] * (1 + len(bound)) + list(fixed.values()))})'
    arr = np.asarray(geoms, dtype=object)
    blobs = encode_many(arr)
    rtree = f"rtree_{layer}_{geom_col}"
    bulk = count >= BULK_ROWS
    aside: list[str] = []
    last = conn.execute(f'SELECT coalesce(max(fid), 0) FROM "{layer}"').fetchone()[0]
    if bulk:
        aside = _set_aside(conn, [f"{rtree}_insert", f"trigger_insert_feature_count_{layer}"])
    values = [blobs, *(columns[c] for c in bound)]
    for start in range(0, count, chunk):
        stop = min(start + chunk, count)
        conn.executemany(sql, zip(*(col[start:stop] for col in values), strict=True))
        if progress:
            progress(stop)
    if bulk:
        fids = np.array([r[0] for r in conn.execute(f'SELECT fid FROM "{layer}" WHERE fid > ? ORDER BY fid', [last])],
                        dtype=np.int64)
        if len(fids) != count:
            raise RuntimeError(f"{layer}: expected {count} new rows, found {len(fids)}")
        if any(f"feature_count_{layer}" in s for s in aside):
            conn.execute("UPDATE gpkg_ogr_contents SET feature_count = feature_count + ? "
                         "WHERE lower(table_name) = lower(?)", [count, layer])
        if any(f"{rtree}_insert" in s for s in aside):
            b = shapely.bounds(arr)
            if not bulk_insert(conn, rtree, fids, b):
                conn.executemany(f'INSERT INTO "{rtree}" VALUES (?, ?, ?, ?, ?)',
                                 zip(fids.tolist(), b[:, 0].tolist(), b[:, 2].tolist(), b[:, 1].tolist(),
                                     b[:, 3].tolist(), strict=True))
        for trigger in aside:
            conn.execute(trigger)
    if count:
        touch_contents(conn, layer, tuple(shapely.total_bounds(arr).tolist()))
    return int(last)
