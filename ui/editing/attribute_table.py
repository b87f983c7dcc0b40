"""The attribute table window of one layer: filter, sort, edit cells, change status in bulk.

Selection follows the map both ways (``selection_changed`` out, ``select_uids`` in); the
window connects them to ``window.canvas``. Cells are edited with the same editors as the
form; the status column opens the status dialog (date and source) for every selected row.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gisplanner.layers import layer_definition
from gisplanner.ui.editing.controller import EditController
from gisplanner.ui.editing.field_editors import (
    StatusChangeDialog,
    editor_value,
    feature_names,
    make_editor,
    set_editor_value,
)
from gisplanner.ui.editing.table_model import AttributeTableModel
from gisplanner.ui.i18n import lang, tr


class FieldDelegate(QStyledItemDelegate):
    """Cell editors from the layer definition (combo, date picker, validated line edit)."""

    def __init__(self, model: AttributeTableModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model

    def createEditor(self, parent, option, index: QModelIndex):
        return make_editor(self.model.fields[index.column()], self.model.layer, parent)

    def setEditorData(self, editor, index: QModelIndex) -> None:
        set_editor_value(editor, index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor, model, index: QModelIndex) -> None:
        model.setData(index, editor_value(editor), Qt.ItemDataRole.EditRole)


class AttributeTable(QWidget):
    selection_changed = Signal(list)  # uids selected in the table

    def __init__(self, controller: EditController, layer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.definition = layer_definition(layer)
        self.setWindowTitle(f"{self.definition.title(lang())} — {tr('attribute table')}")
        self.model = AttributeTableModel(controller, layer, self)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(tr("Filter…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.field_combo = QComboBox(self)
        self.field_combo.addItem(tr("all fields"), None)
        for fdef in self.definition.fields:
            self.field_combo.addItem(fdef.label(lang()), fdef.name)
        self.status_button = QPushButton(tr("Change status…"), self)
        self.count = QLabel(self)
        self.message = QLabel(self)
        self.message.setObjectName("table_message")
        self.message.setStyleSheet("color: #c62828")
        self.message.setWordWrap(True)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(FieldDelegate(self.model, self.view))
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.setWordWrap(False)
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 2)
        top.addWidget(self.field_combo, 1)
        top.addWidget(self.status_button)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        self._syncing = False
        self.filter_edit.textChanged.connect(self._filter)
        self.field_combo.currentIndexChanged.connect(self._filter)
        self.status_button.clicked.connect(self.change_status)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.selectionModel().selectionChanged.connect(self._selection)
        self.model.refused.connect(self.message.setText)  # worded by the controller
        self.model.modelReset.connect(self._count)
        self._kept: list[str] = []
        self.model.modelAboutToBeReset.connect(self._keep_selection)
        self.model.modelReset.connect(self._restore_selection)
        controller.editing_changed.connect(self._update_buttons)  # a bound slot: gone with the table
        self._update_buttons()
        self._count()
        self.resize(1100, 600)

    def _update_buttons(self, *_args) -> None:
        self.status_button.setEnabled(self.controller.editing)

    def _count(self) -> None:
        self.count.setText(f"{self.model.rowCount()} {tr('features')}")

    def _filter(self) -> None:
        self.model.set_filter(self.filter_edit.text(), self.field_combo.currentData())

    def _keep_selection(self) -> None:
        """Rows come and go (filter, edits, adds): the selected features stay selected."""
        self._kept = self.selected_uids()

    def _restore_selection(self) -> None:
        if self._kept:
            self.select_uids(self._kept)
        self._kept = []

    def selected_uids(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [u for u in (self.model.uid_at(r) for r in rows) if u]

    def select_uids(self, uids: list[str]) -> None:
        """Select the rows of ``uids`` (from the map) without echoing the selection back."""
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        rows = [r for r in (self.model.row_of_uid(u) for u in uids) if r is not None]
        for r in rows:
            selection.select(self.model.index(r, 0), self.model.index(r, last))
        self._syncing = True
        try:
            self.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            if rows:
                self.view.scrollTo(self.model.index(rows[0], 0))
        finally:
            self._syncing = False

    def _selection(self, *_args) -> None:
        if not self._syncing:
            self.selection_changed.emit(self.selected_uids())

    def _double_clicked(self, index: QModelIndex) -> None:
        if self.model.fields[index.column()].name == "status" and self.controller.editing:
            if index.row() not in {i.row() for i in self.view.selectionModel().selectedRows()}:
                self.view.selectRow(index.row())
            self.change_status()

    def ask_status(self, current: str | None, names: str) -> tuple[str, str, str] | None:
        dialog = StatusChangeDialog(current, None, names, self)
        dialog.setObjectName("status_change_dialog")
        return dialog.values() if dialog.exec() else None

    def change_status(self) -> None:
        uids = self.selected_uids()
        if not uids:
            self.message.setText(tr("Select the features whose status changed."))
            return
        session = self.controller.session
        current = session.value(uids[0], "status") if session else None
        names = feature_names(session, uids)
        answer = self.ask_status(current, names)
        if answer is None:
            return
        status_id, date, source = answer
        if self.controller.apply(lambda s: s.set_status(uids, status_id, date, source)):
            self.message.setText("")
