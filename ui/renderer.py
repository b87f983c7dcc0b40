"""Draw a frame of layers into a QImage: cull with the STRtree, draw sub-pixel features as
dots in one call per style, cached simplified paths for the rest, then place labels.

Pure function of its inputs (no widgets), so it runs in a worker thread and in benchmarks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QTransform

from gisplanner.ui.bands import can_split, paint_in_bands
from gisplanner.ui.displacement import ShownPoints, shown_points
from gisplanner.ui.geo import View
from gisplanner.ui.labels import Candidate, LabelPlacer, draw_labels, text_size
from gisplanner.ui.layer_data import LayerData, draw_shape
from gisplanner.ui.line_labels import line_anchors
from gisplanner.ui.qbuffers import draw_rings, polygonf
from gisplanner.ui.styles import FeatureStyle, symbol_image

DOT_PX = 1.5  # features smaller than this many pixels are drawn as a dot
BLOB_PX = 4.0  # up to this size a line or polygon is drawn as a round blob of its size
OUTLINE_PX = 12.0  # polygons smaller than this are filled densely instead of outlined
MANY_POINTS = 2000  # above this many visible points, draw dots instead of symbols
LEADER = QColor(66, 66, 66, 190)  # lines from displaced points to their true place


@dataclass
class RenderLayer:
    """One layer as the renderer needs it: data, per-feature style groups, visibility."""

    data: LayerData
    group: np.ndarray  # style index per feature
    styles: list[FeatureStyle]
    opacity: float = 1.0
    mask: np.ndarray | None = None  # False = filtered out
    label_column: str | None = None
    label_priority: float = 0.0
    label_min_px: float = 30.0  # polygons/lines get a label once this large on screen
    label_color: str = "#212121"
    label_size: float = 9.0
    max_res: float = float("inf")  # hidden when zoomed out beyond this (m/px)
    min_res: float = 0.0


@dataclass
class FrameStats:
    drawn: int = 0
    dots: int = 0
    labels: int = 0
    placed: list = field(default_factory=list)  # (labels.Candidate, box) of each label drawn
    canceled: bool = False
    error: str | None = None  # the frame could not be finished (logged)
    per_layer: dict[str, int] = field(default_factory=dict)
    label_image: QImage | None = None  # the labels, when drawn apart from the map (see ``render``)


def new_image(view: View, background: str = "#d6e4ef") -> QImage:
    image = QImage(view.width, view.height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(background))
    return image


def render(image: QImage, view: View, layers: list, *, labels: bool = True, reserved=(),
           is_canceled: Callable[[], bool] = lambda: False, labels_apart: bool = False) -> FrameStats:
    """Paint ``layers`` (RenderLayers, or tile layers with ``paint``; bottom first) onto
    ``image`` as seen through ``view``. With ``labels_apart`` the labels go on a transparent
    image of their own (``FrameStats.label_image``), for a canvas that paints marks over the
    map and the names over those, as every GIS keeps labels on top."""
    stats = FrameStats()
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    placer = LabelPlacer(view.width, view.height, reserved)  # reserved: boxes drawn over the map
    candidates: list[Candidate] = []
    shown = shown_points(view, [(x.data.name, x.data, x.mask) for x in layers
                                if not hasattr(x, "paint") and x.min_res <= view.res <= x.max_res])
    try:
        for layer in layers:
            if hasattr(layer, "paint"):  # a raster tile layer draws itself
                stats.per_layer["tiles"] = layer.paint(painter, view)
                continue
            if not (layer.min_res <= view.res <= layer.max_res) or layer.opacity <= 0:
                continue
            points = shown.get(layer.data.name) if layer.data.kind == "point" else None
            if points is not None:
                idx = points.idx
            else:
                idx = layer.data.query(view.extent)
                if layer.mask is not None and len(idx):
                    idx = idx[layer.mask[idx]]
            if not len(idx):
                continue
            painter.setOpacity(layer.opacity)
            drawn = _draw_layer(painter, view, layer, idx, stats, placer, is_canceled, points)
            stats.per_layer[layer.data.name] = drawn
            stats.drawn += drawn
            if is_canceled():
                stats.canceled = True
                return stats
            if labels and layer.label_column:
                candidates.extend(_label_candidates(view, layer, idx, points))
        painter.setOpacity(1.0)
        if labels and candidates:
            placed = placer.place(candidates)
            if labels_apart:
                stats.label_image = new_image(view, "transparent")
                label_painter = QPainter(stats.label_image)
                draw_labels(label_painter, placed)
                label_painter.end()
            else:
                draw_labels(painter, placed)
            stats.labels, stats.placed = len(placed), placed
    finally:
        painter.end()
    return stats


def _groups(group: np.ndarray):
    """(style index, positions) for each style present, in style order."""
    order = np.argsort(group, kind="stable")
    keys, starts = np.unique(group[order], return_index=True)
    ends = np.append(starts[1:], len(order))
    for k, s, e in zip(keys, starts, ends, strict=True):
        yield int(k), order[s:e]


def _dense(color: QColor) -> QBrush:
    fill = QColor(color)
    fill.setAlphaF(0.7)
    return QBrush(fill)


def _blob_offsets(width: int) -> list[tuple[int, int]]:
    """Pixel offsets of a round blob ``width`` pixels across (corners cut from 3 px up)."""
    cells = [(x, y) for x in range(width) for y in range(width)]
    if width >= 3:
        last = width - 1
        cells = [c for c in cells if c not in {(0, 0), (0, last), (last, 0), (last, last)}]
    return cells


def _stamp(painter: QPainter, points, width: int) -> None:
    """Blobs as 1-pixel points stamped at a few offsets: Qt's fastest drawing path."""
    for dx, dy in _blob_offsets(width):
        painter.translate(dx, dy)
        painter.drawPoints(points)
        painter.translate(-dx, -dy)


