"""Project → Conflicts…: every open sync conflict with base / mine / theirs side by side.

One row per conflicting field. The planner resolves the chosen rows (or all) by keeping their
own value, taking the server's, or typing a value; each choice goes through the core's
``resolve`` (itself a journaled edit) and the list is read again from the project, so what the
dialog shows is always what the project holds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gisplanner.ui.i18n import lang, tr
from gisplanner.ui.sync.text import error_text, kind_text

COLUMNS = ["Feature", "Field", "Kind", "Base", "Mine", "Theirs"]
SIDES = {3: "base", 4: "mine", 5: "theirs"}
MAX_CELL = 80


def field_label(layer: str, field: str) -> str:
    """The field as the layer definition names it in the UI language (its name if unknown)."""
    from gisplanner.layers import layer_definitions

    if field in ("geom", "geometry"):
        return tr("geometry")
    for definition in layer_definitions():
        if definition.name == layer:
            for f in definition.fields:
                if f.name == field:
                    return f.label(lang())
    return field


def value_text(value, kind: str = "") -> str:
    """A cell: empty and deleted said in words, a geometry as its type and first coordinates."""
    if value is None:
        return tr("(deleted)") if "delete" in kind else tr("(empty)")
    if isinstance(value, (bytes, bytearray, memoryview)):
        from gisplanner.store.gpkg_geometry import decode

        try:
            geom = decode(bytes(value))
        except Exception:  # noqa: BLE001 - not a GeoPackage blob: say what it is
            return f"{tr('geometry')} ({len(value)} B)"
        return geom.wkt if geom is not None else tr("(empty)")
    return str(value)


class ConflictDialog(QDialog):
    """Conflicts of the project at ``project_path``; ``changed`` after every resolution."""

    changed = Signal(int)  # conflicts left

    def __init__(self, project_path: Path, editor: str | Callable[[], str] = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(tr("Sync conflicts"))
        self.project_path = Path(project_path)
        self._editor = editor
        self.items: list = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("conflictTable")
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if col in SIDES
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.count_label = QLabel()
        self.value_edit = QLineEdit()
        self.value_edit.setObjectName("conflictValue")
        self.value_edit.setPlaceholderText(tr("Value for the chosen conflict"))
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, slot in (("mine", "Keep mine", lambda: self.resolve_selected("mine")),
                                ("theirs", "Take theirs", lambda: self.resolve_selected("theirs")),
                                ("value", "Use this value", lambda: self.resolve_selected("value"))):
            self.buttons[key] = self._button(text, slot)
            if key == "value":
                row.addWidget(self.value_edit, 1)
            row.addWidget(self.buttons[key])
        all_row = QHBoxLayout()
        self.buttons["all_mine"] = self._button("Keep mine for all", lambda: self.resolve_all("mine"))
        self.buttons["all_theirs"] = self._button("Take theirs for all", lambda: self.resolve_all("theirs"))
        self.buttons["close"] = self._button("Close", self.accept)
        all_row.addWidget(self.count_label, 1)
        for key in ("all_mine", "all_theirs", "close"):
            all_row.addWidget(self.buttons[key])
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addLayout(all_row)
        self.resize(1100, 520)
        self.reload()

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(tr(text))
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def editor(self) -> str:
        return self._editor() if callable(self._editor) else self._editor

    def reload(self) -> list:
        """Read the open conflicts from the project and show them."""
        from gisplanner.sync import conflicts

        self.items = list(conflicts(self.project_path))
        self.table.setRowCount(len(self.items))
        for r, c in enumerate(self.items):
            cells = [f"{c.layer}: {c.uid}", field_label(c.layer, c.field), kind_text(c.kind),
                     value_text(c.base, ""), value_text(c.mine, c.kind if c.kind != "update_delete" else ""),
                     value_text(c.theirs, c.kind if c.kind != "delete_update" else "")]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text if len(text) <= MAX_CELL else text[:MAX_CELL] + "…")
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, c.id)
                self.table.setItem(r, col, item)
        self.table.resizeRowsToContents()
        n = len(self.items)
        self.count_label.setText(tr("No conflicts left.") if not n else tr("{n} conflicts left.").format(n=n))
        for key in ("all_mine", "all_theirs"):
            self.buttons[key].setEnabled(bool(n))
        if n:
            self.table.selectRow(0)
        self._selection_changed()
        return self.items

    def selected_ids(self) -> list:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.items[r].id for r in rows if r < len(self.items)]

    def _selection_changed(self) -> None:
        some = bool(self.selected_ids())
        for key in ("mine", "theirs", "value"):
            self.buttons[key].setEnabled(some)
        rows = self.selected_ids()
        if len(rows) == 1:  # start the typed value from the server's, the one that stands
            chosen = next(c for c in self.items if c.id == rows[0])
            self.value_edit.setText("" if chosen.theirs is None or isinstance(chosen.theirs, bytes) else str(chosen.theirs))

    def resolve_selected(self, choice: str) -> int:
        value = self.value_edit.text() if choice == "value" else None
        return self._resolve(self.selected_ids(), choice, value)

    def resolve_all(self, choice: str) -> int:
        return self._resolve([c.id for c in self.items], choice, None)

    def _resolve(self, ids: list, choice: str, value) -> int:
        """Resolve ``ids`` one by one (each its own journaled edit); stop at the first refusal."""
        from gisplanner.sync import SyncError, resolve

        done = 0
        try:
            for conflict_id in ids:
                resolve(self.project_path, conflict_id, choice, value=value, editor=self.editor())
                done += 1
        except SyncError as exc:
            QMessageBox.warning(self, tr("Could not resolve"), error_text(exc))
        left = len(self.reload())
        self.changed.emit(left)
        return done
