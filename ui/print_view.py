"""The printed map page: one painter for the Print Layout dialog's preview, its PNG and its PDF.

The page (any QPageSize paper, either orientation) is laid out in points: a title and
subtitle, the map drawn by the canvas's own renderer at a true paper scale (1:N) over the
chosen extent, the legend of the visible layers with the map's symbols, a scale bar, a north
arrow and a footer with the date, extent and scale. The PNG is that page at the chosen DPI;
the PDF keeps everything but the map vector.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen, QPolygonF

from gisplanner.measure import format_scale
from gisplanner.ui.geo import View, lonlat_bounds_to_merc, to_lonlat
from gisplanner.ui.i18n import tr
from gisplanner.ui.print_legend import LegendEntry, legend_entries, page_font, paint_legend
from gisplanner.ui.renderer import RenderLayer, new_image, render
from gisplanner.ui.scale_bar import format_length, nice_length

PAPERS: dict[str, QPageSize.PageSizeId] = {
    "A4": QPageSize.PageSizeId.A4, "A3": QPageSize.PageSizeId.A3, "A2": QPageSize.PageSizeId.A2,
    "A1": QPageSize.PageSizeId.A1, "A0": QPageSize.PageSizeId.A0, "Letter": QPageSize.PageSizeId.Letter,
}
DPI_RANGE = (72, 600)
MAX_PIXELS = 160_000_000  # a bigger PNG would need gigabytes of memory
METRES_PER_POINT = 0.0254 / 72
FULL_MARGIN = 0.04  # of the full extent's size, on each side
MAP_PX_POINTS = 0.75  # the map's symbols and labels: one screen pixel (1/96 in) on paper, times k


class PrintError(ValueError):
    """A page that cannot be made; ``code`` and ``params`` let the dialog word it."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


@dataclass
class PageOptions:
    paper: str = "A4"
    landscape: bool = True
    dpi: int = 150
    title: str = ""
    subtitle: str = ""
    extent: str = "view"  # "view", "full" or "bookmark:<name>"
    scale: float | None = None  # the 1:N denominator; None fits the extent to the map frame
    legend: bool = True
    scale_bar: bool = True
    north_arrow: bool = True
    labels: bool = True


def page_size_mm(options: PageOptions) -> QSizeF:
    size = QPageSize(PAPERS[options.paper]).size(QPageSize.Unit.Millimeter)
    w, h = sorted((size.width(), size.height()))
    return QSizeF(h, w) if options.landscape else QSizeF(w, h)


def page_points(options: PageOptions) -> QSizeF:
    mm = page_size_mm(options)
    return QSizeF(mm.width() / 25.4 * 72, mm.height() / 25.4 * 72)


def pixel_size(options: PageOptions, dpi: float | None = None) -> tuple[int, int]:
    mm = page_size_mm(options)
    d = dpi or options.dpi
    return round(mm.width() / 25.4 * d), round(mm.height() / 25.4 * d)


def type_scale(options: PageOptions) -> float:
    """Type and decorations grow gently with the paper (A4 = 1), as the page is seen from further."""
    mm = page_size_mm(options)
    return math.sqrt(min(mm.width(), mm.height()) / 210.0)


@dataclass
class Layout:
    """Where things go on the page, in points."""

    page: QRectF
    title: QRectF
    map: QRectF
    legend: QRectF | None
    footer: QRectF


