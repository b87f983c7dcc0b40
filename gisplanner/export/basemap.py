"""The offline vector basemap (data/basemap/basemap.gpkg) cut to the export's surroundings.

Boundaries, rivers and sea are drawn under the features so a map opened without network
still shows where things are. Clipped to the view, simplified to the scale and put on the
same integer grid as the features, it adds little to the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import shapely

from gisplanner.export.encode import Grid, encode
from gisplanner.export.popups import esc

# (layer in basemap.gpkg, geometry kind, Leaflet style); drawn in this order, bottom first.
BASEMAP_LAYERS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("water", "polygon", {"color": "#9ecae1", "weight": 0, "fillColor": "#c6dbef", "fillOpacity": 0.8}),
    ("provinces", "polygon", {"color": "#8c8c8c", "weight": 1.6, "fill": False}),
    ("districts", "polygon", {"color": "#b0b0b0", "weight": 0.8, "fill": False, "dashArray": "3 3"}),
    ("cities", "polygon", {"color": "#7a7a7a", "weight": 1.4, "fill": False}),
    ("rivers", "line", {"color": "#6baed6", "weight": 1.6}),
    ("coastline", "line", {"color": "#6baed6", "weight": 1.0}),
)
LABEL_LAYER = "districts"
MARGIN = 0.5
MIN_EXTENT = 0.5  # degrees
"""Fraction of the extent added on each side, so panning a little still shows context."""


@dataclass
class Basemap:
    parts: list[dict[str, Any]]
    features: int


def _label_points(geoms: np.ndarray, names: list[str], view: shapely.Geometry) -> list[list[Any]]:
    points = shapely.point_on_surface(geoms)
    inside = shapely.contains(view, points)
    return [[round(p.y, 4), round(p.x, 4), esc(n)] for p, n, ok in zip(points, names, inside, strict=True) if ok and n]


def load_basemap(path: Path, bounds: tuple[float, float, float, float], grid: Grid) -> Basemap | None:
    """The basemap around ``bounds`` (possibly empty), or None when the file is absent."""
    if not path.exists():
        return None
    x0, y0, x1, y1 = bounds
    # At least about 50 km across, so a single park still shows its district edges and coast.
    extent = max(x1 - x0, y1 - y0, MIN_EXTENT)
    pad = extent * MARGIN
    view = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
    tolerance = extent / 2000
    present = {name for name, _ in pyogrio.list_layers(path)}
    parts, count = [], 0
    for name, layer_kind, style in BASEMAP_LAYERS:
        kind = layer_kind
        if name not in present or (name == "provinces" and extent < 3) or (name == "districts" and extent > 6):
            continue
        frame = pyogrio.read_dataframe(path, layer=name, bbox=view)
        if frame.empty:
            continue
        geoms = frame.geometry.values
        if kind == "polygon" and style.get("fill") is False:
            geoms, kind = shapely.boundary(geoms), "line"  # outlines: a clipped ring would draw the cut edge
        geoms = shapely.simplify(shapely.clip_by_rect(geoms, *view), tolerance)
        wanted_types = [3, 6] if kind == "polygon" else [1, 5]  # (Multi)Polygon or (Multi)LineString
        keep = ~(shapely.is_empty(geoms) | shapely.is_missing(geoms)) & np.isin(shapely.get_type_id(geoms), wanted_types)
        geoms = geoms[keep]
        if len(geoms) == 0:
            continue
        part: dict[str, Any] = {"name": name, "geom": kind, "style": style, "grid": grid.as_json(),
                                "features": encode(geoms, grid)}
        if name == LABEL_LAYER and "name_zh" in frame.columns:
            part["labels"] = _label_points(frame.geometry.values[keep], list(np.asarray(frame["name_zh"], dtype=object)[keep]),
                                           shapely.box(x0 - pad / 2, y0 - pad / 2, x1 + pad / 2, y1 + pad / 2))
        parts.append(part)
        count += len(geoms)
    return Basemap(parts, count)
