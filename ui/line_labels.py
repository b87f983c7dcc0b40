"""Where a line's label goes: along the longest stretch of the line inside the frame, turned
to follow it (as QGIS's parallel line labels), rather than at the middle of the whole line,
which for a road or railway crossing the map usually lies outside it."""

from __future__ import annotations

import math

import numpy as np
import shapely

from gisplanner.ui.geo import View, to_merc

INSET_PX = 6.0  # keep labels off the frame's edge
SPOTS = (0.5, 0.35, 0.65, 0.2, 0.8)  # fractions along the visible stretch, tried in turn


def line_anchors(view: View, geoms: np.ndarray) -> list[list[tuple[float, float, float, float]]]:
    """For each line (WGS84): the spots to try for its label, best first, as (x, y, angle in
    degrees, visible length in pixels) in screen pixels, the angle kept readable (-90° to 90°);
    none when the line is not in view."""
    screen = shapely.transform(geoms, lambda xy: view.to_screen(to_merc(xy)))
    clipped = shapely.clip_by_rect(screen, INSET_PX, INSET_PX, view.width - INSET_PX, view.height - INSET_PX)
    out: list[tuple[float, float, float, float] | None] = []
    for geom in clipped:
        parts = [g for g in shapely.get_parts(shapely.line_merge(geom)) if g.geom_type == "LineString"] \
            if geom is not None and not geom.is_empty else []
        if not parts:
            out.append([])
            continue
        part = max(parts, key=lambda g: g.length)
        out.append([(*_along(part, t), part.length) for t in SPOTS])
    return out


def _along(part, t: float) -> tuple[float, float, float]:
    """The point ``t`` of the way along ``part`` and the line's readable direction there."""
    length = part.length
    at = part.interpolate(t, normalized=True)
    step = min(length / 4, 20.0)
    a = part.interpolate(max(length * t - step, 0.0))
    b = part.interpolate(min(length * t + step, length))
    angle = math.degrees(math.atan2(b.y - a.y, b.x - a.x))
    if angle > 90:
        angle -= 180
    elif angle < -90:
        angle += 180
    return at.x, at.y, angle
