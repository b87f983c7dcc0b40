"""The project's non-spatial tables, created by numbered migrations (sqlite-utils).

A project file records which migrations built it; one that names a migration this version
does not know comes from a newer gisplanner and is refused rather than damaged.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "gisplanner"
migrations = Migrations(MIGRATION_SET)

# Tables we add to the GeoPackage, registered in gpkg_contents as attribute tables so that
# GDAL and QGIS list them beside the feature layers.
ATTRIBUTE_TABLES = ("plans", "clauses", "links", "status_history", "edits", "project_meta")


@migrations()
def m001_plans_and_clauses(db: Database) -> None:
    db["plans"].create(
        {
            "id": str, "file": str, "title": str, "title_en": str, "issuer": str,
            "issuer_en": str, "number": str, "date": str, "date_precision": str,
            "period": str, "region": str, "region_en": str, "script": str, "note": str,
            "source": str,
        },
        pk="id",
    )
    db["clauses"].create(
        {
            "id": str, "plan_id": str, "path": str, "number": str, "level": int,
            "heading": str, "text": str, "start": int, "end": int, "seq": int,
            "parent_id": str, "departments": str, "inferred_number": int, "search_text": str,
        },
        pk="id",
        foreign_keys=[("plan_id", "plans", "id")],
    )
    db["clauses"].create_index(["plan_id", "seq"])
    db["clauses"].enable_fts(["search_text"], tokenize="unicode61", create_triggers=True)


@migrations()
def m002_links_and_history(db: Database) -> None:
    db["links"].create(
        {"feature_uid": str, "clause_id": str, "relation": str, "quote": str},
        pk=("feature_uid", "clause_id", "relation"),
        foreign_keys=[("clause_id", "clauses", "id")],
    )
    db["links"].create_index(["clause_id"])
    db["status_history"].create(
        {"id": int, "feature_uid": str, "status": str, "date": str, "source": str},
        pk="id",
    )
    db["status_history"].create_index(["feature_uid", "date"])


@migrations()
def m003_edit_journal_and_meta(db: Database) -> None:
    db["edits"].create(
        {
            "id": int, "at": str, "editor": str, "session": str, "action": str,
            "layer": str, "uid": str, "field": str, "old": str, "new": str,
        },
        pk="id",
    )
    db["edits"].create_index(["uid"])
    db["project_meta"].create({"key": str, "value": str}, pk="key")


@migrations()
def m004_feature_uid_indexes(db: Database) -> None:
    """Edits, links and imports find features by uid: index it, unique within each layer."""
    for (table,) in db.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'").fetchall():
        db.execute(f'CREATE UNIQUE INDEX IF NOT EXISTS "{table}_uid" ON "{table}" (uid)')


@migrations()
def m005_user_layers(db: Database) -> None:
    """Layers a project makes from an imported file: each one's definition (JSON, the fields
    beyond the common ones), so every face draws, identifies and edits them like shipped layers."""
    db["user_layers"].create(
        {"name": str, "title_zh": str, "title_en": str, "geometry": str, "definition": str,
         "source": str, "created_at": str},
        pk="name",
    )
    if "gpkg_contents" in db.table_names():
        db.execute(
            "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, last_change)"
            " VALUES ('user_layers', 'attributes', 'user_layers', 'gisplanner user_layers',"
            " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")


@migrations()
def m007_bookmarks(db: Database) -> None:
    """Named map extents (``gisplanner.store.bookmarks``), the three parks among them."""
    from gisplanner.store.bookmarks import TABLE, create_table

    create_table(db.conn)
    register_attribute_tables(db, (TABLE,))


def known_migrations() -> set[str]:
    return {m.name for m in migrations.pending(Database(memory=True))}


def register_attribute_tables(db: Database, tables: tuple[str, ...] = ATTRIBUTE_TABLES) -> None:
    """List our tables in gpkg_contents (data_type 'attributes') so GeoPackage readers see them."""
    if "gpkg_contents" not in db.table_names():
        return
    for table in tables:
        db.execute(
            "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, last_change)"
            " VALUES (?, 'attributes', ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            [table, table, f"gisplanner {table}"],
        )
