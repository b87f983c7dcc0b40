"""``Project``: one GeoPackage holding layers, plans, clauses, links and history.

Every face (Qt window, HTML export, CLI) reads the project through these verbs, so the
question "which clauses call for this feature?" has one answer in one place.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio
from sqlite_utils import Database

from gisplanner.layers import LayerDef, layer_definition, layer_definitions, register_layer_definitions
from gisplanner.layers.defs import DefinitionError, user_layer_definition
from gisplanner.store.bookmarks import Bookmark, BookmarkError, BookmarkStore, list_bookmarks
from gisplanner.store.gpkg_geometry import GeometryUnreadable, decode
from gisplanner.store.integrity import (
    GPKG_APPLICATION_ID,
    REQUIRED_TABLES,
    SQLITE_MAGIC,
    ProjectDamaged,
    ProjectError,
    ProjectFileError,
    check_integrity,
    check_regular_file,
    damaged_from,
)
from gisplanner.store.schema import MIGRATION_SET, known_migrations, migrations
from gisplanner.store.search import SearchHit, search_clauses


class NewerSchemaError(ProjectError):
    """The project was written by a newer gisplanner."""


def _check_file(path: Path) -> None:
    check_regular_file(path)
    with path.open("rb") as fh:
        head = fh.read(100)
    if not head.startswith(SQLITE_MAGIC):
        raise ProjectFileError(f"{path}: not a GeoPackage (not an SQLite database)", "not_sqlite", path)
    if int.from_bytes(head[68:72], "big") != GPKG_APPLICATION_ID:
        raise ProjectFileError(f"{path}: an SQLite database but not a GeoPackage", "not_geopackage", path)


def _finish_interrupted_save(path: Path) -> None:
    """A save cut short by a crash leaves a hot journal that a read-only connection cannot roll back."""
    from gisplanner.store.recovery import roll_back_interrupted_save

    try:
        roll_back_interrupted_save(path)
    except sqlite3.Error:
        pass  # read-only medium: the open below reports the file as unreadable


def _writable(path: Path) -> bool:
    """Whether we may upgrade the file: writable by us and not marked read-only (0444), which
    root's access check alone would ignore."""
    return bool(path.stat().st_mode & 0o222) and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


