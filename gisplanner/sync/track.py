"""What a copy keeps to sync: its server, base version, the base of each changed row, conflicts.

Triggers on every shared table note the first change of a row since the last sync in
``sync_base`` (its key and its values before the change; NULL for a row new in the copy).
Any writer is seen this way (the window, the CLI, an import, QGIS editing the file), and
only changed rows cost anything. A sync turns the noted rows into a pending changeset,
pushes it, pulls and clears; it applies pulled rows with the triggers set aside, inside the
same transaction, so pulled rows never count as local changes.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from gisplanner.sync.tables import TableSpec, _q, canonical_wkb, wkb_of_gpkg

SYNC_TABLES = (
    "CREATE TABLE IF NOT EXISTS sync_meta (key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE IF NOT EXISTS sync_base (tbl TEXT NOT NULL, key TEXT NOT NULL, base TEXT,"
    " PRIMARY KEY (tbl, key))",
    # the changeset being pushed: the noted rows with their bases (mine is read when pushing),
    # and one row (tbl '') with the range of journal rows it carries, kept until it is recorded
    "CREATE TABLE IF NOT EXISTS sync_pending (changeset TEXT NOT NULL, tbl TEXT NOT NULL, key TEXT NOT NULL,"
    " base TEXT, mine TEXT, PRIMARY KEY (changeset, tbl, key))",
    # rows a push merged with others' changes (or left in conflict): the next pull reads them again
    "CREATE TABLE IF NOT EXISTS sync_refresh (tbl TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (tbl, key))",
    "CREATE TABLE IF NOT EXISTS sync_conflicts (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, key TEXT NOT NULL,"
    " field TEXT, kind TEXT NOT NULL, base TEXT, mine TEXT, theirs TEXT, found_at TEXT,"
    " resolved_at TEXT, choice TEXT)",
)


def is_copy(conn: sqlite3.Connection) -> bool:
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sync_meta'").fetchone():
        return False
    return conn.execute("SELECT 1 FROM sync_meta WHERE key = 'schema'").fetchone() is not None


def get_meta(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM sync_meta").fetchall())


def set_meta(conn: sqlite3.Connection, **values: Any) -> None:
    conn.executemany("INSERT OR REPLACE INTO sync_meta (key, value) VALUES (?, ?)",
                     [(k, None if v is None else str(v)) for k, v in values.items()])


def _key_expr(spec: TableSpec, row: str) -> str:
    return "json_array(" + ", ".join(f"{row}.{_q(k)}" for k in spec.key) + ")"


def _value_expr(spec: TableSpec, column: str, row: str) -> str:
    ref = f"{row}.{_q(column)}"
    if spec.is_blob(column):
        return f"hex({ref})"
    if spec.is_real(column):  # json_object keeps 15 digits; 17 round-trip a double exactly
        return f"CASE WHEN typeof({ref}) = 'real' THEN printf('%!.17g', {ref}) ELSE {ref} END"
    return ref


def _row_expr(spec: TableSpec, row: str) -> str:
    return "json_object(" + ", ".join(f"'{c}', {_value_expr(spec, c, row)}" for c in spec.columns) + ")"


def trigger_sql(spec: TableSpec) -> list[str]:
    t, name = _q(spec.name), spec.name.replace("'", "''")
    new_key, old_key, old_row = _key_expr(spec, "NEW"), _key_expr(spec, "OLD"), _row_expr(spec, "OLD")
    note = "INSERT OR IGNORE INTO sync_base (tbl, key, base)"
    return [
        f'CREATE TRIGGER "sync_{spec.name}_insert" AFTER INSERT ON {t} BEGIN '
        f"{note} VALUES ('{name}', {new_key}, NULL); END",
        f'CREATE TRIGGER "sync_{spec.name}_update" AFTER UPDATE ON {t} BEGIN '
        f"{note} VALUES ('{name}', {old_key}, {old_row}); "
        f"{note} SELECT '{name}', {new_key}, NULL WHERE {new_key} IS NOT {old_key}; END",
        f'CREATE TRIGGER "sync_{spec.name}_delete" AFTER DELETE ON {t} BEGIN '
        f"{note} VALUES ('{name}', {old_key}, {old_row}); END",
    ]


def install(conn: sqlite3.Connection, specs: list[TableSpec]) -> None:
    """Create the sync tables and the change triggers (inside the caller's transaction)."""
    for sql in SYNC_TABLES:
        conn.execute(sql)
    add_triggers(conn, specs)


def add_triggers(conn: sqlite3.Connection, specs: list[TableSpec]) -> None:
    for spec in specs:
        for sql in trigger_sql(spec):
            conn.execute(sql)


def ensure_triggers(conn: sqlite3.Connection, specs: list[TableSpec]) -> None:
    """Put back change triggers a schema upgrade took away with a rebuilt table (or that the
    columns outgrew), so no change goes unnoticed."""
    expected = {sql for spec in specs for sql in trigger_sql(spec)}
    present = {r[0] for r in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'")}
    if expected == present:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        drop_triggers(conn)
        add_triggers(conn, specs)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def drop_triggers(conn: sqlite3.Connection) -> None:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'")]
    for name in names:
        conn.execute(f"DROP TRIGGER {_q(name)}")


# -- rows as plain comparable dicts -------------------------------------------------------------
def decode_base(spec: TableSpec, text: str | None) -> dict[str, Any] | None:
    """A ``sync_base`` JSON row in the same form as ``local_rows`` gives."""
    if text is None:
        return None
    out = json.loads(text)
    for c in spec._blob:
        v = out.get(c)
        if v is not None:
            out[c] = wkb_of_gpkg(bytes.fromhex(v)) if c == spec.geom else bytes.fromhex(v)
    for c in spec._real:
        v = out.get(c)
        if isinstance(v, str):
            try:
                out[c] = float(v)
            except ValueError:
                pass
    return out


def select_sql(spec: TableSpec) -> str:
    return "SELECT " + ", ".join(_q(c) for c in spec.columns) + f" FROM {_q(spec.name)}"


def row_dict(spec: TableSpec, values: tuple) -> dict[str, Any]:
    row = dict(zip(spec.columns, values, strict=True))
    if spec.geom:
        row[spec.geom] = wkb_of_gpkg(row[spec.geom])
    return row


def key_of(spec: TableSpec, row: dict[str, Any]) -> tuple:
    return tuple(row[k] for k in spec.key)


def key_where(spec: TableSpec) -> str:
    return " AND ".join(f"{_q(k)} IS ?" for k in spec.key)


def local_rows(conn: sqlite3.Connection, spec: TableSpec, keys: list[tuple] | None = None) -> dict[tuple, dict]:
    """Rows of a shared table (all, or just these keys) by key, geometry as canonical WKB."""
    sql = select_sql(spec)
    out: dict[tuple, dict] = {}
    if keys is None:
        rows = conn.execute(sql).fetchall()
    elif len(spec.key) == 1:
        rows = []
        for i in range(0, len(keys), 500):
            chunk = [k[0] for k in keys[i:i + 500]]
            rows += conn.execute(sql + f" WHERE {_q(spec.key[0])} IN ({', '.join('?' * len(chunk))})",
                                 chunk).fetchall()
    else:  # a set (links, status history): read by the first key part, keep the wanted tuples
        wanted = set(keys)
        firsts = sorted({k[0] for k in keys if k[0] is not None})
        rows = []
        for i in range(0, len(firsts), 500):
            chunk = firsts[i:i + 500]
            rows += conn.execute(sql + f" WHERE {_q(spec.key[0])} IN ({', '.join('?' * len(chunk))})",
                                 chunk).fetchall()
        for k in wanted:
            if k[0] is None:
                rows += conn.execute(sql + " WHERE " + key_where(spec), list(k)).fetchall()
        at = [spec.columns.index(c) for c in spec.key]
        rows = [r for r in rows if tuple(r[i] for i in at) in wanted]
    for values in rows:
        row = row_dict(spec, values)
        out[key_of(spec, row)] = row
    return out


def same(spec: TableSpec, a: dict | None, b: dict | None) -> bool:
    if a is None or b is None:
        return a is b
    if a == b:  # the common case, compared in C
        return True
    return all(same_value(spec, c, a.get(c), b.get(c)) for c in spec.columns)


def same_value(spec: TableSpec, column: str, a: Any, b: Any) -> bool:
    if column == spec.geom and a is not None and b is not None and a != b:
        return canonical_wkb(a) == canonical_wkb(b)
    return a == b
