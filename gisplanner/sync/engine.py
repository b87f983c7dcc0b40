"""Sync a copy with its server: push the copy's saved changes, then pull everyone else's.

Each step is one transaction on its side, and every step can be repeated:
1. snapshot (copy): the rows noted in ``sync_base`` become a pending changeset with a new
   client id; the noted bases are cleared (later edits are based on what is being pushed);
2. push (server): the changeset is merged once, its id recorded with its outcome;
3. record (copy): the outcome's conflicts are stored and the pending changeset dropped;
4. pull (copy, with a REPEATABLE READ snapshot of the server): rows written on the server
   since the base version are applied, the base version moves to the server's head.
A kill or a lost connection between steps leaves each side consistent; the next sync
resumes at the step that did not finish (a pending changeset is pushed again under the
same id, which the server recognises).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from gisplanner.feedback import Feedback, NullFeedback, Step, check
from gisplanner.store.gpkg_sql import connect_writer
from gisplanner.store.lock import ProjectLock, ProjectLocked
from gisplanner.sync import local, server, track
from gisplanner.sync.connect import display, session
from gisplanner.sync.errors import SyncError
from gisplanner.sync.push import Changeset, push
from gisplanner.sync.rows import dumps, loads
from gisplanner.sync.tables import JOURNAL_COLUMNS, TableSpec, table_specs

MAX_ROUNDS = 5


@dataclass
class SyncResult:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    local_only: list[str] = field(default_factory=list)   # layers made in the copy the server does not have


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def open_copy(project_path: str | Path) -> tuple[sqlite3.Connection, dict[str, str]]:
    path = Path(project_path)
    if not path.exists():
        raise SyncError("not_a_copy", {"path": str(path)})
    conn = connect_writer(path)
    if not track.is_copy(conn):
        conn.close()
        raise SyncError("not_a_copy", {"path": str(path)})
    return conn, track.get_meta(conn)


# -- 1. snapshot ---------------------------------------------------------------------------------
def _snapshot(conn: sqlite3.Connection, meta: dict[str, str]) -> str | None:
    """Turn the noted changes into a pending changeset; returns its id (None if nothing changed)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        noted = conn.execute("SELECT count(*) FROM sync_base").fetchone()[0]
        mark = int(meta.get("journal_mark") or 0)
        top = conn.execute("SELECT coalesce(max(id), 0) FROM edits").fetchone()[0]
        if not noted and top <= mark:
            conn.execute("ROLLBACK")
            return None
        client_id = uuid.uuid4().hex
        conn.execute("INSERT INTO sync_pending (changeset, tbl, key, base) SELECT ?, tbl, key, base FROM sync_base",
                     [client_id])
        conn.execute("INSERT INTO sync_pending (changeset, tbl, key, base, mine) VALUES (?, '', 'journal', ?, ?)",
                     [client_id, mark, top])
        conn.execute("DELETE FROM sync_base")
        track.set_meta(conn, journal_mark=top)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return client_id


def _load_pending(conn: sqlite3.Connection, specs: list[TableSpec], copy_id: str) -> Changeset | None:
    """The pending changeset: each noted row's base and its values now in the copy (mine)."""
    head = conn.execute("SELECT changeset, base, mine FROM sync_pending WHERE tbl = '' LIMIT 1").fetchone()
    if head is None:
        return None
    changeset = Changeset(head[0], copy_id)
    cols = ("id", *JOURNAL_COLUMNS)
    found = conn.execute(f"SELECT {', '.join(cols)} FROM edits WHERE id > ? AND id <= ? ORDER BY id",
                         [int(head[1]), int(head[2])]).fetchall()
    changeset.journal = [{"local_id": r[0], **dict(zip(JOURNAL_COLUMNS, r[1:], strict=True))} for r in found]
    for spec in specs:
        noted = conn.execute("SELECT key, base FROM sync_pending WHERE changeset = ? AND tbl = ?",
                             [changeset.client_id, spec.name]).fetchall()
        if not noted:
            continue
        keys = [tuple(loads(k)) for k, _ in noted]
        mine = track.local_rows(conn, spec, keys)
        changeset.rows[spec.name] = [(key, track.decode_base(spec, base), mine.get(key))
                                     for key, (_, base) in zip(keys, noted, strict=True)]
    return changeset


