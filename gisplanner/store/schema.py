"""The project's non-spatial tables, created by numbered migrations (sqlite-utils).

A project file records which migrations built it; one that names a migration this version
does not know comes from a newer gisplanner and is refused rather than damaged.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from gisplanner.source_words import LOCATION_CODE, SOURCE_CODE

MIGRATION_SET = "gisplanner"
migrations = Migrations(MIGRATION_SET)

# Tables we add to the GeoPackage, registered in gpkg_contents as attribute tables so that
# GDAL and QGIS list them beside the feature layers.
ATTRIBUTE_TABLES = ("plans", "clauses", "links", "status_history", "edits", "project_meta", "indicators",
                    "indicator_actuals")


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


# Tables that had a text primary key, and the columns that key was made of. GeoPackage
# (Req 119) wants an INTEGER PRIMARY KEY on every attribute table; the text key stays as a
# UNIQUE NOT NULL column, so references and lookups by it keep working.
TEXT_KEYS = {
    "plans": ("id",), "clauses": ("id",), "links": ("feature_uid", "clause_id", "relation"),
    "project_meta": ("key",), "user_layers": ("name",),
}
INTEGER_KEY = "fid"


@migrations()
def m006_integer_primary_keys(db: Database) -> None:
    """Give each table of ``TEXT_KEYS`` an INTEGER PRIMARY KEY ``fid`` (its old rowid).

    Keeping the rowid keeps the clause search index valid (FTS5 rows are clause rowids);
    the table's indexes and triggers are recreated from their stored SQL.
    """
    for table, keys in TEXT_KEYS.items():
        if db[table].exists():
            _rekey(db, table, keys)


def _rekey(db: Database, table: str, keys: tuple[str, ...]) -> None:
    kept = [sql for (sql,) in db.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL",
        [table])]
    references = {r[3]: (r[2], r[4]) for r in db.execute(f'PRAGMA foreign_key_list("{table}")')}
    columns = [(r[1], r[2]) for r in db.execute(f'PRAGMA table_info("{table}")')]
    defs = [f'"{INTEGER_KEY}" INTEGER PRIMARY KEY']
    for name, sqltype in columns:
        ddl = f'"{name}" {sqltype or "TEXT"}' + (" NOT NULL" if name in keys else "")
        if name in references:
            other, other_column = references[name]
            ddl += f' REFERENCES "{other}"("{other_column}")'
        defs.append(ddl)
    unique = ", ".join(f'"{k}"' for k in keys)
    defs.append(f"UNIQUE ({unique})")
    names = ", ".join(f'"{name}"' for name, _ in columns)
    db.execute(f'CREATE TABLE "{table}_rekeyed" ({", ".join(defs)})')
    db.execute(f'INSERT INTO "{table}_rekeyed" ("{INTEGER_KEY}", {names}) SELECT rowid, {names} FROM "{table}"')
    db.execute(f'DROP TABLE "{table}"')
    db.execute(f'ALTER TABLE "{table}_rekeyed" RENAME TO "{table}"')
    for sql in kept:
        db.execute(sql)


@migrations()
def m007_layer_styles(db: Database) -> None:
    """QGIS's ``layer_styles`` table with our style of every layer, so QGIS shows our map."""
    import json

    from gisplanner.layers import builtin_layer_definitions
    from gisplanner.layers.defs import user_layer_definition
    from gisplanner.store.layer_styles import write_layer_styles

    if "gpkg_contents" not in db.table_names():
        return
    own = []
    for (text,) in db.execute("SELECT definition FROM user_layers"):
        try:
            own.append(user_layer_definition(json.loads(text)))
        except (ValueError, TypeError, KeyError):
            continue  # opening the project reports the broken definition, naming it
    write_layer_styles(db.conn, [*builtin_layer_definitions(), *own])


@migrations()
def m008_status_date_precision(db: Database) -> None:
    """A status date known only to the month or year says so (stored as its first day), and a
    deadline what it asks for: projects built before get the columns, empty (read as "day")."""
    if "status_history" in db.table_names() and "date_precision" not in db["status_history"].columns_dict:
        db["status_history"].add_column("date_precision", str)
    for (table,) in db.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'").fetchall():
        for column in ("status_date_precision", "deadline_kind"):
            if column not in db[table].columns_dict:
                db.execute(f'ALTER TABLE "{table}" ADD COLUMN "{column}" TEXT')

