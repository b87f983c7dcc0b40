"""Team projects in the window: Project → Publish to server…, Open from server…, Sync,
Conflicts…, and the status-bar note of what is not synced yet.

Every job runs through the core (``gisplanner.sync``) in a worker thread behind a progress
dialog (``ServerTask``); the window only gathers choices, words results and errors, and
re-reads the layers a sync changed. The core and psycopg load on first use, not at start-up.
"""

from __future__ import annotations

import getpass
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QPushButton

from gisplanner.ui.extensions import menu_action
from gisplanner.ui.i18n import bind, on_language_changed, tr
from gisplanner.ui.sync.dialogs import (
    ServerForm,
    ask_password,
    default_schema,
    last_server,
    remember_server,
    without_password,
)
from gisplanner.ui.sync.task import ServerTask
from gisplanner.ui.sync.text import AUTH_CODES, error_detail, error_text, note_text


class SyncUI(QObject):
    """The Project menu's server entries and the status-bar note, attached to ``window``."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        window.sync_ui = self
        self.task: ServerTask | None = None
        self.form: ServerForm | None = None
        self.conflict_dialog = None
        self.last_result = None
        self.last_error: BaseException | None = None
        self.menu = self._project_menu()
        self.actions: dict[str, QAction] = {
            "publish": menu_action(window, "project", "action_sync_publish", "", self.open_publish),
            "checkout": menu_action(window, "project", "action_sync_checkout", "", self.open_checkout),
            "sync": menu_action(window, "project", "action_sync_run", "", self.sync),
            "conflicts": menu_action(window, "project", "action_sync_conflicts", "", self.show_conflicts),
        }
        for key, text in (("publish", "&Publish to server…"), ("checkout", "Open from &server…"),
                          ("sync", "S&ync"), ("conflicts", "&Conflicts…")):
            bind(self.actions[key].setText, text)
        self.actions["sync"].setShortcut("Ctrl+Shift+Y")
        self.note = QPushButton()
        self.note.setObjectName("syncNote")
        self.note.setFlat(True)
        self.note.setCursor(Qt.CursorShape.PointingHandCursor)
        self.note.clicked.connect(self._note_clicked)
        self.note.hide()
        window.statusBar().addPermanentWidget(self.note)
        self.n_conflicts = 0
        self._hooked_editing = None
        window.project_changed.connect(lambda _p: self.refresh_note())
        window.layers_reloaded.connect(lambda _names: self.refresh_note())
        on_language_changed(window, self.refresh_note)
        self.refresh_note()

    def _project_menu(self) -> QMenu:
        menus = self.window.menus
        if "project" not in menus:
            menu = QMenu(self.window)
            menu.setObjectName("menu_project")
            bind(menu.setTitle, "&Project")
            before = menus.get("help")
            bar = self.window.menuBar()
            if before is not None:
                bar.insertMenu(before.menuAction(), menu)
            else:
                bar.addMenu(menu)
            menus["project"] = menu
        return menus["project"]

    # -- helpers --------------------------------------------------------------------------------
    def project_path(self) -> Path | None:
        project = getattr(self.window, "project", None)
        return Path(project.path) if project is not None else None

    def editor(self) -> str:
        editing = getattr(self.window, "editing", None)
        return editing.editor_name() if editing is not None else getpass.getuser()

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 15000)

    def _fail(self, title: str, exc: BaseException) -> None:
        self.last_error = exc
        self._say(f"{title}: {error_text(exc)}")
        box = QMessageBox(QMessageBox.Icon.Warning, title, error_text(exc), QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("syncError")
        if detail := error_detail(exc):
            box.setDetailedText(detail)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _run(self, title: str, job, done, fail_title: str, server: str, password: str | None = None) -> ServerTask:
        """``job(feedback, password)`` in a worker; on an authentication refusal ask for a password
        and try again. The password goes to libpq for that job's connection only."""
        def work(feedback):
            return job(feedback, password)

        def finished(result, error) -> None:
            from gisplanner.feedback import Canceled

            self.task = None
            if error is None:
                self.last_error = None
                done(result)
            elif isinstance(error, Canceled):
                self._say(tr("Canceled."))
                self.refresh_note()
            elif getattr(error, "code", None) in AUTH_CODES and (
                    pw := ask_password(self.window, without_password(server))) is not None:
                self._run(title, job, done, fail_title, server, pw)
            else:
                self._fail(fail_title, error)
                self.refresh_note()

        self.task = ServerTask(self.window, title, work, finished).start()
        return self.task

    def _busy(self) -> bool:
        return self.task is not None and not self.task.done

    # -- publish --------------------------------------------------------------------------------
    def open_publish(self) -> ServerForm | None:
        path = self.project_path()
        if path is None:
            QMessageBox.information(self.window, tr("Publish to server"), tr("Open a project first."))
            return None
        form = ServerForm(tr("Publish to server"), last_server(self.window.settings), default_schema(path),
                          parent=self.window)
        form.accepted.connect(lambda: self.publish(*form.values()[:2]))
        return self._show_form(form)

    def publish(self, server: str, schema: str) -> ServerTask | None:
        from gisplanner.sync import publish

        path = self.project_path()
        if path is None or self._busy() or not self._stop_editing():
            return None
        remember_server(self.window.settings, server)

        def done(result) -> None:
            self.last_result = result
            features = getattr(result, "features", "")
            self._say(tr("Published to {server}, schema {schema}: {features} features.").format(
                server=self.server_display(), schema=schema, features=features))
            self.refresh_note()

        return self._run(tr("Publishing the project…"), lambda fb, pw: publish(path, server, schema, fb, password=pw), done,
                         tr("Publish failed"), server)

    # -- checkout -------------------------------------------------------------------------------
    def open_checkout(self) -> ServerForm:
        current = self.project_path()
        folder = current.parent if current is not None else Path.home()
        form = ServerForm(tr("Open from server"), last_server(self.window.settings), "", with_file=True,
                          file_path="", parent=self.window)
        form.schema_edit.textChanged.connect(
            lambda s: form.file_edit.setText(str(folder / f"{s}.gpkg")) if s else None)
        form.accepted.connect(lambda: self.checkout(*form.values()))
        return self._show_form(form)

    def checkout(self, server: str, schema: str, out: Path) -> ServerTask | None:
        from gisplanner.sync import checkout

        if self._busy():
            return None
        remember_server(self.window.settings, server)

        def done(result) -> None:
            self.last_result = result
            self.window.open_project(Path(result or out))

        return self._run(tr("Checking out the project…"), lambda fb, pw: checkout(server, schema, out, fb, password=pw), done,
                         tr("Open from server failed"), server)

    # -- sync -----------------------------------------------------------------------------------
    def sync(self) -> ServerTask | None:
        from gisplanner.sync import sync, sync_state

        path = self.project_path()
        if path is None:
            QMessageBox.information(self.window, tr("Sync"), tr("Open a project first."))
            return None
        if self._busy() or not self._stop_editing():
            return None
        state = sync_state(path)
        if state is None:
            QMessageBox.information(self.window, tr("Sync"),
                                    tr("This project is not a server copy: publish it or open one from a server first."))
            return None
        editor = self.editor()  # asked here, on the GUI thread, if the app does not know it yet

        def done(result) -> None:
            self.last_result = result
            self._say(tr("Synced: {pushed} sent, {pulled} received, {conflicts} conflicts.").format(
                pushed=result.pushed, pulled=result.pulled, conflicts=result.conflicts))
            self.window.reload_layers()
            identify = getattr(self.window, "identify", None)
            if identify is not None and getattr(identify, "uid", None):
                identify.show_feature(identify.uid)
            self.refresh_note()
            if result.conflicts:
                self.show_conflicts()

        return self._run(tr("Syncing with the server…"), lambda fb, pw: sync(path, fb, editor=editor, password=pw), done, tr("Sync failed"),
                         state.url_display)

    def _stop_editing(self) -> bool:
        """A job writes the project file: an edit session must end first (asking to save)."""
        editing = getattr(self.window, "editing", None)
        if editing is None or not editing.controller.editing:
            return True
        if editing.stop():
            return True
        self._say(tr("Save or discard your edits before syncing."))
        return False

    # -- conflicts and the note ------------------------------------------------------------------
    def show_conflicts(self):
        from gisplanner.ui.sync.conflicts import ConflictDialog

        path = self.project_path()
        if path is None:
            return None
        if self.conflict_dialog is not None:
            self.conflict_dialog.close()
        dialog = ConflictDialog(path, self.editor, self.window)
        dialog.before_write = self._stop_editing
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(lambda _n: (self.window.reload_layers(), self.refresh_note()))
        dialog.destroyed.connect(lambda *_: setattr(self, "conflict_dialog", None))
        self.conflict_dialog = dialog
        dialog.open()
        return dialog

    def server_display(self) -> str:
        state = self.state()
        return state.url_display if state is not None else ""

    def state(self):
        from gisplanner.sync import sync_state

        path = self.project_path()
        try:
            return sync_state(path) if path is not None else None
        except Exception:  # noqa: BLE001 - a project the core cannot read is simply no copy
            return None

    def _hook_editing(self) -> None:
        """A save in the window adds local changes: follow the editing add-on, whenever it came."""
        editing = getattr(self.window, "editing", None)
        if editing is not None and editing is not self._hooked_editing:
            editing.controller.saved.connect(lambda _r: self.refresh_note())
            self._hooked_editing = editing

    def refresh_note(self) -> str:
        """Show "N local changes not synced · last sync HH:MM" for a server copy, nothing else."""
        self._hook_editing()
        state = self.state()
        self.actions["sync"].setEnabled(state is not None)
        self.actions["conflicts"].setEnabled(state is not None)
        if state is None:
            self.note.hide()
            self.note.setText("")
            return ""
        self.n_conflicts = state.open_conflicts
        text = note_text(state.local_changes, state.last_sync, self.n_conflicts)
        self.note.setText(text)
        self.note.setToolTip(f"{state.url_display} · {tr('Schema')} {state.schema}")
        self.note.show()
        return text

    def _note_clicked(self) -> None:
        if self.n_conflicts:
            self.show_conflicts()
        else:
            self.sync()

    def _show_form(self, form: ServerForm) -> ServerForm:
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form = form
        form.open()
        return form
