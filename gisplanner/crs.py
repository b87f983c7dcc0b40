"""Coordinate systems planners in China use: CGCS2000 and its Gauss-Kruger zones.

EPSG numbers: CGCS2000 geographic 4490; 3° GK zones 25–45 with zone-prefixed eastings
4513–4533, central-meridian-only 4534–4554 (75°E … 135°E); 6° zones 13–23 with prefix
4491–4501, without 4502–4512.
"""

from __future__ import annotations

from functools import cache

from pyproj import CRS, Transformer

WGS84 = "EPSG:4326"
CGCS2000 = "EPSG:4490"
WEB_MERCATOR = "EPSG:3857"


def gk3_zone(lon: float) -> int:
    """3° zone number whose central meridian (3°·zone) is nearest ``lon``."""
    return int(round(lon / 3.0))


def gk3_epsg(zone: int, prefixed: bool = True) -> int:
    if not 25 <= zone <= 45:
        raise ValueError(f"3° zone {zone} is outside China's range 25–45")
    return (4513 if prefixed else 4534) + zone - 25


def gk6_epsg(zone: int, prefixed: bool = True) -> int:
    if not 13 <= zone <= 23:
        raise ValueError(f"6° zone {zone} is outside China's range 13–23")
    return (4491 if prefixed else 4502) + zone - 13


@cache
def transformer(src: str | int, dst: str | int) -> Transformer:
    return Transformer.from_crs(CRS.from_user_input(src), CRS.from_user_input(dst), always_xy=True)


def to_gk3(lon: float, lat: float) -> tuple[int, float, float]:
    """(zone, easting with zone prefix, northing) in the CGCS2000 3° zone of the point."""
    zone = gk3_zone(lon)
    x, y = transformer(WGS84, gk3_epsg(zone)).transform(lon, lat)
    return zone, x, y


def format_gk3(lon: float, lat: float) -> str:
    zone, x, y = to_gk3(lon, lat)
    return f"CGCS2000 3° GK zone {zone} (EPSG:{gk3_epsg(zone)}): E {x:,.1f} N {y:,.1f}"
