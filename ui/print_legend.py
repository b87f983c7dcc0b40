"""The printed map's legend: each visible layer with the statuses and kinds its shown features
have, drawn with the canvas's own symbols (``paint_legend_symbol``), in page units so it stays
vector in a PDF. Rows flow into as many columns as the box needs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter

from gisplanner.layers import LayerDef, statuses
from gisplanner.ui.i18n import lang, tr
from gisplanner.ui.labels import LABEL_FONT_FAMILIES
from gisplanner.ui.styles import paint_kind_symbol, paint_legend_symbol


@dataclass
class LegendEntry:
    label: str
    role: str  # "layer" (a heading), "status" or "kind"
    definition: LayerDef | None = None
    status_id: str = ""
    symbol: str = ""
    color: str = ""  # the status colour, as the map draws it


def page_font(points: float, bold: bool = False) -> QFont:
    """A font sized in page units (points), so every output device shows the same page."""
    font = QFont()
    font.setFamilies(LABEL_FONT_FAMILIES)
    font.setPixelSize(max(1, round(points)))
    font.setBold(bold)
    return font


def _present(values, mask) -> set[str]:
    return {v for v in (values if mask is None else values[mask]) if isinstance(v, str) and v}


def legend_entries(window, extent: tuple[float, float, float, float] | None = None) -> list[LegendEntry]:
    """Visible layers (topmost first, as in the layer panel), each with the statuses and, for
    points, the kinds of the features the map shows (within ``extent``, Mercator, if given)."""
    entries: list[LegendEntry] = []
    for layer in reversed(list(window.layer_list or [])):
        if not layer.visible:
            continue
        map_layer = window.map_layers[layer.name]
        d = map_layer.definition
        mask = window.masks.get(layer.name)
        if extent is not None:
            inside = np.zeros(map_layer.data.n, dtype=bool)
            inside[map_layer.data.query(extent)] = True
            mask = inside if mask is None else mask & inside
            if not mask.any():
                continue
        shown = _present(map_layer.data.column("status"), mask)
        entries.append(LegendEntry(d.title(lang()), "layer", d))
        for s in statuses():
            if s.id in shown:
                entries.append(LegendEntry(s.label(lang()), "status", d, status_id=s.id, color=s.color))
        if d.is_point:
            kinds = _present(map_layer.data.column("kind"), mask)
            entries += [LegendEntry(k.label(lang()), "kind", d, symbol=k.symbol) for k in d.kinds if k.id in kinds]
    return entries


def _flow(entries: list[LegendEntry], box: QRectF, k: float) -> tuple[list[tuple[LegendEntry, float, float]], float]:
    """Top-left corner of each row, columns left to right (a heading never ends a column), and
    the column width; rows that do not fit are left out."""
    row, sym, gap, head = 15 * k, 11 * k, 6 * k, 24 * k
    col_w = max((QFontMetricsF(page_font(9 * k, bold=e.role == "layer")).horizontalAdvance(e.label)
                 + (0 if e.role == "layer" else sym + gap + 6 * k) for e in entries), default=0) + 8 * k
    col_w = min(box.width(), col_w)
    x, y = box.left(), box.top() + head
    out = []
    for n, entry in enumerate(entries):
        ends_column = entry.role == "layer" and n + 1 < len(entries) and y + 2 * row > box.bottom()
        if y + row > box.bottom() or ends_column:
            x, y = x + col_w + 8 * k, box.top() + head
            if x + col_w > box.right() + 1:
                break
        out.append((entry, x, y))
        y += row
    return out, col_w


def paint_legend(painter: QPainter, box: QRectF, entries: list[LegendEntry], k: float = 1.0) -> None:
    """Draw the legend into ``box`` (page points); ``k`` scales its type with the paper, and
    shrinks (to half) until every row fits."""
    rows, col_w = _flow(entries, box, k)
    size = k
    while len(rows) < len(entries) and size > k / 2:
        size *= 0.9
        rows, col_w = _flow(entries, box, size)
    painter.save()
    painter.setPen(QColor("#212121"))
    painter.setFont(page_font(12 * k, bold=True))
    painter.drawText(QRectF(box.left(), box.top(), box.width(), 20 * k),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, tr("Legend"))
    row, sym, gap = 15 * size, 11 * size, 6 * size
    fonts = {True: page_font(9 * size, bold=True), False: page_font(8.5 * size)}
    for entry, x, y in rows:
        indent = 0 if entry.role == "layer" else 6 * size
        symbol_box = QRectF(x + indent, y + (row - sym) / 2, sym, sym)
        if entry.role == "status":
            paint_legend_symbol(painter, symbol_box, entry.definition, entry.status_id)
        elif entry.role == "kind":
            paint_kind_symbol(painter, symbol_box, entry.symbol)
        text_x = x + (0 if entry.role == "layer" else indent + sym + gap)
        painter.setFont(fonts[entry.role == "layer"])
        painter.setPen(QColor("#212121"))
        painter.drawText(QRectF(text_x, y, x + col_w - text_x, row),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, entry.label)
    painter.restore()
