"""Pens, brushes and point symbols derived from the layer definitions (status colour,
dashes for what is not built yet, kind symbols), built once and shared by map and legend."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF

from gisplanner.layers import LayerDef, layer_definition, status

SELECTION_COLOR = QColor("#00e5ff")
FALLBACK_COLOR = "#616161"


@dataclass(frozen=True)
class FeatureStyle:
    color: QColor
    pen: QPen
    brush: QBrush
    symbol: str
    size: float


def _status_color(status_id: str | None) -> tuple[QColor, bool]:
    try:
        s = status(status_id or "")
        return QColor(s.color), s.dashed
    except KeyError:
        return QColor(FALLBACK_COLOR), False


@cache
def feature_style(layer: str, status_id: str | None, kind_id: str | None) -> FeatureStyle:
    """How a feature of ``layer`` with this status and kind is drawn."""
    definition = layer_definition(layer)
    color, dashed = _status_color(status_id)
    kind = definition.kind(kind_id or "")
    width = (kind.line_width if kind and kind.line_width else None) or float(definition.style.get("line_width", 1.5))
    pen = QPen(color, width)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap if not dashed else Qt.PenCapStyle.FlatCap)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    brush = QBrush(Qt.BrushStyle.NoBrush)
    if definition.is_polygon:
        fill = QColor(color)
        fill.setAlphaF(float(definition.style.get("fill_opacity", 0.3)))
        brush = QBrush(fill)
    size = float(definition.style.get("marker_size", 9.0))
    return FeatureStyle(color, pen, brush, (kind.symbol if kind else "circle"), size)


@cache
def symbol_path(symbol: str, size: float) -> QPainterPath:
    """A point symbol centred on (0, 0), ``size`` pixels across."""
    r = size / 2
    path = QPainterPath()
    if symbol == "square":
        path.addRect(QRectF(-r * 0.85, -r * 0.85, r * 1.7, r * 1.7))
    elif symbol == "diamond":
        path.addPolygon(QPolygonF([QPointF(0, -r), QPointF(r, 0), QPointF(0, r), QPointF(-r, 0)]))
    elif symbol in {"triangle", "triangle_down"}:
        s = -1 if symbol == "triangle" else 1
        path.addPolygon(QPolygonF([QPointF(0, s * r), QPointF(r, -s * r * 0.8), QPointF(-r, -s * r * 0.8)]))
    elif symbol == "cross":
        t = r * 0.38
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in [
            (-t, -r), (t, -r), (t, -t), (r, -t), (r, t), (t, t), (t, r), (-t, r), (-t, t), (-r, t),
            (-r, -t), (-t, -t)]]))
    elif symbol in {"pentagon", "star"}:
        n = 5 if symbol == "pentagon" else 10
        pts = []
        for k in range(n):
            a = -math.pi / 2 + k * 2 * math.pi / n
            rr = r if symbol == "pentagon" or k % 2 == 0 else r * 0.45
            pts.append(QPointF(rr * math.cos(a), rr * math.sin(a)))
        path.addPolygon(QPolygonF(pts))
    elif symbol == "house":
        path.addPolygon(QPolygonF([QPointF(0, -r), QPointF(r, -r * 0.1), QPointF(r * 0.75, -r * 0.1),
                                   QPointF(r * 0.75, r), QPointF(-r * 0.75, r), QPointF(-r * 0.75, -r * 0.1),
                                   QPointF(-r, -r * 0.1)]))
    elif symbol == "tree":
        path.addPolygon(QPolygonF([QPointF(0, -r), QPointF(r * 0.8, r * 0.45), QPointF(r * 0.2, r * 0.45),
                                   QPointF(r * 0.2, r), QPointF(-r * 0.2, r), QPointF(-r * 0.2, r * 0.45),
                                   QPointF(-r * 0.8, r * 0.45)]))
    else:
        path.addEllipse(QPointF(0, 0), r, r)
    path.closeSubpath()
    return path


@cache
def symbol_image(symbol: str, size: float, color_name: str) -> QImage:
    """The symbol pre-rendered once, so thousands of points are blits, not path fills."""
    side = int(math.ceil(size + 4))
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.translate(side / 2, side / 2)
    p.setPen(QPen(QColor("white"), 1.3))
    p.setBrush(QColor(color_name))
    p.drawPath(symbol_path(symbol, size))
    p.end()
    return image


def legend_icon(definition: LayerDef, status_id: str, side: int = 18) -> QImage:
    """A small picture of how ``definition``'s features with ``status_id`` look."""
    style = feature_style(definition.name, status_id, definition.kinds[0].id if definition.kinds else None)
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    if definition.is_point:
        p.translate(side / 2, side / 2)
        p.setPen(QPen(QColor("white"), 1))
        p.setBrush(style.color)
        p.drawPath(symbol_path("circle", side * 0.6))  # kinds have their own legend rows
    elif definition.is_line:
        pen = QPen(style.pen)
        pen.setWidthF(min(pen.widthF(), 3.0))
        p.setPen(pen)
        p.drawLine(QPointF(1, side - 3), QPointF(side - 1, 3))
    else:
        pen = QPen(style.pen)
        pen.setWidthF(1.5)
        p.setPen(pen)
        p.setBrush(style.brush)
        p.drawRect(QRectF(2, 3, side - 4, side - 6))
    p.end()
    return image


def kind_icon(symbol: str, side: int = 18, color: str = "#546e7a") -> QImage:
    """A point kind's symbol in a neutral colour, for the legend."""
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.translate(side / 2, side / 2)
    p.setPen(QPen(QColor("white"), 1))
    p.setBrush(QColor(color))
    p.drawPath(symbol_path(symbol, side * 0.75))
    p.end()
    return image

