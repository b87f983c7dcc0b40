"""Editing in the main window: Edit-menu actions, docks, attribute tables, close and recovery.

``EditingUI(window)`` uses only the window's published surface: ``project``,
``project_changed``, ``menus["edit"]``, ``canvas`` (select, selected_uids,
selection_changed), ``identify``, ``statusBar()`` and ``reload_layers()``. While editing,
``window.project`` is an ``EditedProject`` so the map and identify panel show the buffer.
Starting, stopping, saving and recovering a session are in ``session_steps``; edits on the
selection and the map tools in ``selection_edits``.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QScrollArea,
    QToolBar,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from gisplanner.ui.editing.attribute_table import AttributeTable
from gisplanner.ui.editing.controller import EditController, stack_actions
from gisplanner.ui.editing.feature_form import FeatureForm
from gisplanner.ui.editing.history_view import FeatureHistory
from gisplanner.ui.editing.links_panel import ClauseLinks
from gisplanner.ui.editing.map_tools import MapTool
from gisplanner.ui.editing.messages import save_summary
from gisplanner.ui.editing.project_view import EditedProject
from gisplanner.ui.editing.selection_edits import SelectionEdits
from gisplanner.ui.editing.session_steps import EDITOR_KEY, SessionSteps
from gisplanner.ui.i18n import bind, lang, on_language_changed, tr


class ScrollingPage(QScrollArea):
    """A page in a frameless area that scrolls when its dock is too low for it, so a field is
    never squeezed (an error line under a field makes the form taller); it asks for the
    page's whole size, so the dock still opens as tall as the page where there is room."""

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setWidget(page)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.widget().sizeHint() + QSize(self.verticalScrollBar().sizeHint().width(), 0)


