"""Where the HTML map draws coincident points at each zoom level: the desktop's displacement
rings (``gisplanner.displacement``), worked out once per zoom level at export time.

Leaflet zooms in whole steps, so for every zoom the page may show, the points that collide on
screen get a pixel offset from their true position and the offset of their ring's centre; the
page's script only moves markers and draws the leader lines. Points that never collide cost
nothing in the file.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gisplanner.displacement import MAX_POINTS, ring_positions

MIN_ZOOM, MAX_ZOOM = 4, 18
"""Zoom range of the exported map (min: the whole of China; max: Leaflet's street level)."""
DISPLACE_FROM = 9
"""Below this zoom (a province or more in view) points simply overlap, as an overview should."""
MAX_RING = 60
"""Bigger groups stay stacked; their popup lists every feature standing there."""
TILE = 256.0


def world_pixels(lonlat: np.ndarray) -> np.ndarray:
    """Web Mercator pixel coordinates at zoom 0 (the world is 256 px wide), as Leaflet's."""
    lon, lat = lonlat[:, 0], np.clip(lonlat[:, 1], -85.0511287798, 85.0511287798)
    x = TILE * (lon + 180.0) / 360.0
    y = TILE * (0.5 - np.log(np.tan(math.pi / 4 + np.radians(lat) / 2)) / (2 * math.pi))
    return np.column_stack([x, y])


def displacement_table(points: list[np.ndarray]) -> dict[str, list[list[float]]]:
    """Per zoom (as text, for JSON) ``[layer, feature, dx, dy, ax, ay]`` for every displaced
    point: ``points[layer][feature]`` moves by (dx, dy) pixels and its leader runs to its true
    position + (ax, ay). Zooms where nothing moves are left out."""
    sizes = [len(p) for p in points]
    if sum(sizes) < 2:
        return {}
    base = world_pixels(np.vstack([p.reshape(-1, 2) for p in points if len(p)]))
    layer = np.repeat(np.arange(len(points)), sizes)
    feature = np.concatenate([np.arange(n) for n in sizes])
    table: dict[str, list[list[float]]] = {}
    for zoom in range(DISPLACE_FROM, MAX_ZOOM + 1):
        xy = base * 2.0 ** zoom
        pos, anchors = ring_positions(xy, max_group=MAX_RING)
        moved = np.nonzero(~np.isnan(anchors[:, 0]))[0]
        if not len(moved) or len(moved) > MAX_POINTS:
            continue
        shift, anchor = np.round(pos[moved] - xy[moved], 1), np.round(anchors[moved] - xy[moved], 1)
        table[str(zoom)] = [[int(layer[i]), int(feature[i]), *map(float, s), *map(float, a)]
                            for i, s, a in zip(moved, shift, anchor, strict=True)]
    return table


def point_displacement(layers: list[Any]) -> dict[str, Any] | None:
    """The page's displacement data for the point layers among ``layers`` (payloads), or None."""
    names, points = [], []
    for payload in layers:
        if payload.data["geom"] != "point" or not payload.count:
            continue
        g = payload.data["grid"]
        xy = np.array([f[9] for f in payload.data["features"]], dtype=np.float64)
        points.append(np.column_stack([(g["x"] + xy[:, 0]) / g["k"], (g["y"] + xy[:, 1]) / g["k"]]))
        names.append(payload.name)
    table = displacement_table(points)
    return {"layers": names, "zooms": table} if table else None
