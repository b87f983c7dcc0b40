"""Edits of indicator actual values: add (one or many), change a field, delete; and their save.

Actual values are edited like feature attributes: each change is checked against the
session's merged view (a number, a date, a source, a known indicator), sits in the edit
buffer with undo/redo and the recovery file, and is written with the journal in the
session's one save transaction (journal rows: layer ``indicator_actuals``, uid = actual id).
"""

from __future__ import annotations

import json
import math
import sqlite3
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from gisplanner.monitor.dates import DateError, parse_date
from gisplanner.store.changes import CHANGE_TYPES, Change, EditRefused

if TYPE_CHECKING:
    from gisplanner.store.edit_buffer import Buffer
    from gisplanner.store.journal import Journal

TABLE = "indicator_actuals"
FIELDS = ("indicator_id", "date", "date_precision", "value", "source", "scope")
EDITABLE = ("indicator_id", "date", "value", "source", "scope")


def new_actual_id() -> str:
    return f"user.actual.{uuid.uuid4().hex[:10]}"


def check_value(field: str, value: Any, indicator_exists) -> Any:
    """The value as stored, or EditRefused naming the field."""
    if field == "value":
        if isinstance(value, str):
            try:
                value = float(value.strip().replace(",", ""))
            except ValueError:
                raise EditRefused("actual_not_number", value=value) from None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise EditRefused("actual_not_number", value=value)
        return float(value)
    if field == "date":
        try:
            return parse_date(str(value if value is not None else ""))
        except DateError as exc:
            raise EditRefused("actual_bad_date", value=value, detail=str(exc)) from None
    if field == "source":
        if not str(value or "").strip():
            raise EditRefused("actual_no_source")
        return str(value).strip()
    if field == "indicator_id":
        if not indicator_exists(str(value or "")):
            raise EditRefused("no_indicator", value=value)
        return str(value)
    if field == "scope":
        return None if value in (None, "") else str(value).strip()
    raise EditRefused("actual_fixed", name=field)


def check_record(record: dict[str, Any], indicator_exists) -> dict[str, Any]:
    out = {"id": record.get("id") or new_actual_id()}
    for name in EDITABLE:
        value = check_value(name, record.get(name), indicator_exists)
        if name == "date":
            out["date"], out["date_precision"] = value
        else:
            out[name] = value
    return out


@dataclass
class AddActuals(Change):
    """Add actual values (one typed in, or a whole imported table as one undo step)."""

    kind: ClassVar[str] = "actual_add"
    records: list[dict[str, Any]]

    def text(self) -> str:
        if len(self.records) == 1:
            return f"新增实际值 {self.records[0].get('indicator_id')}"
        return f"导入 {len(self.records)} 个实际值"

    def check(self, view) -> None:
        if not self.records:
            raise EditRefused("no_actuals")
        records = []
        for record in self.records:
            checked = check_record(record, view.indicator_exists)
            if view.actual(checked["id"]) is not None:
                raise EditRefused("actual_exists", id=checked["id"])
            records.append(checked)
        self.records = records

    def apply(self, buf: Buffer) -> set[str]:
        for record in self.records:
            buf.actuals[record["id"]] = dict(record)
            buf.actuals_new.add(record["id"])
        return set()


@dataclass
class SetActual(Change):
    kind: ClassVar[str] = "actual_set"
    id: str
    field: str
    value: Any

    def text(self) -> str:
        return f"修改实际值 {self.id} 的 {self.field}"

    def check(self, view) -> None:
        if view.actual(self.id) is None:
            raise EditRefused("no_actual", id=self.id)
        if self.field not in EDITABLE:
            raise EditRefused("actual_fixed", name=self.field)
        value = check_value(self.field, self.value, view.indicator_exists)
        self.value = value[0] if self.field == "date" else value  # plain JSON for the recovery file

    def apply(self, buf: Buffer) -> set[str]:
        record = dict(buf.actual(self.id))
        if self.field == "date":
            record["date"], record["date_precision"] = parse_date(self.value)
        else:
            record[self.field] = self.value
        buf.actuals[self.id] = record
        return set()


