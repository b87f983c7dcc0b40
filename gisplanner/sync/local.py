"""Writing pulled or checked-out rows into the copy, by natural key, inside the caller's transaction.

Feature rows go in as GeoPackage blobs; GDAL's R-tree and feature-count triggers keep the
index in step for a few rows, and for many rows (a checkout) they are set aside and the
R-tree is packed in one pass, as an import does.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

import numpy as np
import shapely

from gisplanner.io.gpkg_write import BULK_ROWS, encode_many
from gisplanner.io.rtree_bulk import bulk_insert
from gisplanner.store.gpkg_sql import touch_contents
from gisplanner.sync.tables import TableSpec, _q, local_srs_id
from gisplanner.sync.track import key_where, same_value


def _blobs(wkbs: list[bytes | None], srs_id: int) -> tuple[list[bytes | None], np.ndarray]:
    """GeoPackage blobs and shapely geometries of canonical WKB values (None stays NULL)."""
    geoms = shapely.from_wkb(np.array(wkbs, dtype=object))
    present = ~shapely.is_missing(geoms)
    blobs: list[bytes | None] = [None] * len(wkbs)
    if present.any():
        for i, blob in zip(np.flatnonzero(present), encode_many(geoms[present], srs_id), strict=True):
            blobs[i] = blob
    return blobs, geoms


def _values(conn: sqlite3.Connection, spec: TableSpec, rows: list[dict],
            columns: list[str]) -> tuple[list[list[Any]], np.ndarray | None]:
    """Rows as lists for SQLite (geometry as GeoPackage blobs) and the geometries themselves."""
    table = [[r.get(c) for c in columns] for r in rows]
    geoms = None
    if spec.geom and spec.geom in columns:
        i = columns.index(spec.geom)
        blobs, geoms = _blobs([r[i] for r in table], local_srs_id(conn, spec))
        for r, blob in zip(table, blobs, strict=True):
            r[i] = blob
    return table, geoms


def _set_aside(conn: sqlite3.Connection, names: list[str]) -> list[str]:
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
                        f"({', '.join('?' * len(names))})", names).fetchall()
    for name, _ in rows:
        conn.execute(f"DROP TRIGGER {_q(name)}")
    return [s for _, s in rows]


def insert_rows(conn: sqlite3.Connection, spec: TableSpec, rows: list[dict]) -> None:
    if not rows:
        return
    sql = (f"INSERT INTO {_q(spec.name)} ({', '.join(_q(c) for c in spec.columns)}) "
           f"VALUES ({', '.join('?' * len(spec.columns))})")
    values, geoms = _values(conn, spec, rows, spec.columns)
    # packing the R-tree rebuilds it whole: worth it for a checkout, not for a few rows into many
    if geoms is None or len(rows) < BULK_ROWS or conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {_q(spec.name)} LIMIT ?)", [len(rows)]).fetchone()[0] >= len(rows):
        conn.executemany(sql, values)
        _touch(conn, spec, geoms)
        return
    rtree = f"rtree_{spec.name}_{spec.geom}"
    aside = _set_aside(conn, [f"{rtree}_insert", f"trigger_insert_feature_count_{spec.name}"])
    last = conn.execute(f"SELECT coalesce(max(fid), 0) FROM {_q(spec.name)}").fetchone()[0]
    conn.executemany(sql, values)
    if any("feature_count" in s for s in aside):
        conn.execute("UPDATE gpkg_ogr_contents SET feature_count = feature_count + ? "
                     "WHERE lower(table_name) = lower(?)", [len(rows), spec.name])
    if any(f"{rtree}_insert" in s for s in aside):
        found = conn.execute(f"SELECT fid, {_q(spec.geom)} FROM {_q(spec.name)} WHERE fid > ? ORDER BY fid",
                             [last]).fetchall()
        fids = np.array([f for f, blob in found if blob is not None], dtype=np.int64)
        present = geoms[~shapely.is_missing(geoms)]
        bounds = shapely.bounds(present) if len(present) else np.zeros((0, 4))
        if len(fids) != len(bounds) or not bulk_insert(conn, rtree, fids, bounds):
            conn.executemany(f"INSERT INTO {_q(rtree)} VALUES (?, ?, ?, ?, ?)",
                             [(int(f), b[0], b[2], b[1], b[3]) for f, b in zip(fids, bounds, strict=False)])
    for trigger in aside:
        conn.execute(trigger)
    _touch(conn, spec, geoms)


def _touch(conn: sqlite3.Connection, spec: TableSpec, geoms: np.ndarray | None) -> None:
    """Stamp the layer's last change and grow its extent (nothing to do for attribute tables)."""
    if geoms is None:
        return
    present = geoms[~shapely.is_missing(geoms)]
    touch_contents(conn, spec.name, tuple(shapely.total_bounds(present).tolist()) if len(present) else None)


def update_changed(conn: sqlite3.Connection, spec: TableSpec, rows: list[dict], have: dict[tuple, dict]) -> int:
    """Set just the columns that differ from the copy's row, rows with the same columns in one statement
    (a geometry left alone leaves the R-tree alone); returns how many rows changed."""
    groups: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for row in rows:
        old = have[tuple(row[k] for k in spec.key)]
        groups[tuple(c for c in spec.values if not same_value(spec, c, old.get(c), row.get(c)))].append(row)
    changed = 0
    for columns, group in groups.items():
        if columns:
            update_rows(conn, spec, group, list(columns))
            changed += len(group)
    return changed


def update_rows(conn: sqlite3.Connection, spec: TableSpec, rows: list[dict], columns: list[str] | None = None) -> None:
    """Set the shared columns (or just ``columns``) of these rows, found by key."""
    if not rows:
        return
    values = columns or spec.values
    sql = f"UPDATE {_q(spec.name)} SET {', '.join(f'{_q(c)} = ?' for c in values)} WHERE {key_where(spec)}"
    table, geoms = _values(conn, spec, rows, values)
    conn.executemany(sql, [[*v, *(r[k] for k in spec.key)] for v, r in zip(table, rows, strict=True)])
    _touch(conn, spec, geoms)


def delete_rows(conn: sqlite3.Connection, spec: TableSpec, keys: list[tuple]) -> None:
    if keys:
        conn.executemany(f"DELETE FROM {_q(spec.name)} WHERE {key_where(spec)}", [list(k) for k in keys])
