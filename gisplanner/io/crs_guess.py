"""Guess the coordinate system of a file that does not say, from its coordinate ranges.

Surveyors' files in China are nearly always in one of: longitude/latitude degrees (WGS84 or
CGCS2000), CGCS2000 Gauss-Kruger 3° or 6° zones (eastings with the zone number prefixed,
e.g. 36 384 000, or without it, e.g. 384 000), or Web Mercator (tiles, web exports). Each
system puts the same place at very different numbers, so the ranges narrow it to a few
candidates; ones that land outside China are dropped, and the rest are ranked by how close
they land to the project's parks, because a planner's data is about those places.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gisplanner.crs import gk3_epsg, gk6_epsg, transformer

CHINA_BOUNDS = (73.0, 17.0, 136.0, 54.0)
# Where the project's parks are (Bio-City in Banan, Health Port in Jinwan, Qinba in Bazhong).
PARK_HINTS = ((106.85, 29.45), (113.37, 22.07), (106.75, 31.87))


@dataclass(frozen=True)
class CrsCandidate:
    epsg: int
    label: str
    reason: str
    distance_km: float  # from the sample's centre, once transformed, to the nearest hint

    @property
    def crs(self) -> str:
        return f"EPSG:{self.epsg}"


def in_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lon = np.asarray(lon)
    lat = np.asarray(lat)
    return (lon >= CHINA_BOUNDS[0]) & (lon <= CHINA_BOUNDS[2]) & (lat >= CHINA_BOUNDS[1]) & (lat <= CHINA_BOUNDS[3])


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    dx = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    dy = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(dx, dy)


def _systems(x: np.ndarray, y: np.ndarray) -> list[tuple[int, str, str, float | None]]:
    """(epsg, label, reason, central meridian or None) worth trying for these ranges."""
    out: list[tuple[int, str, str, float | None]] = []
    xmin, xmax, ymin, ymax = x.min(), x.max(), y.min(), y.max()
    if -180 <= xmin and xmax <= 180 and -90 <= ymin and ymax <= 90:
        out.append((4326, "WGS84 longitude/latitude", "values are degrees", None))
        out.append((4490, "CGCS2000 longitude/latitude", "values are degrees", None))
        return out
    prefixes = set(np.floor(x / 1e6).astype(int).tolist())
    if len(prefixes) == 1:
        zone = prefixes.pop()
        if 25 <= zone <= 45:
            out.append((gk3_epsg(zone), f"CGCS2000 3° GK zone {zone} (zone-prefixed eastings)",
                        f"eastings start with zone number {zone}", 3.0 * zone))
        if 13 <= zone <= 23:
            out.append((gk6_epsg(zone), f"CGCS2000 6° GK zone {zone} (zone-prefixed eastings)",
                        f"eastings start with zone number {zone}", 6.0 * zone - 3.0))
    if 0 < xmin and xmax < 1_000_000 and 1_000_000 < ymin and ymax < 6_500_000:
        for zone in range(25, 46):
            out.append((gk3_epsg(zone, prefixed=False), f"CGCS2000 3° GK CM {3 * zone}°E",
                        "eastings near 500 000 m without a zone number", 3.0 * zone))
        for zone in range(13, 24):
            out.append((gk6_epsg(zone, prefixed=False), f"CGCS2000 6° GK CM {6 * zone - 3}°E",
                        "eastings near 500 000 m without a zone number", 6.0 * zone - 3.0))
    if abs(xmin) <= 20037509 and abs(xmax) <= 20037509 and abs(ymax) <= 20048967:
        out.append((3857, "Web Mercator", "values are metres on the web-map projection", None))
    return out


def guess_crs(x, y, hints=PARK_HINTS, limit: int = 5) -> list[CrsCandidate]:
    """Coordinate systems under which the points ``x, y`` land in China, most likely first."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    if x.size == 0:
        return []
    if x.size > 2000:  # a spread sample is enough to judge ranges
        idx = np.linspace(0, x.size - 1, 2000).astype(int)
        x, y = x[idx], y[idx]
    found: list[CrsCandidate] = []
    for epsg, label, reason, meridian in _systems(x, y):
        lon, lat = transformer(f"EPSG:{epsg}", "EPSG:4326").transform(x, y)
        lon, lat = np.asarray(lon), np.asarray(lat)
        if not np.all(np.isfinite(lon)) or not np.all(in_china(lon, lat)):
            continue
        if meridian is not None:
            half_width = 1.5 if "3°" in label else 3.0
            if np.any(np.abs(lon - meridian) > half_width + 0.5):
                continue  # a zone's coordinates stay near its own meridian
        clon, clat = float(np.median(lon)), float(np.median(lat))
        distance = min(_km(clon, clat, hx, hy) for hx, hy in hints) if hints else 0.0
        found.append(CrsCandidate(epsg, label, reason, distance))
    degrees = [c for c in found if c.epsg in (4326, 4490)]
    rest = sorted((c for c in found if c.epsg not in (4326, 4490)), key=lambda c: c.distance_km)
    if rest:
        rest[1:1] = older_datums(rest[0])
    return (degrees + rest)[:limit]


def older_datums(best: CrsCandidate) -> list[CrsCandidate]:
    """The same 3° zone on Xian 1980 and Beijing 1954: older surveys use them, and the numbers
    alone cannot tell them from CGCS2000 (they differ by tens of metres, not kilometres)."""
    if 4513 <= best.epsg <= 4533:
        zone, xian, beijing = best.epsg - 4513 + 25, 2349, 2401
    elif 4534 <= best.epsg <= 4554:
        zone, xian, beijing = best.epsg - 4534 + 25, 2370, 2422
    else:
        return []
    label = best.label.replace("CGCS2000", "{}")
    reason = "same zone on an older datum: choose it if the survey predates CGCS2000"
    return [CrsCandidate(xian + zone - 25, label.format("Xian 1980"), reason, best.distance_km),
            CrsCandidate(beijing + zone - 25, label.format("Beijing 1954"), reason, best.distance_km)]
