"""The Qt face of an edit session: one QUndoStack mirroring the core's change list.

Widgets never call the session directly: they hand ``EditController.apply`` a function
that makes one change. A refused change raises no dialog storm; ``refused`` carries the
message (which names the field) to whoever shows it beside the field. Accepted changes
are pushed on the QUndoStack, so Ctrl+Z, Ctrl+Shift+Z and the QUndoView history drive the
core's undo/redo.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from gisplanner.store.changes import Change, EditRefused
from gisplanner.store.edit import EditSession, ProjectReadOnly, WriteError
from gisplanner.store.lock import ProjectLocked
from gisplanner.store.save import SaveConflict, SaveReport
from gisplanner.ui.editing.messages import failure_text
from gisplanner.ui.i18n import bind, tr


class _ChangeCommand(QUndoCommand):
    """A change already in the session; the first redo (QUndoStack.push calls it) is a no-op."""

    def __init__(self, session: EditSession, change: Change) -> None:
        super().__init__(change.text())
        self.session = session
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.session.redo()

    def undo(self) -> None:
        self.session.undo()


class EditController(QObject):
    """Start/stop editing a project; apply, undo, redo, save and discard changes."""

    editing_changed = Signal(bool)
    changed = Signal(object)   # affected uids (set) or None for "reload everything"
    refused = Signal(str)      # why a change was not accepted (names the field)
    saved = Signal(object)     # SaveReport
    save_failed = Signal(str)  # why, in the UI language
    warning = Signal(str)      # edits go on but something needs attention ("" when it cleared)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = None
        self.session: EditSession | None = None
        self.stack = QUndoStack(self)
        self.read_only_reason = ""
        self._warned = None

    @property
    def editing(self) -> bool:
        return self.session is not None

    @property
    def dirty(self) -> bool:
        return self.session is not None and self.session.dirty

    def set_project(self, project) -> None:
        """A new project in the window (the old session must have been saved or discarded)."""
        self.stop()
        self.project = project
        self.read_only_reason = ""

    def start(self, editor: str) -> EditSession:
        """Take the edit lock; raises ProjectLocked / ProjectReadOnly with a message to show."""
        if self.session is not None:
            return self.session
        if self.project is None:
            raise ProjectReadOnly("no project is open")
        try:
            session = self.project.edit(editor=editor)
        except (ProjectLocked, ProjectReadOnly) as exc:
            self.read_only_reason = failure_text(exc)
            raise
        self.read_only_reason = ""
        self.session = session
        self._warned = None
        session.changed.connect(self.changed.emit)
        session.stack_changed.connect(self._check_recovery)
        self.stack.clear()
        self.stack.setClean()
        self.editing_changed.emit(True)
        return session

    def stop(self) -> None:
        """End editing: release the lock (unsaved changes remain in the recovery file)."""
        if self.session is None:
            return
        session, self.session = self.session, None
        session.changed.disconnect(self.changed.emit)
        session.stack_changed.disconnect(self._check_recovery)
        session.close()
        self.stack.clear()
        self.editing_changed.emit(False)
        self.changed.emit(None)

    def _check_recovery(self) -> None:
        """Say once when the recovery file stops (or starts again) being written."""
        problem = self.session.recovery_problem if self.session else None
        if (problem is None) != (self._warned is None):
            self._warned = problem
            self.warning.emit(failure_text(problem) if problem else "")

    def apply(self, make: Callable[[EditSession], Change]) -> Change | None:
        """Run one change against the session; refused ones go to ``refused`` and return None."""
        if self.session is None:
            self.refused.emit(tr("Start editing first (Edit ▸ Start editing)."))
            return None
        try:
            change = make(self.session)
        except EditRefused as exc:
            self.refused.emit(failure_text(exc))
            return None
        self.stack.push(_ChangeCommand(self.session, change))
        return change

    def replay(self, changes: list[Change]) -> list[str]:
        """Put restored changes on the stack one by one so each can be undone."""
        problems = []
        for i, change in enumerate(changes, 1):
            if self.apply(lambda s, c=change: s.do(c)) is None:
                problems.append(f"change {i} ({change.text()}) could not be restored")
        return problems

    def save(self) -> SaveReport | None:
        if self.session is None:
            return None
        try:
            report = self.session.commit()
        except (WriteError, SaveConflict) as exc:
            self.save_failed.emit(failure_text(exc))
            return None
        self.stack.clear()
        self.saved.emit(report)
        return report

    def discard(self) -> None:
        if self.session is None:
            return
        self.session.discard()
        self.stack.clear()


def stack_actions(stack: QUndoStack, parent) -> tuple[QAction, QAction]:
    """Undo and Redo for ``stack``, named "Undo <what>" in the UI language (also after a switch)."""
    out = []
    for word, can, text, changed, can_changed, step in (
            ("&Undo", stack.canUndo, stack.undoText, stack.undoTextChanged, stack.canUndoChanged, stack.undo),
            ("&Redo", stack.canRedo, stack.redoText, stack.redoTextChanged, stack.canRedoChanged, stack.redo)):
        action = QAction(parent)
        action.setEnabled(can())
        action.triggered.connect(lambda _checked=False, step=step: step())
        can_changed.connect(action.setEnabled)

        def name(action=action, word=word, text=text) -> None:
            action.setText(f"{tr(word)} {text()}".rstrip())

        changed.connect(lambda _text, name=name: name())
        bind(name, None)
        out.append(action)
    return out[0], out[1]
