"""Publish a project as a new server schema; check a server project out as a GeoPackage copy.

The server keeps an empty "template" of the project file (its GeoPackage tables, triggers,
indexes and schema steps, without rows), so a checkout is that file plus the server's rows:
the copy is a gisplanner project like any other, opened by the window, the CLI and QGIS.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from gisplanner.feedback import Feedback, NullFeedback, Step, check
from gisplanner.store.gpkg_sql import connect_writer
from gisplanner.sync import server, track
from gisplanner.sync.connect import display, session, strip_password
from gisplanner.sync.errors import SyncError
from gisplanner.sync.local import insert_rows
from gisplanner.sync.tables import JOURNAL_COLUMNS, TableSpec, table_specs
from gisplanner.sync.track import local_rows


@dataclass
class PublishResult:
    schema: str
    server: str                      # the connection without password
    version: int
    rows: dict[str, int] = field(default_factory=dict)
    roles: tuple[str, str] | None = None   # (viewer, editor) group roles, None if not allowed to create them
    notes: list[str] = field(default_factory=list)


def _template(project_path: Path, specs: list[TableSpec]) -> bytes:
    """The project file without rows in the shared tables, journal or sync state."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "template.gpkg"
        shutil.copyfile(project_path, path)
        conn = connect_writer(path)
        try:
            track.drop_triggers(conn)
            for name in ("sync_meta", "sync_base", "sync_pending", "sync_conflicts"):
                conn.execute(f"DROP TABLE IF EXISTS {name}")
            conn.execute("BEGIN")
            for spec in specs:
                _empty(conn, spec)
            conn.execute("DELETE FROM edits")
            conn.execute("UPDATE gpkg_contents SET min_x = NULL, min_y = NULL, max_x = NULL, max_y = NULL"
                         " WHERE data_type = 'features'")
            conn.execute("COMMIT")
            conn.execute("VACUUM")
        finally:
            conn.close()
        return path.read_bytes()


def _empty(conn: sqlite3.Connection, spec: TableSpec) -> None:
    """Delete every row; a layer's per-row triggers are set aside and its R-tree emptied at once."""
    if not spec.is_layer:
        conn.execute(f'DELETE FROM "{spec.name}"')
        return
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                            [spec.name]).fetchall()
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute(f'DELETE FROM "{spec.name}"')
    conn.execute(f'DELETE FROM "rtree_{spec.name}_{spec.geom}"')
    conn.execute("UPDATE gpkg_ogr_contents SET feature_count = 0 WHERE lower(table_name) = lower(?)", [spec.name])
    for _, trigger in triggers:
        conn.execute(trigger)


def _journal(conn: sqlite3.Connection) -> list[dict]:
    cols = ("id", *JOURNAL_COLUMNS)
    rows = conn.execute(f"SELECT {', '.join(cols)} FROM edits ORDER BY id").fetchall()
    return [{"local_id": r[0], **dict(zip(JOURNAL_COLUMNS, r[1:], strict=True))} for r in rows]


def validate_name(schema: str) -> None:
    if not server.NAME_RE.match(schema or ""):
        raise SyncError("bad_name", {"name": schema})


