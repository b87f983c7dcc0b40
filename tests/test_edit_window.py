"""Editing inside the real main window: menu actions, map shows the buffer, close asks,
recovery after a killed process is offered, a second instance is read-only."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gisplanner.store import Project
from gisplanner.ui.editing import install
from gisplanner.ui.editing.project_view import EditedProject

UID = "cq.biocity.vaccine-incubator"


@pytest.fixture
def window(qtbot, tmp_path, project_copy):
    from gisplanner.ui.i18n import set_lang
    from gisplanner.ui.main_window import MainWindow

    set_lang("en")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("editing/editor", "陈工")
    win = MainWindow(settings)

    def drop_edits(w) -> None:  # a failed test must not leave the close question waiting
        if getattr(w, "editing", None) is not None:
            w.editing.controller.discard()
            w.editing.controller.stop()

    qtbot.addWidget(win, before_close_func=drop_edits)
    win.show()
    yield win
    win.canvas.shutdown()


def press_in_message_box(button_text: str, seen: list[str]) -> None:
    """Answer the next modal message box by the text of one of its buttons."""
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        seen.append(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")
        box.reject()
    QTimer.singleShot(0, answer)


def test_edit_in_window_shows_on_map_saves_and_asks_on_close(window, project_copy, qtbot):
    assert window.open_project(project_copy, ask=False)
    ui = install(window)
    assert install(window) is ui
    texts = [a.text().replace("&", "") for a in window.menus["edit"].actions()]
    assert "Start editing" in texts and "Save edits" in texts
    assert ui.actions["undo"] in ui.toolbar.actions() and ui.actions["save"] in ui.toolbar.actions()
    from gisplanner.ui.i18n import set_lang

    set_lang("zh")  # menu entries follow a language switch
    assert ui.actions["save"].text() == "保存编辑(&S)" and ui.actions["toggle"].text() == "开始编辑(&E)"
    set_lang("en")
    ui.actions["toggle"].trigger()
    assert ui.controller.editing and isinstance(window.project, EditedProject)
    window.canvas.select([UID])
    assert ui.form.uid == UID
    ui.controller.apply(lambda s: s.set_value(UID, "name_en", "Vaccine centre (renamed)"))
    frame = window.project.features("facilities")
    assert frame.loc[frame["uid"] == UID, "name_en"].item() == "Vaccine centre (renamed)"
    def drawn_name() -> str:  # what the canvas draws, re-read from the buffer
        data = window.map_layers["facilities"].data
        return data.columns["name_en"][data.uid_index[UID]]

    qtbot.waitUntil(lambda: drawn_name() == "Vaccine centre (renamed)")
    assert ui.actions["save"].isEnabled()
    window.identify.show_feature(UID)
    assert "Vaccine centre (renamed)" in window.identify.text()  # identify shows the buffer too
    ui.actions["undo"].trigger()
    assert ui.controller.session.value(UID, "name_en") != "Vaccine centre (renamed)"
    ui.actions["redo"].trigger()
    seen: list[str] = []
    press_in_message_box("Cancel", seen)
    assert not window.close()  # Cancel keeps the window and the edits
    assert seen and "unsaved" in seen[0] and ui.controller.dirty
    press_in_message_box("Save", seen)
    assert window.close()
    with Project.open(project_copy) as again:
        assert again.feature(UID)["name_en"] == "Vaccine centre (renamed)"
        assert again.edits_for(UID)[-1]["editor"] == "陈工"


KILLED_EDITOR = r"""
import sys, os, signal
from gisplanner.store import Project
project = Project.open(sys.argv[1])
session = project.edit(editor="被中断")
session.set_value("cq.biocity.vaccine-incubator", "notes", "crash-survivor")
session.set_status("cq.biocity.vaccine-incubator", "approved", "2025-02-02", "批复文件")
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_recovery_after_a_killed_app_is_offered_and_restored(window, project_copy):
    out = subprocess.run([sys.executable, "-c", KILLED_EDITOR, str(project_copy)], capture_output=True)
    assert out.returncode == -signal.SIGKILL
    ui = install(window)
    seen: list[str] = []
    press_in_message_box("Restore", seen)
    assert window.open_project(project_copy, ask=False)
    assert seen and "2 unsaved change(s) by 被中断" in seen[0]
    session = ui.controller.session
    assert session is not None and ui.controller.stack.count() == 2
    assert session.value(UID, "notes") == "crash-survivor" and session.value(UID, "status") == "approved"
    ui.controller.stack.undo()
    assert session.value(UID, "status") != "approved"
    ui.controller.save()
    with Project.open(project_copy) as again:
        assert again.feature(UID)["notes"] == "crash-survivor"