# -- 3. record the outcome -----------------------------------------------------------------------
def _record(conn: sqlite3.Connection, client_id: str, outcome: dict) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        at = now()
        for c in outcome.get("conflicts", []):
            key = dumps(c["key"])
            conn.execute("UPDATE sync_conflicts SET resolved_at = ?, choice = 'superseded' WHERE resolved_at IS NULL"
                         " AND tbl = ? AND key = ? AND field IS ?", [at, c["tbl"], key, c["field"]])
            conn.execute("INSERT INTO sync_conflicts (tbl, key, field, kind, base, mine, theirs, found_at)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         [c["tbl"], key, c["field"], c["kind"], dumps(c["base"]), dumps(c["mine"]),
                          dumps(c["theirs"]), at])
        conn.executemany("INSERT OR IGNORE INTO sync_refresh (tbl, key) VALUES (?, ?)",
                         [(tbl, dumps(key)) for tbl, key in outcome.get("refresh", [])])
        own = loads(track.get_meta(conn).get("own_versions") or "[]")
        track.set_meta(conn, own_versions=dumps(sorted({*own, outcome["version"]})))
        conn.execute("DELETE FROM sync_pending WHERE changeset = ?", [client_id])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


# -- 4. pull -------------------------------------------------------------------------------------
def _pull(conn: sqlite3.Connection, pg: psycopg.Connection, specs: list[TableSpec], meta: dict[str, str],
          feedback: Feedback) -> int | None:
    """Apply the server's rows since the base version; None when new local changes came first."""
    schema, base = meta["schema"], int(meta.get("base_version") or 0)
    conn.execute("BEGIN IMMEDIATE")
    try:
        dirty = conn.execute("SELECT (SELECT count(*) FROM sync_base) + (SELECT count(*) FROM sync_pending)"
                             " + ((SELECT coalesce(max(id), 0) FROM edits) > ?)",
                             [int(track.get_meta(conn).get("journal_mark") or 0)]).fetchone()[0]
        if dirty:
            conn.execute("ROLLBACK")
            return None
        pulled = 0
        pg.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with pg.transaction(), pg.cursor() as cur:
            head = server.head_version(cur, schema)
            if head > base:
                own = [v for v in loads(meta.get("own_versions") or "[]") if v > base]
                refresh: dict[str, list[tuple]] = {}
                for tbl, key in conn.execute("SELECT tbl, key FROM sync_refresh").fetchall():
                    refresh.setdefault(tbl, []).append(tuple(loads(key)))
                track.drop_triggers(conn)
                for i, spec in enumerate(specs):
                    check(feedback, 0.5 + 0.45 * i / len(specs), Step("pulling_table", table=spec.name))
                    # rows only this copy wrote are already here as the server has them
                    rows = server.rows_since(cur, schema, spec, base, head, own)
                    seen = {tuple(r[k] for k in spec.key) for r in rows}
                    extra = [k for k in refresh.get(spec.name, []) if k not in seen]
                    again = server.rows_by_key(cur, schema, spec, extra)
                    rows += list(again.values())
                    gone = server.deleted_since(cur, schema, spec, base, head) + [k for k in extra if k not in again]
                    pulled += _apply(conn, spec, rows, gone)
                journal = server.journal_since(cur, schema, meta["copy_id"], base, head)
                conn.executemany(f"INSERT INTO edits ({', '.join(JOURNAL_COLUMNS)}) VALUES "
                                 f"({', '.join('?' * len(JOURNAL_COLUMNS))})", journal)
                track.add_triggers(conn, specs)
        mark = conn.execute("SELECT coalesce(max(id), 0) FROM edits").fetchone()[0]
        conn.execute("DELETE FROM sync_refresh")
        track.set_meta(conn, base_version=max(head, base), journal_mark=mark, last_sync=now(), own_versions="[]")
        check(feedback, 0.97, Step("saving"))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return pulled


