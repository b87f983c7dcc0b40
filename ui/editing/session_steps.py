"""Starting, stopping and saving the window's edit session, for ``EditingUI``: the editor's
name, the project lock, the offer to restore edits a crash left, the unsaved-changes
question, and what a failed save says.

A mixin like ``selection_edits``: it relies on ``EditingUI``'s ``window``, ``settings``,
``controller``, ``real_project``, ``_identify_reads()``, ``_update_actions()`` and ``_say()``.
"""

from __future__ import annotations

import getpass

from PySide6.QtWidgets import QInputDialog, QMessageBox

from gisplanner.store.edit import ProjectReadOnly
from gisplanner.store.lock import ProjectLock, ProjectLocked
from gisplanner.store.recovery import RecoveryError, find_recovery
from gisplanner.ui.editing.messages import failure_text, recovery_summary
from gisplanner.ui.editing.project_view import EditedProject
from gisplanner.ui.i18n import tr

EDITOR_KEY = "editing/editor"


class SessionSteps:
    """Start/stop/save/discard editing and the questions they ask."""

    def say_if_locked(self) -> bool:
        """Tell at once (status bar) when another window is editing this project."""
        try:
            ProjectLock(self.real_project.path).acquire().release()
        except ProjectLocked as exc:
            self._say(tr("Read-only: ") + failure_text(exc))
            return True
        return False

    def offer_recovery(self) -> None:
        try:
            found = find_recovery(self.real_project.path)
        except RecoveryError as exc:
            self._say(failure_text(exc))  # left on disk untouched for a person to look at
            return
        if found is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, tr("Unsaved edits found"),
                          tr("gisplanner closed without saving edits to this project:\n{summary}.\n\n"
                             "Restore them now?").format(summary=recovery_summary(found)),
                          parent=self.window)
        restore = box.addButton(tr("Restore"), QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton(tr("Discard them"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setObjectName("recovery_question")
        box.exec()
        if box.clickedButton() is restore:
            if self.start():
                self.restore_leftover()
        elif box.clickedButton() is drop:
            found.remove()

    def restore_leftover(self) -> None:
        session = self.controller.session
        if session is None or session.leftover is None:
            return
        problems = self.controller.replay(session.leftover.load_changes())
        session.drop_leftover()
        self._say(tr("Restored {n} unsaved changes").format(n=self.controller.stack.count()))
        if problems:
            QMessageBox.warning(self.window, tr("Some edits were not restored"), "\n".join(problems))

    def editor_name(self) -> str:
        name = str(self.settings.value(EDITOR_KEY, "") or "")
        if not name:
            name, ok = QInputDialog.getText(self.window, tr("Editor name"),
                                            tr("Your name, recorded with every saved change:"),
                                            text=getpass.getuser())
            name = name.strip() if ok else ""
            if name:
                self.settings.setValue(EDITOR_KEY, name)
        return name or getpass.getuser()

    def start(self) -> bool:
        if self.controller.editing:
            return True
        if self.real_project is None:
            return False
        try:
            session = self.controller.start(self.editor_name())
        except (ProjectLocked, ProjectReadOnly) as exc:
            self._update_actions()
            self._say(tr("Read-only: ") + failure_text(exc))
            QMessageBox.information(self.window, tr("Project is read-only here"), failure_text(exc))
            return False
        self.window.project = EditedProject(self.real_project, session)
        self._identify_reads(self.window.project)
        if session.leftover is not None:
            self.restore_leftover()
        return True

    def stop(self) -> bool:
        if not self.controller.editing:
            return True
        if self.controller.dirty and not self.ask_unsaved():
            return False
        self.controller.stop()
        return True

    def toggle_editing(self, checked: bool) -> None:
        if checked:
            self.start()
        else:
            self.stop()
        self._update_actions()

    def ask_unsaved(self) -> bool:
        """Save / Discard / Cancel; False means the user wants to keep editing."""
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Unsaved edits"),
                          tr("{n} unsaved change(s). Save them?").format(n=self.controller.stack.count()),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.window)
        box.setObjectName("unsaved_question")
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.controller.save() is not None
        if answer == QMessageBox.StandardButton.Discard:
            self.controller.discard()
            return True
        return False

    def save(self) -> None:
        self.controller.save()

    def discard(self) -> None:
        self.controller.discard()

    def _warn(self, message: str) -> None:
        """Stays in the status bar until the problem clears (e.g. the recovery file is writable again)."""
        if message:
            self.window.statusBar().showMessage(message)
        else:
            self.window.statusBar().clearMessage()

    def _save_failed(self, message: str) -> None:
        QMessageBox.critical(self.window, tr("Not saved"),
                             message + "\n\n" + tr("Your edits are kept; fix the problem and save again."))
