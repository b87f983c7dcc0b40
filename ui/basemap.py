"""The offline vector basemap (data/basemap/basemap.gpkg) drawn under the project layers.

Missing file or layer → no basemap and no error: the planner's own layers still show.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen

from gisplanner.ui.layer_data import LayerData
from gisplanner.ui.renderer import RenderLayer
from gisplanner.ui.styles import FeatureStyle

log = logging.getLogger(__name__)

# name: (pen colour, width, fill or None, dashed, min_res, max_res, label size or None, label min px)
BASEMAP_STYLES: dict[str, tuple[str, float, str | None, bool, float, float, float | None, float]] = {
    "provinces": ("#9a8f80", 1.3, "#f5f3ee", False, 0, float("inf"), 10.0, 120),
    "water": ("#d6e4ef", 0.0, "#d6e4ef", False, 0, float("inf"), None, 0),
    "districts": ("#d3cbbf", 0.7, None, True, 0, 250, 8.0, 50),
    "cities": ("#b3a897", 1.0, None, False, 0, 2500, 9.0, 70),
    "coastline": ("#7fb0da", 0.8, None, False, 0, float("inf"), None, 0),
    "rivers_overview": ("#8dbde6", 1.0, None, False, 2000, float("inf"), None, 0),
    "rivers": ("#6ea7da", 1.6, None, False, 0, 2000, 8.5, 40),
}
LABEL_COLORS = {"provinces": "#5d5448", "cities": "#6d6459", "districts": "#8f877c", "rivers": "#3d78b0"}


def _style(pen_color: str, width: float, fill: str | None, dashed: bool) -> FeatureStyle:
    pen = QPen(QColor(pen_color), width)
    pen.setCosmetic(True)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    brush = QBrush(QColor(fill)) if fill else QBrush(Qt.BrushStyle.NoBrush)
    return FeatureStyle(QColor(pen_color), pen, brush, "circle", 4.0)


class LazyBasemap:
    """The basemap, read on first use — in the render thread, beside the project opening."""

    def __init__(self, path: Path, frames_source=None) -> None:
        self.path = path
        self.frames_source = frames_source  # () -> {layer: frame} read ahead, or None
        self.outline_only = False  # over a tile basemap: boundaries and rivers, no land fill
        self._layers: list[RenderLayer] | None = None
        self._outlines: list[RenderLayer] | None = None
        self._lock = threading.Lock()

    def layers(self) -> list[RenderLayer]:
        with self._lock:
            if self._layers is None:
                frames = self.frames_source() if self.frames_source is not None else None
                self._layers = load_basemap(self.path, frames)
                self._outlines = [
                    replace(layer, styles=[replace(st, brush=QBrush(Qt.BrushStyle.NoBrush)) for st in layer.styles])
                    for layer in self._layers if not layer.data.name.endswith(":water")]
            return self._outlines if self.outline_only else self._layers


def load_basemap(path: Path, frames: dict | None = None) -> list[RenderLayer]:
    """Render layers of the basemap file in drawing order; empty if it cannot be read.
    ``frames`` are its layers already read by ``read_basemap`` (by name), e.g. at start-up in
    the background."""
    if frames is None:
        if not path.exists():
            return []
        try:
            frames = read_basemap(path)
        except Exception as exc:  # a damaged basemap must never stop the app
            log.warning("basemap %s unreadable: %s", path, exc)
            return []
    out = []
    for name, (color, width, fill, dashed, min_res, max_res, label_size, label_px) in BASEMAP_STYLES.items():
        if name not in frames:
            continue
        geoms, columns = frames[name]
        data = LayerData(f"basemap:{name}", geoms, columns)
        out.append(RenderLayer(
            data=data, group=np.zeros(data.n, dtype=np.intp), styles=[_style(color, width, fill, dashed)],
            min_res=min_res, max_res=max_res,
            label_column="name_zh" if (label_size and "name_zh" in columns) else None, label_priority=100.0,
            label_min_px=label_px, label_color=LABEL_COLORS.get(name, "#777777"), label_size=label_size or 8.0,
        ))
    return out


def read_basemap(path: Path) -> dict:
    """The basemap's layers as (geometries, {"name_zh": ...}) by name — sqlite and shapely
    only, so reading it never waits for GDAL or geopandas to import."""
    from gisplanner.ui.quick_read import read_raw

    return read_raw(path, list(BASEMAP_STYLES), ("name_zh",))