HOLDER = r"""
import sys
from gisplanner.store import Project
project = Project.open(sys.argv[1])
session = project.edit(editor="另一台电脑")
print("editing", flush=True)
sys.stdin.readline()
"""


def test_second_instance_is_read_only_with_the_reason(window, project_copy):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(project_copy)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "editing"
        ui = install(window)
        assert window.open_project(project_copy, ask=False)
        assert "being edited by 另一台电脑" in window.statusBar().currentMessage()  # said on opening
        seen: list[str] = []
        press_in_message_box("OK", seen)
        ui.actions["toggle"].trigger()
        assert seen and "being edited by 另一台电脑" in seen[0]
        assert not ui.controller.editing and not ui.actions["toggle"].isChecked()
        assert "Read-only" in window.statusBar().currentMessage()
        assert window.project.feature(UID) is not None  # still readable
    finally:
        holder.communicate("\n", timeout=30)
    ui.actions["toggle"].trigger()  # the other window closed: editing now works
    assert ui.controller.editing


def test_draw_a_polygon_and_drag_a_feature_on_the_canvas(window, project_copy, qtbot):
    import pyogrio
    from PySide6.QtCore import QPoint, Qt

    from gisplanner.ui.editing.dialogs import NewFeatureDialog

    assert window.open_project(project_copy, ask=False)
    ui = install(window)
    canvas = window.canvas
    tool = ui.draw("parks", "polygon")
    assert tool is not None and ui.controller.editing
    clicks = [QPoint(300, 300), QPoint(420, 310), QPoint(380, 420)]
    expected = [canvas.screen_to_lonlat(p.x(), p.y()) for p in clicks]

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewFeatureDialog):
            QTimer.singleShot(20, fill)
            return
        dialog.editors["name_zh"].setText("新规划地块")
        kind = dialog.editors["kind"]
        kind.setCurrentIndex(kind.findData("industrial_park"))  # a new feature's kind starts unchosen
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    for p in clicks:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=p)
    QTimer.singleShot(0, fill)
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    session = ui.controller.session
    added = [u for u, rec in session.buffer.added.items() if rec["layer"] == "parks"]
    assert len(added) == 1 and canvas.selected_uids() == added
    ring = list(session.geometry(added[0]).geoms[0].exterior.coords)[:-1]
    assert [c for xy in ring for c in xy] == pytest.approx([c for xy in expected for c in xy])
    # drag the vaccine centre 60 px to the right
    window.zoom_to_feature(UID)
    qtbot.wait(50)
    before = session.geometry(UID)
    start = canvas.map_to_screen(before.x, before.y).toPoint()
    canvas.select([UID])  # other features share its spot: the selected one is dragged
    ui.actions["drag"].trigger()
    assert ui.actions["drag"].isChecked()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(60, 0))
    after = session.geometry(UID)
    lon0, _ = canvas.screen_to_lonlat(start.x(), start.y())
    lon1, _ = canvas.screen_to_lonlat(start.x() + 60, start.y())
    assert after.x - before.x == pytest.approx(lon1 - lon0) and after.y == pytest.approx(before.y)
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert not ui.actions["drag"].isChecked()
    ui.controller.save()
    x0, y0 = min(p[0] for p in expected), min(p[1] for p in expected)
    x1, y1 = max(p[0] for p in expected), max(p[1] for p in expected)
    found = pyogrio.read_dataframe(project_copy, layer="parks", bbox=(x0, y0, x1, y1))
    assert "新规划地块" in set(found["name_zh"])
    found = pyogrio.read_dataframe(project_copy, layer="facilities",
                                   bbox=(after.x - 1e-4, after.y - 1e-4, after.x + 1e-4, after.y + 1e-4))
    assert UID in set(found["uid"])


def test_switching_projects_keeps_unsaved_edits_for_later(window, project_copy, tmp_path):
    import shutil

    other = tmp_path / "other.gpkg"
    shutil.copy2(project_copy, other)
    assert window.open_project(project_copy, ask=False)
    ui = install(window)
    ui.start()
    ui.open_table("facilities")
    window.canvas.select([UID])
    ui.controller.apply(lambda s: s.set_value(UID, "notes", "切换前"))
    assert window.open_project(other, ask=False)  # no question: the edits wait in the recovery file
    assert not ui.controller.editing and not ui.tables and window.project.path == other
    seen: list[str] = []
    press_in_message_box("Restore", seen)
    assert window.open_project(project_copy, ask=False)
    assert seen and "1 unsaved change(s) by 陈工" in seen[0]
    assert ui.controller.session.value(UID, "notes") == "切换前"


