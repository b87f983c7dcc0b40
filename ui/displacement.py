"""Point displacement: points that share a place on screen are drawn on a ring around it, each
joined to the true position by a leader line (as QGIS's point-displacement renderer).

Many facilities are placed at the same town point; drawn as they are, only the top one can be
seen or clicked. The renderer (drawing) and the canvas (hit test, selection ring) both call
``shown_points`` with the same view and layers, so what is drawn is what gets clicked. Only
where points collide at the current scale are they moved; zoomed in far enough to separate,
they stay where they are. Qt-free numpy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

TOLERANCE_PX = 6.0  # points closer than this on screen share a ring
SPACING_PX = 17.0  # distance between neighbours on a ring
MIN_RADIUS_PX = 16.0
MAX_POINTS = 2000  # above this many visible points the map draws dots: nothing is displaced


@dataclass
class ShownPoints:
    """One point layer as drawn: feature indices, their screen positions, and the true
    position each displaced point is tied to (NaN where it was not moved)."""

    idx: np.ndarray
    pos: np.ndarray
    anchors: np.ndarray

    def near(self, x: float, y: float, tolerance: float) -> list[int]:
        """Feature indices drawn within ``tolerance`` pixels of (x, y), nearest first, then
        every point of a ring whose centre (the shared true place) is there."""
        if not len(self.idx):
            return []
        dist = np.hypot(self.pos[:, 0] - x, self.pos[:, 1] - y)
        order = np.argsort(dist, kind="stable")
        out = [int(self.idx[k]) for k in order if dist[k] <= tolerance]
        at_centre = np.hypot(self.anchors[:, 0] - x, self.anchors[:, 1] - y) <= tolerance  # NaN: False
        return out + [int(i) for i in self.idx[at_centre] if int(i) not in out]


def ring_positions(xy: np.ndarray, tolerance: float = TOLERANCE_PX) -> tuple[np.ndarray, np.ndarray]:
    """Screen positions with colliding points spread on rings, and the ring centres (NaN for
    points left in place). Points are grouped by ``tolerance``-sized cells; order is kept, so
    the same input always gives the same picture."""
    pos = np.array(xy, dtype=np.float64, copy=True)
    anchors = np.full_like(pos, np.nan)
    if len(pos) < 2:
        return pos, anchors
    cells = np.round(pos / tolerance).astype(np.int64)
    _keys, inverse, counts = np.unique(cells, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    for group in np.nonzero(counts > 1)[0]:
        members = np.nonzero(inverse == group)[0]
        n = len(members)
        centre = pos[members].mean(axis=0)
        radius = max(MIN_RADIUS_PX, SPACING_PX * n / (2 * math.pi))
        angles = -math.pi / 2 + 2 * math.pi * np.arange(n) / n  # clockwise from the top
        pos[members, 0] = centre[0] + radius * np.cos(angles)
        pos[members, 1] = centre[1] + radius * np.sin(angles)
        anchors[members] = centre
    return pos, anchors


def shown_points(view, layers) -> dict[str, ShownPoints]:
    """Where the visible points of ``layers`` ([(name, LayerData, mask)], any order) are drawn.

    All point layers are displaced together (a station and a plant at one place share a
    ring). Layers are taken in name order so the renderer and the canvas agree.
    """
    picked = []
    for name, data, mask in sorted(layers, key=lambda item: item[0]):
        if data.kind != "point" or not data.n:
            continue
        idx = data.query(view.extent)
        if mask is not None and len(idx):
            idx = idx[mask[idx]]
        picked.append((name, data, idx))
    if not picked or sum(len(idx) for _n, _d, idx in picked) > MAX_POINTS:
        return {}  # drawn as dots: nothing is displaced, callers use the true positions
    xy = np.vstack([view.to_screen(data.centers[idx]) if len(idx) else np.empty((0, 2))
                    for _n, data, idx in picked])
    pos, anchors = ring_positions(xy)
    out, start = {}, 0
    for name, _data, idx in picked:
        end = start + len(idx)
        out[name] = ShownPoints(idx, pos[start:end], anchors[start:end])
        start = end
    return out
