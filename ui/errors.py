"""The dialog for a project that cannot be opened: say why, offer a way forward."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from gisplanner.ui.i18n import tr

OPEN_ANOTHER, BUILD_SHIPPED, CANCEL = "open", "build", "cancel"


def ask_after_project_error(parent: QWidget | None, message: str) -> str:
    """Show ``message``; return OPEN_ANOTHER, BUILD_SHIPPED or CANCEL."""
    box = QMessageBox(parent)
    box.setObjectName("projectErrorDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr("Project problem"))
    box.setText(tr("The project could not be opened:"))
    box.setInformativeText(message)
    open_btn = box.addButton(tr("Open another…"), QMessageBox.ButtonRole.AcceptRole)
    build_btn = box.addButton(tr("Build the shipped project"), QMessageBox.ButtonRole.ActionRole)
    cancel_btn = box.addButton(tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_btn)
    box.setEscapeButton(cancel_btn)
    box.exec()
    clicked = box.clickedButton()
    if clicked is open_btn:
        return OPEN_ANOTHER
    if clicked is build_btn:
        return BUILD_SHIPPED
    return CANCEL
