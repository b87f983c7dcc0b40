"""An error nothing expected, in a slot or in a worker thread, is shown in a dialog in the UI
language with the traceback as details, on the GUI thread, one dialog at a time."""

from __future__ import annotations

import re
import sys
import threading

import pytest

pytest.importorskip("pytestqt")


@pytest.fixture
def errors(qapp):
    from gisplanner.ui.unexpected_error import install

    saved = sys.excepthook, threading.excepthook
    errors = install(qapp)
    yield errors
    sys.excepthook, threading.excepthook = saved
    if errors.dialog is not None:
        errors.dialog.close()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_opens_a_dialog_with_its_traceback(qtbot, errors, zh, capsys):
    from PySide6.QtCore import QTimer

    def broken_slot():
        raise ValueError("the cause, 42")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: errors.dialog is not None and errors.dialog.isVisible())
    dialog = errors.dialog
    assert dialog.windowTitle() == "意外错误"
    assert not re.search("[A-Za-z]{3,}", (dialog.text() + dialog.informativeText()).replace("gisplanner", ""))
    assert "broken_slot" in dialog.detailedText() and "ValueError: the cause, 42" in dialog.detailedText()
    assert "ValueError: the cause, 42" in capsys.readouterr().err  # still on stderr too
    assert not dialog.isModal()


@pytest.mark.qt_no_exception_capture
def test_errors_from_worker_threads_are_shown_by_the_gui_thread_in_one_dialog(qtbot, errors):
    def fail(n: int) -> None:
        raise RuntimeError(f"worker failure {n}")

    for n in (1, 2):
        worker = threading.Thread(target=fail, args=(n,))
        worker.start()
        worker.join()
    qtbot.waitUntil(lambda: errors.count == 2)
    dialog = errors.dialog
    assert dialog.thread() is qtbot_app_thread()
    assert dialog.windowTitle() == "Unexpected error"
    assert "worker failure 1" in dialog.detailedText() and "worker failure 2" in dialog.detailedText()
    dialog.close()
    qtbot.waitUntil(lambda: errors.dialog is None)
    worker = threading.Thread(target=fail, args=(3,))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: errors.dialog is not None)  # a new one once the first is closed
    assert "worker failure 3" in errors.dialog.detailedText()
    assert "worker failure 1" not in errors.dialog.detailedText()


def qtbot_app_thread():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance().thread()
