"""The state of an indicator on a date: met, on track, behind or no data.

- **met**: the latest actual value up to the date satisfies the target (for "=" targets a
  count of things to build, reaching the figure counts as met).
- **behind**: not met and the target year is over; or, before it, the latest actual falls
  short of the straight line from the baseline to the target (below).
- **on track**: not met, the target year is not over, and the latest actual is at least
  where the straight line from the baseline actual to the target value at the end of the
  target year stands on the latest actual's date. The baseline is the last actual dated on
  or before the plan's issue date (the figure the plan started from), else the earliest.
- **no data**: no actual up to the date, or only the baseline itself (no progress reported
  since, so no trend can be read honestly).

Milestones have actuals 1 (achieved) or 0 (not yet): met on a 1, behind after the year
without one, on track before it once any report exists. A target the plans give no year is
met or (not met yet) on track. Statistics (figures the plans report, no target) have no
state: ``no_target``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from gisplanner.monitor.dates import period_end, year_fraction

STATES = ("met", "on_track", "behind", "no_data")
STATE_LABELS = {"met": ("已达成", "met"), "on_track": ("进度正常", "on track"), "behind": ("滞后", "behind"),
                "no_data": ("无数据", "no data"), "no_target": ("统计数", "no target")}


@dataclass(frozen=True)
class Assessment:
    state: str
    latest: dict[str, Any] | None
    expected: float | None = None  # where the straight line stands on the latest actual's date
    reason: str = ""


def _end(actual: dict[str, Any]) -> dt.date:
    """The last day an actual's date can mean (kept on the row by ``queries``, else computed)."""
    end = actual.get("end")
    return end if end is not None else period_end(actual["date"])


def satisfies(value: float, comparator: str, target: float) -> bool:
    if comparator == ">":
        return value > target
    if comparator == "≤":
        return value <= target
    return value >= target  # ≥, and = (reaching the stated count)


def assess(indicator: dict[str, Any], actuals: list[dict[str, Any]], on: dt.date,
           plan_date: str | None = None, presorted: bool = False) -> Assessment:
    """State of ``indicator`` on ``on`` from its actuals (dicts with date and value, any order,
    or ``presorted`` by the end of their date and id)."""
    kind = indicator["kind"]
    known = [a for a in actuals if _end(a) <= on]
    if not presorted:
        known.sort(key=lambda a: (_end(a), a["id"]))
    latest = known[-1] if known else None
    if kind == "statistic":
        return Assessment("no_target", latest)
    year = indicator.get("year")
    deadline = dt.date(int(year), 12, 31) if year else None
    if latest is None:
        return Assessment("no_data", None, reason="no actual value reported")
    if kind == "milestone":
        if latest["value"] >= 1:
            return Assessment("met", latest)
        if deadline and on > deadline:
            return Assessment("behind", latest, reason=f"not achieved by {year}")
        return Assessment("on_track", latest, reason="not achieved yet; the year is not over")
    target, comparator = indicator["value"], indicator["comparator"]
    if satisfies(latest["value"], comparator, target):
        return Assessment("met", latest)
    if deadline is None:
        return Assessment("on_track", latest, reason="not met yet; the plan sets no year")
    if on > deadline:
        return Assessment("behind", latest, reason=f"target year {year} is over")
    start = plan_date and period_end(plan_date)
    before = [a for a in known if start and _end(a) <= start]
    baseline = before[-1] if before else known[0]
    if baseline is latest:
        return Assessment("no_data", latest, reason="only the baseline figure; no progress reported since")
    t0, t1 = year_fraction(_end(baseline)), year_fraction(deadline)
    t = year_fraction(_end(latest))
    expected = baseline["value"] + (target - baseline["value"]) * (t - t0) / (t1 - t0) if t1 > t0 else target
    if comparator == "≤":
        ok = latest["value"] <= expected
    else:
        ok = latest["value"] >= expected
    return Assessment("on_track" if ok else "behind", latest, expected,
                      reason=f"{latest['value']:g} against {expected:.4g} on the line from the baseline")
