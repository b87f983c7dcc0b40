"""GCJ-02 / BD-09 to WGS84: the iterative inverse lands within 0.5 m of the truth across China.

The truth is made by an independent, scalar transcription of the published forward formulas
(math module, no numpy), so a mistake shared by forward and inverse in offsets.py would show.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from pyproj import Geod

from gisplanner.io import offsets

GEOD = Geod(ellps="WGS84")


def _forward_gcj(lon: float, lat: float) -> tuple[float, float]:
    a, ee = 6378245.0, 0.00669342162296594323
    x, y = lon - 105.0, lat - 35.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
            + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
            + (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
            + (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0)
    dlon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
            + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
            + (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
            + (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - ee * math.sin(rad) ** 2
    dlat = (dlat * 180.0) / ((a * (1 - ee)) / (magic * math.sqrt(magic)) * math.pi)
    dlon = (dlon * 180.0) / (a / math.sqrt(magic) * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat


def _forward_bd(lon: float, lat: float) -> tuple[float, float]:
    gx, gy = _forward_gcj(lon, lat)
    x_pi = math.pi * 3000.0 / 180.0
    z = math.sqrt(gx * gx + gy * gy) + 0.00002 * math.sin(gy * x_pi)
    theta = math.atan2(gy, gx) + 0.000003 * math.cos(gx * x_pi)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


# a grid over China's extent plus the three parks
TRUTH = [(lon, lat) for lon in np.arange(74.0, 135.0, 4.5) for lat in np.arange(18.5, 53.5, 3.5)]
TRUTH += [(106.847, 29.57), (113.366, 22.068), (106.747, 31.868)]


@pytest.mark.parametrize("offset, forward", [("gcj02", _forward_gcj), ("bd09", _forward_bd)])
def test_inverse_lands_within_half_a_metre_across_china(offset, forward):
    lon = np.array([p[0] for p in TRUTH])
    lat = np.array([p[1] for p in TRUTH])
    shifted = np.array([forward(x, y) for x, y in TRUTH])
    back_lon, back_lat = offsets.to_wgs84(shifted[:, 0], shifted[:, 1], offset)
    _, _, error_m = GEOD.inv(lon, lat, back_lon, back_lat)
    _, _, shift_m = GEOD.inv(lon, lat, shifted[:, 0], shifted[:, 1])
    assert shift_m.min() > 50  # the offset is real: tens to hundreds of metres
    assert error_m.max() < 0.5, f"worst {error_m.max():.3f} m at {TRUTH[int(error_m.argmax())]}"


def test_forward_agrees_with_the_independent_transcription():
    for lon, lat in TRUTH[::7]:
        assert np.allclose(offsets.wgs84_to_gcj02(lon, lat), _forward_gcj(lon, lat), atol=1e-12)
        assert np.allclose(offsets.wgs84_to_bd09(lon, lat), _forward_bd(lon, lat), atol=1e-12)


def test_unknown_offset_is_refused():
    with pytest.raises(ValueError, match="unknown offset"):
        offsets.to_wgs84([106.8], [29.5], "wgs")
