"""Spatial bookmarks: a Bookmarks menu and panel over the project's named extents.

New bookmark (Ctrl+D) keeps the current map extent under a name; the panel (Ctrl+Shift+B)
lists them to go to (double-click), rename and delete. The list lives in the project file
(``project.bookmarks()`` and friends), so it travels with the project and into HTML exports.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gisplanner.store.bookmarks import Bookmark, BookmarkError
from gisplanner.ui.editing.window_editing import EDITOR_KEY
from gisplanner.ui.i18n import bind, tr


def bookmark_error_text(exc: BookmarkError) -> str:
    texts = {
        "empty_name": tr("A bookmark needs a name."),
        "name_too_long": tr("A bookmark name has at most {limit} characters."),
        "name_taken": tr("A bookmark named “{name}” exists already."),
        "unknown": tr("No bookmark is named “{name}”."),
        "bad_extent": tr("The map extent cannot be kept: {bounds}"),
        "read_only": tr("The project is open read-only; bookmarks cannot be changed: {path}"),
    }
    template = texts.get(exc.code, tr("The bookmark was not saved: {path} ({detail})"))
    return template.format(**{k: str(v) for k, v in exc.params.items()})


class BookmarkPanel(QWidget):
    """The list and its buttons; works on ``Bookmarks`` (the window's verbs)."""

    def __init__(self, bookmarks: Bookmarks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bookmarks = bookmarks
        self.list = QListWidget(self)
        self.list.setObjectName("bookmark_list")
        self.list.itemDoubleClicked.connect(lambda item: bookmarks.go(item.data(Qt.ItemDataRole.UserRole)))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828")
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, slot in (("add", "Add…", bookmarks.add_current), ("go", "Go to", self._go),
                                ("rename", "Rename…", self._rename), ("delete", "Delete", self._delete)):
            button = QPushButton(self)
            button.setObjectName(f"bookmark_{key}")
            bind(button.setText, text)
            button.clicked.connect(lambda _c=False, slot=slot: slot())
            row.addWidget(button)
            self.buttons[key] = button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(self.message)

    def fill(self, items: list[Bookmark]) -> None:
        current = self.current()
        self.list.clear()
        for bm in items:
            item = QListWidgetItem(bm.name)
            item.setData(Qt.ItemDataRole.UserRole, bm.name)
            item.setToolTip(f"{bm.bounds[0]:.4f}, {bm.bounds[1]:.4f} — {bm.bounds[2]:.4f}, {bm.bounds[3]:.4f}")
            self.list.addItem(item)
            if bm.name == current:
                self.list.setCurrentItem(item)

    def current(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _go(self) -> None:
        if (name := self.current()) is not None:
            self.bookmarks.go(name)

    def _rename(self) -> None:
        if (name := self.current()) is not None:
            self.bookmarks.rename(name)

    def _delete(self) -> None:
        if (name := self.current()) is not None:
            self.bookmarks.delete(name)


class Bookmarks:
    """Bookmarks menu and panel of a window; every change goes through the project's verbs."""

    def __init__(self, window) -> None:
        self.window = window
        self.ask_name = self._ask_name  # replaceable (tests answer without a dialog)
        self.confirm = self._confirm
        self.panel = BookmarkPanel(self)
        self.dock = QDockWidget(window)
        self.dock.setObjectName("dock_bookmarks")
        self.dock.setWidget(self.panel)
        bind(self.dock.setWindowTitle, "Bookmarks")
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        if "clauses" in getattr(window, "docks", {}):
            window.tabifyDockWidget(window.docks["clauses"], self.dock)
            window.docks["clauses"].raise_()
        window.docks["bookmarks"] = self.dock
        window.panels_menu.addAction(self.dock.toggleViewAction())
        self.menu = self._build_menu()
        window.project_changed.connect(lambda _p: self.refresh())
        self.refresh()

    def _build_menu(self) -> QMenu:
        bar = self.window.menuBar()
        menu = QMenu(bar)
        menu.setObjectName("menu_bookmarks")
        bind(menu.setTitle, "&Bookmarks")
        help_menu = self.window.menus.get("help")
        bar.insertMenu(help_menu.menuAction(), menu) if help_menu is not None else bar.addMenu(menu)
        self.window.menus["bookmarks"] = menu
        self.new_action = QAction(self.window)
        self.new_action.setObjectName("action_bookmark_new")
        bind(self.new_action.setText, "&New bookmark…")
        self.new_action.setShortcut(QKeySequence("Ctrl+D"))
        self.new_action.triggered.connect(lambda _c=False: self.add_current())
        self.show_action = QAction(self.window)
        bind(self.show_action.setText, "&Show bookmarks")
        self.show_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.show_action.triggered.connect(lambda _c=False: self.show_panel())
        self.window.actions_by_name["bookmark_new"] = self.new_action
        self.window.actions_by_name["bookmarks"] = self.show_action
        menu.aboutToShow.connect(self._fill_menu)
        self._fill_menu(menu)
        return menu

    def _fill_menu(self, menu: QMenu | None = None) -> None:
        menu = menu or self.menu
        menu.clear()
        menu.addAction(self.new_action)
        menu.addAction(self.show_action)
        menu.addSeparator()
        for bm in self.items():
            action = menu.addAction(bm.name)
            action.triggered.connect(lambda _c=False, name=bm.name: self.go(name))

    def items(self) -> list[Bookmark]:
        project = self.window.project
        return project.bookmarks() if project is not None else []

    def refresh(self) -> None:
        self.panel.fill(self.items())
        for key in ("add", "rename", "delete"):
            self.panel.buttons[key].setEnabled(self.window.project is not None and not self.window.project.read_only)
        self.new_action.setEnabled(self.panel.buttons["add"].isEnabled())

    def show_panel(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.panel.list.setFocus()

    def _say(self, text: str) -> None:
        self.panel.message.setText(text)
        if text:
            self.window.status.showMessage(text, 8000)

    def go(self, name: str) -> bool:
        for bm in self.items():
            if bm.name == name:
                self.window.canvas.zoom_to_bounds(bm.bounds, margin=0.0)
                return True
        return False

    def add_current(self) -> Bookmark | None:
        if self.window.project is None:
            return None
        name = self.ask_name(tr("New bookmark"), tr("Name of the current map view:"), "")
        if name is None:
            return None
        return self._change(lambda p: p.add_bookmark(name, self.window.canvas.extent(), self._editor()), name)

    def rename(self, old: str) -> Bookmark | None:
        new = self.ask_name(tr("Rename bookmark"), tr("New name:"), old)
        if new is None:
            return None
        return self._change(lambda p: p.rename_bookmark(old, new, self._editor()), new)

    def delete(self, name: str) -> bool:
        if not self.confirm(tr("Delete the bookmark “{name}”?").format(name=name)):
            return False
        return self._change(lambda p: p.remove_bookmark(name, self._editor()), None) is not False

    def _editor(self) -> str:
        """The name the editing tools record (if one was given), for the journal."""
        return str(self.window.settings.value(EDITOR_KEY, "") or "")

    def _change(self, verb, select: str | None):
        try:
            result = verb(self.window.project)
        except BookmarkError as exc:
            self._say(bookmark_error_text(exc))
            return False if select is None else None
        self._say("")
        self.refresh()
        if isinstance(result, Bookmark):
            for i in range(self.panel.list.count()):
                if self.panel.list.item(i).data(Qt.ItemDataRole.UserRole) == result.name:
                    self.panel.list.setCurrentRow(i)
        return result if select is not None else True

    def _ask_name(self, title: str, label: str, text: str) -> str | None:
        name, ok = QInputDialog.getText(self.window, title, label, text=text)
        return name if ok else None

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self.window, tr("Bookmarks"), question)
        return answer == QMessageBox.StandardButton.Yes


def install(window) -> Bookmarks:
    if not isinstance(getattr(window, "bookmarks", None), Bookmarks):
        window.bookmarks = Bookmarks(window)
    return window.bookmarks