def _draw_layer(painter: QPainter, view: View, layer: RenderLayer, idx: np.ndarray, stats: FrameStats,
                placer: LabelPlacer, is_canceled: Callable[[], bool], points: ShownPoints | None = None) -> int:
    data = layer.data
    group = layer.group[idx]
    if data.kind == "point":
        pts = points.pos if points is not None else view.to_screen(data.centers[idx])
        if points is not None:
            _draw_leaders(painter, points)
        for k, pos in _groups(group):
            style = layer.styles[k]
            if len(idx) > MANY_POINTS:
                pen = QPen(style.color, max(2.0, style.size * 0.5))
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(pen)
                painter.drawPoints(polygonf(pts[pos]))
                stats.dots += len(pos)
                continue
            img = symbol_image(style.symbol, style.size, style.color.name(), painter.device().devicePixelRatio())
            side = img.deviceIndependentSize().width()
            half = side / 2
            for x, y in pts[pos]:
                painter.drawImage(QPointF(x - half, y - half), img)
                placer.block(QRectF(x - half, y - half, side, side))
        return len(idx)
    px = data.sizes[idx] / view.res
    tiny = px < BLOB_PX
    if tiny.any():
        # Level of detail: shapes a few pixels across are indistinguishable from a blob, so
        # draw them as round points, one drawPoints call per (style, width) bucket.
        pts = view.to_screen(data.centers[idx[tiny]])
        widths = np.clip(np.round(px[tiny]), 2, BLOB_PX).astype(int)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for k, pos in _groups(group[tiny]):
            painter.setPen(QPen(layer.styles[k].color, 0))
            for w in np.unique(widths[pos]):
                _stamp(painter, polygonf(pts[pos[widths[pos] == w]] - (w - 1) / 2), int(w))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        stats.dots += int((px < DOT_PX).sum())
    big = idx[~tiny]
    if len(big):
        # Level of detail: a polygon under OUTLINE_PX is mostly outline, so it is drawn as a
        # denser fill without stroking (stroking costs five times the fill).
        outlined = px[~tiny] >= OUTLINE_PX if data.kind == "polygon" else np.ones(len(big), dtype=bool)
        light = data.light[big]
        shapes = _Shapes(*data.screen_rings(big[light], view), np.full(len(big), -1), {})
        shapes.ring_of[light] = np.arange(int(light.sum()))
        heavy = np.flatnonzero(~light)
        if len(heavy):  # many vertices, holes or parts: cached paths simplified for this zoom
            to_screen = QTransform(*view.qtransform_args())
            for k, shape in zip(heavy.tolist(), data.paths(big[heavy], view.res), strict=True):
                shapes.heavy[k] = to_screen.map(shape)
        # each shape's pixel box, only where the frame may be drawn in halves
        boxes = view.to_screen(data.bounds[big][:, [0, 3, 2, 1]].reshape(-1, 2)).reshape(-1, 4) \
            if can_split(painter, len(big)) else None
        _draw_shapes(painter, layer, group[~tiny], shapes, outlined, is_canceled, boxes)
    return len(idx)


@dataclass
class _Shapes:
    """A frame's shapes: light ones as pixel rings in one array, the others as Qt objects."""

    xy: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    ring_of: np.ndarray  # per shape: its ring row, or -1 when it is in ``heavy``
    heavy: dict

    def draw(self, painter: QPainter, pos: np.ndarray, closed: bool) -> None:
        rows = self.ring_of[pos]
        light = rows[rows >= 0]
        draw_rings(painter, self.xy, self.starts[light], self.ends[light], closed)
        for p in pos[rows < 0].tolist():
            draw_shape(painter, self.heavy[p], closed)


