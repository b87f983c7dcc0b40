"""Conflicts kept in the copy (base / mine / theirs), the copy's sync state, and resolving.

The server value stands until the planner chooses. Choosing is an edit of the copy like
any other: the chosen value is written in one transaction with a ``resolve`` journal row
and the conflict's mark, the change triggers note it, and the next sync pushes it.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
import shapely.wkt

from gisplanner.store.gpkg_sql import write_transaction
from gisplanner.store.journal import Journal
from gisplanner.sync import local, track
from gisplanner.sync.connect import display
from gisplanner.sync.engine import held_copy, now
from gisplanner.sync.errors import SyncError
from gisplanner.sync.rows import cell_in, loads, row_in
from gisplanner.sync.tables import TableSpec, canonical_wkb, table_specs

KINDS = ("field", "deleted_changed", "changed_deleted", "both_added")


@dataclass
class Conflict:
    """``kind``: field (both changed ``field``), deleted_changed (deleted here, changed there),
    changed_deleted (changed here, deleted there), both_added (two new rows with one key).
    Values are plain, geometries shapely; for whole-row kinds base/mine/theirs are dicts or None."""

    id: int
    layer: str
    uid: str
    field: str | None
    kind: str
    base: Any
    mine: Any
    theirs: Any
    found_at: str = ""


@dataclass
class SyncState:
    url_display: str
    schema: str
    base_version: int
    local_changes: int
    last_sync: dt.datetime | None
    open_conflicts: int = 0


def _read_only(project_path: str | Path) -> sqlite3.Connection | None:
    path = Path(project_path)
    if not path.exists():
        return None
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    if not track.is_copy(conn):
        conn.close()
        return None
    return conn


def sync_state(project_path: str | Path) -> SyncState | None:
    """Where the copy syncs to and how far it is from the server; None for a project that is not a copy."""
    conn = _read_only(project_path)
    if conn is None:
        return None
    try:
        meta = track.get_meta(conn)
        changes = conn.execute("SELECT (SELECT count(*) FROM sync_base)"
                               " + (SELECT count(*) FROM sync_pending WHERE tbl <> '')").fetchone()[0]
        open_ = conn.execute("SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL").fetchone()[0]
    finally:
        conn.close()
    last = meta.get("last_sync")
    return SyncState(display(meta["url"]), meta["schema"], int(meta.get("base_version") or 0), changes,
                     dt.datetime.fromisoformat(last) if last else None, open_)


def _geom(spec: TableSpec, column: str | None, value: Any) -> Any:
    if column == spec.geom and isinstance(value, bytes):
        return shapely.from_wkb(value)
    return value


def _plain_row(spec: TableSpec, row: dict | None) -> dict | None:
    return None if row is None else {c: _geom(spec, c, v) for c, v in row.items()}


def _conflict(spec: TableSpec, row: tuple) -> Conflict:
    cid, _, key, column, kind, base, mine, theirs, found_at = row
    key = loads(key)
    uid = key[0] if len(key) == 1 else " | ".join("" if k is None else str(k) for k in key)
    if column is None:
        values = [_plain_row(spec, row_in(spec, loads(v))) for v in (base, mine, theirs)]
    else:
        values = [_geom(spec, column, cell_in(spec, column, loads(v))) for v in (base, mine, theirs)]
    return Conflict(cid, spec.name, uid, column, kind, *values, found_at=found_at or "")


_COLUMNS = "id, tbl, key, field, kind, base, mine, theirs, found_at"


def conflicts(project_path: str | Path, include_resolved: bool = False) -> list[Conflict]:
    """The copy's open conflicts (oldest first); raises not_a_copy for a plain project."""
    conn = _read_only(project_path)
    if conn is None:
        raise SyncError("not_a_copy", {"path": str(project_path)})
    try:
        specs = {s.name: s for s in table_specs(conn)}
        where = "" if include_resolved else " WHERE resolved_at IS NULL"
        rows = conn.execute(f"SELECT {_COLUMNS} FROM sync_conflicts{where} ORDER BY id").fetchall()
    finally:
        conn.close()
    return [_conflict(specs[r[1]], r) for r in rows if r[1] in specs]


