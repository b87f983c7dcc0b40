"""Point displacement geometry, shared by the desktop map and the HTML export.

Points that share a place on screen are spread on a ring around it, each to be joined to the
true position by a leader line (as QGIS's point-displacement renderer): many facilities are
placed at one town point, and drawn as they are only the top one can be seen or clicked.
Pure numpy on screen (pixel) coordinates; the callers decide which points and which view.
"""

from __future__ import annotations

import math

import numpy as np

TOLERANCE_PX = 6.0  # points closer than this on screen share a ring
SPACING_PX = 17.0  # distance between neighbours on a ring
MIN_RADIUS_PX = 16.0
MAX_POINTS = 2000  # above this many visible points the map draws dots: nothing is displaced


def ring_positions(xy: np.ndarray, tolerance: float = TOLERANCE_PX,
                   max_group: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Screen positions with colliding points spread on rings, and the ring centres (NaN for
    points left in place). Points are grouped by ``tolerance``-sized cells; order is kept, so
    the same input always gives the same picture. Groups of more than ``max_group`` points
    stay where they are (a ring of hundreds would cover the map)."""
    pos = np.array(xy, dtype=np.float64, copy=True)
    anchors = np.full_like(pos, np.nan)
    if len(pos) < 2:
        return pos, anchors
    cells = np.round(pos / tolerance).astype(np.int64)
    _keys, inverse, counts = np.unique(cells, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    crowded = counts > 1 if max_group is None else (counts > 1) & (counts <= max_group)
    for group in np.nonzero(crowded)[0]:
        members = np.nonzero(inverse == group)[0]
        n = len(members)
        centre = pos[members].mean(axis=0)
        radius = max(MIN_RADIUS_PX, SPACING_PX * n / (2 * math.pi))
        angles = -math.pi / 2 + 2 * math.pi * np.arange(n) / n  # clockwise from the top
        pos[members, 0] = centre[0] + radius * np.cos(angles)
        pos[members, 1] = centre[1] + radius * np.sin(angles)
        anchors[members] = centre
    return pos, anchors
