"""Reading indicators, actuals and feature status history from a project's tables.

Every face asks these functions, so "which indicators does plan 001 set and where do they
stand?" has one answer. They take the project's sqlite3 connection and never write.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from gisplanner.monitor.dates import period_end
from gisplanner.monitor.states import Assessment, assess


def _rows(conn: sqlite3.Connection, sql: str, args: list | tuple = ()) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, args)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def indicators(conn: sqlite3.Connection, plan_id: str | None = None,
               ids: list[str] | None = None) -> list[dict[str, Any]]:
    sql, args = "SELECT * FROM indicators", []
    if plan_id:
        sql, args = sql + " WHERE plan_id = ?", [plan_id]
    rows = _rows(conn, sql + " ORDER BY plan_id, fid", args)
    if ids is not None:
        wanted = set(ids)
        rows = [r for r in rows if r["id"] in wanted]
    return rows


def indicator(conn: sqlite3.Connection, indicator_id: str) -> dict[str, Any] | None:
    rows = _rows(conn, "SELECT * FROM indicators WHERE id = ?", [indicator_id])
    return rows[0] if rows else None


def actuals_by_indicator(conn: sqlite3.Connection, ids: list[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every actual value, grouped by indicator, in date order (one query)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for row in _rows(conn, "SELECT * FROM indicator_actuals ORDER BY indicator_id, date, fid"):
        row["end"] = period_end(row["date"])  # once here, not at every state asked
        out.setdefault(row["indicator_id"], []).append(row)
    if ids is not None:
        out = {k: v for k, v in out.items() if k in set(ids)}
    return out


def plan_dates(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT id, date FROM plans").fetchall())


def assessments(conn: sqlite3.Connection, on: dt.date, plan_id: str | None = None,
                ids: list[str] | None = None) -> list[tuple[dict[str, Any], Assessment, list[dict[str, Any]]]]:
    """Each indicator (of a plan) with its state on ``on`` and its actual values."""
    return Indicators.read(conn, plan_id, ids).on(on)


def scoped_assessments(conn: sqlite3.Connection, on: dt.date, plan_ids: set[str] | None = None,
                       park: str | None = None) -> list[tuple[dict[str, Any], Assessment, list[dict[str, Any]]]]:
    """Indicators of these plans (all when None) or scoped to ``park``, judged on ``on``:
    targets and milestones first, key ones before the rest (the brief's and the map's order)."""
    rows = [r for r in assessments(conn, on)
            if plan_ids is None or r[0]["plan_id"] in plan_ids or (park and r[0]["scope_ref"] == park)]
    rows.sort(key=lambda r: (r[0]["kind"] == "statistic", not r[0]["key"], r[0]["plan_id"]))
    return rows


def charted(rows: list[tuple[dict[str, Any], Assessment, list[dict[str, Any]]]], limit: int = 12,
            ) -> list[tuple[dict[str, Any], Assessment, list[dict[str, Any]]]]:
    """Indicators worth a chart: targets and milestones with actual values (key ones first), and
    reported figures with a series; a single reported figure reads better in a table."""
    return [r for r in rows if r[2] and (r[0]["kind"] != "statistic" or len(r[2]) > 1)][:limit]


class Indicators:
    """Indicators with their actual values, read once, judged on any number of dates
    (the date slider asks for every step)."""

    def __init__(self, rows: list[dict[str, Any]], actuals: dict[str, list[dict[str, Any]]],
                 plan_dates: dict[str, str]) -> None:
        self.rows, self.plan_dates = rows, plan_dates
        self.actuals = {k: sorted(v, key=lambda a: (a["end"], a["id"])) for k, v in actuals.items()}

    @classmethod
    def read(cls, conn: sqlite3.Connection, plan_id: str | None = None, ids: list[str] | None = None) -> Indicators:
        return cls(indicators(conn, plan_id, ids), actuals_by_indicator(conn), plan_dates(conn))

    def on(self, day: dt.date) -> list[tuple[dict[str, Any], Assessment, list[dict[str, Any]]]]:
        out = []
        for ind in self.rows:
            series = self.actuals.get(ind["id"], [])
            out.append((ind, assess(ind, series, day, self.plan_dates.get(ind["plan_id"]), presorted=True), series))
        return out
