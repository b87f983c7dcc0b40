"""The offline vector basemap (data/basemap/basemap.gpkg) for the export: the map's default
background, so a map opened without network still shows where things are.

China's provinces, coarse and whole, are the land at every zoom (the page cannot be zoomed out
past them), drawn on a neutral sea-coloured background, so the zoomed-out view ends at coasts
and borders, never at a cut rectangle. The detailed layers (cities, districts, rivers, sea)
cover the export's surroundings as whole features and appear only from the zoom where they
matter. Each part says its zoom range; the page's script shows and hides them.
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

LAND = "#f6f4ee"
SEA = "#dbe5ea"
"""The page's background: sea and everything beyond the basemap."""
COARSE_TOLERANCE = 0.03  # degrees: about 2 px at the whole-China zoom
MIN_ISLAND = 0.002  # square degrees: smaller islands are left out of the overview
COARSE_DECIMALS = 3


@dataclass(frozen=True)
class Part:
    """One basemap layer: where it comes from, how it is drawn and from which zoom."""

    name: str
    layer: str
    kind: str  # polygon or line
    style: dict[str, Any]
    min_zoom: int = 0
    max_zoom: int = 30
    coarse: bool = False  # whole China at overview detail, not cut to the export's surroundings
    outline_until: int | None = None  # a filled polygon's outline is drawn below this zoom only


# Drawn in this order, bottom first.
PARTS: tuple[Part, ...] = (
    Part("land", "provinces", "polygon", {"color": "#a8a29a", "weight": 0.8, "fillColor": LAND, "fillOpacity": 1},
         coarse=True, outline_until=8),
    Part("cities", "cities", "polygon", {"color": "#7a7a7a", "weight": 1.4, "fillColor": LAND, "fillOpacity": 1},
         min_zoom=8),  # its land drawn finer than the overview's, where the view comes close
    Part("water", "water", "polygon", {"stroke": False, "fillColor": SEA, "fillOpacity": 1}, min_zoom=8),
    Part("rivers_overview", "rivers_overview", "line", {"color": "#9ecae1", "weight": 1}, max_zoom=7, coarse=True),
    Part("maritime_boundary", "maritime_boundary", "line", {"color": "#a8a29a", "weight": 1, "dashArray": "6 4"},
         max_zoom=7, coarse=True),
    Part("districts", "districts", "polygon", {"color": "#b0b0b0", "weight": 0.8, "fill": False, "dashArray": "3 3"},
         min_zoom=9),
    Part("rivers", "rivers", "line", {"color": "#6baed6", "weight": 1.6}, min_zoom=8),
    Part("coastline", "coastline", "line", {"color": "#6baed6", "weight": 1.0}, min_zoom=8),
)
LABEL_PART = "districts"
MARGIN = 0.5
"""Fraction of the extent added on each side, so panning a little still shows context."""
MIN_EXTENT = 0.5  # degrees


@dataclass
class Basemap:
    parts: list[dict[str, Any]]
    features: int
    bounds: tuple[float, float, float, float] | None = None
    """What the land covers (min lon, min lat, max lon, max lat): the page keeps its view there."""


def _label_points(geoms: np.ndarray, names: list[str], view: shapely.Geometry) -> list[list[Any]]:
    points = shapely.point_on_surface(geoms)
    inside = shapely.contains(view, points)
    return [[round(p.y, 4), round(p.x, 4), esc(n)] for p, n, ok in zip(points, names, inside, strict=True) if ok and n]


def _coarse(geoms: np.ndarray, kind: str) -> np.ndarray:
    if kind == "polygon":
        parts = shapely.get_parts(geoms)
        geoms = parts[shapely.area(parts) > MIN_ISLAND]
    return shapely.simplify(geoms, COARSE_TOLERANCE, preserve_topology=False)  # drawn, not analysed


def _part_dict(part: Part, geoms: np.ndarray, grid: Grid) -> dict[str, Any]:
    out: dict[str, Any] = {"name": part.name, "geom": part.kind, "style": part.style, "grid": grid.as_json(),
                           "features": encode(geoms, grid), "minZoom": part.min_zoom, "maxZoom": part.max_zoom}
    if part.outline_until is not None:
        out["outlineUntil"] = part.outline_until
    return out


def load_basemap(path: Path, bounds: tuple[float, float, float, float], grid: Grid,
                 lang: str = "zh") -> Basemap | None:
    """The basemap around ``bounds`` (possibly empty), place names in ``lang``, or None when
    the file is absent."""
    if not path.exists():
        return None
    x0, y0, x1, y1 = bounds
    extent = max(x1 - x0, y1 - y0, MIN_EXTENT)  # at least ~50 km: a single park still shows its district edges
    pad = extent * MARGIN
    view = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
    tolerance = extent / 2000
    present = {name for name, _ in pyogrio.list_layers(path)}
    coarse_grid = Grid.around(bounds, COARSE_DECIMALS)
    parts, count, land = [], 0, None
    for part in PARTS:
        if part.layer not in present:
            continue
        frame = pyogrio.read_dataframe(path, layer=part.layer, bbox=None if part.coarse else view)
        if frame.empty:
            continue
        geoms = frame.geometry.values
        kind = part.kind
        if part.kind == "polygon" and part.style.get("fill") is False:
            geoms, kind = shapely.boundary(geoms), "line"  # outlines only
        geoms = _coarse(geoms, kind) if part.coarse else shapely.simplify(geoms, tolerance, preserve_topology=False)
        wanted_types = [3, 6] if kind == "polygon" else [1, 5]  # (Multi)Polygon or (Multi)LineString
        keep = ~(shapely.is_empty(geoms) | shapely.is_missing(geoms)) & np.isin(shapely.get_type_id(geoms), wanted_types)
        geoms = geoms[keep]
        if len(geoms) == 0:
            continue
        out = _part_dict(Part(part.name, part.layer, kind, part.style, part.min_zoom, part.max_zoom, part.coarse,
                              part.outline_until), geoms, coarse_grid if part.coarse else grid)
        if part.name == LABEL_PART and (field := f"name_{lang}") in frame.columns:
            out["labels"] = _label_points(frame.geometry.values[keep], list(np.asarray(frame[field], dtype=object)[keep]),
                                          shapely.box(x0 - pad / 2, y0 - pad / 2, x1 + pad / 2, y1 + pad / 2))
        if part.name == "land":
            land = tuple(float(v) for v in shapely.total_bounds(geoms))
        parts.append(out)
        count += len(geoms)
    return Basemap(parts, count, land)  # type: ignore[arg-type]
