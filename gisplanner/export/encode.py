"""Compact geometry for the exported page: integers on a decimal grid, delta-coded.

Plain GeoJSON spends ~40 characters per vertex on a full-precision coordinate pair; here a
vertex costs a few characters, which is what lets thousands of features fit in a file a
planner can e-mail. The page's script (runtime.js) turns the integers back into lat/lon.

Layout per feature: a point is ``[x, y]``; a line is a list of parts; a polygon is a list of
polygons, each a list of rings. A part or ring is a flat list ``[x0, y0, dx1, dy1, ...]``: the
first vertex relative to the grid origin, each next one relative to the one before. Polygon
rings leave out the closing vertex (Leaflet closes rings itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely import GeometryType

METRES_PER_DEGREE = 111_320.0


@dataclass(frozen=True)
class Grid:
    """Coordinates are ``(origin + integer) / 10**decimals`` degrees."""

    decimals: int
    origin_x: int
    origin_y: int

    @property
    def scale(self) -> int:
        return 10 ** self.decimals

    @classmethod
    def around(cls, bounds: tuple[float, float, float, float], decimals: int) -> Grid:
        k = 10 ** decimals
        return cls(decimals, int(round(bounds[0] * k)), int(round(bounds[1] * k)))

    def as_json(self) -> dict[str, int]:
        return {"k": self.scale, "x": self.origin_x, "y": self.origin_y}


def simplify(geoms: np.ndarray, tolerance_m: float) -> np.ndarray:
    """Outlines and lines simplified by ``tolerance_m`` metres (topology kept); points as they are."""
    if tolerance_m <= 0:
        return geoms
    return shapely.simplify(geoms, tolerance_m / METRES_PER_DEGREE, preserve_topology=True)


def encode(geoms: np.ndarray, grid: Grid) -> list[Any]:
    """One compact geometry per input geometry (all points, all lines or all polygons)."""
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) == 0:
        return []
    kind, coords, offsets = shapely.to_ragged_array(geoms, include_z=False)
    q = np.rint(coords * grid.scale).astype(np.int64) - np.array([grid.origin_x, grid.origin_y])
    if kind == GeometryType.POINT:
        return q.tolist()
    starts = offsets[0][:-1]
    starts = starts[starts < len(q)]
    delta = q.copy()
    delta[1:] -= q[:-1]
    delta[starts] = q[starts]
    flat = delta.ravel().tolist()
    closing = 1 if kind in (GeometryType.POLYGON, GeometryType.MULTIPOLYGON) else 0
    bounds = offsets[0]
    parts = [flat[2 * a: 2 * (b - closing)] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]

    def group(items: list[Any], offs: np.ndarray) -> list[list[Any]]:
        return [items[a:b] for a, b in zip(offs[:-1], offs[1:], strict=True)]

    if kind == GeometryType.LINESTRING:
        return [[p] for p in parts]
    if kind == GeometryType.MULTILINESTRING:
        return group(parts, offsets[1])
    if kind == GeometryType.POLYGON:
        return [[rings] for rings in group(parts, offsets[1])]
    if kind == GeometryType.MULTIPOLYGON:
        return group(group(parts, offsets[1]), offsets[2])
    raise ValueError(f"cannot encode {kind.name} geometries")
