"""Dates known to the year, month or day: ``2020``, ``2021-06``, ``2021-06-30``.

A figure "for 2020" describes the state at the end of 2020, so comparisons use the last day
a partial date can mean (``period_end``); nothing is invented beyond what was stated.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

PRECISIONS = ("year", "month", "day")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


class DateError(ValueError):
    """Not a date in one of the accepted forms."""


def parse_date(text: str) -> tuple[str, str]:
    """Normalised ``(date, precision)``; raises DateError naming the text."""
    text = str(text).strip()
    m = _DATE_RE.match(text)
    if not m:
        raise DateError(f"{text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        if day:
            return dt.date(int(year), int(month), int(day)).isoformat(), "day"
        if month:
            dt.date(int(year), int(month), 1)
            return f"{year}-{int(month):02d}", "month"
    except ValueError as exc:
        raise DateError(f"{text!r} is not a date ({exc})") from None
    if not 1900 <= int(year) <= 2100:
        raise DateError(f"{text!r}: year outside 1900–2100")
    return year, "year"


def period_end(date: str) -> dt.date:
    """The last day a (possibly partial) date can mean."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(*parts)


def as_of(text: str | None) -> dt.date:
    """The date a question is asked for: a given date (any precision, its end) or today."""
    return period_end(parse_date(text)[0]) if text else dt.date.today()


def year_fraction(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    return day.year + (day - start).days / (366 if calendar.isleap(day.year) else 365)


def period_start(date: str) -> dt.date:
    """The first day a (possibly partial) date can mean: "changes since 2024" start on 1 January."""
    parts = [int(p) for p in date.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