def _draw_shapes(painter: QPainter, layer: RenderLayer, group: np.ndarray, shapes: _Shapes, outlined: np.ndarray,
                 is_canceled: Callable[[], bool], boxes: np.ndarray | None) -> None:
    """The shapes, on two threads (a half of the frame each) when there are many (``boxes``: each
    shape's left, top, right and bottom in pixels; None when the frame cannot be split), else on
    this one."""
    groups = list(_groups(group))
    margin = 2 + max(style.pen.widthF() for style in layer.styles) / 2  # how far a pen reaches out
    if not (boxes is not None and paint_in_bands(
            painter, boxes, margin,
            lambda half, keep: _paint_shapes(half, layer, groups, shapes, outlined, is_canceled, keep))):
        _paint_shapes(painter, layer, groups, shapes, outlined, is_canceled)


def _paint_shapes(painter: QPainter, layer: RenderLayer, groups: list, shapes: _Shapes, outlined: np.ndarray,
                  is_canceled: Callable[[], bool], keep: np.ndarray | None = None) -> None:
    """Polygons: every fill first, without antialiasing (the antialiased outline drawn over it
    covers its edge, and unsmoothed fills cost about half), then the outlines, one pixel wide
    (Qt's cosmetic stroker; wider lines go through its path stroker at several times the cost).
    Lines, and outlines on a page drawn at print resolution: as styled, antialiased. ``groups``:
    (style, shape positions); only the shapes marked in ``keep``, if given."""
    closed = layer.data.kind == "polygon"
    if keep is not None:
        groups = [(k, pos[keep[pos]]) for k, pos in groups]
    if closed:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        for k, pos in groups:
            style = layer.styles[k]
            for brush, sub in ((_dense(style.color), pos[~outlined[pos]]), (style.brush, pos[outlined[pos]])):
                painter.setBrush(brush)
                shapes.draw(painter, sub, closed)
            if is_canceled():
                return
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    thin = closed and painter.device().devicePixelRatio() == 1  # a page (print) keeps its widened pens
    for k, pos in groups:  # outlines, or the lines themselves
        style = layer.styles[k]
        painter.setPen(_outline_pen(style) if thin else style.pen)
        shapes.draw(painter, pos[outlined[pos]], closed)
        if is_canceled():
            return


def _outline_pen(style: FeatureStyle) -> QPen:
    """The style's outline as a one-pixel cosmetic pen, its dashes as long on screen as before."""
    pen = QPen(style.pen)
    width = max(style.pen.widthF(), 1.0)
    if pen.style() == Qt.PenStyle.CustomDashLine:
        pen.setDashPattern([d * width for d in style.pen.dashPattern()])
    pen.setWidthF(1.0)
    pen.setCosmetic(True)
    return pen


def _draw_leaders(painter: QPainter, points: ShownPoints) -> None:
    """Thin lines from each displaced point to the true position, marked by a small dot."""
    moved = ~np.isnan(points.anchors[:, 0])
    if not moved.any():
        return
    painter.save()
    painter.setPen(QPen(LEADER, 1.0))
    ends = points.pos[moved]
    starts = points.anchors[moved]
    painter.drawLines([QLineF(a[0], a[1], b[0], b[1]) for a, b in zip(starts, ends, strict=True)])
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(LEADER)
    for x, y in np.unique(starts, axis=0):
        painter.drawEllipse(QPointF(x, y), 2.5, 2.5)
    painter.restore()


def _label_candidates(view: View, layer: RenderLayer, idx: np.ndarray,
                      points: ShownPoints | None = None) -> list[Candidate]:
    data = layer.data
    texts = data.column(layer.label_column)
    if data.kind == "point":
        chosen = idx if len(idx) <= MANY_POINTS else idx[:0]
        gap = max((s.size for s in layer.styles), default=8) / 2 + 2
    else:
        chosen = idx[data.sizes[idx] / view.res >= layer.label_min_px]
        gap = 0
    out = []
    drawn_at = dict(zip(points.idx.tolist(), points.pos.tolist(), strict=True)) if points is not None else {}
    chosen = chosen[:2000]
    along = dict(zip(chosen.tolist(), line_anchors(view, data.geoms[chosen]), strict=True)) \
        if data.kind == "line" else {}
    for i in chosen:
        text = texts[i]
        if not isinstance(text, str) or not text:
            continue
        angle, more = 0.0, ()
        if data.kind == "line":  # along the stretch of the line in view, if the name fits on it
            spots = along[int(i)]
            if not spots or spots[0][3] < text_size(str(text), layer.label_size)[0] + 8:
                continue
            x, y, angle = spots[0][:3]
            more = tuple(spot[:3] for spot in spots[1:])
        else:
            x, y = drawn_at.get(int(i)) or view.to_screen(np.array([data.label_point(int(i))]))[0]
        out.append(Candidate(layer.label_priority - float(data.sizes[i]) * 1e-9, float(x), float(y), str(text),
                             gap=gap, color=layer.label_color, size=layer.label_size,
                             centered=data.kind != "point", angle=float(angle), along=more))
    return out