class EditingUI(SelectionEdits, SessionSteps, QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        window.editing = self  # before anything that may spin an event loop (the recovery question)
        self.settings: QSettings = getattr(window, "settings", None) or QSettings()
        self.controller = EditController(self)
        self.real_project = None
        self.tables: dict[str, AttributeTable] = {}
        self.form = FeatureForm(self.controller)
        self.links = ClauseLinks(self.controller)
        form_page = QWidget()
        box = QVBoxLayout(form_page)
        box.addWidget(self.form)
        box.addWidget(self.links)
        self.history = FeatureHistory(self.controller)
        self.undo_view = QUndoView(self.controller.stack)
        bind(self.undo_view.setEmptyLabel, "<saved state>")
        self.docks = {key: self._dock(key, title, widget) for key, title, widget in (
            ("feature_form", "Feature form", ScrollingPage(form_page)),
            ("edit_history", "Undo history", self.undo_view),
            ("feature_journal", "Feature history", self.history))}
        self.actions: dict[str, QAction] = {}
        self.tool: MapTool | None = None
        self._build_actions()
        self.toolbar = self._build_toolbar()
        c = self.controller
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(0)
        self._redraw.timeout.connect(self._redraw_map)
        self._changed_uids: set[str] | None = set()
        c.changed.connect(self._buffer_changed)
        c.editing_changed.connect(self._editing_changed)
        c.saved.connect(lambda r: self._say(tr("Saved: ") + save_summary(r)))
        c.save_failed.connect(self._save_failed)
        c.warning.connect(self._warn)
        c.refused.connect(lambda msg: self._say(tr("Refused: ") + msg))  # worded by the controller
        c.stack.cleanChanged.connect(lambda _clean: self._update_actions())
        c.stack.indexChanged.connect(lambda _i: self._update_actions())
        window.project_changed.connect(self.project_changed)
        window.canvas.selection_changed.connect(self._selection_changed)
        window.installEventFilter(self)
        self.hook_identify_panel()
        on_language_changed(self.window, self._update_actions)
        if window.project is not None:
            self.project_changed(window.project)
        self._update_actions()

    # -- set-up --------------------------------------------------------------------------------
    def _dock(self, key: str, title: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(self.window)
        bind(dock.setWindowTitle, title)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(widget)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()
        return dock

    def _action(self, key: str, text, slot, shortcut=None, checkable: bool = False) -> QAction:
        action = QAction(self.window)
        bind(action.setText, text)  # re-translated when the UI language changes
        action.setObjectName(f"edit_{key}")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.setCheckable(checkable)
        action.triggered.connect(lambda checked=False: slot(checked) if checkable else slot())
        self.actions[key] = action
        return action

    def _build_actions(self) -> None:
        menu = self.window.menus["edit"]
        menu.addSeparator()
        menu.addAction(self._action("toggle", "Start &editing", self.toggle_editing,
                                    "Ctrl+E", checkable=True))
        menu.addAction(self._action("save", "&Save edits", self.save, QKeySequence.StandardKey.Save))
        menu.addAction(self._action("discard", "&Discard edits", self.discard))
        undo, redo = stack_actions(self.controller.stack, self.window)
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for a in (undo, redo):
            a.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.actions["undo"], self.actions["redo"] = undo, redo
        menu.addAction(undo)
        menu.addAction(redo)
        menu.addSeparator()
        self.table_menu = menu.addMenu("")
        bind(self.table_menu.setTitle, "Attribute &table")
        self.table_menu.aboutToShow.connect(self._fill_table_menu)
        menu.addAction(self._action("form", "Feature &form", lambda: self._show_dock("feature_form"),
                                    "Ctrl+I"))
        menu.addAction(self._action("status", "Change &status of selection…",
                                    self.change_status))
        menu.addAction(self._action("move", "&Move selection…", self.move_selection))
        menu.addAction(self._action("delete", "De&lete selection", self.delete_selection,
                                    QKeySequence.StandardKey.Delete))
        menu.addAction(self._action("place", "Add feature at a &place…", self.add_at_place))
        self.draw_menu = menu.addMenu("")
        bind(self.draw_menu.setTitle, "&Draw a new feature")
        self.draw_menu.aboutToShow.connect(self._fill_draw_menu)
        menu.addAction(self._action("drag", "Move features by dra&gging", self.toggle_move_tool,
                                    checkable=True))
        menu.addAction(self._action("vertices", "Edit &vertices of the selection",
                                    self.toggle_vertex_tool, checkable=True))
        menu.addAction(self._action("link", "&Link selection to a clause…", self.link_clause))
        menu.addAction(self._action("unlink", "U&nlink a clause…", self.unlink_clause))
        menu.addSeparator()
        menu.addAction(self._action("undo_view", "Undo &history", lambda: self._show_dock("edit_history")))
        menu.addAction(self._action("journal", "Feature &journal",
                                    lambda: self._show_dock("feature_journal")))

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(self.window)
        bar.setObjectName("editingToolbar")
        bind(bar.setWindowTitle, "Editing")
        for key in ("toggle", "save", "discard", "undo", "redo", None, "drag", "vertices", "status", "delete",
                    "form"):
            if key is None:
                bar.addSeparator()
            else:
                bar.addAction(self.actions[key])
        self.window.addToolBar(bar)
        return bar

    def _show_dock(self, key: str) -> None:
        self.docks[key].show()
        self.docks[key].raise_()

    def _fill_table_menu(self) -> None:
        self.table_menu.clear()
        project = self.real_project
        for definition in (project.layers() if project else []):
            act = self.table_menu.addAction(definition.title(lang()))
            act.triggered.connect(lambda _c=False, n=definition.name: self.open_table(n))

    def _update_actions(self) -> None:
        if not shiboken6.isValid(self.draw_menu):
            return  # the window is being destroyed
        editing, dirty = self.controller.editing, self.controller.dirty
        self.actions["toggle"].setChecked(editing)
        self.actions["toggle"].setText(tr("Stop &editing") if editing else tr("Start &editing"))
        self.actions["save"].setEnabled(dirty)
        self.actions["discard"].setEnabled(dirty)
        for key in ("status", "move", "delete"):
            self.actions[key].setEnabled(editing)
        for key in ("place", "drag", "vertices", "toggle", "link", "unlink"):  # these start editing themselves
            self.actions[key].setEnabled(self.real_project is not None)
        self.draw_menu.setEnabled(self.real_project is not None)
        if not editing and self.tool is not None:
            self.tool.stop()

    def _say(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 10000)

    # -- project (starting, stopping and saving the session: SessionSteps) ------------------------
    def project_changed(self, project) -> None:
        if isinstance(project, EditedProject):
            return
        # the window has already closed the old project: let nothing read it any more
        self.form.show_feature(None)
        self.links.show_feature(None)
        self.history.show_feature(None)
        for table in self.tables.values():
            table.model.detach()
            table.close()
            table.deleteLater()
        self.tables.clear()
        if self.tool is not None:
            self.tool.stop()
        if self.controller.editing:
            self.controller.stop()  # its unsaved changes stay in the recovery file, offered next time
        self.real_project = project
        self.controller.set_project(project)
        self._update_actions()
        if project is not None:
            self.say_if_locked()
            self.offer_recovery()

    def _editing_changed(self, editing: bool) -> None:
        if not editing and isinstance(self.window.project, EditedProject):
            self.window.project = self.real_project
            self._identify_reads(self.real_project)
        for table in self.tables.values():
            table.model.requery()
        self._update_actions()

    def _identify_reads(self, project) -> None:
        """Point the identify panel at ``project``, keeping the feature it shows."""
        identify = self.window.identify
        uid, others = getattr(identify, "uid", None), list(getattr(identify, "others", []) or [])
        identify.set_project(project)
        if uid:
            identify.show_feature(uid, others)

    def _buffer_changed(self, uids) -> None:
        # many changes in one go (a macro, its undo) redraw the map once, re-reading only the
        # layers holding the changed features (None: everything may have changed)
        if uids is None or self._changed_uids is None:
            self._changed_uids = None
        else:
            self._changed_uids |= set(uids)
        self._redraw.start()

    def _redraw_map(self) -> None:
        uids, self._changed_uids = self._changed_uids, set()
        if self.window.project is None:
            return
        if uids is None:
            self.window.reload_layers()
        else:
            self.window.reload_layers(uids=sorted(uids))
        identify = self.window.identify
        if getattr(identify, "uid", None):
            identify.show_feature(identify.uid, getattr(identify, "others", []))
        self._update_actions()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Close:
            if self.controller.dirty and not self.ask_unsaved():
                event.ignore()
                return True
            self.controller.stop()
        return False

    # -- selection and tables --------------------------------------------------------------------
    def _selection_changed(self, uids: list[str]) -> None:
        current = self.window.project
        if current is not self.real_project and not isinstance(current, EditedProject):
            return  # a project switch is under way (the old file is closed already)
        first = uids[0] if uids else None
        self.form.show_feature(first)
        self.links.show_feature(first)
        self.history.show_feature(first)
        for table in self.tables.values():
            table.select_uids(uids)

    def open_table(self, layer: str) -> AttributeTable:
        table = self.tables.get(layer)
        if table is None:
            table = AttributeTable(self.controller, layer, self.window)
            table.setWindowFlag(Qt.WindowType.Window)
            table.selection_changed.connect(self.window.canvas.select)
            self.tables[layer] = table
        table.show()
        table.raise_()
        table.select_uids(self.window.canvas.selected_uids())
        return table


__all__ = ["EDITOR_KEY", "EditingUI"]  # EDITOR_KEY: other parts read the editor name under it
