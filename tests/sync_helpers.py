"""Helpers for the sync tests: fresh schemas, edits through EditSession, comparing copies and server."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

from gisplanner.store import Project
from gisplanner.store.gpkg_sql import connect_writer
from gisplanner.sync import checkout, publish
from gisplanner.sync.connect import connect
from gisplanner.sync.server import all_rows
from gisplanner.sync.tables import table_specs
from gisplanner.sync.track import local_rows

_names = itertools.count(1)


def new_schema() -> str:
    return f"proj{next(_names)}"


def published(base: Path, folder: Path, url: str, copies: int = 2) -> tuple[str, list[Path]]:
    """Publish a copy of ``base`` into a new schema and check it out ``copies`` times."""
    schema = new_schema()
    source = folder / f"{schema}-published.gpkg"
    shutil.copy2(base, source)
    publish(source, url, schema)
    return schema, [checkout(url, schema, folder / f"{schema}-{i}.gpkg") for i in range(copies)]


def edit(path: Path, editor: str = "tester"):
    """An EditSession on the copy (``with edit(p) as s: ...`` commits and closes)."""
    class _Ctx:
        def __enter__(self):
            self.project = Project.open(path, "rw")
            self.session = self.project.edit(editor)
            return self.session

        def __exit__(self, exc_type, *rest):
            try:
                if exc_type is None:
                    self.session.commit()
            finally:
                self.session.close()
                self.project.close()
    return _Ctx()


def copy_rows(path: Path) -> dict[str, dict]:
    conn = connect_writer(path)
    try:
        return {spec.name: local_rows(conn, spec) for spec in table_specs(conn)}
    finally:
        conn.close()


def server_rows(url: str, schema: str, path: Path) -> dict[str, dict]:
    conn = connect_writer(path)
    try:
        specs = table_specs(conn)
    finally:
        conn.close()
    with connect(url) as pg, pg.cursor() as cur:
        return {spec.name: {tuple(r[k] for k in spec.key): r for r in all_rows(cur, schema, spec)} for spec in specs}


def feature(path: Path, uid: str) -> dict | None:
    with Project.open(path) as p:
        return p.feature(uid)


def uids(path: Path, layer: str, n: int) -> list[str]:
    with Project.open(path) as p:
        return [r[0] for r in p.db.execute(f'SELECT uid FROM "{layer}" ORDER BY uid LIMIT ?', [n])]
