"""A place typed as planners have it: WGS84 degrees (decimal or D°M′S″), a CGCS2000 3°
Gauss-Kruger easting/northing, or AMap (GCJ-02) / Baidu (BD-09) degrees; always to WGS84.

The order of two numbers is read from their ranges where China makes it unambiguous
(longitude 73–136°, latitude 3–54°; a GK easting below 1,000 km or with its zone prefix,
a northing above it), so "29.5, 106.5" and "106.5, 29.5" are the same place, as are the
surveyor's X (north), Y (east) and the GIS user's E, N.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from gisplanner.errors import CodedError
from gisplanner.io.coords import parse_coordinate

SYSTEMS = ("wgs84", "gk3", "gcj02", "bd09")
CHINA_LON, CHINA_LAT = (73.0, 136.0), (3.0, 54.0)
_SPLIT = re.compile(r"\s*[,，;；/]\s*|\s{2,}|\t")
_MARK = re.compile(r"^(北纬|南纬|东经|西经|[北南东西NSEWnsew])|(北纬|南纬|东经|西经|[NSEWnsew])$")
_AXIS = {"北纬": "lat", "南纬": "lat", "北": "lat", "南": "lat", "n": "lat", "s": "lat",
         "东经": "lon", "西经": "lon", "东": "lon", "西": "lon", "e": "lon", "w": "lon"}
_NEGATIVE = {"南纬", "南", "s", "西经", "西", "w"}


class CoordinateError(CodedError):
    """Input that names no place; ``code`` and ``params`` let each face word it."""


@dataclass(frozen=True)
class Location:
    lon: float
    lat: float
    system: str
    zone: int | None = None


def _two_parts(text: str) -> tuple[str, str]:
    value = (text or "").strip()
    if not value:
        raise CoordinateError("empty")
    parts = [p for p in _SPLIT.split(value) if p]
    if len(parts) != 2:
        parts = value.split()
    if len(parts) != 2:
        raise CoordinateError("two_values", text=value)
    return parts[0], parts[1]


def _angle(text: str) -> tuple[float, str | None]:
    """Degrees of one typed angle and the axis its hemisphere mark names (lat, lon or None)."""
    mark = _MARK.search(text.strip())
    word = (mark[1] or mark[2]) if mark else ""
    bare = _MARK.sub("", text.strip()).strip() if word else text.strip()
    try:
        value = parse_coordinate(bare)
    except ValueError:
        raise CoordinateError("not_a_number", text=text) from None
    return (-value if word.lower() in _NEGATIVE else value), _AXIS.get(word.lower())


def _inside(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def parse_degrees(text: str) -> tuple[float, float]:
    """(lon, lat) of two angles in either order; hemisphere letters decide when present."""
    a_text, b_text = _two_parts(text)
    (a, a_axis), (b, b_axis) = _angle(a_text), _angle(b_text)
    if a_axis == "lat" or b_axis == "lon":
        a, b = b, a
    elif not (a_axis or b_axis):
        if _inside(a, CHINA_LAT) and _inside(b, CHINA_LON) and not (_inside(a, CHINA_LON) and _inside(b, CHINA_LAT)):
            a, b = b, a
    if not (-180 <= a <= 180 and -90 <= b <= 90):
        raise CoordinateError("out_of_range", lon=a, lat=b)
    return a, b


def parse_gk3(text: str, zone: int | None = None) -> tuple[float, float, int]:
    """(lon, lat, zone) of a CGCS2000 3° GK easting and northing, in either order.

    An easting of eight digits before the point carries its zone (36 500 000 m is zone 36,
    500 km); otherwise ``zone`` must be given.
    """
    from gisplanner.crs import gk3_epsg, transformer

    a_text, b_text = _two_parts(text)
    try:
        a, b = float(a_text.replace(" ", "")), float(b_text.replace(" ", ""))
    except ValueError:
        raise CoordinateError("not_a_number", text=f"{a_text}, {b_text}") from None
    if b >= 1e7 or (a >= 1e6 and a < 1e7 and b < 1e6):
        a, b = b, a  # surveyors write X (northing) first
    easting, northing = a, b
    if easting >= 1e7:
        prefix = int(easting // 1e6)
        if zone is not None and zone != prefix:
            raise CoordinateError("zone_mismatch", zone=zone, prefix=prefix)
        zone, prefixed = prefix, True
    elif zone is None:
        raise CoordinateError("zone_needed", easting=easting)
    else:
        prefixed = False
    try:
        epsg = gk3_epsg(zone, prefixed=prefixed)
    except ValueError:
        raise CoordinateError("zone_out_of_range", zone=zone) from None
    lon, lat = transformer(f"EPSG:{epsg}", "EPSG:4326").transform(easting, northing)
    if not (math.isfinite(lon) and math.isfinite(lat)) or abs(lon - 3 * zone) > 3 or not -90 <= lat <= 90:
        raise CoordinateError("outside_zone", zone=zone, easting=easting, northing=northing)
    return float(lon), float(lat), zone


def parse_location(text: str, system: str = "wgs84", zone: int | None = None) -> Location:
    """The WGS84 place that ``text`` names in ``system`` (one of ``SYSTEMS``)."""
    if system == "gk3":
        lon, lat, zone = parse_gk3(text, zone)
        return Location(lon, lat, system, zone)
    if system not in SYSTEMS:
        raise CoordinateError("unknown_system", system=system)
    lon, lat = parse_degrees(text)
    if system in ("gcj02", "bd09"):
        from gisplanner.io.offsets import to_wgs84

        out_lon, out_lat = to_wgs84(lon, lat, system)
        lon, lat = float(out_lon), float(out_lat)
    return Location(lon, lat, system)


__all__ = ["SYSTEMS", "CoordinateError", "Location", "parse_degrees", "parse_gk3", "parse_location"]
