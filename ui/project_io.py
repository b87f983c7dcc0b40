"""Opening and building project files from the window, with a progress dialog for builds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from gisplanner.ui.i18n import tr
from gisplanner.ui.prefetch import open_project_file
from gisplanner.ui.progress_words import progress_words

__all__ = ["DialogFeedback", "build_with_progress", "open_project_file"]


class DialogFeedback:
    """gisplanner Feedback shown in a QProgressDialog (progress, cancel)."""

    def __init__(self, dialog: QProgressDialog) -> None:
        self.dialog = dialog

    def progress(self, fraction: float, message: str = "") -> None:
        self.dialog.setValue(int(max(0.0, min(1.0, fraction)) * 100))
        if message:
            self.dialog.setLabelText(f"{tr('Building the project…')}\n{progress_words(message)}")
        QApplication.processEvents()

    def is_canceled(self) -> bool:
        return self.dialog.wasCanceled()


def build_with_progress(parent: QWidget | None, path: Path):
    """Build the shipped project at ``path`` while showing progress.

    A file holding the user's edits is kept as it is; a stale one is rebuilt. A file that is
    not a project of ours, or a damaged or read-only one, is refused (the error says which).
    """
    from gisplanner.store import build_project
    from gisplanner.store.build import ProjectHasEdits

    dialog = QProgressDialog(tr("Building the project…"), tr("Cancel"), 0, 100, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setValue(0)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        feedback = DialogFeedback(dialog)
        try:
            return build_project(path, force=False, feedback=feedback)
        except ProjectHasEdits:
            return None
    finally:
        dialog.close()
        dialog.deleteLater()