def layout(options: PageOptions, legend_rows: int = 0) -> Layout:
    """The page's boxes; a portrait page's legend strip is as tall as ``legend_rows`` need."""
    size = page_points(options)
    k = type_scale(options)
    m = 28 * k
    page = QRectF(0, 0, size.width(), size.height())
    title_h = (30 + (16 if options.subtitle else 0)) * k
    footer_h = 16 * k
    title = QRectF(m, m, size.width() - 2 * m, title_h)
    body = QRectF(m, m + title_h + 6 * k, size.width() - 2 * m, size.height() - 2 * m - title_h - footer_h - 12 * k)
    legend = None
    if options.legend and options.landscape:
        legend_w = min(190 * k, body.width() * 0.3)
        legend = QRectF(body.right() - legend_w, body.top(), legend_w, body.height())
        body.setRight(legend.left() - 14 * k)
    elif options.legend:
        columns = max(1, int(body.width() // (150 * k)))
        legend_h = min(26 * k + min(legend_rows, max(math.ceil(legend_rows / columns), 5)) * 15 * k, 150 * k, body.height() * 0.3)
        legend = QRectF(body.left(), body.bottom() - legend_h, body.width(), legend_h)
        body.setBottom(legend.top() - 10 * k)
    footer = QRectF(m, size.height() - m - footer_h, size.width() - 2 * m, footer_h)
    return Layout(page, title, body, legend, footer)


def map_pixel_points(options: PageOptions) -> float:
    return MAP_PX_POINTS * type_scale(options)


def extent_bounds(window, extent: str) -> tuple[float, float, float, float]:
    """Mercator bounds of an extent choice: the map view, all layers, or a bookmark."""
    if extent == "full":
        boxes = [ml.data.total_bounds for ml in window.map_layers.values() if ml.data.n]
        if boxes:  # with a margin, so features on the edge keep their symbols and labels
            x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
            x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
            pad = max(x1 - x0, y1 - y0) * FULL_MARGIN
            return x0 - pad, y0 - pad, x1 + pad, y1 + pad
    elif extent.startswith("bookmark:"):
        name = extent.split(":", 1)[1]
        for bm in (window.project.bookmarks() if window.project is not None else []):
            if bm.name == name:
                return lonlat_bounds_to_merc(bm.bounds)
        raise PrintError("no_bookmark", name=name)
    return window.canvas.view.extent


def _cos_lat(cy: float) -> float:
    return max(math.cos(math.radians(float(to_lonlat(np.array([[0.0, cy]]))[0, 1]))), 1e-6)


def fitted_scale(window, options: PageOptions) -> float:
    """The 1:N (rounded up) at which the chosen extent just fills the map frame."""
    x0, y0, x1, y1 = extent_bounds(window, options.extent)
    frame = page_layout(window, options)[0].map
    res = max((x1 - x0) / frame.width(), (y1 - y0) / frame.height())  # Mercator metres per point
    return float(math.ceil(res * _cos_lat((y0 + y1) / 2) / METRES_PER_POINT))


def page_view(window, options: PageOptions) -> View:
    """The map frame's view: centred on the extent, at the chosen (or fitted) scale, sized in map pixels."""
    x0, y0, x1, y1 = extent_bounds(window, options.extent)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    denominator = options.scale or fitted_scale(window, options)
    frame = page_layout(window, options)[0].map
    w = max(1, round(frame.width() / map_pixel_points(options)))
    res = denominator * METRES_PER_POINT * frame.width() / w / _cos_lat(cy)  # exact across the frame
    return View(cx, cy, res, w, max(1, round(frame.height() * w / frame.width())))


def page_layout(window, options: PageOptions) -> tuple[Layout, list[LegendEntry]]:
    """The layout and the legend's rows (what the chosen extent shows)."""
    if not options.legend:
        return layout(options), []
    entries = legend_entries(window, extent_bounds(window, options.extent))
    return layout(options, len(entries)), entries


def render_map(window, options: PageOptions, dpi: float) -> tuple[QImage, View]:
    """The map frame drawn by the canvas renderer, ``dpi`` device pixels per inch of paper."""
    view = page_view(window, options)
    frame = page_layout(window, options)[0].map
    w, h = max(1, round(frame.width() / 72 * dpi)), max(1, round(frame.height() / 72 * dpi))
    ratio = w / view.width
    layers = [_on_paper(x, ratio) for item in window.canvas.layer_source()
              for x in (item.layers() if hasattr(item, "layers") else [item])]
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(new_image(View(0, 0, 1, 1, 1)).pixelColor(0, 0))  # the canvas's background colour
    render(image, view, layers, labels=options.labels, reserved=frame_decorations(options, frame, view))
    return image, view


def frame_decorations(options: PageOptions, frame: QRectF, view: View) -> list[QRectF]:
    """Where the scale bar and north arrow sit over the map, in the view's pixels: no label
    is placed under them."""
    k = type_scale(options)
    boxes = []
    if options.scale_bar:
        boxes.append(_scale_bar_box(frame, view.ground_res() * view.width / frame.width(), k))
    if options.north_arrow:
        boxes.append(_north_arrow_box(QPointF(frame.right() - 26 * k, frame.top() + 12 * k), k))
    to_view = view.width / frame.width()
    return [QRectF((b.left() - frame.left()) * to_view, (b.top() - frame.top()) * to_view,
                   b.width() * to_view, b.height() * to_view) for b in boxes]


def _on_paper(layer, ratio: float):
    """``layer`` with its cosmetic (device-pixel) pens widened by ``ratio``, so a line is as
    thick on paper at 600 dpi as on the screen; symbols and labels scale with the image."""
    if not isinstance(layer, RenderLayer) or ratio == 1:
        return layer
    styles = []
    for style in layer.styles:
        pen = QPen(style.pen)
        pen.setWidthF(max(pen.widthF(), 1.0) * ratio)
        styles.append(replace(style, pen=pen))
    return replace(layer, styles=styles)


def paint_page(painter: QPainter, options: PageOptions, lay: Layout, image: QImage, view: View,
               entries: list[LegendEntry]) -> None:
    """Lay the page out in points on ``painter`` (the caller scales points to its device)."""
    k = type_scale(options)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(lay.page, QColor("white"))
    painter.setPen(QColor("#212121"))
    painter.setFont(page_font(20 * k, bold=True))
    top = QRectF(lay.title.left(), lay.title.top(), lay.title.width(), 30 * k)
    painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, options.title)
    if options.subtitle:
        painter.setFont(page_font(11 * k))
        painter.setPen(QColor("#424242"))
        painter.drawText(QRectF(top.left(), top.bottom(), top.width(), 16 * k),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, options.subtitle)
    frame = lay.map
    painter.drawImage(frame, image)
    painter.setPen(QPen(QColor("#424242"), 1.0 * k))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(frame)
    denominator = view.ground_res() * view.width / frame.width() / METRES_PER_POINT
    if options.north_arrow:
        _north_arrow(painter, QPointF(frame.right() - 26 * k, frame.top() + 12 * k), k)  # as frame_decorations
    if options.scale_bar:
        _scale_bar(painter, frame, view.ground_res() * view.width / frame.width(), denominator, k)
    if lay.legend is not None:
        paint_legend(painter, lay.legend, entries, k)
    painter.setFont(page_font(8 * k))
    painter.setPen(QColor("#616161"))
    lon0, lat0, lon1, lat1 = view.lonlat_extent()
    footer = (f"{dt.date.today().isoformat()}  ·  {lon0:.3f}–{lon1:.3f}°E, {lat0:.3f}–{lat1:.3f}°N  ·  "
              f"{format_scale(denominator)}  ·  WGS84 / Web Mercator  ·  gisplanner")
    painter.drawText(lay.footer, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, footer)


def _north_arrow_box(tip: QPointF, k: float) -> QRectF:
    return QRectF(tip.x() - 15 * k, tip.y() - 4 * k, 30 * k, 44 * k)


def _north_arrow(painter: QPainter, tip: QPointF, k: float) -> None:
    painter.save()
    painter.setPen(QPen(QColor("#212121"), 0.8 * k))
    painter.setBrush(QColor(255, 255, 255, 220))
    painter.drawEllipse(_north_arrow_box(tip, k))
    base = QPointF(tip.x(), tip.y() + 20 * k)
    painter.setBrush(QColor("#212121"))
    painter.drawPolygon(QPolygonF([tip, QPointF(tip.x() - 7 * k, tip.y() + 25 * k), base]))
    painter.setBrush(QColor("white"))
    painter.drawPolygon(QPolygonF([tip, QPointF(tip.x() + 7 * k, tip.y() + 25 * k), base]))
    painter.setFont(page_font(9 * k, bold=True))
    painter.drawText(QRectF(tip.x() - 12 * k, tip.y() + 25 * k, 24 * k, 12 * k), Qt.AlignmentFlag.AlignCenter,
                     tr("N"))  # the north arrow's letter
    painter.restore()


def _scale_bar_box(frame: QRectF, metres_per_point: float, k: float) -> QRectF:
    _metres, length = nice_length(metres_per_point, max_px=frame.width() / 4)
    x0, y0 = frame.left() + 12 * k, frame.bottom() - 12 * k
    return QRectF(x0 - 6 * k, y0 - 26 * k, length + 60 * k, 32 * k)


def _scale_bar(painter: QPainter, frame: QRectF, metres_per_point: float, denominator: float, k: float) -> None:
    metres, length = nice_length(metres_per_point, max_px=frame.width() / 4)
    x0, y0 = frame.left() + 12 * k, frame.bottom() - 12 * k
    painter.save()
    painter.setFont(page_font(8 * k))
    label = format_length(metres)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 225))
    painter.drawRect(_scale_bar_box(frame, metres_per_point, k))
    for i in range(4):  # alternating black/white quarters, as on printed maps
        painter.setBrush(QColor("#212121") if i % 2 == 0 else QColor("white"))
        painter.setPen(QPen(QColor("#212121"), 0.6 * k))
        painter.drawRect(QRectF(x0 + i * length / 4, y0 - 4 * k, length / 4, 4 * k))
    painter.drawText(QPointF(x0 - 2 * k, y0 - 7 * k), "0")
    painter.drawText(QPointF(x0 + length + 4 * k, y0), label)
    painter.drawText(QPointF(x0 + length / 2 - 10 * k, y0 - 14 * k), format_scale(denominator))
    painter.restore()


