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

from gisplanner.layers import STATUS_IDS
from gisplanner.monitor.timeline import feature_layers

KIND_CODES = {"start": 1, "study": 2}  # anything else (complete, none) is 0


def _end(date: str) -> str:
    date = str(date or "")
    return date + "-12-31" if len(date) == 4 else date + "-31" if len(date) == 7 else date[:10]


class StatusHistory:
    def __init__(self, uids: list[str], dates: list[str], statuses: list[str]) -> None:
        order = np.lexsort((np.arange(len(uids)), np.asarray(dates, dtype=object).astype(str),
                            np.asarray(uids, dtype=object).astype(str))) if uids else np.zeros(0, dtype=np.intp)
        self.uids = np.asarray(uids, dtype=object)[order]
        self.dates = np.asarray(dates, dtype="datetime64[D]")[order] if uids else np.zeros(0, "datetime64[D]")
        self.labels = list(STATUS_IDS) + sorted({s for s in statuses if s not in STATUS_IDS} - {None})
        lookup = {label: i for i, label in enumerate(self.labels)}
        self.codes = np.fromiter((lookup.get(s, -1) for s in statuses), dtype=np.int16, count=len(statuses))[order]
        self._label_of = np.array([*self.labels, None], dtype=object)  # code -1 reads None
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
        """Per feature with history: the status code on ``day`` (-1 before its first entry)."""
        if not len(self.uids):
            return np.zeros(0, dtype=np.int16)
        known = (self.dates <= np.datetime64(day, "D")).astype(np.intp)
        count = np.add.reduceat(known, self.starts)
        out = np.full(len(self.starts), -1, dtype=np.int16)
        some = count > 0
        out[some] = self.codes[self.starts[some] + count[some] - 1]
        return out

    def codes_at(self, day: dt.date, positions: np.ndarray | list[np.ndarray]):
        """Status codes (index into ``labels``; -1: nothing recorded by then) of features at
        ``positions`` (or of each array in a list, from one pass over the history)."""
        latest = np.append(self.latest(day), np.int16(-1))  # position -1 reads the appended -1
        return [latest[p] for p in positions] if isinstance(positions, list) else latest[positions]

    def labels_of(self, codes: np.ndarray) -> np.ndarray:
        return self._label_of[codes]

    def at(self, day: dt.date, positions: np.ndarray) -> np.ndarray:
        """Statuses on ``day`` for features given by ``positions`` (None: nothing recorded by then)."""
        return self.labels_of(self.codes_at(day, positions))

    def counts_over(self, days: list[dt.date], positions: np.ndarray) -> dict[str, list[int]]:
        """How many of the features at ``positions`` had each status on each of ``days`` (the
        stacked chart of a scope's features by status); a feature with nothing recorded by then
        counts nowhere."""
        counts = np.zeros((len(days), len(self.labels)), dtype=np.int64)
        for row, day in enumerate(days):
            codes = self.codes_at(day, positions)
            counts[row] = np.bincount(codes[codes >= 0], minlength=len(self.labels))
        return {label: counts[:, i].tolist() for i, label in enumerate(self.labels)}

    def overdue(self, codes: np.ndarray, years: np.ndarray, kinds: np.ndarray, day: dt.date) -> np.ndarray:
        """``timeline.is_overdue`` for whole arrays: deadline year over and the status then misses
        its kind (``kinds`` as ``kind_codes``); integer compares, a few ms for 100k features."""
        code = {label: i for i, label in enumerate(self.labels)}
        started = np.isin(codes, [code["under_construction"], code["completed"]])
        studied = started | np.isin(codes, [code["planned"], code["approved"]])
        late = np.where(kinds == 1, ~started, np.where(kinds == 2, ~studied, codes != code["completed"]))
        return (years < day.year) & late & (codes != code["cancelled"])


def kind_codes(kinds) -> np.ndarray:
    return np.fromiter((KIND_CODES.get(k, 0) for k in kinds), dtype=np.int8, count=len(kinds))


def deadline_years(deadlines) -> np.ndarray:
    """Deadline years as integers (9999 where none), converted once per layer."""
    return np.array([int(d) if d not in (None, "") and d == d else 9999 for d in deadlines], dtype=np.int64)
