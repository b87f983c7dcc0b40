"""A layer ready to draw: Mercator geometry, bounds, STRtree and per-scale path caches.

Built once per (re)load from the project's GeoDataFrame; the renderer only reads numpy arrays
and cached QPainterPaths, so a frame costs a tree query plus drawing, never a re-read.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import shapely
from PySide6.QtGui import QPainter, QPainterPath, QPolygonF

from gisplanner.ui.geo import R, to_lonlat, to_merc
from gisplanner.ui.qbuffers import polygons

LIGHT_COORDS = 32  # shapes with more vertices are simplified per zoom level and cached


def geometry_kind(geoms: np.ndarray) -> str:
    types = set(shapely.get_type_id(geoms[~shapely.is_missing(geoms)]).tolist())
    if types and types <= {0, 4}:
        return "point"
    if types and types <= {1, 2, 5}:
        return "line"
    return "polygon"


def lod_level(res: float) -> int:
    """Cache level of a resolution: paths simplified for 2^level m/px serve res within ×2."""
    return int(math.floor(math.log2(max(res, 1e-3))))


class LayerData:
    """Geometry and attribute columns of one layer, with a spatial index.

    Geometry stays in WGS84 (re-projecting 100k shapes costs more than drawing them); bounds,
    centres and drawn shapes are Web Mercator, whose axes are independent, so a lon/lat box
    maps exactly to a Mercator box and back.
    """

    def __init__(self, name: str, geoms: np.ndarray, columns: dict[str, np.ndarray]) -> None:
        keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        self.name = name
        self.source_index = np.flatnonzero(keep)
        self.geoms = np.asarray(geoms[keep], dtype=object)  # WGS84
        self.columns = {k: np.asarray(v, dtype=object)[keep] for k, v in columns.items()}
        self.n = len(self.geoms)
        self.kind = geometry_kind(self.geoms) if self.n else "point"
        if self.n:
            ll = shapely.bounds(self.geoms)
            lo, hi = to_merc(ll[:, :2]), to_merc(ll[:, 2:])
            self.bounds = np.column_stack([lo, hi])
        else:
            self.bounds = np.zeros((0, 4))
        self.centers = np.column_stack([(self.bounds[:, 0] + self.bounds[:, 2]) / 2,
                                        (self.bounds[:, 1] + self.bounds[:, 3]) / 2])
        self.sizes = np.maximum(self.bounds[:, 2] - self.bounds[:, 0], self.bounds[:, 3] - self.bounds[:, 1])
        self.tree = shapely.STRtree(self.geoms)
        self._flat_rings()
        self.uid_index: dict[str, int] = {}
        if "uid" in self.columns:
            self.uid_index = {u: i for i, u in enumerate(self.columns["uid"]) if u is not None}
        self._paths: dict[int, dict[int, QPainterPath | QPolygonF]] = {}
        self._label_points: dict[int, tuple[float, float]] = {}

    @classmethod
    def from_frame(cls, name: str, frame: Any, columns: list[str] | None = None) -> LayerData:
        cols = columns if columns is not None else [c for c in frame.columns if c != frame.geometry.name]
        data = {c: frame[c].to_numpy(dtype=object) for c in cols if c in frame.columns}
        return cls(name, np.asarray(frame.geometry.values, dtype=object), data)

    def column(self, name: str) -> np.ndarray:
        return self.columns.get(name, np.full(self.n, None, dtype=object))

    @property
    def total_bounds(self) -> tuple[float, float, float, float] | None:
        if not self.n:
            return None
        b = self.bounds
        return float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max())

    def query(self, extent: tuple[float, float, float, float]) -> np.ndarray:
        """Indices of features whose envelope meets ``extent`` (Mercator), ascending."""
        if not self.n:
            return np.zeros(0, dtype=np.intp)
        return np.sort(self.tree.query(shapely.box(*_lonlat_box(extent))))

    def paths(self, indices: np.ndarray, res: float) -> list[QPainterPath | QPolygonF]:
        """Mercator shapes simplified to about half a pixel at ``res``, cached per level: a
        QPolygonF for a single ring or line, a QPainterPath for holes and multi-parts
        (draw them with ``draw_shape``)."""
        level = lod_level(res)
        cache = self._paths.setdefault(level, {})
        missing = [int(i) for i in indices if int(i) not in cache]
        if missing:
            self._build_paths(np.asarray(missing), cache, 2.0 ** level * 0.5)
        return [cache[int(i)] for i in indices]

    def _build_paths(self, indices: np.ndarray, cache: dict, tolerance: float) -> None:
        geoms = self.geoms[indices]
        if self.kind != "point":
            # Only shapes with many vertices gain from simplifying; drawing tolerates the
            # occasional self-touching ring that the fast (non topology-preserving) mode makes.
            heavy = shapely.get_num_coordinates(geoms) > LIGHT_COORDS
            if heavy.any():
                geoms = geoms.copy()
                # Mercator metres → degrees: 1° of longitude is R·π/180 everywhere, 1° of
                # latitude that much divided by cos φ; take the finer of the two.
                lat = np.radians(np.clip(to_lonlat(self.centers[indices][heavy])[:, 1], -85, 85))
                degrees = tolerance / (R * math.pi / 180) * np.cos(lat)
                simple = shapely.simplify(geoms[heavy], degrees, preserve_topology=False)
                bad = shapely.is_empty(simple) | shapely.is_missing(simple)
                simple[bad] = geoms[heavy][bad]
                geoms[heavy] = simple
        closed = self.kind == "polygon"
        coords, starts, ends, ring_owner = _rings(geoms, closed)
        coords = to_merc(coords) if len(coords) else coords
        owners = np.asarray(indices)[ring_owner].tolist()
        rings_of = np.bincount(ring_owner, minlength=len(indices))
        single = {int(i) for i, k in zip(indices, rings_of, strict=True) if k == 1}
        new: dict[int, QPainterPath | QPolygonF] = {}
        for owner, ring in zip(owners, polygons(coords, starts.tolist(), ends.tolist()), strict=True):
            if owner in single:  # one ring or part: the polygon itself is the cheapest shape
                new[owner] = ring
                continue
            path = new.get(owner)
            if path is None:
                path = new[owner] = QPainterPath()
            path.addPolygon(ring)
            if closed:
                path.closeSubpath()
        for i in indices:  # a geometry without coordinates draws nothing
            new.setdefault(int(i), QPainterPath())
        cache.update(new)

    def _flat_rings(self) -> None:
        """Every ring's Mercator coordinates in one array, and which features are light (one
        ring of at most LIGHT_COORDS points): those are drawn straight from it, no path cache."""
        self.light = np.zeros(self.n, dtype=bool)
        self._xy, self._ring_start, self._ring_end = np.zeros((0, 2)), np.zeros(0, np.intp), np.zeros(0, np.intp)
        self._first_ring = np.zeros(self.n, dtype=np.intp)
        if not self.n or self.kind == "point":
            return
        coords, starts, ends, owner = _rings(self.geoms, self.kind == "polygon")
        self._xy = to_merc(coords) if len(coords) else np.zeros((0, 2))
        self._ring_start, self._ring_end = np.asarray(starts, np.intp), np.asarray(ends, np.intp)
        self._first_ring = np.minimum(np.searchsorted(owner, np.arange(self.n)), max(len(owner) - 1, 0))
        count = np.bincount(owner, minlength=self.n)
        self.light = count == 1
        self.light[self.light] = (self._ring_end - self._ring_start)[self._first_ring[self.light]] <= LIGHT_COORDS

    def screen_rings(self, indices: np.ndarray, view) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Pixel coordinates of light features ``indices`` as one contiguous array, with each
        feature's [start, end) rows: one gather and one affine map for the whole frame."""
        ring = self._first_ring[indices]
        counts = self._ring_end[ring] - self._ring_start[ring]
        ends = np.cumsum(counts)
        starts = ends - counts
        rows = np.repeat(self._ring_start[ring] - starts, counts) + np.arange(int(ends[-1]) if len(ends) else 0)
        return view.to_screen(self._xy[rows]), starts, ends

    def clear_caches(self) -> None:
        """Forget drawn shapes and label points (as just after loading)."""
        self._paths.clear()
        self._label_points.clear()

    def label_point(self, i: int) -> tuple[float, float]:
        """A point inside the feature (Mercator) to hang its label on."""
        if i not in self._label_points:
            g = self.geoms[i]
            p = None
            if self.kind == "polygon":
                p = shapely.point_on_surface(g)
            elif self.kind == "line":
                p = shapely.line_interpolate_point(shapely.line_merge(g), 0.5, normalized=True)
            if p is not None and not shapely.is_empty(p):
                x, y = to_merc(np.array([[p.x, p.y]]))[0]
                self._label_points[i] = (float(x), float(y))
            else:
                self._label_points[i] = (float(self.centers[i][0]), float(self.centers[i][1]))
        return self._label_points[i]

    def hit(self, x: float, y: float, tolerance: float) -> list[int]:
        """Features within ``tolerance`` metres (Mercator) of (x, y), nearest first."""
        if not self.n:
            return []
        cand = self.tree.query(shapely.box(*_lonlat_box((x - tolerance, y - tolerance, x + tolerance, y + tolerance))))
        if not len(cand):
            return []
        probe = shapely.Point(x, y)
        near = shapely.transform(self.geoms[cand], to_merc)  # only the few candidates
        dist = shapely.distance(near, probe)
        order = np.argsort(dist, kind="stable")
        return [int(cand[k]) for k in order if dist[k] <= tolerance]


