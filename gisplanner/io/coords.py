"""Coordinates as planners type them: decimal degrees or degrees-minutes-seconds.

Spreadsheets from surveys and from the web hold 106.847, 106°50′49.2″E, 106度50分49.2秒,
东经106°50'49" or "106 50 49.2"; all mean the same longitude. A decimal comma is not
guessed at (106,8 could be two numbers) and stays an error naming the row.
"""

from __future__ import annotations

import re

_DMS = re.compile(
    r"^(?P<pre>[NSEWnsew]|东经|西经|北纬|南纬|东|西|北|南)?\s*"
    r"(?P<deg>\d+(?:\.\d+)?)\s*(?:°|度|:|\s)\s*"
    r"(?:(?P<min>\d+(?:\.\d+)?)\s*(?:['′’]|分|:|\s)?\s*)?"
    r"(?:(?P<sec>\d+(?:\.\d+)?)\s*(?:[\"″”]|''|′′|秒)?\s*)?"
    r"(?P<post>[NSEWnsew]|东经|西经|北纬|南纬)?$"
)
_NEGATIVE = {"s", "w", "西经", "南纬", "西", "南"}


def parse_coordinate(text: object) -> float:
    """Decimal degrees of ``text``; ValueError when it is neither a number nor D°M′S″."""
    value = str(text).strip()
    try:
        return float(value)
    except ValueError:
        pass
    match = _DMS.match(value)
    if not match or (match["pre"] and match["post"]):
        raise ValueError(f"{value!r} is not a coordinate")
    minutes = float(match["min"] or 0)
    seconds = float(match["sec"] or 0)
    if minutes >= 60 or seconds >= 60:
        raise ValueError(f"{value!r}: minutes and seconds must be below 60")
    degrees = float(match["deg"]) + minutes / 60 + seconds / 3600
    hemisphere = (match["pre"] or match["post"] or "").lower()
    return -degrees if hemisphere in _NEGATIVE else degrees