def resolve(project_path: str | Path, conflict_id: int, choice: str, value: Any = None, editor: str = "",
            *, lock: bool = True) -> Conflict:
    """Settle one conflict with ``mine``, ``theirs`` or ``value`` (a field's new value; a geometry as
    shapely or WKT). Returns the conflict as it was."""
    return resolve_all(project_path, choice, [conflict_id], value, editor, lock=lock)[0]


def resolve_all(project_path: str | Path, choice: str, ids: list[int] | None = None, value: Any = None,
                editor: str = "", *, lock: bool = True) -> list[Conflict]:
    """Settle these (default: all open) conflicts the same way, in one transaction."""
    if choice not in ("mine", "theirs", "value") or (choice == "value" and ids is None):
        raise SyncError("bad_choice", {"conflict_id": ids or "all"})
    path = Path(project_path)
    with held_copy(path, editor, lock) as (conn, _):
        specs = {s.name: s for s in table_specs(conn)}
        where = "resolved_at IS NULL" + (f" AND id IN ({', '.join('?' * len(ids))})" if ids is not None else "")
        rows = conn.execute(f"SELECT {_COLUMNS} FROM sync_conflicts WHERE {where} ORDER BY id",
                            list(ids or [])).fetchall()
        if ids is not None and len(rows) != len(set(ids)):
            found = {r[0] for r in rows}
            missing = next(i for i in ids if i not in found)
            raise SyncError("no_conflict", {"conflict_id": missing, "path": str(path)})
        journal = Journal(editor or os.environ.get("USER", ""), "resolve")
        done = []
        with write_transaction(conn, path):
            for row in rows:
                spec = specs[row[1]]
                conflict = _conflict(spec, row)
                if choice == "value" and conflict.field is None:
                    raise SyncError("bad_choice", {"conflict_id": conflict.id})
                _apply_choice(conn, spec, row, choice, value, journal)
                conn.execute("UPDATE sync_conflicts SET resolved_at = ?, choice = ? WHERE id = ?",
                             [now(), choice, conflict.id])
                done.append(conflict)
            journal.write(conn)
    return done


def _value_in(spec: TableSpec, column: str, value: Any) -> Any:
    if column == spec.geom:
        if isinstance(value, str):
            value = shapely.wkt.loads(value)
        return None if value is None else canonical_wkb(shapely.to_wkb(value))
    if isinstance(value, str) and value.strip():  # a value typed on the command line
        declared = spec.types.get(column, "").upper()
        try:
            if "INT" in declared:
                return int(value)
            if spec.is_real(column):
                return float(value)
        except ValueError as exc:
            raise SyncError("bad_value", {"field": column, "value": value, "type": declared,
                                              "layer": spec.name}) from exc
    return value


def _apply_choice(conn: sqlite3.Connection, spec: TableSpec, row: tuple, choice: str, value: Any,
                  journal: Journal) -> None:
    _, _, key_text, column, kind, base_t, mine_t, theirs_t, _ = row
    key = tuple(loads(key_text))
    label = key[0] if len(key) == 1 else " | ".join(str(k) for k in key)
    layer = spec.name
    if column is not None:
        theirs = cell_in(spec, column, loads(theirs_t))
        chosen = {"mine": cell_in(spec, column, loads(mine_t)), "theirs": theirs,
                  "value": _value_in(spec, column, value) if choice == "value" else None}[choice]
        if choice != "theirs":
            current = track.local_rows(conn, spec, [key]).get(key)
            if current is not None:
                current[column] = chosen
                local.update_rows(conn, spec, [current])
        journal.add("resolve", layer, label, column, _shown(spec, column, theirs), _shown(spec, column, chosen))
        return
    mine = row_in(spec, loads(mine_t))
    if choice == "mine":
        current = track.local_rows(conn, spec, [key]).get(key)
        if mine is None and current is not None:
            local.delete_rows(conn, spec, [key])
            if spec.is_layer:
                conn.execute("DELETE FROM links WHERE feature_uid = ?", [key[0]])
        elif mine is not None and current is None:
            local.insert_rows(conn, spec, [mine])
        elif mine is not None:
            local.update_rows(conn, spec, [mine])
    journal.add("resolve", layer, label, None, kind, choice)


def _shown(spec: TableSpec, column: str, value: Any) -> Any:
    return shapely.from_wkb(value) if column == spec.geom and isinstance(value, bytes) else value


