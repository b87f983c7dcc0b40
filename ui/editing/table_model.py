"""A layer's attribute table over the project file plus the edit buffer, lazily.

Sorting and filtering run in SQL (``ORDER BY``/``WHERE`` over the GeoPackage table) and
yield only the ordered list of fids; rows are read in pages of ``PAGE`` as the view
scrolls into them and kept in a small cache, so 100k features open and scroll without
reading 100k rows. Cells with unsaved edits show the buffered value on a yellow ground;
deleted features disappear. Sorting and filtering see the buffered values too (the buffer
rows are laid over the file inside the query, ``table_query``): an edited cell moves to
its sorted place at once, a row whose new value no longer matches the filter leaves it;
features added in the session sort among the rest (last when unsorted).
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor

from gisplanner.layers import FieldDef, layer_definition, status, statuses
from gisplanner.shipped_notes import shipped_matching
from gisplanner.source_words import LOCATION_CODE
from gisplanner.ui.editing.controller import EditController
from gisplanner.ui.editing.table_query import order_by, ordered_keys, overlay_rows
from gisplanner.ui.i18n import lang
from gisplanner.ui.source_words import note_text

PAGE = 256
MAX_PAGES = 64
EDITED = QBrush(QColor("#fff3b0"))
ADDED = QBrush(QColor("#d7f5d0"))


def display_value(fdef: FieldDef, value: Any, layer: str) -> str:
    """A cell as a planner reads it: labels for enums and the shipped location notes (in the UI
    language; the editor gets the stored value), blanks for NULL."""
    if value is None:
        return ""
    if fdef.type == "enum":
        return layer_definition(layer).value_label(fdef.name, value, lang())
    if fdef.name == "location_source":
        return note_text(str(value))
    return str(value)


class AttributeTableModel(QAbstractTableModel):
    refused = Signal(str)

    def __init__(self, controller: EditController, layer: str, parent=None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.layer = layer
        self.definition = layer_definition(layer)
        self.fields = list(self.definition.fields)
        self._keys: list[int | str] = []
        self._gone: set[int] = set()   # fids of saved features deleted in the session, as last queried
        self._added_seen: set[str] = set()  # uids of features added in the session, as last queried
        self._row_of: dict[int | str, int] | None = None
        self._pages: OrderedDict[int, dict[int, tuple]] = OrderedDict()
        self._columns: list[str] = []
        self.filter_text = ""
        self.filter_field: str | None = None
        self.sort_field: str | None = None
        self.descending = False
        self.pages_read = 0
        self._resort = QTimer(self)  # a burst of changes (a macro, its undo) re-sorts once
        self._resort.setSingleShot(True)
        self._resort.setInterval(0)
        self._resort.timeout.connect(lambda: self.requery(keep_layout=True))
        controller.changed.connect(self._changed)
        controller.refused.connect(self.refused.emit)
        self.requery()

    # -- querying -------------------------------------------------------------------------------
    @property
    def db(self):
        return self.controller.project.db

    def _where(self) -> tuple[str, list[Any]]:
        text = self.filter_text.strip()
        if not text:
            return "", []
        fields = [self.definition.field(self.filter_field)] if self.filter_field else self.fields
        parts, args = [], []
        for fdef in fields:
            if fdef.type == "enum":
                ids = [v for v in fdef.values if text.lower() in v.lower()
                       or text.lower() in display_value(fdef, v, self.layer).lower()]
                if fdef.name == "status":
                    ids += [s.id for s in statuses() if text in s.label_zh and s.id not in ids]
                if ids:
                    parts.append(f'"{fdef.name}" IN ({",".join("?" * len(ids))})')
                    args += ids
            else:
                parts.append(f'CAST("{fdef.name}" AS TEXT) LIKE ? ESCAPE \'\\\'')
                args.append("%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                if fdef.name == "location_source" and (shown := shipped_matching(lang(), text, "location_source")):
                    parts.append(f'"{fdef.name}" IN ({",".join("?" * len(shown))})')  # found by the words shown
                    args += shown
        return (" WHERE " + " OR ".join(parts)) if parts else " WHERE 0", args

    def requery(self, keep_layout: bool = False) -> None:
        """Re-run the filter and order in SQL; rows themselves are read later, page by page.

        ``keep_layout``: when only the order changed (same number of rows), move the rows
        as a layout change so the view keeps its selection and current cell.
        """
        self._resort.stop()
        keys = self._ordered_keys()
        if keep_layout and len(keys) == len(self._keys):
            self.layoutAboutToBeChanged.emit()
            old = self._keys
            self._set_keys(keys)
            new_row = {k: i for i, k in enumerate(keys)}
            before = self.persistentIndexList()
            after = []
            for index in before:
                row = new_row.get(old[index.row()]) if index.row() < len(old) else None
                after.append(QModelIndex() if row is None else self.index(row, index.column()))
            self.changePersistentIndexList(before, after)
            self.layoutChanged.emit()
            return
        self.beginResetModel()
        self._set_keys(keys)
        self.endResetModel()

    @property
    def resort_pending(self) -> bool:
        return self._resort.isActive()

    def _set_keys(self, keys: list[int | str]) -> None:
        self._keys = keys
        self._gone = self._deleted_fids()
        self._added_seen = self._added_uids()
        self._row_of = None
        self._pages.clear()

    def _ordered_keys(self) -> list[int | str]:
        where, args = self._where()
        session = self.controller.session
        if session is not None and (where or self.sort_field) and session.buffer.touched(self.layer):
            names = self._queried_fields()
            overlay, added = overlay_rows(session, self.layer, names)
            keys = ordered_keys(self.db, self.layer, names, where, args, self.sort_field, self.descending, overlay)
            return [added[k] if k < 0 else k for k in keys]
        order = order_by(self.sort_field, self.descending, tail="fid")
        fids = [r[0] for r in self.db.execute(f'SELECT fid FROM "{self.layer}"{where}{order}', args)]
        keys: list[int | str] = fids
        if session is not None:
            gone = self._deleted_fids()
            if gone:
                keys = [f for f in fids if f not in gone]
            keys = keys + [u for u, rec in session.buffer.added.items() if rec["layer"] == self.layer]
        return keys

    def _queried_fields(self) -> list[str]:
        """The columns the filter and the sort look at (only those travel with the buffer rows)."""
        names = []
        if self.filter_text.strip():
            names = [self.filter_field] if self.filter_field else [f.name for f in self.fields]
        if self.sort_field and self.sort_field not in names:
            names.append(self.sort_field)
        return names

    def _added_uids(self) -> set[str]:
        session = self.controller.session
        if session is None:
            return set()
        return {u for u, rec in session.buffer.added.items() if rec["layer"] == self.layer}

    def _deleted_fids(self) -> set[int]:
        session = self.controller.session
        if session is None:
            return set()
        where = (session.stored.locate(u) for u, lay in session.buffer.deleted.items() if lay == self.layer)
        return {w[1] for w in where if w}

    def set_filter(self, text: str, field: str | None = None) -> None:
        self.filter_text, self.filter_field = text, field
        self.requery()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_field = self.fields[column].name
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.requery(keep_layout=True)

    def _page(self, page: int) -> dict[int, tuple]:
        cached = self._pages.get(page)
        if cached is not None:
            self._pages.move_to_end(page)
            return cached
        fids = [k for k in self._keys[page * PAGE:(page + 1) * PAGE] if isinstance(k, int)]
        names = ", ".join(f'"{f.name}"' for f in self.fields)
        rows = {}
        if fids:
            marks = ",".join("?" * len(fids))
            try:
                try:  # the location note's codes ride along after the fields (a face words the note)
                    cursor = self.db.execute(
                        f'SELECT fid, {names}, "{LOCATION_CODE}" FROM "{self.layer}" WHERE fid IN ({marks})', fids)
                except sqlite3.OperationalError:  # a layer without them
                    cursor = self.db.execute(f'SELECT fid, {names} FROM "{self.layer}" WHERE fid IN ({marks})', fids)
                rows = {r[0]: r[1:] for r in cursor}
            except sqlite3.ProgrammingError:
                return {}  # the project was closed under a table still on screen: show blanks, cache nothing
        self._pages[page] = rows
        self.pages_read += 1
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return rows

    # -- Qt model -------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fields)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.fields[section].label(lang())
        return section + 1

    def uid_at(self, row: int) -> str | None:
        key = self._keys[row]
        if isinstance(key, str):
            return key
        values = self._page(row // PAGE).get(key)
        return values[0] if values else None

    def value(self, row: int, column: int) -> Any:
        """The value the user sees: buffered if edited in this session, else as saved."""
        key = self._keys[row]
        name = self.fields[column].name
        session = self.controller.session
        if isinstance(key, str):
            return session.value(key, name) if session else None
        values = self._page(row // PAGE).get(key)
        if values is None:
            return None
        uid = values[0]
        if session is not None and session.is_modified(uid, name):
            return session.value(uid, name)
        return values[column]

    def _location_code(self, row: int) -> str | None:
        key = self._keys[row]
        if isinstance(key, str):  # added in this session
            session = self.controller.session
            return session.value(key, LOCATION_CODE) if session else None
        values = self._page(row // PAGE).get(key)
        return values[len(self.fields)] if values is not None and len(values) > len(self.fields) else None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        fdef = self.fields[col]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if fdef.name == "location_source":
                return note_text(self.value(row, col), self._location_code(row))
            return display_value(fdef, self.value(row, col), self.layer)
        if role == Qt.ItemDataRole.EditRole:
            return self.value(row, col)
        if role == Qt.ItemDataRole.BackgroundRole:
            session = self.controller.session
            if session is None:
                return None
            key = self._keys[row]
            if isinstance(key, str):
                return ADDED
            uid = self.uid_at(row)
            return EDITED if uid and session.is_modified(uid, fdef.name) else None
        if role == Qt.ItemDataRole.DecorationRole and fdef.name == "status":
            value = self.value(row, col)
            try:
                return QColor(status(value).color) if value else None
            except KeyError:
                return None
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        fdef = self.fields[index.column()]
        if self.controller.editing and fdef.editable and fdef.name != "status":
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        uid = self.uid_at(index.row())
        if uid is None:
            return False
        fdef = self.fields[index.column()]
        if fdef.validate(value) is None and fdef.coerce(value) == self.value(index.row(), index.column()):
            return True  # unchanged: no empty undo step
        return self.controller.apply(lambda s: s.set_value(uid, fdef.name, value)) is not None

    # -- rows of uids (selection sync) -----------------------------------------------------------
    def row_of_uid(self, uid: str) -> int | None:
        if self._row_of is None:
            self._row_of = {k: i for i, k in enumerate(self._keys)}
        if uid in self._row_of:
            return self._row_of[uid]
        row = self.db.execute(f'SELECT fid FROM "{self.layer}" WHERE uid = ?', [uid]).fetchone()
        return self._row_of.get(row[0]) if row else None

    def detach(self) -> None:
        """Stop following the controller (the table is going away with its project)."""
        self._resort.stop()
        self.controller.changed.disconnect(self._changed)
        self.controller.refused.disconnect(self.refused.emit)

    def _changed(self, uids) -> None:
        session = self.controller.session
        if uids is None or session is None:
            self.requery()
            return
        if self._added_uids() != self._added_seen or self._deleted_fids() != self._gone:
            self.requery()
            return
        if (self.sort_field or self.filter_text.strip()) and self._mine(uids):
            self._resort.start()  # an edited value may move its row or leave the filter
        if self._keys:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._keys) - 1, len(self.fields) - 1))

    def _mine(self, uids) -> bool:
        """Whether any of ``uids`` belongs to this table's layer (edited, undone or added)."""
        session = self.controller.session
        buf = session.buffer
        with session.stored.steady():
            for uid in uids:
                layer = buf.layer.get(uid) or (buf.added.get(uid) or {}).get("layer")
                if layer is None and (where := session.stored.locate(uid)):
                    layer = where[0]
                if layer == self.layer:
                    return True
        return False
