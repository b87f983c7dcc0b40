"""Label placement that never piles names on top of each other: greedy, by priority.

Each candidate tries a few slots around its anchor (right, left, above, below); the first slot
that overlaps no placed label, callout line, symbol or reserved box or disc wins, otherwise
the label is dropped. A disc is a round mark the canvas draws over a point (the overdue ring):
no label goes under it, and the label of the point it surrounds starts just beyond it.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from gisplanner.ui.styles import SELECTION_RING

LABEL_FONT_FAMILIES = ["Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "sans-serif"]
# A point's label keeps clear of the ring drawn when the point is selected (the frame's
# labels are placed before anyone selects anything).
POINT_LABEL_GAP = SELECTION_RING.extent + 1.5
# Labels ranked above the ordinary layers' (a negative priority: e.g. stations) may go further
# out from a crowded point, tied to it by a callout line, rather than be dropped.
CALLOUT_PRIORITY = 0.0
CALLOUT_STEP, CALLOUT_STEPS = 14.0, 3  # pixels further out per round of slots, and how many rounds
CALLOUT_COLOR = "#424242"
DISC_CELL = 64.0  # pixels: discs are looked up by grid cell


@dataclass
class Candidate:
    priority: float  # lower first
    x: float
    y: float
    text: str
    gap: float = 4.0  # pixels between anchor and text (a symbol's radius; at least POINT_LABEL_GAP)
    color: str = "#212121"
    size: float = 9.0
    centered: bool = False  # area labels sit on their anchor
    angle: float = 0.0  # degrees, clockwise on screen: a line's label follows the line
    along: tuple = ()  # further (x, y, angle) spots on the line to try when this one is taken
    callout: bool = False  # set further out than its symbol's neighbourhood: a line ties it to its point


@dataclass(frozen=True)
class Disc:
    """A round mark drawn over the map round the point at (x, y), ``radius`` to its outer edge."""

    x: float
    y: float
    radius: float


def label_font(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(LABEL_FONT_FAMILIES)
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


_sizes: dict[tuple[str, float], tuple[float, float]] = {}
_local = threading.local()  # font metrics are reentrant, not thread-safe: one set per thread


def text_size(text: str, size: float) -> tuple[float, float]:
    """Width and height of a label in pixels (measuring CJK text is slow, so it is remembered)."""
    key = (text, size)
    if key not in _sizes:
        metrics = _local.__dict__.setdefault("metrics", {})
        fm = metrics.get(size) or metrics.setdefault(size, QFontMetricsF(label_font(size)))
        _sizes[key] = (fm.horizontalAdvance(text) + 2, fm.height())
    return _sizes[key]


class LabelPlacer:
    def __init__(self, width: int, height: int, reserved: Iterable[QRectF | Disc] = ()) -> None:
        """``reserved``: what is drawn over the map and no label may go under: boxes (the
        scale bar) and discs (rings round points)."""
        self.bounds = QRectF(0, 0, width, height)
        reserved = list(reserved)
        self.taken: list[QRectF] = [r for r in reserved if not isinstance(r, Disc)]
        self.discs: dict[tuple[int, int], list[Disc]] = {}  # by grid cell of their centre, to look up few
        self.disc_reach = 0.0  # the widest disc's radius
        for d in reserved:
            if isinstance(d, Disc):
                self.discs.setdefault((int(d.x // DISC_CELL), int(d.y // DISC_CELL)), []).append(d)
                self.disc_reach = max(self.disc_reach, d.radius)
        self.placed: list[tuple[Candidate, QRectF]] = []

    def block(self, rect: QRectF) -> None:
        self.taken.append(rect)

    def _free(self, rect: QRectF) -> bool:
        return (self.bounds.contains(rect) and not self._under_disc(rect)
                and not any(rect.intersects(t) for t in self.taken))

    def _near(self, left: float, top: float, right: float, bottom: float) -> Iterator[Disc]:
        """Discs whose centre may lie within the disc reach of the box."""
        if not self.discs:
            return
        m = self.disc_reach
        for cx in range(int((left - m) // DISC_CELL), int((right + m) // DISC_CELL) + 1):
            for cy in range(int((top - m) // DISC_CELL), int((bottom + m) // DISC_CELL) + 1):
                yield from self.discs.get((cx, cy), ())

    def _under_disc(self, rect: QRectF) -> bool:
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        for d in self._near(left, top, right, bottom):
            dx = max(left - d.x, d.x - right, 0.0)  # to the nearest point of the box
            dy = max(top - d.y, d.y - bottom, 0.0)
            if dx * dx + dy * dy < d.radius * d.radius:
                return True
        return False

    def _disc_round(self, x: float, y: float) -> float:
        """Radius of the widest disc drawn round the point at (x, y) (0 if none)."""
        return max((d.radius for d in self._near(x, y, x, y) if math.hypot(d.x - x, d.y - y) < 0.5), default=0.0)

    def place(self, candidates: list[Candidate], limit: int = 400) -> list[tuple[Candidate, QRectF]]:
        for c in sorted(candidates, key=lambda c: c.priority)[: limit * 3]:
            w, h = text_size(c.text, c.size)
            if c.angle or c.along:  # on its line: the first spot whose turned text is free
                for x, y, angle in ((c.x, c.y, c.angle), *c.along):
                    rect = _turned_box(x, y, w, h, angle)
                    if self._free(rect):
                        self.taken.append(rect)
                        self.placed.append((replace(c, x=x, y=y, angle=angle), QRectF(x - w / 2, y - h / 2, w, h)))
                        break
                continue
            if c.centered:  # an area: on its anchor, else just above or below it
                slots = [(c.x - w / 2, c.y - h / 2), (c.x - w / 2, c.y - h * 1.8), (c.x - w / 2, c.y + h * 0.8)]
            else:
                g = max(c.gap, POINT_LABEL_GAP, self._disc_round(c.x, c.y) + 1.5)
                slots = _around(c.x, c.y, g, w, h)[:4]
                if c.priority < CALLOUT_PRIORITY:
                    slots += [slot for k in range(1, CALLOUT_STEPS + 1)
                              for slot in _around(c.x, c.y, g + k * CALLOUT_STEP, w, h)]
            for n, (sx, sy) in enumerate(slots):
                rect = QRectF(sx, sy, w, h)
                if self._free(rect):
                    self.taken.append(rect.adjusted(-2, -1, 2, 1))
                    self.placed.append((replace(c, callout=True) if n >= 4 else c, rect))
                    if n >= 4:  # no later label goes over the line that ties this one to its point
                        self.taken += _along(_callout(c, rect))
                    break
            if len(self.placed) >= limit:
                break
        return self.placed


def _around(x: float, y: float, d: float, w: float, h: float) -> list[tuple[float, float]]:
    """Top-left corners of a ``w`` × ``h`` label ``d`` pixels from (x, y): right, left, above,
    below, then the four diagonals."""
    e = d * math.sqrt(0.5)
    return [(x + d, y - h / 2), (x - d - w, y - h / 2), (x - w / 2, y - d - h), (x - w / 2, y + d),
            (x + e, y - e - h), (x - e - w, y - e - h), (x + e, y + e), (x - e - w, y + e)]


def _callout(c: Candidate, rect: QRectF) -> QLineF:
    """From the edge of the point's symbol to the nearest point of its label's box."""
    ex = min(max(c.x, rect.left()), rect.right())
    ey = min(max(c.y, rect.top()), rect.bottom())
    d = math.hypot(ex - c.x, ey - c.y) or 1.0
    return QLineF(c.x + (ex - c.x) * c.gap / d, c.y + (ey - c.y) * c.gap / d, ex, ey)


def _along(line: QLineF, step: float = 4.0) -> list[QRectF]:
    """Small boxes covering ``line`` (a callout), one every ``step`` pixels, as label obstacles."""
    count = max(1, math.ceil(line.length() / step))
    points = (line.pointAt(k / count) for k in range(count + 1))
    return [QRectF(p.x() - 1.5, p.y() - 1.5, 3.0, 3.0) for p in points]


def _turned_box(x: float, y: float, w: float, h: float, angle: float) -> QRectF:
    """The upright box around a ``w`` × ``h`` rectangle centred on (x, y) turned by ``angle``°."""
    a = math.radians(angle)
    bw = abs(w * math.cos(a)) + abs(h * math.sin(a))
    bh = abs(w * math.sin(a)) + abs(h * math.cos(a))
    return QRectF(x - bw / 2, y - bh / 2, bw, bh)


HALO_OFFSETS = [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)]


def draw_labels(painter: QPainter, placed: list[tuple[Candidate, QRectF]]) -> None:
    """Dark text with a white halo so it reads over any fill. The halo is the text drawn at
    eight one-pixel offsets: glyph-cache blits, a tenth of the cost of stroking text paths."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    halo = QColor(255, 255, 255, 230)
    fonts: dict[float, tuple[QFont, float]] = {}
    callouts = [_callout(c, rect) for c, rect in placed if c.callout]
    if callouts:  # under the text, with a light rim so they read over any fill
        for color, width in ((QColor(255, 255, 255, 200), 3.0), (QColor(CALLOUT_COLOR), 1.0)):
            painter.setPen(QPen(color, width))
            painter.drawLines(callouts)
    for c, rect in placed:
        font, ascent = fonts.setdefault(c.size, (label_font(c.size), QFontMetricsF(label_font(c.size)).ascent()))
        painter.setFont(font)
        x, y = rect.left() + 1, rect.top() + ascent
        if c.angle:  # turned about the label's centre to follow its line
            painter.save()
            painter.translate(rect.center())
            painter.rotate(c.angle)
            x, y = -rect.width() / 2 + 1, -rect.height() / 2 + ascent
        painter.setPen(halo)
        for dx, dy in HALO_OFFSETS:
            painter.drawText(QPointF(x + dx, y + dy), c.text)
        painter.setPen(QColor(c.color))
        painter.drawText(QPointF(x, y), c.text)
        if c.angle:
            painter.restore()
    painter.restore()
