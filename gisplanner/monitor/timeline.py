"""Feature status on a date (from the status history) and features past their deadline.

A deadline has a kind (field ``deadline_kind``) and a year (field ``deadline``); it is
passed once its year is over. Overdue on a date means, by kind:

- ``start``: not started, i.e. the status then is before ``under_construction``;
- ``complete``: not completed (status then is not ``completed``);
- ``study``: the study not done, i.e. the status then is still ``proposed`` or ``planning_study``.

A feature without a kind is read as ``complete`` (what a plan deadline most often means).
Cancelled features are never overdue; suspended ones are (the deadline is still missed).
Status history dates known only to the year or month count from the end of that period,
so an entry "2021" is not taken as known on 2021-06-30.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from gisplanner.layers import STATUS_IDS

DEADLINE_KINDS = ("start", "complete", "study")
_STARTED = set(STATUS_IDS[STATUS_IDS.index("under_construction"):]) - {"suspended", "cancelled"}
_STUDIED = set(STATUS_IDS[STATUS_IDS.index("planned"):]) - {"suspended", "cancelled"}
_END_OF = "CASE length(date) WHEN 4 THEN date || '-12-31' WHEN 7 THEN date || '-31' ELSE date END"


@dataclass(frozen=True)
class Overdue:
    uid: str
    layer: str
    name_zh: str | None
    name_en: str | None
    deadline: int
    kind: str
    status: str | None   # status on the date asked (None: nothing recorded by then)
    status_date: str | None


def statuses_on(conn: sqlite3.Connection, on: dt.date) -> dict[str, tuple[str, str]]:
    """uid -> (status, date) of the latest status-history entry known on ``on`` (one query)."""
    # SQLite returns the bare columns of the row holding max(): the latest entry, ties by insertion
    # order (twice as fast as a window function over the whole history)
    sql = (f"SELECT feature_uid, status, date, max({_END_OF} || printf('%012d', id)) FROM status_history"
           f" WHERE {_END_OF} <= ? GROUP BY feature_uid")
    return {uid: (status, date) for uid, status, date, _ in conn.execute(sql, [on.isoformat()])}


def feature_layers(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name")]


def _columns(conn: sqlite3.Connection, layer: str) -> set[str]:
    return {r[1] for r in conn.execute(f'PRAGMA table_info("{layer}")')}


def status_at(conn: sqlite3.Connection, on: dt.date, uids: list[str] | None = None,
              layers: list[str] | None = None) -> dict[str, str | None]:
    """Each feature's status on ``on``: the history's, else the recorded status if dated by then."""
    history = statuses_on(conn, on)
    with_history = {r[0] for r in conn.execute("SELECT DISTINCT feature_uid FROM status_history")}
    wanted = set(uids) if uids is not None else None
    out: dict[str, str | None] = {}
    for layer in layers or feature_layers(conn):
        for uid, status, date in conn.execute(f'SELECT uid, status, status_date FROM "{layer}"'):
            if wanted is not None and uid not in wanted:
                continue
            if uid in history:
                out[uid] = history[uid][0]
            elif uid not in with_history and date and str(date)[:10] <= on.isoformat():
                out[uid] = status
            else:
                out[uid] = None
    return out


def is_overdue(kind: str, status: str | None) -> bool:
    if status == "cancelled":
        return False
    if kind == "start":
        return status not in _STARTED and status != "completed"
    if kind == "study":
        return status not in _STUDIED
    return status != "completed"


def overdue(conn: sqlite3.Connection, on: dt.date, uids: set[str] | None = None) -> list[Overdue]:
    """Features whose deadline year is over on ``on`` and whose status then misses its kind."""
    history = statuses_on(conn, on)
    with_history = {r[0] for r in conn.execute("SELECT DISTINCT feature_uid FROM status_history")}
    out = []
    for layer in feature_layers(conn):
        cols = _columns(conn, layer)
        if "deadline" not in cols:
            continue
        kind_col = "deadline_kind" if "deadline_kind" in cols else "NULL"
        for uid, zh, en, status, sdate, deadline, kind in conn.execute(
                f'SELECT uid, name_zh, name_en, status, status_date, deadline, {kind_col} FROM "{layer}"'
                " WHERE deadline IS NOT NULL AND CAST(deadline AS INTEGER) < ?", [on.year]):
            if uids is not None and uid not in uids:
                continue
            kind = kind if kind in DEADLINE_KINDS else "complete"
            if uid in history:
                status, sdate = history[uid]
            elif uid in with_history or not sdate or str(sdate)[:10] > on.isoformat():
                status, sdate = None, None
            if is_overdue(kind, status):
                out.append(Overdue(uid, layer, zh, en, int(deadline), kind, status, sdate))
    out.sort(key=lambda o: (o.deadline, o.layer, o.uid))
    return out
