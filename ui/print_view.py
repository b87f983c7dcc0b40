"""File → Export map view…: the map as it is on screen, as a PNG or PDF page for a meeting.

The page has a title, the map (drawn by the canvas's own renderer from the same layers,
filters and extent), a legend of the visible layers and status colours, a scale bar, a
north arrow and a footer with the date and data note. One layout function paints onto any
QPainter in page units, so PNG (QImage) and PDF (QPdfWriter, A4 landscape) match.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from gisplanner.layers import status
from gisplanner.ui.extensions import menu_action
from gisplanner.ui.geo import View
from gisplanner.ui.renderer import new_image, render
from gisplanner.ui.scale_bar import format_length, nice_length

PAGE_W, PAGE_H = 1600, 1131  # page units: A4 landscape proportions
MARGIN, TITLE_H, FOOTER_H, LEGEND_W = 40, 70, 34, 300
ACTION_NAME = "action_export_view"


@dataclass
class LegendEntry:
    label: str
    color: str
    shape: str  # "point", "line", "area", "swatch"
    dashed: bool = False


def _font(pixels: int, bold: bool = False) -> QFont:
    """A font sized in page units, so PNG (96 dpi) and PDF (200 dpi) pages look the same."""
    font = QFont("Noto Sans CJK SC")
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def legend_entries(window) -> list[LegendEntry]:
    """Visible layers, then the statuses their visible features have (in status order)."""
    entries: list[LegendEntry] = []
    seen: set[str] = set()
    for layer in list(window.layer_list or []):
        if not layer.visible:
            continue
        map_layer = window.map_layers[layer.name]
        d = map_layer.definition
        shape = "point" if d.is_point else "line" if d.is_line else "area"
        entries.append(LegendEntry(f"{d.title_zh} {d.title_en}", "#424242", shape))
        statuses = map_layer.data.column("status")
        mask = window.masks.get(layer.name)
        seen.update(str(s) for s in (statuses[mask] if mask is not None else statuses) if s)
    for s in sorted(seen, key=lambda sid: status(sid).order if _known(sid) else 99):
        if _known(s):
            st = status(s)
            entries.append(LegendEntry(f"{st.label_zh} {st.label_en}", st.color, "swatch", st.dashed))
    return entries


def _known(status_id: str) -> bool:
    try:
        status(status_id)
        return True
    except KeyError:
        return False


def map_rect() -> QRectF:
    return QRectF(MARGIN, MARGIN + TITLE_H, PAGE_W - 2 * MARGIN - LEGEND_W - 20,
                  PAGE_H - 2 * MARGIN - TITLE_H - FOOTER_H)


def render_map(window, width: int, height: int, sharpness: int = 1) -> tuple[QImage, View]:
    """The canvas's current extent drawn at ``width`` × ``height`` by the canvas renderer.

    ``sharpness`` > 1 draws that many device pixels per unit (a high-DPI image): lines and
    text are crisper on paper while symbols and labels keep their size on the page.
    """
    view = window.canvas.view
    x0, y0, x1, y1 = view.extent
    res = max((x1 - x0) / width, (y1 - y0) / height)  # the whole on-screen extent stays in
    out = View(view.cx, view.cy, res, width, height)
    layers = [x for item in window.canvas.layer_source()
              for x in (item.layers() if hasattr(item, "layers") else [item])]
    image = QImage(width * sharpness, height * sharpness, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(sharpness)
    image.fill(new_image(View(0, 0, 1, 1, 1)).pixelColor(0, 0))  # the canvas's background colour
    render(image, out, layers, labels=True)
    return image, out


def paint_page(painter: QPainter, image: QImage, view: View, title: str, entries: list[LegendEntry],
               note: str = "") -> None:
    """Lay the page out in page units (PAGE_W × PAGE_H) on ``painter``."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(QRectF(0, 0, PAGE_W, PAGE_H), QColor("white"))
    painter.setPen(QColor("#212121"))
    painter.setFont(_font(29, bold=True))
    painter.drawText(QRectF(MARGIN, MARGIN, PAGE_W - 2 * MARGIN, TITLE_H - 10),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
    frame = map_rect()
    painter.drawImage(frame, image)
    painter.setPen(QPen(QColor("#424242"), 1.5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(frame)
    _north_arrow(painter, QPointF(frame.right() - 40, frame.top() + 20))
    _scale_bar(painter, frame, view.ground_res() * view.width / frame.width())
    _legend(painter, QRectF(frame.right() + 20, frame.top(), LEGEND_W, frame.height()), entries)
    painter.setFont(_font(12))
    painter.setPen(QColor("#616161"))
    lon0, lat0, lon1, lat1 = view.lonlat_extent()
    footer = (f"{dt.date.today().isoformat()}  ·  {lon0:.3f}–{lon1:.3f}°E, {lat0:.3f}–{lat1:.3f}°N  ·  "
              f"WGS84 / Web Mercator  ·  gisplanner{'  ·  ' + note if note else ''}")
    painter.drawText(QRectF(MARGIN, PAGE_H - MARGIN - FOOTER_H + 8, PAGE_W - 2 * MARGIN, FOOTER_H),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, footer)


def _north_arrow(painter: QPainter, tip: QPointF) -> None:
    painter.save()
    painter.setPen(QPen(QColor("#212121"), 1.2))
    painter.setBrush(QColor(255, 255, 255, 220))
    painter.drawEllipse(QRectF(tip.x() - 24, tip.y() - 6, 48, 70))
    left = QPolygonF([tip, QPointF(tip.x() - 11, tip.y() + 40), QPointF(tip.x(), tip.y() + 32)])
    right = QPolygonF([tip, QPointF(tip.x() + 11, tip.y() + 40), QPointF(tip.x(), tip.y() + 32)])
    painter.setBrush(QColor("#212121"))
    painter.drawPolygon(left)
    painter.setBrush(QColor("white"))
    painter.drawPolygon(right)
    painter.setFont(_font(13, bold=True))
    painter.drawText(QRectF(tip.x() - 20, tip.y() + 40, 40, 20), Qt.AlignmentFlag.AlignCenter, "N 北")
    painter.restore()


def _scale_bar(painter: QPainter, frame: QRectF, metres_per_unit: float) -> None:
    metres, length = nice_length(metres_per_unit, max_px=frame.width() / 4)
    x0, y0 = frame.left() + 20, frame.bottom() - 22
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 220))
    painter.drawRect(QRectF(x0 - 10, y0 - 28, length + 90, 40))
    for i in range(4):  # alternating black/white quarters, as on printed maps
        painter.setBrush(QColor("#212121") if i % 2 == 0 else QColor("white"))
        painter.setPen(QPen(QColor("#212121"), 1))
        painter.drawRect(QRectF(x0 + i * length / 4, y0 - 6, length / 4, 6))
    painter.setFont(_font(12))
    painter.drawText(QPointF(x0 - 3, y0 - 10), "0")
    painter.drawText(QPointF(x0 + length + 6, y0), format_length(metres))
    painter.restore()


def _legend(painter: QPainter, box: QRectF, entries: list[LegendEntry]) -> None:
    painter.save()
    painter.setPen(QColor("#212121"))
    painter.setFont(_font(17, bold=True))
    painter.drawText(QRectF(box.left(), box.top(), box.width(), 28), Qt.AlignmentFlag.AlignLeft, "图例 Legend")
    painter.setFont(_font(13))
    y = box.top() + 40
    for entry in entries:
        if y > box.bottom() - 20:
            break
        color = QColor(entry.color)
        pen = QPen(color, 2.5, Qt.PenStyle.DashLine if entry.dashed else Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        if entry.shape == "point":
            painter.setBrush(color)
            painter.drawEllipse(QPointF(box.left() + 14, y + 9), 5, 5)
        elif entry.shape == "line":
            painter.drawLine(QPointF(box.left() + 2, y + 9), QPointF(box.left() + 26, y + 9))
        else:
            fill = QColor(color)
            fill.setAlpha(90)
            painter.setBrush(fill)
            painter.drawRect(QRectF(box.left() + 3, y + 2, 22, 14))
        painter.setPen(QColor("#212121"))
        painter.drawText(QRectF(box.left() + 36, y, box.width() - 36, 20),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, entry.label)
        y += 26
    painter.restore()


def export_view(window, path: str | Path, title: str, note: str = "") -> Path:
    """Write the current map view as ``.png`` or ``.pdf`` (by extension); returns the path."""
    path = Path(path)
    frame = map_rect()
    suffix = path.suffix.lower()
    image, view = render_map(window, int(frame.width()), int(frame.height()), 2 if suffix == ".pdf" else 1)
    entries = legend_entries(window)
    if suffix == ".png":
        page = QImage(PAGE_W, PAGE_H, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(page)
        try:
            paint_page(painter, image, view, title, entries, note)
        finally:
            painter.end()
        if not page.save(str(path), "PNG"):
            raise OSError(f"{path}: could not be written")
    elif suffix == ".pdf":
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageOrientation(QPageLayout.Orientation.Landscape)
        writer.setResolution(200)
        writer.setTitle(title)
        painter = QPainter(writer)
        try:
            target = QSizeF(writer.width(), writer.height())
            scale = min(target.width() / PAGE_W, target.height() / PAGE_H)
            painter.scale(scale, scale)
            paint_page(painter, image, view, title, entries, note)
        finally:
            painter.end()
    else:
        raise ValueError(f"{path.name}: export the map view as .png or .pdf")
    return path


def export_view_interactively(window) -> Path | None:
    if getattr(window, "project", None) is None:
        QMessageBox.information(window, "导出地图 Export map view", "请先打开项目 Open a project first.")
        return None
    title, ok = QInputDialog.getText(window, "导出地图 Export map view", "标题 Title",
                                     text="生物医药产业园区规划图 Biomedicine park plan map")
    if not ok:
        return None
    path, _ = QFileDialog.getSaveFileName(window, "导出地图 Export map view", str(Path.home() / "map.png"),
                                          "PNG (*.png);;PDF (*.pdf)")
    if not path:
        return None
    try:
        return export_view(window, path, title)
    except (OSError, ValueError) as exc:
        QMessageBox.warning(window, "导出地图 Export map view", str(exc))
        return None


def install(window) -> QAction:
    """Add File → Export map view (PNG/PDF)… once."""
    return menu_action(window, "file", ACTION_NAME, "导出地图视图 (PNG/PDF)… Export map view (PNG/PDF)…",
                       lambda: export_view_interactively(window), before_quit=True)
