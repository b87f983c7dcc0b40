"""Pick the features an export shows, with their linked clauses, from the project."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from gisplanner.export.errors import ExportError
from gisplanner.export.options import ExportOptions
from gisplanner.feedback import Feedback, Step, check
from gisplanner.layers import LayerDef

_ALLOWED_TYPES = {"point": ("Point",), "line": ("LineString", "MultiLineString"),
                  "polygon": ("Polygon", "MultiPolygon")}
COLUMNS = ["uid", "name_zh", "name_en", "kind", "status", "status_date", "deadline"]
FRAME_MARGIN = 0.15
"""Fraction of a park's extent added on each side of its frame, so its edge has context."""
MIN_FRAME_MARGIN = 0.005  # degrees, about 500 m


@dataclass
class LayerSelection:
    definition: LayerDef
    frame: gpd.GeoDataFrame
    """Only the popup columns and a geometry, EPSG:4326, no empty geometries."""


@dataclass
class Selection:
    layers: list[LayerSelection]
    clauses: dict[str, list[dict[str, Any]]]
    park_name: str | None = None
    warnings: list[str] = field(default_factory=list)
    frame: tuple[float, float, float, float] | None = None
    """The rectangle lines and areas were clipped to (the park and a margin), when one was."""

    @property
    def count(self) -> int:
        return sum(len(s.frame) for s in self.layers)

    def bounds(self) -> tuple[float, float, float, float]:
        if self.frame is not None:
            return self.frame
        boxes = [s.frame.total_bounds for s in self.layers if len(s.frame)]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))


def _park(project, uid: str) -> tuple[str, shapely.Geometry]:
    record = project.feature(uid)
    if record is None or record.get("layer") != "parks":
        raise ExportError("no_park", uid=uid)
    if record["geometry"] is None or record["geometry"].is_empty:
        raise ExportError("park_without_geometry", uid=uid)
    return record.get("name_zh") or uid, record["geometry"]


def park_frame(park: shapely.Geometry) -> tuple[float, float, float, float]:
    """The park's bounding box with a margin: what a ``--park`` map shows."""
    x0, y0, x1, y1 = park.bounds
    pad = max(MIN_FRAME_MARGIN, FRAME_MARGIN * max(x1 - x0, y1 - y0))
    return (x0 - pad, y0 - pad, x1 + pad, y1 + pad)


def clip_to_frame(frame: gpd.GeoDataFrame, box: tuple[float, float, float, float],
                  allowed: tuple[str, ...]) -> gpd.GeoDataFrame:
    """Lines and areas cut to ``box`` (attributes and uids kept); points stay as they are.

    A railway that crosses the park would otherwise pull the map out to its far terminus.
    """
    if not len(frame) or "Point" in allowed:
        return frame
    geoms = shapely.clip_by_rect(frame.geometry.values, *box)
    types = shapely.get_type_id(geoms)
    wanted = [1, 5] if "LineString" in allowed else [3, 6]
    for i in np.nonzero(~np.isin(types, wanted) & ~shapely.is_empty(geoms))[0]:  # e.g. a collection
        parts = shapely.get_parts(geoms[i])
        parts = parts[np.isin(shapely.get_type_id(parts), wanted[:1])]
        geoms[i] = (shapely.multilinestrings if wanted[0] == 1 else shapely.multipolygons)(parts) \
            if len(parts) else shapely.from_wkt("GEOMETRYCOLLECTION EMPTY")
    frame = frame.copy()
    frame[frame.geometry.name] = geoms
    return frame[~frame.geometry.is_empty]


def _read_layer(project, definition: LayerDef, options: ExportOptions, area: shapely.Geometry | None,
                warnings: list[str]) -> gpd.GeoDataFrame:
    bbox = options.bbox
    if area is not None:
        ax0, ay0, ax1, ay1 = area.bounds
        bbox = (ax0, ay0, ax1, ay1) if bbox is None else (
            max(bbox[0], ax0), max(bbox[1], ay0), min(bbox[2], ax1), min(bbox[3], ay1))
        if bbox[0] > bbox[2] or bbox[1] > bbox[3]:
            return gpd.GeoDataFrame({c: [] for c in COLUMNS}, geometry=[], crs=4326)
    frame = project.features(definition.name, bbox=bbox)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ExportError("missing_columns", layer=definition.name, file=project.path, columns=", ".join(missing))
    frame = frame[[*COLUMNS, frame.geometry.name]]
    for column in ("kind", "status", "name_zh", "name_en"):  # a cell cleared in QGIS is NULL
        frame[column] = frame[column].astype(object).where(frame[column].notna(), "")
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    if options.statuses is not None:
        frame = frame[frame["status"].isin(list(options.statuses))]
    if options.uids is not None:
        frame = frame[frame["uid"].isin(list(options.uids))]
    empty = frame.geometry.isna() | frame.geometry.is_empty
    for uid in frame.loc[empty, "uid"]:
        warnings.append(f"{definition.name} feature {uid} has no geometry; left out of the map")
    frame = frame[~empty]
    allowed = _ALLOWED_TYPES["point" if definition.is_point else "line" if definition.is_line else "polygon"]
    wrong = ~frame.geometry.geom_type.isin(allowed)
    for uid, kind in zip(frame.loc[wrong, "uid"], frame.geometry[wrong].geom_type, strict=True):
        warnings.append(f"{definition.name} feature {uid} has a {kind} geometry, not {' or '.join(allowed)}; "
                        "left out of the map")
    frame = frame[~wrong]
    if area is not None:
        frame = clip_to_frame(frame[frame.intersects(area)], park_frame(area), allowed)
    return frame


def select_features(project, options: ExportOptions, feedback: Feedback) -> Selection:
    """The features matching ``options``, layer by layer in drawing order (bottom first)."""
    available = [d.name for d in project.layers()]
    options.validate(available)
    wanted = [d for d in project.layers() if options.layers is None or d.name in options.layers]
    park_name, area = _park(project, options.park) if options.park else (None, None)
    warnings: list[str] = []
    layers = []
    for i, definition in enumerate(wanted):
        check(feedback, 0.05 + 0.25 * i / max(1, len(wanted)), Step("reading_layer", layer=definition.name))
        layers.append(LayerSelection(definition, _read_layer(project, definition, options, area, warnings)))
    selection = Selection(layers, {}, park_name, warnings, park_frame(area) if area is not None else None)
    if selection.count == 0:
        raise ExportError("no_match", filters="; ".join(
            f"{label}: {value}" for label, value in options.describe(park_name, "en")))
    check(feedback, 0.32, Step("reading_links"))
    uids = {uid for s in layers for uid in s.frame["uid"]}
    selection.clauses = _clauses(project, uids)
    return selection


def _clauses(project, uids: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Linked clauses per exported feature: one query for a project file; through
    ``clauses_for`` for a view that answers from somewhere else (the desktop's edit session,
    whose unsaved links belong in the map too)."""
    from gisplanner.store import Project

    if isinstance(project, Project):
        return {uid: rows for uid, rows in project.clauses_by_feature().items() if uid in uids}
    return {uid: rows for uid in sorted(uids) if (rows := project.clauses_for(uid))}