def publish(project_path: str | Path, url: str, schema: str, feedback: Feedback | None = None, *,
            password: str | None = None) -> PublishResult:
    """Write the project into a new schema ``schema``; the project becomes a copy of it.
    ``password`` serves this connection only; it is never stored."""
    feedback = feedback or NullFeedback()
    project_path = Path(project_path)
    validate_name(schema)
    check(feedback, 0.0, Step("reading_project"))
    conn = connect_writer(project_path)
    try:
        specs = table_specs(conn)
        data = {spec.name: list(local_rows(conn, spec).values()) for spec in specs}
        journal = _journal(conn)
    finally:
        conn.close()
    template = _template(project_path, specs)
    copy_id = uuid.uuid4().hex
    result = PublishResult(schema, display(url), 0)
    with session(url, password) as pg:
        with pg.transaction(), pg.cursor() as cur:
            if not cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone():
                raise SyncError("no_postgis", {"server": display(url)})
            if server.schema_exists(cur, schema):
                raise SyncError("schema_exists", {"schema": schema, "server": display(url)})
            server.our_writes(cur)
            check(feedback, 0.1, Step("creating_schema"))
            try:
                server.create_schema(cur, schema, specs)
            except psycopg.errors.DuplicateSchema as exc:  # published by someone else a moment ago
                raise SyncError("schema_exists", {"schema": schema, "server": display(url)}) from exc
            version = cur.execute(psycopg.sql.SQL(
                "INSERT INTO {}._changesets (client_id, copy_id) VALUES (%s, %s) RETURNING version").format(
                    server.ident(schema)), [f"publish:{copy_id}", copy_id]).fetchone()[0]
            for i, spec in enumerate(specs):
                check(feedback, 0.1 + 0.8 * i / len(specs), Step("writing_table", table=spec.name))
                server.copy_rows(cur, schema, spec, data[spec.name], version)
                result.rows[spec.name] = len(data[spec.name])
            server.insert_journal(cur, schema, copy_id, journal, version)
            server.put_meta(cur, schema, "format", server.FORMAT)
            server.put_meta(cur, schema, "template", None, template)
            server.put_meta(cur, schema, "published_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
            try:
                with pg.transaction():
                    result.roles = server.grant_roles(cur, schema)
            except psycopg.errors.InsufficientPrivilege:
                result.notes.append("no_roles")
            result.version = version
    _make_copy(project_path, url, schema, version, copy_id, specs)
    check(feedback, 1.0, Step("published"))
    return result


def _make_copy(path: Path, url: str, schema: str, version: int, copy_id: str, specs: list[TableSpec],
               conn: sqlite3.Connection | None = None) -> None:
    own = conn is None
    conn = conn or connect_writer(path)
    try:
        if own:
            conn.execute("BEGIN IMMEDIATE")
        track.drop_triggers(conn)
        track.install(conn, specs)
        for name in ("sync_base", "sync_pending", "sync_conflicts", "sync_meta"):
            conn.execute(f"DELETE FROM {name}")
        mark = conn.execute("SELECT coalesce(max(id), 0) FROM edits").fetchone()[0]
        track.set_meta(conn, url=strip_password(url), schema=schema, base_version=version, copy_id=copy_id,
                       journal_mark=mark, last_sync=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        if own:
            conn.execute("COMMIT")
    finally:
        if own:
            conn.close()


def checkout(url: str, schema: str, out_path: str | Path, feedback: Feedback | None = None, *,
             password: str | None = None) -> Path:
    """A new GeoPackage copy of the server project ``schema`` at ``out_path``."""
    feedback = feedback or NullFeedback()
    out_path = Path(out_path)
    validate_name(schema)
    if out_path.exists():
        raise SyncError("out_exists", {"path": str(out_path)})
    part = out_path.with_name(out_path.name + ".part")
    check(feedback, 0.0, Step("connecting"))
    with session(url, password) as pg:
        pg.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        pg.read_only = True
        with pg.transaction(), pg.cursor() as cur:
            if not server.is_project(cur, schema):
                raise SyncError("no_schema", {"schema": schema, "server": display(url)})
            version = server.head_version(cur, schema)
            _, template = server.get_meta(cur, schema, "template")
            part.write_bytes(template)
            conn = connect_writer(part)
            try:
                specs = table_specs(conn)
                conn.execute("BEGIN IMMEDIATE")
                for i, spec in enumerate(specs):
                    check(feedback, 0.05 + 0.9 * i / len(specs), Step("reading_table", table=spec.name))
                    insert_rows(conn, spec, server.all_rows(cur, schema, spec))
                conn.executemany(f"INSERT INTO edits ({', '.join(JOURNAL_COLUMNS)}) VALUES "
                                 f"({', '.join('?' * len(JOURNAL_COLUMNS))})", server.all_journal(cur, schema))
                _make_copy(part, url, schema, version, uuid.uuid4().hex, specs, conn)
                conn.execute("COMMIT")
            except BaseException:
                conn.close()
                part.unlink(missing_ok=True)
                raise
            conn.close()
    os.replace(part, out_path)
    check(feedback, 1.0, Step("checked_out"))
    return out_path
