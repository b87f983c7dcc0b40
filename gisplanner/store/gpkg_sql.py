"""Writing GeoPackage feature tables with plain ``sqlite3`` while keeping the file valid.

GDAL puts triggers on every feature table that keep the R-tree spatial index and
``gpkg_ogr_contents`` up to date. Those triggers call ``ST_IsEmpty``/``ST_MinX``/... which
only exist inside GDAL (or SpatiaLite); a bare ``sqlite3`` connection must register them
or every geometry insert/update fails ("no such function: ST_IsEmpty"). The functions here
read the envelope from the blob header, as GDAL does, so the index GDAL and QGIS query
agrees with what we wrote.

Used by the edit session and the importers: connect with :func:`connect_writer`, do the
work inside :func:`write_transaction` (one ``BEGIN IMMEDIATE`` … ``COMMIT``), then close.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import struct
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from shapely.geometry.base import BaseGeometry

from gisplanner.store.gpkg_geometry import decode, encode, envelope

BUSY_TIMEOUT_MS = 5000
_GEOMETRY_TYPE_NAMES = {
    1: "POINT", 2: "LINESTRING", 3: "POLYGON", 4: "MULTIPOINT", 5: "MULTILINESTRING",
    6: "MULTIPOLYGON", 7: "GEOMETRYCOLLECTION",
}


class WriteError(RuntimeError):
    """A write the file refused (read-only, disk full, locked); the message says which file and why.

    ``code`` (read_only, disk_full, busy, cannot_open, other) and ``params`` (path, detail)
    let a face say the same in its own language.
    """

    def __init__(self, message: str, code: str = "other", path: str | Path = "", detail: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.params = {"path": str(path), "detail": detail}


# -- SQL functions GDAL's triggers call -------------------------------------------------------
def _is_empty(blob: bytes | None) -> int | None:
    if blob is None:
        return None
    return 1 if envelope(blob) is None else 0


def _bound(index: int):
    def func(blob: bytes | None) -> float | None:
        env = envelope(blob)
        return None if env is None else env[index]
    return func


def _srid(blob: bytes | None) -> int | None:
    if not blob or blob[:2] != b"GP":
        return None
    return struct.unpack("<i" if blob[3] & 1 else ">i", bytes(blob[4:8]))[0]


def _geometry_type(blob: bytes | None) -> str | None:
    geom = decode(blob) if blob else None
    return None if geom is None else geom.geom_type.upper()


def register_gpkg_functions(conn: sqlite3.Connection) -> None:
    """Make GDAL's R-tree and feature-count triggers runnable on a plain sqlite3 connection."""
    functions = {
        "ST_IsEmpty": _is_empty, "ST_MinX": _bound(0), "ST_MaxX": _bound(1),
        "ST_MinY": _bound(2), "ST_MaxY": _bound(3), "ST_SRID": _srid,
        "ST_GeometryType": _geometry_type,
    }
    for name, func in functions.items():
        conn.create_function(name, 1, func, deterministic=True)