class Project:
    """An open project file. Use ``Project.open(path, mode)``; close it when done."""

    def __init__(self, path: Path, db: Database, read_only: bool) -> None:
        self.path = path
        self.db = db
        self.read_only = read_only

    @classmethod
    def open(cls, path: str | Path, mode: str = "r") -> Project:
        """Open for reading (``"r"``) or reading and writing (``"rw"``, applies migrations)."""
        path = Path(path)
        _check_file(path)
        _finish_interrupted_save(path)
        if mode != "r":
            check_integrity(path)  # never write into a damaged file: the damage would spread
        try:
            if mode == "r":
                conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            else:
                conn = sqlite3.connect(path, check_same_thread=False)
        except sqlite3.Error as exc:
            raise ProjectFileError(f"{path}: cannot be opened ({exc})", "unreadable", path, detail=str(exc)) from exc
        db = Database(conn)
        try:
            tables = set(db.table_names())
            if "gpkg_contents" not in tables:
                raise ProjectFileError(f"{path}: a GeoPackage without the gpkg_contents table",
                                       "not_geopackage", path)
            applied = {m.name for m in migrations.applied(db)} if "_sqlite_migrations" in tables else set()
            if not applied:
                raise ProjectFileError(f"{path}: a GeoPackage, but not a gisplanner project (no plan tables)",
                                       "not_project", path)
            missing = [t for t in REQUIRED_TABLES if t not in tables]
            if missing:
                raise ProjectDamaged(path, [f"table {t} is missing" for t in missing])
            newer = applied - known_migrations()
            if newer:
                raise NewerSchemaError(
                    f"{path}: written by a newer gisplanner (schema steps {', '.join(sorted(newer))}); "
                    "update gisplanner to open it"
                )
            if migrations.pending(db):
                if mode == "r":
                    if not _writable(path):
                        raise ProjectError(f"{path}: needs a schema upgrade; open it for writing")
                    conn.close()  # an older project: upgrade it once, then read it as asked
                    cls.open(path, "rw").close()
                    return cls.open(path, "r")
                migrations.apply(db)
        except (ProjectError, sqlite3.DatabaseError) as exc:
            conn.close()
            if isinstance(exc, ProjectError):
                raise
            raise damaged_from(path, exc) from exc
        project = cls(path, db, read_only=(mode == "r"))
        try:
            register_layer_definitions(project.user_layer_definitions())
        except DefinitionError as exc:
            conn.close()
            raise ProjectFileError(f"{path}: table user_layers: {exc}", "bad_row", path,
                                   table="user_layers", detail=str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise damaged_from(path, exc) from exc
        return project

    def user_layer_definitions(self) -> list[LayerDef]:
        """The layers this project made from imported files (table ``user_layers``)."""
        if not self.db["user_layers"].exists():
            return []
        out = []
        for name, text in self.db.execute("SELECT name, definition FROM user_layers ORDER BY name"):
            try:
                spec = json.loads(text)
                if not isinstance(spec, dict):
                    raise TypeError("not a JSON object")
                out.append(user_layer_definition(spec))
            except (TypeError, ValueError, KeyError) as exc:
                raise DefinitionError(f"row {name!r}: the definition is not readable ({exc})") from exc
        return out

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- layers and features -------------------------------------------------------------
    def layers(self) -> list[LayerDef]:
        """Definitions of the feature layers this file holds, in drawing order."""
        present = {r[0] for r in self.db.execute(
            "SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")}
        return [d for d in layer_definitions() if d.name in present]

    def features(self, layer: str, bbox: Sequence[float] | None = None, where: str | None = None) -> gpd.GeoDataFrame:
        """A layer's features (optionally within a WGS84 ``bbox``) as a GeoDataFrame."""
        return pyogrio.read_dataframe(self.path, layer=layer, bbox=tuple(bbox) if bbox else None,
                                      where=where, fid_as_index=True)

    def feature(self, uid: str) -> dict[str, Any] | None:
        """A feature's attributes, ``layer`` and shapely ``geometry``; None if unknown."""
        for definition in self.layers():
            row = self.db.execute(
                f'SELECT * FROM "{definition.name}" WHERE uid = ?', [uid]).fetchone()
            if row:
                cursor = self.db.execute(f'SELECT * FROM "{definition.name}" LIMIT 0')
                names = [c[0] for c in cursor.description]
                record = dict(zip(names, row, strict=True))
                geom_col = self._geometry_column(definition.name)
                try:
                    record["geometry"] = decode(record.pop(geom_col))
                except GeometryUnreadable as exc:
                    record["geometry"], record["geometry_error"] = None, str(exc)
                record["layer"] = definition.name
                return record
        return None

    def _geometry_column(self, layer: str) -> str:
        return self.db.execute(
            "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", [layer]).fetchone()[0]

    def feature_layer(self, uid: str) -> LayerDef | None:
        for definition in self.layers():
            if self.db.execute(f'SELECT 1 FROM "{definition.name}" WHERE uid = ?', [uid]).fetchone():
                return layer_definition(definition.name)
        return None

    # -- plans and clauses -----------------------------------------------------------------
    def plans(self) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM plans ORDER BY id"))

    def plan(self, plan_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM plans WHERE id = ?", [plan_id]))
        return rows[0] if rows else None

    def clauses(self, plan_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM clauses"
        args: list[Any] = []
        if plan_id:
            sql += " WHERE plan_id = ?"
            args.append(plan_id)
        return [self._clause_row(r) for r in self.db.query(sql + " ORDER BY plan_id, seq", args)]

    def clause(self, clause_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM clauses WHERE id = ?", [clause_id]))
        return self._clause_row(rows[0]) if rows else None

    @staticmethod
    def _clause_row(row: dict[str, Any]) -> dict[str, Any]:
        row = dict(row)
        row.pop("search_text", None)
        row["departments"] = json.loads(row.get("departments") or "[]")
        return row

    def clauses_for(self, uid: str) -> list[dict[str, Any]]:
        """Clauses linked to a feature, with plan title, number, date and the relation."""
        return list(self.db.query(
            "SELECT c.id AS clause_id, c.plan_id, c.path, c.number, c.heading, c.text, c.start, c.end,"
            " l.relation, l.quote, p.title AS plan_title, p.title_en AS plan_title_en,"
            " p.number AS plan_number, p.date AS plan_date"
            " FROM links l JOIN clauses c ON c.id = l.clause_id JOIN plans p ON p.id = c.plan_id"
            " WHERE l.feature_uid = ? ORDER BY c.plan_id, c.seq", [uid]))

    def clauses_by_feature(self) -> dict[str, list[dict[str, Any]]]:
        """Every linked feature's clauses at once (columns as ``clauses_for``, plus ``uid``):
        one query instead of one per feature when exporting thousands of features."""
        out: dict[str, list[dict[str, Any]]] = {}
        for row in self.db.query(
                "SELECT l.feature_uid AS uid, c.id AS clause_id, c.plan_id, c.path, c.number, c.heading,"
                " c.text, c.start, c.end, l.relation, l.quote, p.title AS plan_title,"
                " p.title_en AS plan_title_en, p.number AS plan_number, p.date AS plan_date"
                " FROM links l JOIN clauses c ON c.id = l.clause_id JOIN plans p ON p.id = c.plan_id"
                " ORDER BY l.feature_uid, c.plan_id, c.seq"):
            out.setdefault(row["uid"], []).append(row)
        return out

    def features_for(self, clause_id: str, include_children: bool = True) -> list[dict[str, Any]]:
        """Features linked to a clause (and, by default, to the clauses under it)."""
        rows = self.db.query(
            "SELECT l.feature_uid AS uid, l.relation, l.clause_id FROM links l WHERE l.clause_id = ?"
            + (" OR l.clause_id LIKE ? ESCAPE '\\'" if include_children else ""),
            [clause_id, _like_prefix(clause_id) + "/%"] if include_children else [clause_id])
        out = []
        rows = list(rows)
        names = self._names({row["uid"] for row in rows})
        for row in rows:
            layer, name_zh, name_en = names.get(row["uid"], (None, None, None))
            out.append({**row, "layer": layer, "name_zh": name_zh, "name_en": name_en})
        return out

    def _names(self, uids: set[str]) -> dict[str, tuple[str, str, str]]:
        """Layer and names of just these features (found through each layer's uid index)."""
        out: dict[str, tuple[str, str, str]] = {}
        if not uids:
            return out
        marks = ", ".join("?" * len(uids))
        for definition in self.layers():
            for uid, zh, en in self.db.execute(
                    f'SELECT uid, name_zh, name_en FROM "{definition.name}" WHERE uid IN ({marks})', list(uids)):
                out[uid] = (definition.name, zh, en)
        return out

    def linked_clause_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT DISTINCT clause_id FROM links")}

    def search(self, query: str, limit: int = 20, plan_id: str | None = None) -> list[SearchHit]:
        return search_clauses(self.db, query, limit=limit, plan_id=plan_id)

    # -- history ---------------------------------------------------------------------------
    def status_history(self, uid: str) -> list[dict[str, Any]]:
        return list(self.db.query(
            "SELECT status, date, coalesce(date_precision, 'day') AS date_precision, source, source_code"
            " FROM status_history WHERE feature_uid = ? ORDER BY date, id", [uid]))

    def edits_for(self, uid: str) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM edits WHERE uid = ? ORDER BY id", [uid]))

    def edit(self, editor: str = "", **options: Any):
        """Start an edit session (takes the edit lock); see ``gisplanner.store.edit.EditSession``."""
        from gisplanner.store.edit import EditSession

        return EditSession(self, editor, **options)

    # -- bookmarks ---------------------------------------------------------------------------
    def bookmarks(self) -> list[Bookmark]:
        """Named map extents, oldest first (the three parks lead in a built project)."""
        return list_bookmarks(self.db.conn)

    def add_bookmark(self, name: str, bounds: Sequence[float], editor: str = "") -> Bookmark:
        """Keep WGS84 ``bounds`` under ``name``; BookmarkError if the name is empty or taken.
        Bookmark changes are journaled (under ``editor``) like feature edits."""
        return self._bookmark_store(editor).add(name, bounds)

    def rename_bookmark(self, old: str, new: str, editor: str = "") -> Bookmark:
        return self._bookmark_store(editor).rename(old, new)

    def remove_bookmark(self, name: str, editor: str = "") -> None:
        self._bookmark_store(editor).remove(name)

    def _bookmark_store(self, editor: str) -> BookmarkStore:
        return BookmarkStore(self.db.conn, self.read_only, str(self.path), editor)

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM project_meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def schema_steps(self) -> list[str]:
        return [m.name for m in migrations.applied(self.db)]


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


__all__ = ["MIGRATION_SET", "Bookmark", "BookmarkError", "NewerSchemaError", "Project", "ProjectError"]
