"""The import dialog's "new layer from this file" panel: name, titles, which columns become fields.

Shown when the target is a new layer; it only gathers a ``gisplanner.io.new_layer.NewLayer``,
the import code decides field types and writes the table in the import's transaction.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QWidget

from gisplanner.io.new_layer import NewLayer, suggest_name
from gisplanner.ui.i18n import tr

NEW_LAYER = "__new_layer__"  # the layer combo's data for "new layer from this file"


class NewLayerPanel(QGroupBox):
    """Name and titles of the new layer, and a checklist of the file's columns to keep as fields."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("New layer"), parent)
        self.name_edit = QLineEdit()
        self.name_edit.setToolTip(tr("Table name: lower-case letters, digits, underscores"))
        self.title_zh_edit = QLineEdit()
        self.title_en_edit = QLineEdit()
        self.columns_list = QListWidget()
        self.columns_list.setMaximumHeight(110)
        form = QFormLayout(self)
        form.addRow(tr("Table name"), self.name_edit)
        form.addRow(tr("Chinese title"), self.title_zh_edit)
        form.addRow(tr("English title"), self.title_en_edit)
        form.addRow(QLabel(tr("Columns kept as fields")), self.columns_list)
        for edit in (self.name_edit, self.title_zh_edit, self.title_en_edit):
            edit.textEdited.connect(lambda *_: self.changed.emit())
        self.columns_list.itemChanged.connect(lambda *_: self.changed.emit())

    def fill(self, stem: str, columns: list[str], checked: list[str]) -> None:
        """Suggest a name and title from the file name; list ``columns``, ticking ``checked``."""
        self.blockSignals(True)
        self.columns_list.blockSignals(True)
        self.name_edit.setText(suggest_name(stem))
        self.title_zh_edit.setText(stem)
        self.title_en_edit.setText("")
        self.columns_list.clear()
        for column in columns:
            item = QListWidgetItem(str(column))
            item.setData(Qt.ItemDataRole.UserRole, column)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if column in checked else Qt.CheckState.Unchecked)
            self.columns_list.addItem(item)
        self.columns_list.blockSignals(False)
        self.blockSignals(False)

    def columns(self) -> list[str]:
        items = (self.columns_list.item(i) for i in range(self.columns_list.count()))
        return [it.data(Qt.ItemDataRole.UserRole) for it in items if it.checkState() == Qt.CheckState.Checked]

    def set_checked(self, column: str, checked: bool) -> None:
        for i in range(self.columns_list.count()):
            item = self.columns_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == column:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def new_layer(self) -> NewLayer:
        return NewLayer(self.name_edit.text().strip(), self.title_zh_edit.text().strip(),
                        self.title_en_edit.text().strip(), self.columns())