# -- connections and transactions ---------------------------------------------------------------
def connect_writer(path: str | Path, timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    """A connection for writing: autocommit mode (we say BEGIN), busy timeout, GPKG functions.

    The file keeps SQLite's rollback journal (``journal_mode=DELETE``, ``synchronous=FULL``):
    every commit is atomic and durable, and the ``.gpkg`` on disk is complete whenever no save
    is running, so copying it or opening it in QGIS never misses a ``-wal`` file.
    """
    path = Path(path)
    try:
        conn = sqlite3.connect(path, timeout=timeout_ms / 1000, isolation_level=None,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as exc:
        raise write_error(exc, path) from exc
    register_gpkg_functions(conn)
    return conn


@contextmanager
def write_transaction(conn: sqlite3.Connection, path: str | Path = "") -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; any error rolls everything back and is explained."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise write_error(exc, path) from exc
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        finish_rollback(conn)
        if isinstance(exc, sqlite3.Error):
            raise write_error(exc, path) from exc
        raise


def finish_rollback(conn: sqlite3.Connection) -> None:
    """Complete a rollback SQLite left pending after a failed write.

    On a full disk (or an I/O error) SQLite ends the transaction but leaves the pages it had
    already spilled in the file, which has grown, with its hot ``-journal`` beside it: the
    rollback happens only at the next read. Read now, so the file shrinks back to its size
    and content before the write and the journal goes, instead of leaving a ``.gpkg`` that
    is damaged on its own (copied, mailed, opened read-only) and the disk space taken.
    """
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        pass  # the next writer-capable open rolls the journal back


def diagnose(exc: sqlite3.Error) -> str:
    """What went wrong, as a code: read_only, disk_full, busy, cannot_open or other."""
    low = str(exc).lower()
    if "readonly" in low or "read-only" in low:
        return "read_only"
    if "disk is full" in low or "disk i/o" in low:
        return "disk_full"
    if "locked" in low or "busy" in low:
        return "busy"
    if "unable to open" in low:
        return "cannot_open"
    return "other"


_EXPLANATIONS = {
    "read_only": "the file is read-only (on a read-only disk or without write permission); nothing was saved",
    "disk_full": "the disk is full or failing ({detail}); nothing was saved",
    "busy": "another program is writing this project; try saving again in a moment (nothing was saved)",
    "cannot_open": "cannot open the file for writing ({detail}); nothing was saved",
    "other": "{detail}; nothing was saved",
}


def explain(exc: sqlite3.Error, path: str | Path = "") -> str:
    """A message a planner can act on, naming the file, for SQLite's terse errors."""
    where = f"{path}: " if path else ""
    return where + _EXPLANATIONS[diagnose(exc)].format(detail=str(exc))


def write_error(exc: sqlite3.Error, path: str | Path = "") -> WriteError:
    return WriteError(explain(exc, path), diagnose(exc), path, str(exc))


# -- feature tables -----------------------------------------------------------------------------
def geometry_column(conn: sqlite3.Connection, layer: str) -> tuple[str, int]:
    """(column name, srs id) of a feature table."""
    row = conn.execute("SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?",
                       [layer]).fetchone()
    if row is None:
        raise KeyError(f"{layer!r} is not a feature table of this GeoPackage")
    return row[0], row[1]


def insert_feature(conn: sqlite3.Connection, layer: str, attrs: Mapping[str, Any],
                   geometry: BaseGeometry | None) -> int:
    """Insert one feature; returns its fid. The R-tree follows through GDAL's trigger."""
    geom_col, srs_id = geometry_column(conn, layer)
    names = [geom_col, *attrs]
    sql = (f'INSERT INTO "{layer}" ({", ".join(_q(n) for n in names)}) '
           f'VALUES ({", ".join("?" * len(names))})')
    cursor = conn.execute(sql, [encode(geometry, srs_id), *attrs.values()])
    return int(cursor.lastrowid)


def update_feature(conn: sqlite3.Connection, layer: str, key: tuple[str, Any], values: Mapping[str, Any],
                   geometry: BaseGeometry | None = None, set_geometry: bool = False) -> int:
    """Update attributes (and the geometry when ``set_geometry``) of the rows where key matches."""
    geom_col, srs_id = geometry_column(conn, layer)
    assignments = {**values}
    if set_geometry:
        assignments[geom_col] = encode(geometry, srs_id)
    if not assignments:
        return 0
    sql = (f'UPDATE "{layer}" SET {", ".join(f"{_q(n)} = ?" for n in assignments)} '
           f'WHERE {_q(key[0])} = ?')
    return conn.execute(sql, [*assignments.values(), key[1]]).rowcount


def update_features(conn: sqlite3.Connection, layer: str, names: tuple[str, ...] | list[str],
                    rows: Sequence[Sequence[Any]]) -> int:
    """Set the attributes ``names`` of many rows by fid: each row is (*values, fid); returns rows changed."""
    if not rows:
        return 0
    sql = f'UPDATE {_q(layer)} SET {", ".join(f"{_q(n)} = ?" for n in names)} WHERE fid = ?'
    # rowcount, not total_changes: rows other triggers write (a copy's change notes) do not count
    return conn.executemany(sql, rows).rowcount


def delete_feature(conn: sqlite3.Connection, layer: str, key: tuple[str, Any]) -> int:
    return conn.execute(f'DELETE FROM "{layer}" WHERE {_q(key[0])} = ?', [key[1]]).rowcount


def touch_contents(conn: sqlite3.Connection, layer: str,
                   bounds: tuple[float, float, float, float] | None = None) -> None:
    """Stamp ``gpkg_contents.last_change`` and grow the layer extent to ``bounds`` (minx, miny, maxx, maxy)."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    conn.execute("UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?", [now, layer])
    if bounds:
        conn.execute(
            "UPDATE gpkg_contents SET min_x = min(coalesce(min_x, :x0), :x0), min_y = min(coalesce(min_y, :y0), :y0),"
            " max_x = max(coalesce(max_x, :x1), :x1), max_y = max(coalesce(max_y, :y1), :y1)"
            " WHERE table_name = :t",
            {"x0": bounds[0], "y0": bounds[1], "x1": bounds[2], "y1": bounds[3], "t": layer})


def rtree_mismatches(conn: sqlite3.Connection, layer: str) -> list[int]:
    """fids whose R-tree entry is missing or off the envelope (R-tree keeps float32; empty = consistent)."""
    geom_col, _ = geometry_column(conn, layer)
    rtree = f"rtree_{layer}_{geom_col}"
    index = {r[0]: r[1:] for r in conn.execute(f'SELECT id, minx, maxx, miny, maxy FROM "{rtree}"')}
    bad = []
    for fid, blob in conn.execute(f'SELECT fid, "{geom_col}" FROM "{layer}"'):
        env = envelope(blob)
        entry = index.pop(fid, None)
        if env is None:
            if entry is not None:
                bad.append(fid)
        elif entry is None or any(abs(a - b) > 1e-4 for a, b in zip(env, entry, strict=True)):
            bad.append(fid)
    return bad + sorted(index)  # leftovers: index entries for rows that no longer exist


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