def _lonlat_box(extent) -> tuple[float, float, float, float]:
    (a, b), (c, d) = to_lonlat(np.array([[extent[0], extent[1]], [extent[2], extent[3]]]))
    return float(a), float(b), float(c), float(d)


def draw_shape(painter: QPainter, shape: QPainterPath | QPolygonF, closed: bool) -> None:
    if isinstance(shape, QPainterPath):
        painter.drawPath(shape)
    elif closed:
        painter.drawPolygon(shape)
    else:
        painter.drawPolyline(shape)


def _rings(geoms: np.ndarray, closed: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """All coordinates, and per ring (or line part) its start, end and owning geometry index."""
    try:
        _type, coords, offsets = shapely.to_ragged_array(geoms, include_z=False)
        bounds = offsets[0]
        owner = np.arange(len(bounds) - 1)
        for level in offsets[1:]:  # ring → part → geometry
            owner = np.searchsorted(level, owner, side="right") - 1
        return coords, bounds[:-1], bounds[1:], owner
    except ValueError:  # mixed geometry types: take them apart one level at a time
        if closed:
            polys, poly_owner = shapely.get_parts(geoms, return_index=True)
            rings, ring_poly = shapely.get_rings(polys, return_index=True)
            ring_owner = poly_owner[ring_poly]
        else:
            rings, ring_owner = shapely.get_parts(geoms, return_index=True)
        coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
        starts = np.searchsorted(coord_ring, np.arange(len(rings)))
        return coords, starts, np.append(starts[1:], len(coords)), ring_owner
