"""Team projects in the real main window against a real PostgreSQL + PostGIS cluster: publish,
open from server, sync with progress, the status-bar note, the conflict dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from gisplanner.feedback import NullFeedback
from gisplanner.store import Project
from gisplanner.sync import checkout, conflicts, publish, sync, sync_state
from gisplanner.ui.i18n import set_lang
from gisplanner.ui.sync import install
from gisplanner.ui.sync.text import note_text

pytestmark = pytest.mark.slow
UID = "cq.biocity.vaccine-incubator"


@pytest.fixture
def cluster(pg_server):
    return pg_server


@pytest.fixture
def pg_url(cluster) -> str:
    return cluster.url()


@pytest.fixture
def window(qtbot, tmp_path):
    from gisplanner.ui.main_window import MainWindow

    set_lang("en")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("editing/editor", "陈工")
    win = MainWindow(settings)
    qtbot.addWidget(win)
    install(win)
    win.show()
    yield win
    win.canvas.shutdown()
    set_lang("en")


def _accept(form) -> None:
    form.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def _wait(qtbot, window):
    task = window.sync_ui.task
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=60000)
    return task


def _edit(path, uid: str, field: str, value, editor: str = "test") -> None:
    with Project.open(path) as project:
        session = project.edit(editor=editor)
        session.set_value(uid, field, value)
        session.commit()
        session.close()


def _value(path, uid: str, field: str):
    with Project.open(path) as project:
        return project.feature(uid)[field]


def _published(project_copy, pg_url, schema: str, tmp_path, n: int = 2):
    publish(project_copy, pg_url, schema, NullFeedback())
    return [checkout(pg_url, schema, tmp_path / f"copy{i}.gpkg", NullFeedback()) for i in range(n)]


def test_publish_from_the_window(window, qtbot, project_copy, pg_url):
    assert window.open_project(project_copy, ask=False)
    assert not window.sync_ui.note.isVisible() and not window.sync_ui.actions["sync"].isEnabled()
    window.sync_ui.actions["publish"].trigger()
    form = window.sync_ui.form
    assert form.schema_edit.text() == "copy"  # from the file name
    form.server_edit.setText(pg_url)
    form.schema_edit.setText("team_pub")
    _accept(form)
    task = _wait(qtbot, window)
    assert task.error is None, task.error
    state = sync_state(project_copy)
    assert state is not None and state.schema == "team_pub"
    assert window.settings.value("sync/last_server") == pg_url  # no password in it to strip
    assert window.sync_ui.note.isVisible() and window.sync_ui.actions["sync"].isEnabled()
    # the same schema again is refused, worded for the planner
    window.sync_ui.publish(pg_url, "team_pub")
    task = _wait(qtbot, window)
    assert getattr(task.error, "code", None)
    box = window.findChild(QMessageBox, "syncError")
    assert box is not None and "team_pub" in box.text()
    box.close()


def test_open_from_server_then_sync_with_progress_and_note(window, qtbot, project_copy, pg_url, tmp_path):
    (other,) = _published(project_copy, pg_url, "team_open", tmp_path, 1)
    window.sync_ui.actions["checkout"].trigger()
    form = window.sync_ui.form
    form.server_edit.setText(pg_url)
    form.schema_edit.setText("team_open")
    out = tmp_path / "mine.gpkg"
    assert form.file_edit.text().endswith("team_open.gpkg")  # suggested beside the current project
    form.file_edit.setText(str(out))
    _accept(form)
    assert _wait(qtbot, window).error is None
    assert window.project is not None and window.project.path == out
    assert sync_state(out).schema == "team_open"

    _edit(out, UID, "notes", "mine: checked on site")  # a saved local change
    _edit(other, "cq.biocity", "notes", "theirs: boundary surveyed")
    sync(other, NullFeedback())
    window.sync_ui.refresh_note()
    state = sync_state(out)
    assert state.local_changes >= 1
    assert window.sync_ui.note.text() == note_text(state.local_changes, state.last_sync)
    assert "not synced" in window.sync_ui.note.text()

    seen: list[float] = []
    window.sync_ui.actions["sync"].trigger()
    window.sync_ui.task._progressed.connect(lambda f, _m: seen.append(f))
    task = _wait(qtbot, window)
    assert task.error is None, task.error
    assert task.result.pushed >= 1 and task.result.pulled >= 1 and task.result.conflicts == 0
    assert seen and max(seen) <= 1.0
    assert _value(out, "cq.biocity", "notes") == "theirs: boundary surveyed"
    assert window.sync_ui.note.text().startswith("all changes synced · last sync ")
    qtbot.waitUntil(lambda: not window.loader.busy(), timeout=20000)
    set_lang("zh")
    assert window.sync_ui.note.text().startswith("修改均已同步 · 上次同步 ")


def test_conflict_dialog_shows_base_mine_theirs_and_resolves(window, qtbot, project_copy, pg_url, tmp_path):
    mine, theirs = _published(project_copy, pg_url, "team_conf", tmp_path)
    base = _value(mine, UID, "notes")
    _edit(mine, UID, "notes", "mine: 2 buildings")
    _edit(mine, "cq.biocity", "notes", "mine: park note")
    _edit(theirs, UID, "notes", "theirs: 3 buildings")
    _edit(theirs, "cq.biocity", "notes", "theirs: park note")
    sync(theirs, NullFeedback())
    assert window.open_project(mine, ask=False)
    window.sync_ui.sync()
    task = _wait(qtbot, window)
    assert task.error is None and task.result.conflicts == 2
    dialog = window.sync_ui.conflict_dialog  # opened by itself after a sync with conflicts
    assert dialog is not None and dialog.table.rowCount() == 2
    assert "2 conflicts" in window.sync_ui.note.text()
    row = next(r for r in range(2) if UID in dialog.table.item(r, 0).text())
    cells = [dialog.table.item(row, c).text() for c in range(6)]
    assert cells[1] == "Notes" or cells[1] == "notes"
    assert cells[3:] == [base or "(empty)", "mine: 2 buildings", "theirs: 3 buildings"]

    dialog.table.selectRow(row)
    dialog.buttons["mine"].click()
    left = conflicts(mine)
    assert len(left) == 1 and left[0].uid == "cq.biocity" and dialog.table.rowCount() == 1
    assert _value(mine, UID, "notes") == "mine: 2 buildings"
    dialog.table.selectRow(0)
    dialog.value_edit.setText("both: agreed at the meeting")
    dialog.buttons["value"].click()
    assert conflicts(mine) == [] and dialog.table.rowCount() == 0
    assert _value(mine, "cq.biocity", "notes") == "both: agreed at the meeting"
    assert "conflict" not in window.sync_ui.note.text()
    sync(mine, NullFeedback())
    sync(theirs, NullFeedback())
    assert _value(theirs, UID, "notes") == "mine: 2 buildings"
    assert _value(theirs, "cq.biocity", "notes") == "both: agreed at the meeting"


def test_take_theirs_for_all(window, qtbot, project_copy, pg_url, tmp_path):
    mine, theirs = _published(project_copy, pg_url, "team_all", tmp_path)
    for uid in (UID, "cq.biocity"):
        _edit(mine, uid, "notes", f"mine {uid}")
        _edit(theirs, uid, "notes", f"theirs {uid}")
    sync(theirs, NullFeedback())
    assert window.open_project(mine, ask=False)
    window.sync_ui.sync()
    assert _wait(qtbot, window).result.conflicts == 2
    dialog = window.sync_ui.conflict_dialog
    dialog.buttons["all_theirs"].click()
    assert conflicts(mine) == [] and dialog.count_label.text() == "No conflicts left."
    assert [_value(mine, u, "notes") for u in (UID, "cq.biocity")] == [f"theirs {UID}", "theirs cq.biocity"]


def _answer_password(qtbot, password: str, asked: list[str]) -> None:
    """Type ``password`` into the next password prompt (a modal QInputDialog) and accept it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        asked.append(box.labelText())
        assert box.textEchoMode() == QLineEdit.EchoMode.Password
        box.setTextValue(password)
        box.accept()
    QTimer.singleShot(0, answer)


