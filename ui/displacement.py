"""Point displacement: points that share a place on screen are drawn on a ring around it, each
joined to the true position by a leader line (as QGIS's point-displacement renderer).

Many facilities are placed at the same town point; drawn as they are, only the top one can be
seen or clicked. The renderer (drawing) and the canvas (hit test, selection ring) both call
``shown_points`` with the same view and layers, so what is drawn is what gets clicked. Only
where points collide at the current scale are they moved; zoomed in far enough to separate,
they stay where they are. The ring geometry is the core's (``gisplanner.displacement``),
shared with the HTML export.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gisplanner.displacement import MAX_POINTS, MIN_RADIUS_PX, SPACING_PX, TOLERANCE_PX, ring_positions

__all__ = ["MAX_POINTS", "MIN_RADIUS_PX", "SPACING_PX", "TOLERANCE_PX", "ShownPoints", "ring_positions", "shown_points"]


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