@dataclass
class DeleteActual(Change):
    kind: ClassVar[str] = "actual_delete"
    id: str

    def text(self) -> str:
        return f"删除实际值 {self.id}"

    def check(self, view) -> None:
        if view.actual(self.id) is None:
            raise EditRefused("no_actual", id=self.id)

    def apply(self, buf: Buffer) -> set[str]:
        if self.id in buf.actuals_new:
            buf.actuals_new.discard(self.id)
            del buf.actuals[self.id]
        else:
            buf.actuals[self.id] = None
        return set()


CHANGE_TYPES.update({c.kind: c for c in (AddActuals, SetActual, DeleteActual)})


def stored_actual(conn: sqlite3.Connection, actual_id: str) -> dict[str, Any] | None:
    cursor = conn.execute(f"SELECT id, {', '.join(FIELDS)} FROM {TABLE} WHERE id = ?", [actual_id])
    row = cursor.fetchone()
    return dict(zip(("id", *FIELDS), row, strict=True)) if row else None


def write_actuals(conn: sqlite3.Connection, buf: Buffer, journal: Journal) -> int:
    """Write the buffered actual values (inside the save's transaction); returns rows changed."""
    count = 0
    for actual_id, record in buf.actuals.items():
        old = stored_actual(conn, actual_id)
        if record is None:
            if old is not None:
                conn.execute(f"DELETE FROM {TABLE} WHERE id = ?", [actual_id])
                journal.add("delete", TABLE, actual_id, None, json.dumps(old, ensure_ascii=False), None)
                count += 1
        elif old is None:
            conn.execute(f"INSERT INTO {TABLE} (id, {', '.join(FIELDS)}, origin) VALUES (?, ?, ?, ?, ?, ?, ?, 'user')",
                         [actual_id, *(record[f] for f in FIELDS)])
            journal.add("add", TABLE, actual_id, None, None, json.dumps(record, ensure_ascii=False))
            count += 1
        else:
            changed = {f: record[f] for f in FIELDS if record[f] != old[f]}
            if changed:
                conn.execute(f"UPDATE {TABLE} SET {', '.join(f'{f} = ?' for f in changed)} WHERE id = ?",
                             [*changed.values(), actual_id])
                for name, value in changed.items():
                    journal.add("set", TABLE, actual_id, name, old[name], value)
                count += 1
    return count


class ActualVerbs:
    """The edit session's verbs for actual values (mixed into ``EditSession``)."""

    project: Any
    buffer: Buffer

    def do(self, change: Change) -> Change:  # pragma: no cover - provided by EditSession
        raise NotImplementedError

    def indicator_exists(self, indicator_id: str) -> bool:
        return self.project.db.execute("SELECT 1 FROM indicators WHERE id = ?", [indicator_id]).fetchone() is not None

    def actual(self, actual_id: str) -> dict[str, Any] | None:
        return self.buffer.actual(actual_id)

    def add_actual(self, indicator_id: str, date: str, value: Any, source: str, scope: str | None = None,
                   actual_id: str | None = None) -> Change:
        return self.add_actuals([{"id": actual_id, "indicator_id": indicator_id, "date": date, "value": value,
                                  "source": source, "scope": scope}])

    def add_actuals(self, records: list[dict[str, Any]]) -> Change:
        return self.do(AddActuals([dict(r) for r in records]))

    def set_actual(self, actual_id: str, field: str, value: Any) -> Change:
        return self.do(SetActual(actual_id, field, value))

    def delete_actual(self, actual_id: str) -> Change:
        return self.do(DeleteActual(actual_id))

    def actuals(self, indicator_id: str | None = None) -> list[dict[str, Any]]:
        """Actual values with unsaved edits applied (of one indicator, or all), in date order."""
        sql = f"SELECT id, {', '.join(FIELDS)} FROM {TABLE}" + (" WHERE indicator_id = ?" if indicator_id else "")
        cursor = self.project.db.execute(sql, [indicator_id] if indicator_id else [])
        rows = {r[0]: dict(zip(("id", *FIELDS), r, strict=True)) for r in cursor}
        for actual_id, record in self.buffer.actuals.items():
            if record is None:
                rows.pop(actual_id, None)
            elif indicator_id is None or record["indicator_id"] == indicator_id:
                rows[actual_id] = {"id": actual_id, **{f: record[f] for f in FIELDS}}
            else:
                rows.pop(actual_id, None)
        return sorted(rows.values(), key=lambda r: (r["date"], r["id"]))
