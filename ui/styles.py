"""Qt pens, brushes and point symbols for map and legend, built once from the face-neutral
``gisplanner.layers.style_for`` that the HTML export uses too."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF

from gisplanner.layers import LayerDef, layer_definition, style_for, symbol_outline

SELECTION_COLOR = QColor("#00e5ff")


@dataclass(frozen=True)
class Ring:
    radius: float
    width: float
    halo: float  # the dark rim under the ring, so it reads on any background

    @property
    def extent(self) -> float:
        """Distance from the centre to the ring's outer edge."""
        return self.radius + max(self.width, self.halo) / 2


# The ring drawn round a selected point: close to the symbol, and small enough that point
# labels, set just outside it (labels.POINT_LABEL_GAP), never sit under it.
SELECTION_RING = Ring(radius=8.5, width=3.0, halo=5.0)
POINT_PEN_WIDTH = 1.5


@dataclass(frozen=True)
class FeatureStyle:
    color: QColor
    pen: QPen
    brush: QBrush
    symbol: str
    size: float


@cache
def feature_style(layer: str, status_id: str | None, kind_id: str | None) -> FeatureStyle:
    """Qt pen and brush for a feature, from the one style source (``gisplanner.layers.style_for``)."""
    definition = layer_definition(layer)
    style = style_for(definition, status_id, kind_id)
    color = QColor(style.fill_color)  # the status colour, whatever the geometry
    width = POINT_PEN_WIDTH if definition.is_point else style.line_width
    pen = QPen(color, width)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap if style.dashed else Qt.PenCapStyle.RoundCap)
    if style.dashed:
        pen.setDashPattern([length / width for length in style.dash_pattern()])
    brush = QBrush(Qt.BrushStyle.NoBrush)
    if definition.is_polygon:
        fill = QColor(color)
        fill.setAlphaF(style.fill_opacity)
        brush = QBrush(fill)
    symbol = style.symbol if definition.is_point else "circle"
    return FeatureStyle(color, pen, brush, symbol, style.marker_size)


@cache
def symbol_path(symbol: str, size: float) -> QPainterPath:
    """A point symbol centred on (0, 0), ``size`` pixels across (shapes from ``symbol_outline``)."""
    path = QPainterPath()
    outline = symbol_outline(symbol, size)
    if outline is None:
        path.addEllipse(QPointF(0, 0), size / 2, size / 2)
    else:
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in outline]))
        path.closeSubpath()
    return path


@cache
def symbol_image(symbol: str, size: float, color_name: str, ratio: float = 1.0) -> QImage:
    """The symbol pre-rendered once, so thousands of points are blits, not path fills; ``ratio``
    device pixels per pixel keep it sharp on a high-resolution image (a printed page)."""
    side = int(math.ceil(size + 4))
    pixels = math.ceil(side * ratio)
    image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(pixels / side)  # exactly ``side`` pixels on the map, as at ratio 1
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.translate(side / 2, side / 2)
    p.setPen(QPen(QColor("white"), 1.3))
    p.setBrush(QColor(color_name))
    p.drawPath(symbol_path(symbol, size))
    p.end()
    return image


def paint_legend_symbol(p: QPainter, box: QRectF, definition: LayerDef, status_id: str) -> None:
    """How ``definition``'s features with ``status_id`` look, drawn into ``box`` (any painter:
    an icon, or a printed page, where it stays vector). Widths are in ``box``'s units."""
    style = feature_style(definition.name, status_id, definition.kinds[0].id if definition.kinds else None)
    side = min(box.width(), box.height())
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    if definition.is_point:
        p.translate(box.center())
        p.setPen(QPen(QColor("white"), side / 18))
        p.setBrush(style.color)
        p.drawPath(symbol_path("circle", side * 0.6))  # kinds have their own legend rows
    else:
        pen = QPen(style.pen)
        pen.setCosmetic(False)  # in the box's units, so a page at 600 dpi shows the same line
        pen.setWidthF(min(pen.widthF(), 3.0) * side / 18 if definition.is_line else 1.5 * side / 18)
        p.setPen(pen)
        if definition.is_line:
            p.drawLine(QPointF(box.left() + 1, box.bottom() - 3 * side / 18),
                       QPointF(box.right() - 1, box.top() + 3 * side / 18))
        else:
            p.setBrush(style.brush)
            p.drawRect(box.adjusted(side / 9, side / 6, -side / 9, -side / 6))
    p.restore()


def paint_kind_symbol(p: QPainter, box: QRectF, symbol: str, color: str = "#546e7a") -> None:
    """A point kind's symbol in a neutral colour, centred in ``box``."""
    side = min(box.width(), box.height())
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.translate(box.center())
    p.setPen(QPen(QColor("white"), side / 18))
    p.setBrush(QColor(color))
    p.drawPath(symbol_path(symbol, side * 0.75))
    p.restore()


def _icon(paint, side: int) -> QImage:
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    paint(p, QRectF(0, 0, side, side))
    p.end()
    return image


def legend_icon(definition: LayerDef, status_id: str, side: int = 18) -> QImage:
    """A small picture of how ``definition``'s features with ``status_id`` look."""
    return _icon(lambda p, box: paint_legend_symbol(p, box, definition, status_id), side)


def kind_icon(symbol: str, side: int = 18, color: str = "#546e7a") -> QImage:
    """A point kind's symbol in a neutral colour, for the legend."""
    return _icon(lambda p, box: paint_kind_symbol(p, box, symbol, color), side)
