"""The editable scale box of the status bar: shows the map's 1:N and zooms to a typed one.

Type ``1:5000``, ``5000``, ``1:5,000`` or ``1:1万`` and press Enter, or pick a usual planning
scale from the list; while the box is being edited, zooming the map does not overwrite it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from gisplanner.measure import MeasureError, format_scale, parse_scale
from gisplanner.ui.i18n import bind, tr

PRESETS = (500, 1000, 2000, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 5000000)
ERROR_STYLE = "QComboBox { border: 1px solid #c62828; }"


def scale_error_text(exc: MeasureError) -> str:
    if exc.code == "scale_out_of_range":
        return tr("Scale out of range: give 1:{low} to 1:{high}").format(
            low=f"{exc.params['low']:,}", high=f"{exc.params['high']:,}")
    return tr("Not a scale: type e.g. 1:5000 or 5000")


class ScaleBox(QWidget):
    """``scale_entered(denominator)`` when the user asks for a scale; ``show_denominator`` follows the map."""

    scale_entered = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        bind(self.label.setText, "Scale")
        self.combo = QComboBox(self)
        self.combo.setObjectName("scale_box")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMinimumContentsLength(11)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        for value in PRESETS:
            self.combo.addItem(format_scale(value), float(value))
        bind(self.combo.setToolTip, "Map scale: type 1:5000 or 5000 and press Enter")
        self.combo.lineEdit().returnPressed.connect(self.apply_text)
        self.combo.activated.connect(self._picked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        self.denominator: float | None = None
        self.error = ""

    def text(self) -> str:
        return self.combo.currentText()

    def show_denominator(self, denominator: float) -> None:
        """The map's scale, unless the user is typing one."""
        self.denominator = denominator
        if self.combo.lineEdit().hasFocus() and self.combo.lineEdit().isModified():
            return
        self._set_text(format_scale(denominator))

    def _set_text(self, text: str) -> None:
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(-1)
        self.combo.setEditText(text)
        self.combo.lineEdit().setModified(False)
        self.combo.blockSignals(False)
        self._show_error("")

    def _show_error(self, text: str) -> None:
        self.error = text
        self.combo.setStyleSheet(ERROR_STYLE if text else "")
        self.combo.lineEdit().setToolTip(text)

    def _picked(self, index: int) -> None:
        value = self.combo.itemData(index)
        if value is not None:
            self.combo.lineEdit().setModified(False)
            self.scale_entered.emit(float(value))

    def apply_text(self) -> bool:
        """Zoom to the typed scale; a bad entry stays in the box, outlined in red, with the reason."""
        try:
            denominator = parse_scale(self.combo.currentText())
        except MeasureError as exc:
            self._show_error(scale_error_text(exc))
            return False
        self.combo.lineEdit().setModified(False)
        self.scale_entered.emit(denominator)
        return True

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.denominator is not None:
            self._set_text(format_scale(self.denominator))
        else:
            super().keyPressEvent(event)
