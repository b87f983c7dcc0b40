"""Marks painted over the map's frame on chosen features, at the places the features are drawn
(a point displaced off a shared place is marked on its displacement ring, not at its true
place): the selection here, the overdue marks in ``overdue_marks``.

Painted on every repaint over the cached frame, so selecting never re-renders the map.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTransform

from gisplanner.ui.displacement import ShownPoints, shown_points
from gisplanner.ui.geo import View
from gisplanner.ui.layer_data import draw_shape
from gisplanner.ui.styles import SELECTION_COLOR, SELECTION_RING


def drawn_positions(view: View, shown: dict[str, ShownPoints], name: str, data, idx: Iterable[int],
                    ) -> list[tuple[float, float]]:
    """Screen positions of the points ``idx`` of layer ``name`` as drawn: where ``shown`` (from
    ``shown_points``) put them, else at their own place."""
    drawn = dict(zip(shown[name].idx.tolist(), shown[name].pos.tolist(), strict=True)) if name in shown else {}
    return [tuple(drawn.get(int(i)) or view.to_screen(data.centers[[int(i)]])[0]) for i in idx]


def draw_rings(painter: QPainter, points: Iterable[tuple[float, float]], pens: tuple[QPen, ...],
               radius: float) -> None:
    """A ring at each point, its pens in order (the halo first, so the ring reads on any fill)."""
    for x, y in points:
        for pen in pens:
            painter.setPen(pen)
            painter.drawEllipse(QPointF(x, y), radius, radius)


def paint_selection(painter: QPainter, view: View, layers, uids: list[str]) -> None:
    """A cyan ring round each selected point, a cyan outline along each selected line or area
    (outline only: labels under it stay legible); ``layers`` as the canvas hit-tests them."""
    if not uids:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(SELECTION_COLOR, SELECTION_RING.width)
    pen.setCosmetic(True)
    halo = QPen(QColor(0, 0, 0, 160), SELECTION_RING.halo)
    halo.setCosmetic(True)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    wanted = set(uids)
    shown = shown_points(view, layers)
    for name, data, _mask in layers:
        idx = [data.uid_index[u] for u in wanted if u in data.uid_index]
        if not idx:
            continue
        if data.kind == "point":
            draw_rings(painter, drawn_positions(view, shown, name, data, idx), (halo, pen), SELECTION_RING.radius)
            continue
        painter.setWorldTransform(QTransform(*view.qtransform_args()))
        for shape in data.paths(np.asarray(idx), view.res):
            for p in (halo, pen):
                painter.setPen(p)
                draw_shape(painter, shape, data.kind == "polygon")
        painter.resetTransform()
    painter.restore()
