"""Project → Conflicts…: every open sync conflict with base / mine / theirs side by side.

One row per conflicting field. The planner resolves the chosen rows (or all) by keeping their
own value, taking the server's, or typing a value; each choice goes through the core's
``resolve`` (itself a journaled edit) and the list is read again from the project, so what the
dialog shows is always what the project holds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shapely
from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shapely.geometry.base import BaseGeometry

from gisplanner.ui.i18n import ZH, tr
from gisplanner.ui.progress import layer_title
from gisplanner.ui.sync.text import GEOMETRY_FIELDS, error_text, field_label, kind_text

COLUMNS = ["Feature", "Field", "Kind", "Base", "Mine", "Theirs"]
SIDES = {3: "base", 4: "mine", 5: "theirs"}
MAX_CELL = 80


SHAPES = {"Point": "point", "MultiPoint": "points", "LineString": "line", "MultiLineString": "line",
          "Polygon": "area", "MultiPolygon": "area"}
ZH.update({"area": "面", "{shape} of {n} vertices around {x}, {y}": "{shape}，{n} 个节点，中心 {x}, {y}"})


def geometry_text(geom: BaseGeometry) -> str:
    """A geometry in words: a point by its longitude and latitude, another shape by its kind,
    vertex count and centre (WKT's POINT/POLYGON are not the planner's words)."""
    if geom.is_empty:
        return tr("(empty)")
    if geom.geom_type == "Point":
        return f"{geom.x:.6f}, {geom.y:.6f}"
    centre = geom.centroid
    return tr("{shape} of {n} vertices around {x}, {y}").format(
        shape=tr(SHAPES.get(geom.geom_type, "geometry")), n=shapely.get_num_coordinates(geom),
        x=f"{centre.x:.6f}", y=f"{centre.y:.6f}")


def value_text(value) -> str:
    """A cell: empty said in words, a geometry in words, a whole row as its fields."""
    if value is None:
        return tr("(empty)")
    if isinstance(value, BaseGeometry):
        return geometry_text(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"{tr('geometry')} ({len(value)} B)"
    return str(value)


def row_texts(layer: str, base, mine, theirs, fields: list[str] | None = None) -> list[str]:
    """Whole-row conflicts (a deletion, two new rows): the fields where the sides differ, one per
    line in each cell; a side that has no row says so."""
    rows = [r for r in (base, mine, theirs) if isinstance(r, dict)]
    names = fields or [f for f in dict.fromkeys(k for r in rows for k in r)
                       if len({value_text(r.get(f)) for r in rows}) > 1 or len(rows) == 1]
    out = []
    for side, row in zip(("base", "mine", "theirs"), (base, mine, theirs), strict=True):
        if row is None:
            out.append(tr("(none)") if side == "base" else tr("(deleted)"))
        else:
            out.append("\n".join(f"{field_label(layer, f)}: {value_text(row.get(f))}" for f in names))
    return out


def cells(c) -> list[str]:
    """Feature, field, kind, base, mine, theirs of one conflict, as the table shows them."""
    if c.field is not None:
        sides = [value_text(v) for v in (c.base, c.mine, c.theirs)]
    else:
        sides = row_texts(c.layer, c.base, c.mine, c.theirs)
    return [f"{layer_title(c.layer)}: {c.uid}", field_label(c.layer, c.field) if c.field else "—", kind_text(c.kind), *sides]


class ConflictDialog(QDialog):
    """Conflicts of the project at ``project_path``; ``changed`` after every resolution."""

    changed = Signal(int)  # conflicts left

    def __init__(self, project_path: Path, editor: str | Callable[[], str] = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(tr("Sync conflicts"))
        self.project_path = Path(project_path)
        self._editor = editor
        self.before_write: Callable[[], bool] | None = None  # e.g. end the window's edit session
        self.items: list = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("conflictTable")
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        # rows as tall as their wrapped text at the current column widths (kept so on resize)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if col in SIDES
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.count_label = QLabel()
        self.message = QLabel()  # why the last choice was refused; empty otherwise
        self.message.setObjectName("conflictMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.message.hide()
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
        layout.addWidget(self.message)
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
        """Read the open conflicts from the project and show them; the rows chosen before stay
        chosen while they are open (else the first row is)."""
        from gisplanner.sync import conflicts

        chosen = set(self.selected_ids())
        self.items = list(conflicts(self.project_path))
        self.table.setRowCount(len(self.items))
        for r, c in enumerate(self.items):
            for col, text in enumerate(cells(c)):
                short = "\n".join(line if len(line) <= MAX_CELL else line[:MAX_CELL] + "…" for line in text.split("\n"))
                item = QTableWidgetItem(short)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, c.id)
                self.table.setItem(r, col, item)
        n = len(self.items)
        self.count_label.setText(tr("No conflicts left.") if not n else tr("{n} conflicts left.").format(n=n))
        for key in ("all_mine", "all_theirs"):
            self.buttons[key].setEnabled(bool(n))
        self.table.clearSelection()
        rows = [r for r, c in enumerate(self.items) if c.id in chosen] or [0][:n]
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for r in rows:
            self.table.selectionModel().select(self.table.model().index(r, 0), flags)
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
        # a typed value fits a field; a whole feature or a shape is kept or taken, not typed
        fields = [c for c in self.items if c.id in rows and c.field is not None and c.field not in GEOMETRY_FIELDS]
        self.buttons["value"].setEnabled(bool(rows) and len(fields) == len(rows))
        if len(rows) == 1 and fields:  # start the typed value from the server's, the one that stands
            self.value_edit.setText("" if fields[0].theirs is None else value_text(fields[0].theirs))

    def resolve_selected(self, choice: str) -> int:
        value = self.value_edit.text() if choice == "value" else None
        return self._resolve(self.selected_ids(), choice, value)

    def resolve_all(self, choice: str) -> int:
        return self._resolve(None, choice, None)

    def _resolve(self, ids: list | None, choice: str, value) -> int:
        """One transaction for the chosen conflicts (None: all open), each a journaled edit."""
        from gisplanner.sync import SyncError, resolve_all

        if ids == [] or (self.before_write is not None and not self.before_write()):
            return 0
        typed = self.value_edit.text()
        try:
            done = len(resolve_all(self.project_path, choice, ids, value=value, editor=self.editor()))
        except SyncError as exc:  # nothing was changed: the choice is one transaction
            self.message.setText(f"{tr('Could not resolve')}: {error_text(exc)}")
            done = 0
        else:
            self.message.setText("")
        self.message.setVisible(bool(self.message.text()))
        left = len(self.reload())
        if not done:  # refused: the same rows stay chosen, the typed value stays to be corrected
            self.value_edit.setText(typed)
        self.changed.emit(left)
        return done
