"""An error nothing in the window expected is shown in a dialog, never lost on a terminal
nobody reads (QGIS shows its Python errors the same way).

Python hands such an error to ``sys.excepthook`` (a Qt slot that raised) or to
``threading.excepthook`` (a worker thread). Both are routed here: the traceback goes to stderr
as before, and a dialog in the UI language says that something failed, with the traceback
as its details. The dialog is always made on the GUI thread (a queued signal), never blocks
the window, and errors that follow while it is open are added to its details rather than
stacking a dialog each.
"""

from __future__ import annotations

import sys
import threading
import traceback

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from gisplanner.ui.i18n import ZH, tr

TITLE = "Unexpected error"
TEXT = "Something went wrong that gisplanner did not expect."
MORE = "The window carries on. The details show where it happened; pass them on to whoever looks after gisplanner."
ZH.update({
    TITLE: "意外错误",
    TEXT: "gisplanner 遇到了意外错误。",
    MORE: "窗口可以继续使用。详细信息显示了出错的位置，可转交给 gisplanner 的维护人员。",
})
MAX_DETAILS = 20_000  # characters of tracebacks kept in one dialog


class UnexpectedErrors(QObject):
    """Receives every unhandled error; shows one dialog at a time on the GUI thread."""

    raised = Signal(str)  # a formatted traceback, from whichever thread raised it

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: QMessageBox | None = None
        self.count = 0
        self.raised.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def report(self, exc_type, exc, tb) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        sys.stderr.write(text)
        self.raised.emit(text)

    def _show(self, text: str) -> None:
        self.count += 1
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.setDetailedText((self.dialog.detailedText() + "\n" + text)[-MAX_DETAILS:])
            return
        parent = QApplication.activeWindow()
        dialog = QMessageBox(QMessageBox.Icon.Critical, tr(TITLE), tr(TEXT), QMessageBox.StandardButton.Close, parent)
        dialog.setInformativeText(tr(MORE))
        dialog.setDetailedText(text[-MAX_DETAILS:])
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._closed)
        self.dialog = dialog
        dialog.show()

    def _closed(self) -> None:
        self.dialog = None


def install(app: QApplication) -> UnexpectedErrors:
    """Route unhandled errors of the GUI thread and of worker threads to a dialog."""
    errors = UnexpectedErrors(app)
    previous = sys.excepthook

    def on_error(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
        else:
            errors.report(exc_type, exc, tb)

    def on_thread_error(args: threading.ExceptHookArgs) -> None:
        if not issubclass(args.exc_type, SystemExit):
            errors.report(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = on_error
    threading.excepthook = on_thread_error
    return errors
