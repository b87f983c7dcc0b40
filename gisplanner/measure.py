"""Distances, areas and map scales on the ellipsoid, for the measure tools and the scale box.

Lengths and areas are geodesic on WGS84 (pyproj's ``Geod``), so a measurement means the
same at Zhuhai and at Bazhong and does not depend on the map's projection. Units include
the 亩 (mu, 10000/15 m²) that Chinese land-use documents count in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache

from gisplanner.errors import CodedError

LonLat = tuple[float, float]

LENGTH_UNITS: dict[str, float] = {"m": 1.0, "km": 1000.0}
AREA_UNITS: dict[str, float] = {"m2": 1.0, "km2": 1e6, "ha": 1e4, "mu": 10000.0 / 15.0}
PIXEL_METRES = 0.00028  # the OGC standard rendering pixel: 0.28 mm on paper


class MeasureError(CodedError):
    """Input the tools cannot use; ``code`` and ``params`` let each face word it."""


@cache
def _geod():
    from pyproj import Geod

    return Geod(ellps="WGS84")


def segment_lengths(points: Sequence[LonLat]) -> list[float]:
    """Geodesic length in metres of each leg between consecutive points."""
    if len(points) < 2:
        return []
    lons, lats = zip(*points, strict=True)
    _fwd, _back, dists = _geod().inv(lons[:-1], lats[:-1], lons[1:], lats[1:])
    return [float(d) for d in dists]


def line_length(points: Sequence[LonLat]) -> float:
    """Geodesic length in metres of the line through ``points``."""
    return sum(segment_lengths(points))


def polygon_area(points: Sequence[LonLat]) -> tuple[float, float]:
    """(area m², perimeter m) of the ring through ``points`` (closed implicitly); 0 below 3 points."""
    if len(points) < 3:
        return 0.0, line_length(points) * (2 if len(points) == 2 else 0)
    lons, lats = zip(*points, strict=True)
    area, perimeter = _geod().polygon_area_perimeter(lons, lats)
    return abs(float(area)), float(perimeter)


def auto_length_unit(metres: float) -> str:
    return "km" if metres >= 1000 else "m"


def auto_area_unit(square_metres: float) -> str:
    return "km2" if square_metres >= 1e6 else "m2"


def convert(value: float, unit: str, units: dict[str, float]) -> float:
    if unit not in units:
        raise MeasureError("unknown_unit", unit=unit)
    return value / units[unit]


def format_number(value: float) -> str:
    """Digits that suit the magnitude: 12,345 · 1,234.5 · 12.35 · 0.1234."""
    size = abs(value)
    decimals = 0 if size >= 10000 else 1 if size >= 100 else 2 if size >= 1 else 4
    return f"{value:,.{decimals}f}"


# -- map scale -------------------------------------------------------------------------------
def scale_denominator(metres_per_pixel: float) -> float:
    """1:N of a map drawn at ``metres_per_pixel`` on the ground."""
    return metres_per_pixel / PIXEL_METRES


def metres_per_pixel(denominator: float) -> float:
    return denominator * PIXEL_METRES


_SCALE = re.compile(r"^(?:1\s*[:：/]\s*)?([0-9][0-9,，_ ]*(?:\.[0-9]+)?)\s*(万|千|k|K)?$")
_FACTORS = {"万": 1e4, "千": 1e3, "k": 1e3, "K": 1e3}
MIN_SCALE, MAX_SCALE = 100.0, 1e9


def parse_scale(text: str) -> float:
    """The denominator of a typed scale: ``1:5000``, ``1:5,000``, ``5000``, ``1:1万``, ``1：5000``."""
    value = (text or "").strip()
    match = _SCALE.match(value)
    if not match:
        raise MeasureError("bad_scale", text=value)
    number = float(re.sub(r"[,，_ ]", "", match[1])) * _FACTORS.get(match[2] or "", 1.0)
    if not math.isfinite(number) or not MIN_SCALE <= number <= MAX_SCALE:
        raise MeasureError("scale_out_of_range", text=value, low=int(MIN_SCALE), high=int(MAX_SCALE))
    return number


def format_scale(denominator: float) -> str:
    return f"1:{denominator:,.0f}"


__all__ = ["AREA_UNITS", "LENGTH_UNITS", "MeasureError", "auto_area_unit", "auto_length_unit", "convert",
           "format_number", "format_scale", "line_length", "metres_per_pixel", "parse_scale", "polygon_area",
           "scale_denominator", "segment_lengths"]
