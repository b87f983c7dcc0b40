"""Opening and building project files from the window, with a progress dialog for builds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from gisplanner.ui.i18n import tr
from gisplanner.ui.prefetch import open_project_file
from gisplanner.ui.progress import ProgressFeedback

__all__ = ["build_with_progress", "open_project_file"]


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
        feedback = ProgressFeedback(dialog, tr("Building the project…"))
        try:
            return build_project(path, force=False, feedback=feedback)
        except ProjectHasEdits:
            return None
    finally:
        dialog.close()
        dialog.deleteLater()
