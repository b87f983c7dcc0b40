"""China's obfuscated coordinates: GCJ-02 (AMap, Tencent) and BD-09 (Baidu) to WGS84 and back.

The forward formulas (WGS84 → GCJ-02 → BD-09) are public; there is no closed-form inverse, so
``to_wgs84`` solves ``forward(x) = observed`` by fixed-point iteration, which converges to
millimetres within a handful of steps (the offset varies slowly, a few hundred metres at most).
All functions take and return numpy arrays (or scalars) of longitude and latitude in degrees.
"""

from __future__ import annotations

import numpy as np

OFFSETS = ("gcj02", "bd09")
LABELS = {"gcj02": "GCJ-02", "bd09": "BD-09"}

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by the GCJ-02 formula
_EE = 0.00669342162296594323
_X_PI = np.pi * 3000.0 / 180.0


def _delta_lat(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    return ret


def _delta_lon(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lon, lat):
    """GCJ-02 coordinates of WGS84 points (the published forward formula)."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    dlat = _delta_lat(lon - 105.0, lat - 35.0)
    dlon = _delta_lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad) * np.pi)
    return lon + dlon, lat + dlat


def gcj02_to_bd09(lon, lat):
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    z = np.sqrt(lon * lon + lat * lat) + 0.00002 * np.sin(lat * _X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def wgs84_to_bd09(lon, lat):
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def _forward(offset: str):
    if offset == "gcj02":
        return wgs84_to_gcj02
    if offset == "bd09":
        return wgs84_to_bd09
    raise ValueError(f"unknown offset {offset!r}: use one of {', '.join(OFFSETS)}")


def to_wgs84(lon, lat, offset: str, tolerance_deg: float = 1e-9, max_steps: int = 30):
    """WGS84 of points given in ``offset`` coordinates, by iterating the forward formula.

    Each step moves the guess by the residual ``observed - forward(guess)``; the map is
    a near-identity so this contracts quickly. Stops when every point moved < ``tolerance_deg``
    (about 0.1 mm).
    """
    forward = _forward(offset)
    obs_lon = np.asarray(lon, dtype=float)
    obs_lat = np.asarray(lat, dtype=float)
    guess_lon, guess_lat = obs_lon.copy(), obs_lat.copy()
    for _ in range(max_steps):
        f_lon, f_lat = forward(guess_lon, guess_lat)
        d_lon, d_lat = obs_lon - f_lon, obs_lat - f_lat
        guess_lon = guess_lon + d_lon
        guess_lat = guess_lat + d_lat
        if np.all(np.abs(d_lon) < tolerance_deg) and np.all(np.abs(d_lat) < tolerance_deg):
            break
    return guess_lon, guess_lat


def geometry_to_wgs84(geometries, offset: str):
    """Shapely geometries (array-like) in ``offset`` coordinates moved to WGS84, vertex by vertex."""
    import shapely

    def move(coords: np.ndarray) -> np.ndarray:
        x, y = to_wgs84(coords[:, 0], coords[:, 1], offset)
        return np.column_stack([x, y])

    return shapely.transform(np.asarray(geometries, dtype=object), move)
