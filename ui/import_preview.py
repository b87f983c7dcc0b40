"""The import dialog's small map: where a file's rows will land, among the project's parks.

Drawn with QPainter in lon/lat (scaled by cos(latitude) so shapes keep their proportions);
it needs no basemap and no canvas, so it works before anything is written to the project.
"""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from gisplanner.ui.i18n import tr


class PreviewMap(QWidget):
    """Where the rows will land: the project's parks as context, the rows on top (WGS84)."""

    def __init__(self, context=(), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = [g for g in context if g is not None]
        self.geometries: list = []
        self.setMinimumSize(260, 220)

    def set_geometries(self, geometries) -> None:
        self.geometries = [g for g in geometries if g is not None]
        self.update()

    def _extent(self) -> tuple[float, float, float, float]:
        shapes = self.geometries or self.context
        if not shapes:
            return 73.0, 17.0, 136.0, 54.0
        x0, y0, x1, y1 = shapely.total_bounds(np.asarray(shapes, dtype=object))
        half = max(x1 - x0, y1 - y0) * 0.55 + 0.05  # at least ~10 km across: nearby parks show
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        return cx - half, cy - half, cx + half, cy + half

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt naming
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#f4f1ea"))
        x0, y0, x1, y1 = self._extent()
        k = np.cos(np.radians((y0 + y1) / 2))  # keep shapes' proportions at this latitude
        scale = min(self.width() / max((x1 - x0) * k, 1e-9), self.height() / max(y1 - y0, 1e-9))
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2

        def point(x: float, y: float) -> QPointF:
            return QPointF(self.width() / 2 + (x - cx) * k * scale, self.height() / 2 - (y - cy) * scale)

        def draw(geom, pen: QPen, brush: QColor | None) -> None:
            painter.setPen(pen)
            painter.setBrush(brush if brush is not None else Qt.BrushStyle.NoBrush)
            for part in getattr(geom, "geoms", [geom]):
                if part.geom_type == "Point":
                    painter.drawEllipse(point(part.x, part.y), 3.5, 3.5)
                    continue
                rings = [part.exterior, *part.interiors] if part.geom_type == "Polygon" else [part]
                path = QPainterPath()
                for ring in rings:
                    coords = np.asarray(ring.coords)
                    path.moveTo(point(*coords[0][:2]))
                    for x, y in coords[1:, :2]:
                        path.lineTo(point(x, y))
                painter.drawPath(path)

        for geom in self.context:
            draw(geom, QPen(QColor("#9e9e9e"), 1), QColor(158, 158, 158, 40))
        for geom in self.geometries:
            draw(geom, QPen(QColor("#d32f2f"), 1.5), QColor(211, 47, 47, 90))
        painter.setPen(QColor("#555"))
        painter.drawText(QRectF(6, 4, self.width() - 12, 18), Qt.AlignmentFlag.AlignLeft,
                         tr("{n} features").format(n=len(self.geometries))
                         + f"  ·  {x0:.3f}–{x1:.3f}°E, {y0:.3f}–{y1:.3f}°N")
        painter.end()
