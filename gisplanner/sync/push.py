"""Push: merge one pending changeset into the server, field by field, in one transaction.

For each changed row the copy sends its base (the values it last had from the server) and
mine. Under a per-project advisory lock the server compares them with its current row:
fields only I changed are written, fields they changed are left, and a field both sides
changed differently becomes a conflict (the server value stands). A row deleted on one
side and changed on the other, and two new rows with one key, are conflicts too. The
changeset's client id is recorded in the same transaction, so a push repeated after a
crash returns the first outcome instead of applying anything twice.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from gisplanner.sync import server
from gisplanner.sync.rows import cell_out, row_out
from gisplanner.sync.tables import TableSpec
from gisplanner.sync.track import same, same_value


@dataclass
class Changeset:
    client_id: str
    copy_id: str
    rows: dict[str, list[tuple[tuple, dict | None, dict | None]]] = field(default_factory=dict)  # tbl -> (key, base, mine)
    journal: list[dict] = field(default_factory=list)


@dataclass
class Plan:
    inserts: list[dict] = field(default_factory=list)
    updates: dict[tuple[str, ...], list[tuple[tuple, list]]] = field(default_factory=lambda: defaultdict(list))
    deletes: list[tuple] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    refresh: list[tuple] = field(default_factory=list)   # rows the copy must read again after the push

    @property
    def written(self) -> int:
        return len(self.inserts) + sum(len(v) for v in self.updates.values()) + len(self.deletes)


def _conflict(spec: TableSpec, key: tuple, kind: str, column: str | None, base: Any, mine: Any,
              theirs: Any) -> dict:
    if column is None:
        base, mine, theirs = row_out(spec, base), row_out(spec, mine), row_out(spec, theirs)
    else:
        base, mine, theirs = (cell_out(spec, column, v) for v in (base, mine, theirs))
    return {"tbl": spec.name, "key": list(key), "field": column, "kind": kind,
            "base": base, "mine": mine, "theirs": theirs}


def plan_rows(spec: TableSpec, items: list[tuple[tuple, dict | None, dict | None]],
              current: dict[tuple, dict]) -> Plan:
    """Decide each row: write, leave, or record a conflict (the server's row stands)."""
    plan = Plan()
    for key, base, mine in items:
        theirs = current.get(key)
        if base is None and mine is None:
            continue
        if base is None:  # new in the copy
            if theirs is None:
                plan.inserts.append(mine)
            elif not same(spec, theirs, mine):
                plan.conflicts.append(_conflict(spec, key, "both_added", None, None, mine, theirs))
        elif mine is None:  # deleted in the copy
            if theirs is None:
                continue
            if same(spec, theirs, base):
                plan.deletes.append(key)
            else:
                plan.conflicts.append(_conflict(spec, key, "deleted_changed", None, base, None, theirs))
        elif theirs is None:  # changed in the copy, deleted on the server
            if not same(spec, base, mine):
                plan.conflicts.append(_conflict(spec, key, "changed_deleted", None, base, mine, None))
        else:
            if same(spec, theirs, base):  # untouched there since the copy's base: mine goes in as it is
                columns = [c for c in spec.values if not same_value(spec, c, mine.get(c), base.get(c))]
                if columns:
                    plan.updates[tuple(columns)].append((key, [mine.get(c) for c in columns]))
                continue
            plan.refresh.append(key)  # merged with others' changes: the copy reads the result
            columns, values = [], []
            for c in spec.values:
                b, m, t = base.get(c), mine.get(c), theirs.get(c)
                if same_value(spec, c, m, b) or same_value(spec, c, m, t):
                    continue
                if same_value(spec, c, t, b):
                    columns.append(c)
                    values.append(m)
                else:
                    plan.conflicts.append(_conflict(spec, key, "field", c, b, m, t))
            if columns:
                plan.updates[tuple(columns)].append((key, values))
    return plan


def push(pg: psycopg.Connection, schema: str, specs: list[TableSpec], changeset: Changeset) -> dict:
    """Apply ``changeset`` once; returns {version, pushed, conflicts} (the recorded outcome if it
    was applied before)."""
    s = server.ident(schema)
    # READ COMMITTED: each statement sees what committed before it, so after the lock is ours the
    # rows read are the rows another push just wrote (a snapshot taken before the lock would not be)
    pg.isolation_level = psycopg.IsolationLevel.READ_COMMITTED
    with pg.transaction(), pg.cursor() as cur:
        server.our_writes(cur)
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"gisplanner:{schema}"])
        done = cur.execute(sql.SQL("SELECT version, result FROM {}._changesets WHERE client_id = %s").format(s),
                           [changeset.client_id]).fetchone()
        if done is not None:
            return {**(done[1] or {}), "version": done[0], "repeated": True}
        version = cur.execute(sql.SQL("INSERT INTO {}._changesets (client_id, copy_id) VALUES (%s, %s)"
                                      " RETURNING version").format(s),
                              [changeset.client_id, changeset.copy_id]).fetchone()[0]
        pushed, conflicts, refresh = 0, [], []
        for spec in specs:
            items = changeset.rows.get(spec.name)
            if not items:
                continue
            # no FOR UPDATE: the advisory lock already keeps every other writer of the schema out
            current = server.rows_by_key(cur, schema, spec, [k for k, _, _ in items])
            plan = plan_rows(spec, items, current)
            server.delete_rows(cur, schema, spec, plan.deletes, version)
            server.copy_rows(cur, schema, spec, plan.inserts, version)
            for columns, rows in plan.updates.items():
                server.update_rows(cur, schema, spec, columns, rows, version)
            pushed += plan.written
            conflicts += plan.conflicts
            refresh += [[spec.name, list(k)] for k in plan.refresh] + [[c["tbl"], c["key"]] for c in plan.conflicts]
        server.insert_journal(cur, schema, changeset.copy_id, changeset.journal, version)
        result = {"pushed": pushed, "conflicts": conflicts, "refresh": refresh}
        cur.execute(sql.SQL("UPDATE {}._changesets SET result = %s WHERE version = %s").format(s),
                    [json.dumps(result, ensure_ascii=False), version])
    return {**result, "version": version, "repeated": False}
