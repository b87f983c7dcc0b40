"""One editor widget per field type, from the layer definition, for the form and the table.

Enums are combo boxes showing zh/en labels (status with its map colour), dates a QDateEdit
with a calendar popup, years and integers a line edit with an integer validator, reals a
double validator, text a line edit limited to the field's length. ``editor_value`` reads
back the value in its stored form (None for blank) so the core validates one thing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QColor, QDoubleValidator, QIcon, QIntValidator, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gisplanner.layers import FieldDef, layer_definition, status, statuses
from gisplanner.ui.i18n import lang, tr

DATE_FORMAT = "yyyy-MM-dd"


def t(en: str, zh: str) -> str:
    """A text pair in the UI language: only the feature journal still words itself this way;
    everything else names its English text to ``tr`` (catalogue: ``gisplanner.ui.editing.words``)."""
    return zh if lang() == "zh" else en


def status_icon(status_id: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(QColor(status(status_id).color))
    return QIcon(pix)


def enum_items(fdef: FieldDef, layer: str) -> list[tuple[str, str]]:
    """(value, label in the UI language) pairs for a combo box."""
    out = []
    for value in fdef.values:
        if fdef.name == "status":
            s = status(value)
            label = s.label(lang())
        elif fdef.name == "kind" and (k := layer_definition(layer).kind(value)):
            label = k.label(lang())
        else:
            label = layer_definition(layer).value_label(fdef.name, value, lang())
        out.append((value, label))
    return out


class NullableDate(QWidget):
    """A date picker that may also be empty (an unchecked box means "no date")."""

    changed = Signal()

    def __init__(self, required: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.has_date = QCheckBox(self)
        self.has_date.setVisible(not required)
        self.has_date.setChecked(True)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(DATE_FORMAT)
        self.edit.setDate(QDate.currentDate())
        row.addWidget(self.has_date)
        row.addWidget(self.edit, 1)
        self.has_date.toggled.connect(self.edit.setEnabled)
        self.has_date.toggled.connect(lambda _on: self.changed.emit())
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())

    def value(self) -> str | None:
        return self.edit.date().toString(DATE_FORMAT) if self.has_date.isChecked() else None

    def set_value(self, value: str | None) -> None:
        self.has_date.setChecked(value is not None or not self.has_date.isVisible())
        if value:
            self.edit.setDate(QDate.fromString(value, DATE_FORMAT))


def make_editor(fdef: FieldDef, layer: str, parent: QWidget | None = None) -> QWidget:
    if fdef.type == "enum":
        combo = QComboBox(parent)
        combo.setPlaceholderText(tr("Choose…"))  # shown while no value is chosen
        if not fdef.required:
            combo.addItem("", None)
        for value, label in enum_items(fdef, layer):
            if fdef.name == "status":
                combo.addItem(status_icon(value), label, value)
            else:
                combo.addItem(label, value)
        return combo
    if fdef.type == "date":
        return NullableDate(fdef.required, parent)
    edit = QLineEdit(parent)
    if fdef.type in ("year", "integer"):
        low = int(fdef.min) if fdef.min is not None else -2_000_000_000
        high = int(fdef.max) if fdef.max is not None else 2_000_000_000
        edit.setValidator(QIntValidator(low, high, edit))
        edit.setPlaceholderText(f"{low}–{high}" if fdef.min is not None else "")
    elif fdef.type == "real":
        edit.setValidator(QDoubleValidator(edit))
    elif fdef.max_length:
        edit.setMaxLength(fdef.max_length)
    return edit


def editor_value(editor: QWidget) -> Any:
    if isinstance(editor, QComboBox):
        return editor.currentData()
    if isinstance(editor, NullableDate):
        return editor.value()
    text = editor.text()
    return text if text.strip() else None


def set_editor_value(editor: QWidget, value: Any) -> None:
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex(editor.findData(value))  # -1, showing the placeholder, for none/unknown
    elif isinstance(editor, NullableDate):
        editor.set_value(value)
    else:
        editor.setText("" if value is None else str(value))


def editor_changed_signal(editor: QWidget):
    if isinstance(editor, QComboBox):
        return editor.currentIndexChanged
    if isinstance(editor, NullableDate):
        return editor.changed
    return editor.editingFinished


def feature_names(session, uids: list[str], limit: int = 4) -> str:
    """The features a dialog acts on, by name (the first few, then how many more)."""
    names = []
    for uid in uids[:limit]:
        zh, en = (session.value(uid, f) if session else None for f in ("name_zh", "name_en"))
        names.append((en if lang() == "en" else None) or zh or en or uid)
    more = len(uids) - len(names)
    if lang() == "zh":
        text = "、".join(names)
        return f"{text} 等 {len(uids)} 个要素" if more > 0 else text
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


class StatusChangeDialog(QDialog):
    """A status change needs its date and a source/note (it goes into the status history)."""

    def __init__(self, current: str | None, new: str | None = None, names: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Change status"))
        layout = QVBoxLayout(self)
        if names:
            self.names = QLabel(names, self)
            self.names.setObjectName("status_change_features")
            self.names.setWordWrap(True)
            layout.addWidget(self.names)
        form = QFormLayout()
        self.status = QComboBox(self)
        for s in statuses():
            self.status.addItem(status_icon(s.id), s.label(lang()), s.id)
        self.status.setCurrentIndex(max(0, self.status.findData(new or current)))
        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DATE_FORMAT)
        self.source = QLineEdit(self)
        self.source.setPlaceholderText(tr("e.g. site visit 2025-03, district notice No. 12"))
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #c62828")
        form.addRow(tr("Status"), self.status)
        form.addRow(tr("Date"), self.date)
        form.addRow(tr("Source / note"), self.source)
        layout.addLayout(form)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.source.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        ok = bool(self.source.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.message.setText("" if ok else tr("A source or note is required."))

    def values(self) -> tuple[str, str, str]:
        return self.status.currentData(), self.date.date().toString(DATE_FORMAT), self.source.text().strip()


__all__ = ["StatusChangeDialog", "feature_names", "editor_changed_signal", "editor_value", "make_editor", "set_editor_value"]
