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
from gisplanner.ui.editing.field_editors import t
from gisplanner.ui.editing.messages import failure_text, recovery_summary
from gisplanner.ui.editing.project_view import EditedProject

EDITOR_KEY = "editing/editor"


class SessionSteps:
    """Start/stop/save/discard editing and the questions they ask."""

    def say_if_locked(self) -> bool:
        """Tell at once (status bar) when another window is editing this project."""
        try:
            ProjectLock(self.real_project.path).acquire().release()
        except ProjectLocked as exc:
            self._say(t("Read-only: ", "只读：") + failure_text(exc))
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
        box = QMessageBox(QMessageBox.Icon.Question, t("Unsaved edits found", "发现未保存的编辑"),
                          t(f"gisplanner closed without saving edits to this project:\n{found.summary()}.\n\n"
                            "Restore them now?",
                            f"上次关闭时此项目有未保存的编辑：\n{recovery_summary(found)}。\n\n现在恢复吗？"),
                          parent=self.window)
        restore = box.addButton(t("Restore", "恢复"), QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton(t("Discard them", "放弃"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(t("Later", "以后再说"), QMessageBox.ButtonRole.RejectRole)
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
        self._say(t(f"Restored {self.controller.stack.count()} unsaved changes",
                    f"已恢复 {self.controller.stack.count()} 项未保存的修改"))
        if problems:
            QMessageBox.warning(self.window, t("Some edits were not restored", "部分编辑未能恢复"), "\n".join(problems))

    def editor_name(self) -> str:
        name = str(self.settings.value(EDITOR_KEY, "") or "")
        if not name:
            name, ok = QInputDialog.getText(self.window, t("Editor name", "编辑人"),
                                            t("Your name, recorded with every saved change:", "您的姓名（记入每条修改记录）："),
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
            self._say(t("Read-only: ", "只读：") + failure_text(exc))
            QMessageBox.information(self.window, t("Project is read-only here", "项目在此为只读"), failure_text(exc))
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
        box = QMessageBox(QMessageBox.Icon.Warning, t("Unsaved edits", "未保存的编辑"),
                          t(f"{self.controller.stack.count()} unsaved change(s). Save them?",
                            f"有 {self.controller.stack.count()} 项修改尚未保存。保存吗？"),
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
        QMessageBox.critical(self.window, t("Not saved", "未保存"),
                             message + "\n\n" + t("Your edits are kept; fix the problem and save again.",
                                                  "您的修改仍保留着；排除问题后请再次保存。"))
