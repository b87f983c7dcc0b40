"""Run one server job (publish, checkout, sync) in a worker thread behind a progress dialog.

A job talks to the network and may wait on it for a long while: on the GUI thread it would
freeze the window. The worker reports progress through a queued Qt signal; Cancel sets a flag
the core reads through ``is_canceled()`` and stops at its next safe point (raising
``Canceled``). The result or the error is handed back on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from gisplanner.ui.i18n import tr
from gisplanner.ui.progress import progress_words


class ServerTask(QObject):
    """``work(feedback)`` in a thread; ``on_done(result, error)`` on the GUI thread afterwards."""

    _progressed = Signal(float, object)  # a core Step, worded on the GUI thread
    _ended = Signal()
    finished = Signal(object, object)  # result, error (None on success)

    def __init__(self, parent: QWidget, title: str, work: Callable, on_done: Callable | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.work = work
        self.on_done = on_done
        self.result = None
        self.error: BaseException | None = None
        self.done = False
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self.dialog = QProgressDialog(title, tr("Cancel"), 0, 100, parent)
        self.dialog.setObjectName("serverProgress")
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self._progressed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._ended.connect(self._finish, Qt.ConnectionType.QueuedConnection)

    # -- Feedback, called from the worker -------------------------------------------------------
    def progress(self, fraction: float, message: str = "") -> None:
        self._progressed.emit(float(fraction), message or "")

    def is_canceled(self) -> bool:
        return self._cancel.is_set()

    # -- GUI thread -------------------------------------------------------------------------------
    def start(self) -> ServerTask:
        self.dialog.setValue(0)
        self.dialog.show()
        self._thread = threading.Thread(target=self._run, name="server-task", daemon=True)
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._cancel.set()
        if not self.done:
            self.dialog.setLabelText(f"{self.title}\n{tr('Canceling…')}")

    def _run(self) -> None:
        try:
            self.result = self.work(self)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, which words it
            self.error = exc
        try:
            self._ended.emit()
        except RuntimeError:  # the window closed meanwhile: nobody is left to tell
            pass

    def _show(self, fraction: float, message: str) -> None:
        if self.done:
            return
        self.dialog.setValue(int(max(0.0, min(1.0, fraction)) * 100))
        if not self._cancel.is_set():
            step = progress_words(message)
            self.dialog.setLabelText(f"{self.title}\n{step}" if step else self.title)

    def _finish(self) -> None:
        if self.done:
            return
        if self._thread is not None:
            self._thread.join()
        self.done = True
        self.dialog.close()
        self.dialog.deleteLater()
        if self.on_done is not None:
            self.on_done(self.result, self.error)
        self.finished.emit(self.result, self.error)
