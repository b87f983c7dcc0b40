"""Label placement that never piles names on top of each other: greedy, by priority.

Each candidate tries a few slots around its anchor (right, left, above, below); the first slot
that overlaps no placed label or symbol wins, otherwise the label is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

LABEL_FONT_FAMILIES = ["Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "sans-serif"]


@dataclass
class Candidate:
    priority: float  # lower first
    x: float
    y: float
    text: str
    gap: float = 4.0  # pixels between anchor and text (a symbol's radius)
    color: str = "#212121"
    size: float = 9.0
    centered: bool = False  # area labels sit on their anchor


def label_font(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(LABEL_FONT_FAMILIES)
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


class LabelPlacer:
    def __init__(self, width: int, height: int) -> None:
        self.bounds = QRectF(0, 0, width, height)
        self.taken: list[QRectF] = []
        self.placed: list[tuple[Candidate, QRectF]] = []

    def block(self, rect: QRectF) -> None:
        self.taken.append(rect)

    def _free(self, rect: QRectF) -> bool:
        return self.bounds.contains(rect) and not any(rect.intersects(t) for t in self.taken)

    def place(self, candidates: list[Candidate], limit: int = 400) -> list[tuple[Candidate, QRectF]]:
        metrics: dict[float, QFontMetricsF] = {}
        for c in sorted(candidates, key=lambda c: c.priority)[: limit * 3]:
            fm = metrics.setdefault(c.size, QFontMetricsF(label_font(c.size)))
            w, h = fm.horizontalAdvance(c.text) + 2, fm.height()
            if c.centered:  # an area: on its anchor, else just above or below it
                slots = [(c.x - w / 2, c.y - h / 2), (c.x - w / 2, c.y - h * 1.8), (c.x - w / 2, c.y + h * 0.8)]
            else:
                g = c.gap
                slots = [(c.x + g, c.y - h / 2), (c.x - g - w, c.y - h / 2),
                         (c.x - w / 2, c.y - g - h), (c.x - w / 2, c.y + g)]
            for sx, sy in slots:
                rect = QRectF(sx, sy, w, h)
                if self._free(rect):
                    self.taken.append(rect.adjusted(-2, -1, 2, 1))
                    self.placed.append((c, rect))
                    break
            if len(self.placed) >= limit:
                break
        return self.placed


def draw_labels(painter: QPainter, placed: list[tuple[Candidate, QRectF]]) -> None:
    """Dark text with a white halo so it reads over any fill."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    halo = QPen(QColor(255, 255, 255, 230), 3.0)
    halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    fonts: dict[float, tuple[QFont, float]] = {}
    for c, rect in placed:
        font, ascent = fonts.setdefault(c.size, (label_font(c.size), QFontMetricsF(label_font(c.size)).ascent()))
        path = QPainterPath()
        path.addText(QPointF(rect.left() + 1, rect.top() + ascent), font, c.text)
        painter.strokePath(path, halo)
        painter.fillPath(path, QColor(c.color))
    painter.restore()