def test_place_by_name_delete_and_table_selection_follow_the_map(window, project_copy, qtbot):
    from gisplanner.geocode import geocode
    from gisplanner.ui.editing.dialogs import PlaceFeatureDialog

    assert window.open_project(project_copy, ask=False)
    ui = install(window)
    table = ui.open_table("facilities")
    window.canvas.select([UID])
    assert table.selected_uids() == [UID]  # map → table
    table.select_uids([])
    table.view.selectRow(table.model.row_of_uid("cq.biocity.antibody-incubator"))
    assert window.canvas.selected_uids() == ["cq.biocity.antibody-incubator"]  # table → map

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PlaceFeatureDialog):
            QTimer.singleShot(20, fill)
            return
        dialog.place.setText("木洞镇")
        dialog.name_zh.setText("木洞镇新平台")
        dialog.kind.setCurrentIndex(dialog.kind.findData("platform"))  # a kind must be chosen
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    QTimer.singleShot(0, fill)
    ui.actions["place"].trigger()  # starts editing if needed
    session = ui.controller.session
    new_uid = window.canvas.selected_uids()[0]
    place = geocode("木洞镇").place
    geom = session.geometry(new_uid)
    assert (geom.x, geom.y) == (place.lon, place.lat)
    assert session.value(new_uid, "location_precision") == place.precision
    assert new_uid in set(window.project.features("facilities")["uid"])
    assert table.model.row_of_uid(new_uid) is not None  # the table shows the buffered feature
    window.canvas.select([UID])
    ui.actions["delete"].trigger()
    assert session.layer_of(UID) is None and table.model.row_of_uid(UID) is None
    ui.controller.stack.undo()
    assert session.layer_of(UID) == "facilities"
    ui.controller.stack.redo()
    ui.controller.save()
    with Project.open(project_copy) as again:
        assert again.feature(UID) is None and again.feature(new_uid)["name_zh"] == "木洞镇新平台"
        assert [e["action"] for e in again.edits_for(UID)] == ["delete"] + ["unlink"] * len(
            [e for e in again.edits_for(UID) if e["action"] == "unlink"])


def test_close_and_discard_leaves_the_file_and_no_recovery(window, project_copy):
    from gisplanner.store.lock import ProjectLock
    from gisplanner.store.recovery import recovery_path

    before = project_copy.read_bytes()
    assert window.open_project(project_copy, ask=False)
    ui = install(window)
    ui.start()
    ui.controller.apply(lambda s: s.delete([UID]))
    assert recovery_path(project_copy).exists()
    seen: list[str] = []
    press_in_message_box("Discard", seen)
    assert window.close()
    assert seen and project_copy.read_bytes() == before
    assert not recovery_path(project_copy).exists()
    ProjectLock(project_copy).acquire().release()  # the edit lock was released


def test_unreadable_recovery_file_is_reported_not_fatal(window, project_copy):
    from gisplanner.store.recovery import recovery_path

    recovery_path(project_copy).write_text("{not json", encoding="utf-8")
    ui = install(window)
    assert window.open_project(project_copy, ask=False)
    assert "not a readable recovery file" in window.statusBar().currentMessage()
    assert recovery_path(project_copy).exists() and not ui.controller.editing


def test_link_a_clause_from_the_identify_panel(window, project_copy, qtbot):
    from PySide6.QtCore import QPoint, Qt

    from gisplanner.ui.editing.dialogs import LinkClauseDialog

    assert window.open_project(project_copy, ask=False)
    ui = install(window)
    window.identify.show_feature(UID)
    assert window.identify.browser.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    menu = ui.identify_menu(QPoint(5, 5))
    texts = [a.text() for a in menu.actions()]
    assert "Link this feature to a clause…" in texts and any("Copy" in x for x in texts)  # its own entries kept

    def pick() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LinkClauseDialog):
            QTimer.singleShot(20, pick)
            return
        dialog.query.setText("变电站")
        dialog.relation.setCurrentIndex(dialog.relation.findData("mentions"))
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    QTimer.singleShot(0, pick)
    next(a for a in menu.actions() if a.text() == "Link this feature to a clause…").trigger()
    assert ui.controller.editing  # linking started editing
    unsaved = [r for r in ui.controller.session.clauses_for(UID) if r.get("unsaved")]
    assert len(unsaved) == 1 and unsaved[0]["relation"] == "mentions"
    qtbot.waitUntil(lambda: unsaved[0]["path"] in window.identify.text())  # the panel shows the new link


def test_identify_shows_a_status_date_as_far_as_it_is_known(window, project_copy):
    assert window.open_project(project_copy, ask=False)
    window.identify.show_feature("cq.banan-cluster")
    text = window.identify.text()
    assert "2019-09" in text and "2019-09-01" not in text  # listed in September 2019, day not given
    assert "2021-11-15" in text
