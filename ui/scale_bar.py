"""A scale bar with a round length (1, 2 or 5 × 10ⁿ m) measured at the view centre."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from gisplanner.ui.geo import View
from gisplanner.ui.labels import label_font


def nice_length(ground_res: float, max_px: float = 140.0) -> tuple[float, float]:
    """(metres, pixels) of the longest round length that fits in ``max_px``."""
    target = ground_res * max_px
    exp = 10 ** math.floor(math.log10(max(target, 1e-6)))
    for step in (5, 2, 1):
        if step * exp <= target:
            metres = step * exp
            return metres, metres / ground_res
    return exp, exp / ground_res


def format_length(metres: float) -> str:
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"


MARGIN = 14


def scale_bar_box(view: View, margin: int = MARGIN) -> QRectF:
    """The box the bar is drawn in (bottom left): label placement keeps out of it."""
    _metres, px = nice_length(view.ground_res())
    return QRectF(margin - 6, view.height - margin - 26, px + 70, 32)


def paint_scale_bar(painter: QPainter, view: View, margin: int = MARGIN) -> None:
    metres, px = nice_length(view.ground_res())
    x0, y0 = margin, view.height - margin
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 200))
    painter.drawRoundedRect(scale_bar_box(view, margin), 4, 4)
    pen = QPen(QColor("#212121"), 2)
    painter.setPen(pen)
    painter.drawLine(QPointF(x0, y0 - 4), QPointF(x0 + px, y0 - 4))
    for x in (x0, x0 + px / 2, x0 + px):
        painter.drawLine(QPointF(x, y0 - 10 if x != x0 + px / 2 else y0 - 7), QPointF(x, y0 - 4))
    painter.setFont(label_font(8.5))
    painter.drawText(QPointF(x0 + px + 6, y0 - 2), format_length(metres))
    painter.drawText(QPointF(x0, y0 - 13), "0")
    painter.restore()
