"""Actual values of one indicator, edited like attributes through the window's edit session.

Adding, changing (a cell) and deleting go through the editing controller, so they are
checked (a refusal shows here, naming the field), sit on the window's undo stack, survive a
crash in the recovery file and are journaled when the project is saved. Importing a
statistical table is one undoable change. Outside an edit session the values are read-only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gisplanner.monitor.import_actuals import ImportActualsError, import_actuals
from gisplanner.store.actuals import FIELDS
from gisplanner.ui.actuals_errors import actuals_error_text
from gisplanner.ui.i18n import bind, tr

COLUMNS = ("date", "value", "source", "scope")


class ActualsEditor(QWidget):
    changed = Signal()  # values were added, changed or deleted (saved or not)

    def __init__(self, window) -> None:
        super().__init__()
        self.window = window
        self.indicator_id: str | None = None
        self.ids: list[str] = []
        self.table = QTableWidget(0, len(COLUMNS))
        bind(lambda: self.table.setHorizontalHeaderLabels([tr(c) for c in ("Date", "Value", "Source", "Coverage")]),
             None)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText("YYYY[-MM[-DD]]")
        self.value_edit = QLineEdit()
        bind(self.value_edit.setPlaceholderText, "value")
        self.source_edit = QLineEdit()
        bind(self.source_edit.setPlaceholderText, "source (table, report)")
        self.add_button, self.delete_button, self.import_button = QPushButton(), QPushButton(), QPushButton()
        for button, text in ((self.add_button, "Add"), (self.delete_button, "Delete"),
                             (self.import_button, "Import table…")):
            bind(button.setText, text)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828")
        row = QHBoxLayout()
        for w in (self.date_edit, self.value_edit, self.source_edit, self.add_button, self.delete_button,
                  self.import_button):
            row.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        self.add_button.clicked.connect(self.add)
        self.delete_button.clicked.connect(self.delete)
        self.import_button.clicked.connect(lambda: self.import_table())
        self.table.itemChanged.connect(self._cell_changed)
        controller = self.controller
        if controller is not None:
            controller.refused.connect(self.problem.setText)
            controller.changed.connect(lambda _uids: self.reload())
            controller.editing_changed.connect(lambda _on: self.reload())

    @property
    def controller(self):
        editing = getattr(self.window, "editing", None)
        return getattr(editing, "controller", None)

    @property
    def session(self):
        controller = self.controller
        return controller.session if controller is not None else None

    def show_indicator(self, indicator_id: str | None) -> None:
        self.indicator_id = indicator_id
        self.reload()

    def reload(self) -> None:
        """The indicator's values as they stand, unsaved edits included while editing."""
        session, project = self.session, self.window.project
        rows = []
        if self.indicator_id and session is not None:
            rows = session.actuals(self.indicator_id)
        elif self.indicator_id and project is not None:
            rows = [dict(zip(("id", *FIELDS), r, strict=True)) for r in project.db.execute(
                f"SELECT id, {', '.join(FIELDS)} FROM indicator_actuals WHERE indicator_id = ? ORDER BY date, id",
                [self.indicator_id])]
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        self.ids = [r["id"] for r in rows]
        editable = session is not None
        for n, r in enumerate(rows):
            for col, name in enumerate(COLUMNS):
                value = r[name]
                item = QTableWidgetItem("" if value is None else f"{value:g}" if name == "value" else str(value))
                if not editable:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(n, col, item)
        self.table.blockSignals(False)
        for w in (self.add_button, self.delete_button, self.import_button):
            w.setEnabled(editable and bool(self.indicator_id))
        self.problem.setText("" if editable else tr("Start editing (Ctrl+E) to change actual values."))

    def _apply(self, make) -> bool:
        self.problem.clear()
        controller = self.controller
        if controller is None or controller.apply(make) is None:
            return False
        self.reload()
        self.changed.emit()
        return True

    def add(self) -> bool:
        ind = self.indicator_id
        date, value, source = self.date_edit.text(), self.value_edit.text(), self.source_edit.text()
        if self._apply(lambda s: s.add_actual(ind, date, value, source)):
            for edit in (self.date_edit, self.value_edit, self.source_edit):
                edit.clear()
            return True
        return False

    def delete(self) -> bool:
        row = self.table.currentRow()
        if not 0 <= row < len(self.ids):
            return False
        actual_id = self.ids[row]
        return self._apply(lambda s: s.delete_actual(actual_id))

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        actual_id, field = self.ids[item.row()], COLUMNS[item.column()]
        if not self._apply(lambda s: s.set_actual(actual_id, field, item.text())):
            self.reload()  # the refused value goes; the message stays

    def import_table(self, path: str | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, tr("Import actual values"), "",
                                                  "CSV / XLSX (*.csv *.xlsx)")
            if not path:
                return False
        try:
            return self._apply(lambda s: import_actuals(s, path))
        except ImportActualsError as exc:
            self.problem.setText(actuals_error_text(exc))
            return False