def _paint(painter: QPainter, options: PageOptions, window, dpi: float, to_device: float) -> View:
    image, view = render_map(window, options, dpi)
    painter.scale(to_device, to_device)
    lay, entries = page_layout(window, options)
    paint_page(painter, options, lay, image, view, entries)
    return view


def page_image(window, options: PageOptions, dpi: float | None = None) -> tuple[QImage, View]:
    """The page as an image at ``dpi`` (the options' DPI unless given: the preview asks for less)."""
    d = dpi or options.dpi
    w, h = pixel_size(options, d)
    if w * h > MAX_PIXELS:
        raise PrintError("too_large", width=w, height=h)
    page = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    page.setDotsPerMeterX(round(d / 0.0254))
    page.setDotsPerMeterY(round(d / 0.0254))
    painter = QPainter(page)
    try:
        view = _paint(painter, options, window, d, w / page_points(options).width())
    finally:
        painter.end()
    return page, view


def export_page(window, path: str | Path, options: PageOptions) -> tuple[Path, View]:
    """Write the page as ``.png`` (at the DPI) or ``.pdf`` (the paper's size); returns the path and the map's view."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".png":
        page, view = page_image(window, options)
        if not page.save(str(path), "PNG"):
            raise PrintError("not_written", path=str(path))
    elif suffix == ".pdf":
        writer = QPdfWriter(str(path))
        orientation = QPageLayout.Orientation.Landscape if options.landscape else QPageLayout.Orientation.Portrait
        writer.setPageLayout(QPageLayout(QPageSize(PAPERS[options.paper]), orientation, QMarginsF(0, 0, 0, 0)))
        writer.setResolution(options.dpi)
        writer.setTitle(options.title)
        writer.setCreator("gisplanner")
        painter = QPainter(writer)
        if not painter.isActive():
            raise PrintError("not_written", path=str(path))
        try:
            view = _paint(painter, options, window, options.dpi, writer.width() / page_points(options).width())
        finally:
            painter.end()
    else:
        raise PrintError("bad_suffix", name=path.name)
    return path, view


def default_title() -> str:
    return tr("Biomedicine industrial park plan")