def test_password_asked_used_once_and_never_stored(window, qtbot, project_copy, cluster, tmp_path):
    import os

    from pg_cluster import SECRET_PASSWORD, SECRET_ROLE

    publish(project_copy, cluster.url(), "team_pw", NullFeedback())
    cluster.sql(f"GRANT team_pw_viewer TO {SECRET_ROLE}")
    url = cluster.url(user=SECRET_ROLE)  # no password in it: libpq gets it from the prompt
    out = tmp_path / "viewer.gpkg"
    asked: list[str] = []
    _answer_password(qtbot, SECRET_PASSWORD, asked)
    window.sync_ui.checkout(url, "team_pw", out)
    qtbot.waitUntil(lambda: window.project is not None and window.project.path == out, timeout=60000)
    assert len(asked) == 1 and SECRET_ROLE in asked[0]
    assert "PGPASSWORD" not in os.environ
    window.settings.sync()
    assert SECRET_PASSWORD not in (tmp_path / "settings.ini").read_text(encoding="utf-8")
    assert SECRET_PASSWORD.encode() not in out.read_bytes()

    # a viewer may pull but not push: the database refuses, the planner reads why in Chinese
    _edit(out, UID, "notes", "viewer tried")
    set_lang("zh")
    _answer_password(qtbot, SECRET_PASSWORD, asked)
    window.sync_ui.sync()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "syncError") is not None, timeout=60000)
    box = window.findChild(QMessageBox, "syncError")
    assert window.sync_ui.last_error.code == "permission_denied"
    server = window.sync_ui.last_error.params["server"]
    assert box.text().startswith(f"服务器 {server} 拒绝写入") and "未写入任何内容" in box.text()
    assert not any(c.isascii() and c.isalpha() for c in box.text().replace(server, ""))
    assert box.windowTitle() == "同步失败"
    box.close()
    assert len(asked) == 2  # asked again: nothing kept it in between
    assert cluster.sql(f"SELECT notes FROM team_pw.facilities WHERE uid = '{UID}'") != [("viewer tried",)]
    assert cluster.sql(f"SELECT count(*) FROM team_pw.facilities WHERE uid = '{UID}'") == [(1,)]