def _apply(conn: sqlite3.Connection, spec: TableSpec, rows: list[dict], deleted: list[tuple]) -> int:
    keys = [tuple(r[k] for k in spec.key) for r in rows]
    present = set(keys)
    gone = [k for k in deleted if k not in present]
    have = track.local_rows(conn, spec, keys + gone)
    inserts = [r for k, r in zip(keys, rows, strict=True) if k not in have]
    removed = [k for k in gone if k in have]
    local.delete_rows(conn, spec, removed)
    updated = local.update_changed(conn, spec, [r for k, r in zip(keys, rows, strict=True) if k in have], have)
    local.insert_rows(conn, spec, inserts)
    return len(inserts) + updated + len(removed)


# -- the whole sync ------------------------------------------------------------------------------
def sync(project_path: str | Path, feedback: Feedback | None = None, *, editor: str = "",
         lock: bool = True, password: str | None = None) -> SyncResult:
    """Push the copy's saved changes, then pull the server's; ``Canceled`` or a lost server leave
    both sides consistent. ``lock=False`` when the caller already holds the project's edit lock."""
    with held_copy(Path(project_path), editor, lock) as (conn, meta):
        return _sync(conn, meta, feedback or NullFeedback(), password)


@contextmanager
def held_copy(path: Path, editor: str, lock: bool) -> Iterator[tuple[sqlite3.Connection, dict[str, str]]]:
    """The copy open for writing under the project's edit lock (unless the caller holds it):
    one window, CLI or sync at a time writes it."""
    guard = ProjectLock(path, editor or os.environ.get("USER", ""))
    if lock:
        try:
            guard.acquire()
        except ProjectLocked as exc:
            raise SyncError("busy", {"path": str(path), "detail": str(exc)}) from exc
    try:
        conn, meta = open_copy(path)
        try:
            yield conn, meta
        finally:
            conn.close()
    finally:
        guard.release()


def _sync(conn: sqlite3.Connection, meta: dict[str, str], feedback: Feedback, password: str | None) -> SyncResult:
    result = SyncResult()
    check(feedback, 0.0, Step("connecting"))
    with session(meta["url"], password) as pg:
        with pg.cursor() as cur:
            if not server.is_project(cur, meta["schema"]):
                raise SyncError("no_schema", {"schema": meta["schema"], "server": display(meta["url"])})
            specs, result.local_only = server.shared_specs(cur, meta["schema"], table_specs(conn))
        track.ensure_triggers(conn, specs)
        for _ in range(MAX_ROUNDS):
            meta = track.get_meta(conn)
            changeset = _load_pending(conn, specs, meta["copy_id"])
            if changeset is None:
                check(feedback, 0.05, Step("collecting_changes"))
                if _snapshot(conn, meta):
                    changeset = _load_pending(conn, specs, meta["copy_id"])
            if changeset is not None:
                if "user_layers" in changeset.rows:  # a layer the server lacks keeps its definition local
                    changeset.rows["user_layers"] = [item for item in changeset.rows["user_layers"]
                                                     if item[0][0] not in result.local_only]
                check(feedback, 0.1, Step("pushing"))
                outcome = push(pg, meta["schema"], specs, changeset)
                check(feedback, 0.3, Step("pushed"))
                _record(conn, changeset.client_id, outcome)
                result.pushed += int(outcome.get("pushed", 0))
                result.conflicts += len(outcome.get("conflicts", []))
            check(feedback, 0.5, Step("pulling"))
            pulled = _pull(conn, pg, specs, track.get_meta(conn), feedback)
            if pulled is not None:
                result.pulled += pulled
                break
    check(feedback, 1.0, Step("in_step"))
    return result
