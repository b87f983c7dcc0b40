"""Map projection and the view transform the canvas and renderer share.

The project stores WGS84; the canvas draws in Web Mercator (conformal, so parks keep their
shape at every latitude) with plain numpy formulas, vectorised over whole layers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gisplanner.measure import metres_per_pixel

R = 6378137.0
MAX_LAT = 85.05112878


def to_merc(xy: np.ndarray) -> np.ndarray:
    """(N, 2) lon/lat → (N, 2) Web Mercator metres."""
    xy = np.asarray(xy, dtype=np.float64)
    out = np.empty_like(xy)
    out[:, 0] = np.radians(xy[:, 0]) * R
    lat = np.clip(xy[:, 1], -MAX_LAT, MAX_LAT)
    out[:, 1] = np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)) * R
    return out


def to_lonlat(xy: np.ndarray) -> np.ndarray:
    xy = np.asarray(xy, dtype=np.float64)
    out = np.empty_like(xy)
    out[:, 0] = np.degrees(xy[:, 0] / R)
    out[:, 1] = np.degrees(2 * np.arctan(np.exp(xy[:, 1] / R)) - np.pi / 2)
    return out


def lonlat_bounds_to_merc(bounds: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    (x0, y0), (x1, y1) = to_merc(np.array([[bounds[0], bounds[1]], [bounds[2], bounds[3]]]))
    return x0, y0, x1, y1


@dataclass(frozen=True)
class View:
    """What the canvas shows: centre (Mercator metres), resolution (metres per pixel), size."""

    cx: float
    cy: float
    res: float
    width: int
    height: int

    @property
    def extent(self) -> tuple[float, float, float, float]:
        hw, hh = self.width * self.res / 2, self.height * self.res / 2
        return self.cx - hw, self.cy - hh, self.cx + hw, self.cy + hh

    def lonlat_extent(self) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = self.extent
        (a, b), (c, d) = to_lonlat(np.array([[x0, y0], [x1, y1]]))
        return float(a), float(b), float(c), float(d)

    def to_screen(self, xy: np.ndarray) -> np.ndarray:
        """(N, 2) Mercator → (N, 2) pixel coordinates (y down)."""
        out = np.empty((len(xy), 2), dtype=np.float64)
        out[:, 0] = (xy[:, 0] - self.cx) / self.res + self.width / 2
        out[:, 1] = (self.cy - xy[:, 1]) / self.res + self.height / 2
        return out

    def to_map(self, px: float, py: float) -> tuple[float, float]:
        return self.cx + (px - self.width / 2) * self.res, self.cy - (py - self.height / 2) * self.res

    def qtransform_args(self) -> tuple[float, float, float, float, float, float]:
        """Mercator → pixel as QTransform(m11, m12, m21, m22, dx, dy)."""
        s = 1.0 / self.res
        return s, 0.0, 0.0, -s, self.width / 2 - self.cx * s, self.height / 2 + self.cy * s

    def fit(self, bounds: tuple[float, float, float, float], margin: float = 0.05,
            min_res: float = 0.5) -> View:
        """The view of the same size showing Mercator ``bounds`` whole."""
        x0, y0, x1, y1 = bounds
        w, h = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
        res = max(w / max(self.width, 1), h / max(self.height, 1)) * (1 + 2 * margin)
        return View((x0 + x1) / 2, (y0 + y1) / 2, max(res, min_res), self.width, self.height)

    def ground_res(self) -> float:
        """Metres on the ground per pixel at the view centre (Mercator stretches by 1/cos φ)."""
        lat = to_lonlat(np.array([[self.cx, self.cy]]))[0, 1]
        return self.res * math.cos(math.radians(lat))

    def at_scale(self, denominator: float) -> View:
        """The same centre drawn at 1:``denominator`` (OGC 0.28 mm pixels, true at the centre)."""
        lat = to_lonlat(np.array([[self.cx, self.cy]]))[0, 1]
        res = metres_per_pixel(denominator) / max(math.cos(math.radians(lat)), 1e-6)
        return View(self.cx, self.cy, res, self.width, self.height)


def merc_bounds_to_lonlat(bounds) -> tuple[float, float, float, float]:
    (a, b), (c, d) = to_lonlat(np.array([[bounds[0], bounds[1]], [bounds[2], bounds[3]]]))
    return float(a), float(b), float(c), float(d)