def test_deleted_here_changed_there_shown_as_rows_and_restored(window, qtbot, project_copy, pg_url, tmp_path):
    mine, theirs = _published(project_copy, pg_url, "team_del", tmp_path)
    with Project.open(mine) as project:
        session = project.edit(editor="test")
        session.delete(UID)
        session.commit()
        session.close()
    _edit(theirs, UID, "notes", "keep it: approved")
    sync(theirs, NullFeedback())
    assert window.open_project(mine, ask=False)
    window.sync_ui.sync()
    assert _wait(qtbot, window).result.conflicts == 1
    dialog = window.sync_ui.conflict_dialog
    cells = [dialog.table.item(0, c).text() for c in range(6)]
    assert cells[0] == f"Facilities: {UID}" and cells[2] == "Deleted here, changed on the server"
    assert cells[4] == "(deleted)" and "Notes: keep it: approved" in cells[5].splitlines()
    assert not dialog.buttons["value"].isEnabled()  # a whole feature takes mine or theirs, not a typed value
    dialog.buttons["theirs"].click()
    assert conflicts(mine) == [] and _value(mine, UID, "notes") == "keep it: approved"


def test_unreachable_server_worded_and_nothing_written(window, qtbot, tmp_path):
    out = tmp_path / "never.gpkg"
    window.sync_ui.checkout("postgresql://anna@127.0.0.1:1/team?connect_timeout=3", "parks", out)
    task = _wait(qtbot, window)
    assert task.error.code == "unreachable" and not out.exists()
    box = window.findChild(QMessageBox, "syncError")
    assert box.windowTitle() == "Open from server failed"
    assert box.text().startswith("Cannot reach the server anna@127.0.0.1:1/team")
    assert window.project is None


