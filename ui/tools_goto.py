"""View → Go to coordinate (Ctrl+G): type a place in WGS84, CGCS2000 3° Gauss-Kruger, or
AMap (GCJ-02) / Baidu (BD-09) degrees; the map centres there and marks the point.

Parsing and conversion are ``gisplanner.coordinates``; the dialog words its error codes.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from gisplanner.coordinates import CoordinateError, Location, parse_location
from gisplanner.measure import scale_denominator
from gisplanner.ui.editing.map_tools import SketchOverlay
from gisplanner.ui.extensions import menu_action
from gisplanner.ui.geo import View, to_merc
from gisplanner.ui.i18n import bind, tr

SYSTEM_NAMES = {"wgs84": "WGS84 degrees (decimal or D°M′S″)", "gk3": "CGCS2000 3° Gauss-Kruger (metres)",
                "gcj02": "GCJ-02 degrees (AMap, Tencent)", "bd09": "BD-09 degrees (Baidu)"}
EXAMPLES = {"wgs84": "106.8866, 29.5866  ·  29°35′12″N 106°53′12″E",
            "gk3": "36 586 412, 3 274 567  ·  3274567, 586412",
            "gcj02": "106.8906, 29.5837", "bd09": "106.8972, 29.5895"}
CLOSE_SCALE = 25000.0  # go-to from farther out than 1:50,000 zooms in to this
MARKER = QColor("#6a1b9a")


def coordinate_error_text(exc: CoordinateError) -> str:
    p = exc.params
    texts = {
        "empty": tr("Type a coordinate."),
        "two_values": tr("Give two numbers: longitude and latitude (or easting and northing)."),
        "not_a_number": tr("Not a number or D°M′S″ angle: {text}"),
        "out_of_range": tr("Outside the globe: longitude {lon}, latitude {lat}"),
        "zone_needed": tr("This easting has no zone prefix: choose the 3° zone."),
        "zone_out_of_range": tr("3° zone {zone} is outside China's zones 25–45."),
        "zone_mismatch": tr("The easting's prefix says zone {prefix}, not zone {zone}."),
        "outside_zone": tr("Easting and northing lie outside zone {zone}."),
    }
    return texts.get(exc.code, tr("Not a coordinate: {text}")).format(**{k: str(v) for k, v in p.items()}
                                                                      | {"text": str(p.get("text", ""))})


class GoToDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goto_dialog")
        bind(self.setWindowTitle, "Go to coordinate")
        self.system = QComboBox(self)
        for key, name in SYSTEM_NAMES.items():
            self.system.addItem(tr(name), key)
        self.text = QLineEdit(self)
        self.text.setMinimumWidth(320)
        self.zone = QSpinBox(self)
        self.zone.setRange(24, 45)  # 24 = "from the easting's prefix"
        self.zone.setSpecialValueText(tr("from the easting's prefix"))
        self.zone.setValue(24)
        self.result = QLabel(self)
        self.result.setObjectName("goto_result")
        self.message = QLabel(self)
        self.message.setObjectName("goto_message")
        self.message.setStyleSheet("color: #c62828")
        self.message.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(tr("Coordinate system"), self.system)
        form.addRow(tr("Coordinate"), self.text)
        self.zone_label = QLabel(tr("3° zone"), self)
        form.addRow(self.zone_label, self.zone)
        form.addRow(tr("WGS84"), self.result)
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.system.currentIndexChanged.connect(self._system_changed)
        self.text.textChanged.connect(self._preview)
        self.zone.valueChanged.connect(self._preview)
        self.location: Location | None = None
        self._system_changed()

    def set_system(self, key: str) -> None:
        self.system.setCurrentIndex(self.system.findData(key))

    def _system_changed(self) -> None:
        key = self.system.currentData()
        self.text.setPlaceholderText(EXAMPLES[key])
        for w in (self.zone, self.zone_label):
            w.setVisible(key == "gk3")
        self._preview()

    def parse(self) -> Location:
        zone = self.zone.value() if self.zone.value() > 24 else None
        return parse_location(self.text.text(), self.system.currentData(), zone)

    def _preview(self) -> None:
        try:
            loc = self.parse()
        except CoordinateError as exc:
            self.result.setText("—")
            self.message.setText(coordinate_error_text(exc) if self.text.text().strip() else "")
            return
        self.message.setText("")
        self.result.setText(f"{loc.lon:.6f}, {loc.lat:.6f}")

    def _accept(self) -> None:
        try:
            self.location = self.parse()
        except CoordinateError as exc:
            self.message.setText(coordinate_error_text(exc))
            return
        self.accept()


class PointMarker:
    """A pin on the map at a WGS84 point, redrawn as the map moves, until ``clear``."""

    def __init__(self, canvas) -> None:
        self.canvas = canvas
        self.where: tuple[float, float] | None = None
        self.overlay = SketchOverlay(canvas, self.paint)
        canvas.extent_changed.connect(self._follow)

    def _follow(self) -> None:
        self.overlay.setGeometry(self.canvas.rect())
        self.overlay.update()

    def place(self, lon: float, lat: float) -> None:
        self.where = (lon, lat)
        self._follow()

    def clear(self) -> None:
        self.where = None
        self.overlay.update()

    def paint(self, painter: QPainter) -> None:
        if self.where is None:
            return
        p = self.canvas.map_to_screen(*self.where)
        painter.setPen(QPen(QColor("white"), 5))
        for d in ((-11, 0, -4, 0), (4, 0, 11, 0), (0, -11, 0, -4), (0, 4, 0, 11)):
            painter.drawLine(p + QPointF(d[0], d[1]), p + QPointF(d[2], d[3]))
        painter.setPen(QPen(MARKER, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for d in ((-11, 0, -4, 0), (4, 0, 11, 0), (0, -11, 0, -4), (0, 4, 0, 11)):
            painter.drawLine(p + QPointF(d[0], d[1]), p + QPointF(d[2], d[3]))
        painter.drawEllipse(p, 6, 6)


class GoTo:
    def __init__(self, window) -> None:
        self.window = window
        self.marker = PointMarker(window.canvas)
        self.dialog: GoToDialog | None = None
        go = menu_action(window, "view", "action_goto", "", self.ask)
        go.setShortcut(QKeySequence("Ctrl+G"))
        bind(go.setText, "&Go to coordinate…")
        clear = menu_action(window, "view", "action_goto_clear", "", self.marker.clear)
        bind(clear.setText, "Remove the coordinate &marker")
        window.actions_by_name["goto"] = go

    def ask(self) -> GoToDialog:
        """Open the dialog (non-modal); OK centres the map on the point."""
        dialog = GoToDialog(self.window)
        if self.dialog is not None:
            dialog.set_system(self.dialog.system.currentData())
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.go(dialog.location))
        dialog.open()
        return dialog

    def go(self, location: Location) -> None:
        canvas = self.window.canvas
        lon, lat = location.lon, location.lat
        current = scale_denominator(canvas.view.ground_res())
        (mx, my), = to_merc(np.array([[lon, lat]]))
        v = canvas.view
        canvas.set_view(View(float(mx), float(my), v.res, v.width, v.height))
        canvas.zoom_to_scale(current if current <= 2 * CLOSE_SCALE else CLOSE_SCALE)
        self.marker.place(lon, lat)
        self.window.status.showMessage(f"{tr('WGS84')} {lon:.6f}, {lat:.6f}", 8000)


def install(window) -> GoTo:
    if not isinstance(getattr(window, "goto", None), GoTo):
        window.goto = GoTo(window)
    return window.goto
