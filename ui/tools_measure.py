"""Measure line (Ctrl+Shift+M) and area (Ctrl+Shift+J) on the map, geodesic on WGS84.

Click to add vertices; the running total (to the cursor) shows beside it and in a small
results window with each leg and a choice of units (m/km; m²/km²/ha/亩). A right click or
double click ends the measurement (the next click starts a new one); Backspace takes back
the last vertex; Esc or closing the window ends the tool. The arithmetic is
``gisplanner.measure``; this module only collects clicks and shows numbers.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gisplanner import measure
from gisplanner.ui.editing.map_tools import SKETCH, MapTool
from gisplanner.ui.extensions import menu_action
from gisplanner.ui.i18n import bind, on_language_changed, tr

LENGTH_CHOICES = ("auto", "m", "km")
AREA_CHOICES = ("auto", "m2", "km2", "ha", "mu")
UNIT_NAMES = {"auto": "Automatic", "m": "Metres", "km": "Kilometres", "m2": "Square metres",
              "km2": "Square kilometres", "ha": "Hectares", "mu": "Mu"}
UNIT_SYMBOLS = {"m": "m", "km": "km", "m2": "m²", "km2": "km²", "ha": "ha", "mu": "mu"}
FILL = QColor(216, 27, 96, 40)


def length_text(metres: float, unit: str = "auto") -> str:
    unit = measure.auto_length_unit(metres) if unit == "auto" else unit
    return f"{measure.format_number(measure.convert(metres, unit, measure.LENGTH_UNITS))} {tr(UNIT_SYMBOLS[unit])}"


def area_text(square_metres: float, unit: str = "auto") -> str:
    unit = measure.auto_area_unit(square_metres) if unit == "auto" else unit
    value = measure.convert(square_metres, unit, measure.AREA_UNITS)
    return f"{measure.format_number(value)} {tr(UNIT_SYMBOLS[unit])}"


class MeasureTool(MapTool):
    """Collects the clicked vertices (lon/lat) of one measurement at a time."""

    def __init__(self, canvas, mode: str, changed) -> None:
        super().__init__(canvas)
        self.mode = mode  # "line" or "area"
        self.changed = changed
        self.vertices: list[tuple[float, float]] = []
        self.finished = False

    def points(self, with_cursor: bool = True) -> list[tuple[float, float]]:
        """The measured vertices, plus the cursor while the measurement is still open."""
        pts = list(self.vertices)
        if with_cursor and not self.finished and self.cursor is not None and pts:
            pts.append(self.lonlat(self.cursor))
        return pts

    def clear(self) -> None:
        self.vertices, self.finished = [], False
        self.overlay.update()
        self.changed()

    def add_vertex(self, lon: float, lat: float) -> None:
        if self.finished:
            self.vertices, self.finished = [], False
        if not self.vertices or self.vertices[-1] != (lon, lat):
            self.vertices.append((lon, lat))
        self.overlay.update()
        self.changed()

    def finish(self) -> None:
        if self.vertices:
            self.finished = True
            self.overlay.update()
            self.changed()

    def moved(self, event) -> None:
        if self.vertices and not self.finished:
            self.changed()

    def released(self, event) -> bool:
        if event.button() == Qt.MouseButton.RightButton:
            if self.vertices and not self.finished:
                self.finish()
            else:
                self.stop()
        elif event.button() == Qt.MouseButton.LeftButton:
            self.add_vertex(*self.lonlat(event.position()))
        return True

    def double_clicked(self, event) -> bool:
        self.finish()
        return True

    def key(self, event) -> bool:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish()
            return True
        if event.key() == Qt.Key.Key_Backspace and self.vertices and not self.finished:
            self.vertices.pop()
            self.overlay.update()
            self.changed()
            return True
        return super().key(event)

    def claims(self, event) -> bool:
        return event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Escape)

    def paint(self, painter: QPainter) -> None:
        pts = [self.canvas.map_to_screen(x, y) for x, y in self.points()]
        if not pts:
            return
        painter.setPen(QPen(SKETCH, 2, Qt.PenStyle.SolidLine if self.finished else Qt.PenStyle.DashLine))
        if self.mode == "area" and len(pts) >= 3:
            painter.setBrush(FILL)
            painter.drawPolygon(QPolygonF(pts))
        else:
            painter.drawPolyline(QPolygonF(pts))
        painter.setPen(QPen(SKETCH, 1))
        painter.setBrush(QColor(255, 255, 255))
        for p in pts[:len(self.vertices)]:
            painter.drawEllipse(p, 3.5, 3.5)
        self._paint_total(painter, pts[-1])

    def _paint_total(self, painter: QPainter, at: QPointF) -> None:
        text = self.total_text()
        if not text:
            return
        metrics = painter.fontMetrics()
        box = metrics.boundingRect(text).adjusted(-5, -3, 5, 3)
        box.moveTopLeft((at + QPointF(12, 10)).toPoint())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(QColor("#212121"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def total_text(self, unit: str = "auto") -> str:
        pts = self.points()
        if self.mode == "line":
            return length_text(measure.line_length(pts), unit) if len(pts) >= 2 else ""
        return area_text(measure.polygon_area(pts)[0], unit) if len(pts) >= 3 else ""


class MeasureWindow(QDialog):
    """Results beside the map: total, legs or perimeter, units; closing it ends the tool."""

    def __init__(self, parent: QWidget, mode: str) -> None:
        super().__init__(parent, Qt.WindowType.Tool)
        self.setObjectName(f"measure_{mode}_window")
        self.mode = mode
        bind(self.setWindowTitle, "Measure line" if mode == "line" else "Measure area")
        self.total = QLabel(self)
        self.total.setObjectName("measure_total")
        self.total.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.total.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.total.setFont(font)
        self.units = QComboBox(self)
        self.units.setObjectName("measure_units")
        self.detail = QLabel(self)
        self.legs = QListWidget(self)
        self.legs.setVisible(mode == "line")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#666")
        self.new = QPushButton(self)
        bind(self.new.setText, "New measurement")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        buttons.addButton(self.new, QDialogButtonBox.ButtonRole.ActionRole)
        form = QFormLayout()
        self.total_caption, self.units_caption = QLabel(self), QLabel(self)
        bind(self.total_caption.setText, "Total")
        bind(self.units_caption.setText, "Units")
        form.addRow(self.total_caption, self.total)
        form.addRow(self.units_caption, self.units)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.detail)
        layout.addWidget(self.legs)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self._fill_units()
        bind(self.hint.setText, "Click to add points; right-click or double-click ends; Backspace undoes a point; "
                                "Esc closes.")
        on_language_changed(self, self._fill_units)
        self.resize(300, 320 if mode == "line" else 180)

    def _fill_units(self) -> None:
        current = self.units.currentData() or "auto"
        self.units.blockSignals(True)
        self.units.clear()
        for key in LENGTH_CHOICES if self.mode == "line" else AREA_CHOICES:
            self.units.addItem(tr(UNIT_NAMES[key]), key)
        self.units.setCurrentIndex(max(0, self.units.findData(current)))
        self.units.blockSignals(False)

    def unit(self) -> str:
        return self.units.currentData() or "auto"

    def show_result(self, tool: MeasureTool) -> None:
        unit, pts = self.unit(), tool.points()
        if self.mode == "line":
            legs = measure.segment_lengths(pts)
            self.total.setText(length_text(sum(legs), unit) if legs else "—")
            self.legs.clear()
            self.legs.addItems([f"{i}. {length_text(d, unit)}" for i, d in enumerate(legs, start=1)])
            self.detail.setText(tr("Legs: {n}").format(n=len(legs)))
        else:
            area, perimeter = measure.polygon_area(pts)
            self.total.setText(area_text(area, unit) if len(pts) >= 3 else "—")
            length_unit = {"m2": "m", "km2": "km"}.get(unit, "auto")
            self.detail.setText(tr("Perimeter: {length}").format(length=length_text(perimeter, length_unit))
                                if len(pts) >= 3 else "")


class Measuring:
    """The window's measure actions; one tool at a time."""

    def __init__(self, window) -> None:
        self.window = window
        self.tool: MeasureTool | None = None
        self.panel: MeasureWindow | None = None
        self.actions = {
            "line": menu_action(window, "view", "action_measure_line", "", lambda: self.start("line")),
            "area": menu_action(window, "view", "action_measure_area", "", lambda: self.start("area")),
        }
        for mode, shortcut, text in (("line", "Ctrl+Shift+M", "Measure &line"), ("area", "Ctrl+Shift+J", "Measure &area")):
            action = self.actions[mode]
            action.setShortcut(QKeySequence(shortcut))
            bind(action.setText, text)
            window.actions_by_name[f"measure_{mode}"] = action

    def start(self, mode: str) -> MeasureTool:
        self.stop()
        editing_tool = getattr(getattr(self.window, "editing", None), "tool", None)
        if editing_tool is not None:
            editing_tool.stop()  # one map tool at a time
        self.panel = MeasureWindow(self.window, mode)
        self.tool = MeasureTool(self.window.canvas, mode, self._changed)
        tool, panel = self.tool, self.panel
        tool.stopped.connect(lambda: self._tool_stopped(tool))
        panel.finished.connect(lambda _r: tool.stop())
        panel.units.currentIndexChanged.connect(lambda _i: self._changed())
        panel.new.clicked.connect(tool.clear)
        panel.show()
        self._changed()
        self.window.canvas.setFocus()
        return tool

    def _changed(self) -> None:
        if self.tool is not None and self.panel is not None:
            self.panel.show_result(self.tool)

    def _tool_stopped(self, tool: MeasureTool) -> None:
        if tool is self.tool:
            self.tool = None
            panel, self.panel = self.panel, None
            if panel is not None:
                panel.close()
                panel.deleteLater()

    def stop(self) -> None:
        if self.tool is not None:
            self.tool.stop()


def install(window) -> Measuring:
    """View → Measure line / Measure area, with QGIS's shortcuts."""
    if not isinstance(getattr(window, "measuring", None), Measuring):
        window.measuring = Measuring(window)
    return window.measuring
