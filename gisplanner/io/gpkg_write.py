"""Append features to a project's GeoPackage layer inside a caller's sqlite transaction.

GDAL commits on its own, so an import written through it could not be undone together with
the status history and journal rows. Writing the rows ourselves (GeoPackage blobs, with the
R-tree trigger functions registered by ``gisplanner.store.gpkg_sql``, many rows per call) keeps one import in
one transaction: it commits whole or rolls back to the file as it was.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import shapely

from gisplanner.store.gpkg_sql import touch_contents

_HEADER = struct.Struct("<2sBBi4d")


def encode_many(geoms: Sequence, srs_id: int = 4326) -> list[bytes]:
    """GeoPackage blobs (little-endian header with an XY envelope + WKB) for many geometries."""
    arr = np.asarray(geoms, dtype=object)
    wkb = shapely.to_wkb(arr, byte_order=1)
    bounds = shapely.bounds(arr)
    pack = _HEADER.pack
    return [pack(b"GP", 0, 0b00011, srs_id, b[0], b[2], b[1], b[3]) + w
            for w, b in zip(wkb.tolist(), bounds.tolist(), strict=True)]


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


def append_features(conn: sqlite3.Connection, layer: str, records: list[dict[str, Any]], geoms: Sequence,
                    progress: Callable[[int], None] | None = None, chunk: int = 5000) -> None:
    """Insert ``records`` with ``geoms`` (WGS84) into ``layer``; the caller owns the transaction.

    For many rows the R-tree insert trigger is set aside and the index filled in one pass
    from envelopes computed here (as GDAL does for bulk loads): calling the trigger's SQL
    functions in Python for every row would take most of the import's time. The trigger is
    recreated before returning, inside the same transaction, so a rollback restores it too.
    """
    geom_col, cols = layer_columns(conn, layer)
    names = [c for c in cols if any(c in r for r in records[:1])] if records else []
    sql = (f'INSERT INTO "{layer}" ("{geom_col}", {", ".join(f"{chr(34)}{c}{chr(34)}" for c in names)}) '
           f'VALUES (?, {", ".join("?" for _ in names)})')
    arr = np.asarray(geoms, dtype=object)
    blobs = encode_many(arr)
    rtree = f"rtree_{layer}_{geom_col}"
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                           [f"{rtree}_insert"]).fetchone()
    bulk = trigger is not None and len(records) >= 1000
    if bulk:
        last = conn.execute(f'SELECT coalesce(max(fid), 0) FROM "{layer}"').fetchone()[0]
        conn.execute(f'DROP TRIGGER "{rtree}_insert"')
    for start in range(0, len(records), chunk):
        part = range(start, min(start + chunk, len(records)))
        conn.executemany(sql, ([blobs[i], *(records[i].get(c) for c in names)] for i in part))
        if progress:
            progress(part.stop)
    if bulk:
        fids = [r[0] for r in conn.execute(f'SELECT fid FROM "{layer}" WHERE fid > ? ORDER BY fid', [last])]
        if len(fids) != len(records):
            raise RuntimeError(f"{layer}: expected {len(records)} new rows, found {len(fids)}")
        b = shapely.bounds(arr)
        conn.executemany(f'INSERT INTO "{rtree}" VALUES (?, ?, ?, ?, ?)',
                         zip(fids, b[:, 0].tolist(), b[:, 2].tolist(), b[:, 1].tolist(), b[:, 3].tolist(),
                             strict=True))
        conn.execute(trigger[0])
    if len(records):
        touch_contents(conn, layer, tuple(shapely.total_bounds(arr).tolist()))
