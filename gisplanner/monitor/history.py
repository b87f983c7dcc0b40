"""Every feature's status history held in arrays, so "the map on date D" is a few numpy passes.

The date slider asks for the status of 100k features many times a second; a query per step
would take a third of a second. Entries are sorted by feature and by the last day their
date can mean (as in ``timeline``); for a date, each feature's entries up to it form a
prefix, whose length is one ``add.reduceat``. A feature without history counts from its
recorded status and status date.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import numpy as np

from gisplanner.monitor.timeline import feature_layers


def _end(date: str) -> str:
    date = str(date or "")
    return date + "-12-31" if len(date) == 4 else date + "-31" if len(date) == 7 else date[:10]


class StatusHistory:
    def __init__(self, uids: list[str], dates: list[str], statuses: list[str]) -> None:
        order = np.lexsort((np.arange(len(uids)), np.asarray(dates, dtype=object).astype(str),
                            np.asarray(uids, dtype=object).astype(str))) if uids else np.zeros(0, dtype=np.intp)
        self.uids = np.asarray(uids, dtype=object)[order]
        self.dates = np.asarray(dates, dtype="datetime64[D]")[order] if uids else np.zeros(0, "datetime64[D]")
        self.statuses = np.asarray(statuses, dtype=object)[order]
        change = np.ones(len(self.uids), dtype=bool)
        change[1:] = self.uids[1:] != self.uids[:-1]
        self.starts = np.flatnonzero(change)
        self.feature_uids = self.uids[self.starts]
        self.index = {uid: i for i, uid in enumerate(self.feature_uids)}

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> StatusHistory:
        uids, dates, statuses = [], [], []
        for uid, status, date in conn.execute("SELECT feature_uid, status, date FROM status_history"):
            if date:
                uids.append(uid)
                dates.append(_end(date))
                statuses.append(status)
        have = set(uids)
        for layer in feature_layers(conn):
            for uid, status, date in conn.execute(f'SELECT uid, status, status_date FROM "{layer}"'):
                if uid not in have and date and status:
                    uids.append(uid)
                    dates.append(_end(date))
                    statuses.append(status)
        return cls(uids, dates, statuses)

    def first_date(self) -> dt.date | None:
        return self.dates.min().astype(dt.date) if len(self.dates) else None

    def positions(self, uids) -> np.ndarray:
        """Index of each uid among the features with history (-1: none), to reuse for many dates."""
        return np.fromiter((self.index.get(u, -1) for u in uids), dtype=np.intp, count=len(uids))

    def latest(self, day: dt.date) -> np.ndarray:
        """Per feature with history: the status on ``day`` (None before its first entry)."""
        if not len(self.uids):
            return np.zeros(0, dtype=object)
        known = (self.dates <= np.datetime64(day, "D")).astype(np.intp)
        count = np.add.reduceat(known, self.starts)
        out = np.full(len(self.starts), None, dtype=object)
        some = count > 0
        out[some] = self.statuses[self.starts[some] + count[some] - 1]
        return out

    def at(self, day: dt.date, positions: np.ndarray) -> np.ndarray:
        """Statuses on ``day`` for features given by ``positions`` (None: nothing recorded by then)."""
        latest = np.append(self.latest(day), None)  # position -1 reads the appended None
        return latest[positions]


_STARTED = np.array(["under_construction", "completed"], dtype=object)
_STUDIED = np.array(["planned", "approved", "under_construction", "completed"], dtype=object)


def overdue_mask(statuses: np.ndarray, deadlines: np.ndarray, kinds: np.ndarray, day: dt.date) -> np.ndarray:
    """``timeline.is_overdue`` for whole arrays (deadline year over, status then misses its kind)."""
    deadline = np.array([int(d) if d not in (None, "") and d == d else 9999 for d in deadlines], dtype=np.int64)
    passed = deadline < day.year
    kind = np.where(np.isin(kinds, ["start", "study"]), kinds, "complete")
    late = np.where(kind == "start", ~np.isin(statuses, _STARTED),
                    np.where(kind == "study", ~np.isin(statuses, _STUDIED), statuses != "completed"))
    return passed & late & (statuses != "cancelled")