def test_project_menu_follows_the_language(window):
    menu = window.menus["project"]
    titles = lambda: [a.text().replace("&", "") for a in menu.actions()]  # noqa: E731
    assert titles() == ["Publish to server…", "Open from server…", "Sync", "Conflicts…"]
    assert window.menuBar().actions()[-2] is menu.menuAction()  # just before Help
    set_lang("zh")
    assert menu.title() == "项目(&J)"
    assert titles() == ["发布到服务器(P)…", "从服务器打开(S)…", "同步(Y)", "冲突(C)…"]


def test_a_typed_value_the_field_cannot_hold_is_refused_and_said(window, qtbot, project_copy, pg_url, tmp_path):
    mine, theirs = _published(project_copy, pg_url, "team_val", tmp_path)
    _edit(mine, UID, "deadline", 2027)
    _edit(theirs, UID, "deadline", 2029)
    sync(theirs, NullFeedback())
    assert window.open_project(mine, ask=False)
    window.sync_ui.sync()
    assert _wait(qtbot, window).result.conflicts == 1
    dialog = window.sync_ui.conflict_dialog
    assert [dialog.table.item(0, c).text() for c in (4, 5)] == ["2027", "2029"]
    dialog.value_edit.setText("next year")
    dialog.buttons["value"].click()
    # the field by its label, the column type in words; the typed value stays to be corrected
    assert dialog.message.text() == "Could not resolve: next year is not a valid value for Plan deadline (a whole number)."
    assert dialog.value_edit.text() == "next year"
    assert len(conflicts(mine)) == 1 and _value(mine, UID, "deadline") == 2029  # the server's value stands
    dialog.value_edit.setText("2028")
    dialog.buttons["value"].click()
    assert dialog.message.text() == "" and conflicts(mine) == [] and _value(mine, UID, "deadline") == 2028


def test_cancel_stops_the_sync_and_a_later_sync_finishes(window, qtbot, project_copy, pg_url, tmp_path):
    from gisplanner.feedback import Canceled
    from gisplanner.ui.sync.task import ServerTask

    mine, theirs = _published(project_copy, pg_url, "team_cancel", tmp_path)
    _edit(mine, UID, "notes", "mine, not sent yet")
    task = ServerTask(window, "sync", lambda feedback: sync(mine, feedback))
    task.cancel()  # Cancel pressed before the worker's first step: the core stops at once
    task.start()
    qtbot.waitUntil(lambda: task.done, timeout=60000)
    assert isinstance(task.error, Canceled)
    assert sync_state(mine).local_changes >= 1
    sync(theirs, NullFeedback())
    assert _value(theirs, UID, "notes") != "mine, not sent yet"
    assert window.open_project(mine, ask=False)
    window.sync_ui.sync()
    assert _wait(qtbot, window).error is None
    sync(theirs, NullFeedback())
    assert _value(theirs, UID, "notes") == "mine, not sent yet"


def test_a_save_in_the_window_updates_the_note_and_sync_ends_the_edit_session(window, qtbot, project_copy, pg_url,
                                                                             tmp_path):
    from gisplanner.ui.editing import install as install_editing

    (mine,) = _published(project_copy, pg_url, "team_note", tmp_path, 1)
    assert window.open_project(mine, ask=False)
    editing = install_editing(window)
    window.open_project(mine, ask=False)  # (the editing add-on came after the sync one here)
    assert window.sync_ui.note.text().startswith("all changes synced")
    editing.actions["toggle"].trigger()
    editing.controller.apply(lambda s: s.set_value(UID, "notes", "saved in the window"))
    editing.actions["save"].trigger()
    assert window.sync_ui.note.text().startswith(f"{sync_state(mine).local_changes} local change")
    assert editing.controller.editing  # still editing, nothing unsaved
    window.sync_ui.actions["sync"].trigger()
    assert not editing.controller.editing  # the sync writes the file: the session ended first
    assert _wait(qtbot, window).error is None
    assert window.sync_ui.note.text().startswith("all changes synced")