@migrations()
def m009_indicators(db: Database) -> None:
    """Indicators the plans set (targets, milestones, reported figures) and their actual values.

    Each table has an INTEGER PRIMARY KEY and a unique text id (GeoPackage attribute tables
    need an integer key); the shipped catalogue is loaded here, so an older project gains
    the indicators when it is first opened for writing.
    """
    from gisplanner.monitor.catalogue import ACTUAL_COLUMNS, INDICATOR_COLUMNS, load_catalogue
    from gisplanner.paths import INDICATORS_FILE

    db.execute(
        "CREATE TABLE indicators (fid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
        " plan_id TEXT, clause_id TEXT, kind TEXT NOT NULL, name_zh TEXT, name_en TEXT, comparator TEXT,"
        " value REAL, value_text TEXT, unit TEXT, year INTEGER, year_from TEXT, scope TEXT, scope_ref TEXT,"
        " quote TEXT, key INTEGER, note TEXT)")
    db.execute("CREATE INDEX indicators_plan ON indicators (plan_id)")
    db.execute(
        "CREATE TABLE indicator_actuals (fid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
        " indicator_id TEXT NOT NULL, date TEXT NOT NULL, date_precision TEXT NOT NULL, value REAL NOT NULL,"
        " source TEXT NOT NULL, scope TEXT, quote TEXT, origin TEXT)")
    db.execute("CREATE INDEX indicator_actuals_indicator ON indicator_actuals (indicator_id, date)")
    if not INDICATORS_FILE.exists():  # a data folder without indicators: empty tables
        return register_attribute_tables(db, ("indicators", "indicator_actuals"))
    catalogue = load_catalogue()
    db.conn.executemany(
        f"INSERT INTO indicators ({', '.join(INDICATOR_COLUMNS)}) VALUES ({', '.join('?' * len(INDICATOR_COLUMNS))})",
        [tuple(row.get(c) for c in INDICATOR_COLUMNS) for row in catalogue.indicators])
    db.conn.executemany(
        f"INSERT INTO indicator_actuals ({', '.join(ACTUAL_COLUMNS)}) VALUES ({', '.join('?' * len(ACTUAL_COLUMNS))})",
        [tuple(row.get(c) for c in ACTUAL_COLUMNS) for row in catalogue.actuals])
    register_attribute_tables(db, ("indicators", "indicator_actuals"))


@migrations()
def m010_bookmarks(db: Database) -> None:
    """Named map extents (``gisplanner.store.bookmarks``), the three parks among them."""
    from gisplanner.store.bookmarks import TABLE, create_table

    create_table(db.conn)
    register_attribute_tables(db, (TABLE,))


@migrations()
def m011_coded_sources(db: Database) -> None:
    """The twin columns that let each face word the status sources and location notes gisplanner
    writes in its own language; what earlier versions wrote in English is coded once, here."""
    from gisplanner.source_words import code_old_location_note, code_old_status_source
    from gisplanner.store.gpkg_sql import register_gpkg_functions

    if "status_history" in db.table_names():
        if SOURCE_CODE not in db["status_history"].columns_dict:
            db["status_history"].add_column(SOURCE_CODE, str)
        sources = [r[0] for r in db.execute("SELECT DISTINCT source FROM status_history WHERE source LIKE 'added in %'"
                                            " OR source LIKE 'imported from %'")]
        db.conn.executemany(f"UPDATE status_history SET {SOURCE_CODE} = ? WHERE source = ?",
                            [(code, s) for s in sources if (code := code_old_status_source(s))])
    if "gpkg_contents" not in db.table_names():
        return
    register_gpkg_functions(db.conn)  # GDAL's R-tree triggers call ST_IsEmpty … on any row update
    for (table,) in db.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'").fetchall():
        columns = db[table].columns_dict
        if "location_source" not in columns:
            continue  # not one of our layers
        add_location_code(db.conn, table)
        rows = db.execute(f'SELECT rowid, location_source FROM "{table}" WHERE location_source LIKE \'imported from %\''
                          f" OR location_source LIKE 'gazetteer: %' OR location_source = 'drawn on the map in gisplanner'")
        db.conn.executemany(f'UPDATE "{table}" SET {LOCATION_CODE} = ? WHERE rowid = ?',
                            [(code, rowid) for rowid, text in rows if (code := code_old_location_note(text))])


def add_location_code(conn, table: str) -> None:
    """Give a feature layer its ``location_source_code`` column (a new user layer, an upgrade)."""
    if LOCATION_CODE not in {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}:
        conn.execute(f'ALTER TABLE "{table}" ADD COLUMN "{LOCATION_CODE}" TEXT')


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
