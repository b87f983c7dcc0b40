"""The editing shortcuts as a planner presses them in the real main window: Ctrl+E starts
editing, a status changed through the form, Ctrl+Z / Ctrl+Shift+Z on the focused widget
undo and redo it in the table and on the map, Ctrl+S saves; the reopened file holds the
value, its status history and the journal entry."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from gisplanner.store import Project
from gisplanner.ui.editing import install
from gisplanner.ui.editing.field_editors import StatusChangeDialog

UID = "cq.biocity.vaccine-incubator"
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_keyboard_undo_redo_save_in_the_main_window(qtbot, tmp_path, project_copy):
    from gisplanner.ui.i18n import set_lang
    from gisplanner.ui.main_window import MainWindow

    set_lang("en")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("editing/editor", "陈工")
    window = MainWindow(settings)

    def drop_edits(w) -> None:
        if getattr(w, "editing", None) is not None:
            w.editing.controller.discard()
            w.editing.controller.stop()

    qtbot.addWidget(window, before_close_func=drop_edits)
    window.show()
    assert window.open_project(project_copy, ask=False)
    ui = install(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    before = window.project.feature(UID)["status"]
    assert before != "completed"

    def keys(key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
        target = QApplication.focusWidget() or window
        qtbot.keyClick(target, key, modifiers)

    keys(Qt.Key.Key_E, CTRL)
    assert ui.controller.editing
    window.canvas.select([UID])
    table = ui.open_table("facilities")
    keys(Qt.Key.Key_I, CTRL)  # the feature form
    assert ui.docks["feature_form"].isVisible() and ui.form.uid == UID
    status_col = [f.name for f in table.model.fields].index("status")

    def table_status() -> str:
        return table.model.value(table.model.row_of_uid(UID), status_col)

    def map_status() -> str:
        data = window.map_layers["facilities"].data
        return data.columns["status"][data.uid_index[UID]]

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, StatusChangeDialog):
            QTimer.singleShot(20, answer)
            return
        dialog.source.setText("竣工验收")  # QTest types ASCII only
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    combo = ui.form.editors["status"]
    combo.setFocus()
    QTimer.singleShot(0, answer)
    combo.setCurrentIndex(combo.findData("completed"))  # the form asks for date and source
    assert ui.controller.session.value(UID, "status") == "completed"
    assert table_status() == "completed"
    qtbot.waitUntil(lambda: map_status() == "completed")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    keys(Qt.Key.Key_Z, CTRL)
    assert ui.controller.session.value(UID, "status") == before
    assert table_status() == before and combo.currentData() == before
    qtbot.waitUntil(lambda: map_status() == before)

    keys(Qt.Key.Key_Z, CTRL | SHIFT)
    assert ui.controller.session.value(UID, "status") == "completed"
    assert table_status() == "completed"
    qtbot.waitUntil(lambda: map_status() == "completed")

    keys(Qt.Key.Key_S, CTRL)
    assert not ui.controller.dirty and ui.controller.stack.count() == 0
    with Project.open(project_copy) as again:
        assert again.feature(UID)["status"] == "completed"
        entries = [e for e in again.edits_for(UID) if e["field"] == "status"]
        assert entries and entries[-1]["new"] == "completed" and entries[-1]["old"] == before
        assert entries[-1]["editor"] == "陈工"
        assert again.status_history(UID)[-1]["source"] == "竣工验收"
    window.canvas.shutdown()
