"""The audit journal: one row per saved change in the project's ``edits`` table.

Planning "one map" systems keep who changed what, when, from which value to which. A row
records the net change of one field of one feature in one save (layer, uid, field, old,
new, time, editor, session, action); adding or deleting a feature stores the whole record
as JSON, geometry as WKT, so a deleted feature can be read back from the journal. A status
change also records its source (the report, clause or note saying why) in a ``status`` row of
the field ``status_source``.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from shapely.geometry.base import BaseGeometry

STATUS_SOURCE = "status_source"  # the journal field that holds a status change's source
_COLUMNS = ("at", "editor", "session", "action", "layer", "uid", "field", "old", "new")


def record_of(cell: str | None) -> dict[str, Any]:
    """The feature record an ``add`` or ``delete`` row stores (empty when the cell holds none)."""
    try:
        record = json.loads(cell) if cell else {}
    except ValueError:
        return {}
    return record if isinstance(record, dict) else {}


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def as_text(value: Any) -> str | None:
    """A journal cell: None stays NULL, geometries become WKT, the rest plain text."""
    if value is None or type(value) is str:  # most cells: checked first (a bulk save writes 20k)
        return value
    if isinstance(value, BaseGeometry):
        return value.wkt
    if isinstance(value, dict):
        return json.dumps({k: as_text(v) if isinstance(v, BaseGeometry) else v for k, v in value.items()},
                          ensure_ascii=False, default=str)
    return str(value)


@dataclass
class Journal:
    """Rows collected while a save is written, inserted in the same transaction."""

    editor: str
    session: str
    at: str = field(default_factory=now_utc)
    rows: list[tuple] = field(default_factory=list)

    def add(self, action: str, layer: str | None, uid: str, fld: str | None, old: Any, new: Any) -> None:
        if not (old is None or type(old) is str):
            old = as_text(old)
        if not (new is None or type(new) is str):
            new = as_text(new)
        self.rows.append((self.at, self.editor, self.session, action, layer, uid, fld, old, new))

    def write(self, conn: sqlite3.Connection) -> int:
        conn.executemany(f"INSERT INTO edits ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                         self.rows)
        return len(self.rows)
