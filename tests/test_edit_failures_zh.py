"""Save and lock failures speak Chinese in a Chinese UI: disk full, read-only file, another
program writing, another editor holding the project; the buffer is kept each time."""

from __future__ import annotations

import sqlite3

import pytest

from gisplanner.store import Project
from gisplanner.store.gpkg_sql import connect_writer, register_gpkg_functions
from gisplanner.store.lock import ProjectLock, ProjectLocked
from gisplanner.ui.editing.controller import EditController
from gisplanner.ui.editing.messages import failure_text
from gisplanner.ui.i18n import set_lang

UID = "cq.biocity.vaccine-incubator"


@pytest.fixture
def zh_controller(project_copy):
    set_lang("zh")
    project = Project.open(project_copy)
    ctl = EditController()
    ctl.set_project(project)
    ctl.start("测试员")
    ctl.apply(lambda s: s.set_status(UID, "completed", "2025-06-01", "竣工验收"))
    yield ctl
    ctl.stop()
    project.close()
    set_lang("en")


def failed_save(controller, qtbot) -> str:
    with qtbot.waitSignal(controller.save_failed) as failed:
        assert controller.save() is None
    assert controller.dirty and controller.session.value(UID, "status") == "completed"  # buffer kept
    return failed.args[0]


def test_full_disk_in_chinese(zh_controller, qtbot, project_copy):
    controller = zh_controller
    controller.apply(lambda s: s.set_value(UID, "notes", "x" * 300_000))
    conn = controller.session._conn = connect_writer(project_copy)
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    text = failed_save(controller, qtbot)
    assert text.startswith(f"{project_copy}：磁盘已满或出现故障") and text.endswith("未保存任何内容")


def test_read_only_file_in_chinese(zh_controller, qtbot, project_copy):
    controller = zh_controller
    conn = sqlite3.connect(f"file:{project_copy}?mode=ro", uri=True, isolation_level=None)
    register_gpkg_functions(conn)
    controller.session._conn = conn  # SQLite answers "attempt to write a readonly database"
    text = failed_save(controller, qtbot)
    assert text == f"{project_copy}：文件为只读（位于只读磁盘上，或没有写入权限）；未保存任何内容"


def test_another_program_writing_in_chinese(zh_controller, qtbot, project_copy):
    controller = zh_controller
    controller.session._conn = connect_writer(project_copy, timeout_ms=100)
    other = sqlite3.connect(project_copy, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # e.g. an import script in the middle of its transaction
    try:
        text = failed_save(controller, qtbot)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert text == f"{project_copy}：另一个程序正在写入此项目；请稍后再次保存（未保存任何内容）"
    assert controller.save() is not None  # the other program finished: saving works


def test_save_conflict_in_chinese(zh_controller, qtbot, project_copy):
    controller = zh_controller
    controller.apply(lambda s: s.set_value(UID, "notes", "我的备注"))
    other = connect_writer(project_copy)
    other.execute("UPDATE facilities SET notes = '别人的备注' WHERE uid = ?", [UID])
    other.close()
    text = failed_save(controller, qtbot)
    assert text.startswith("另一个程序在您编辑之后修改了这些值") and "备注" in text and "'别人的备注'" in text


def test_another_editor_holds_the_project_in_chinese(project_copy):
    set_lang("zh")
    holder = ProjectLock(project_copy, "李工").acquire()  # a second open file: the lock conflicts
    project = Project.open(project_copy)
    try:
        controller = EditController()
        controller.set_project(project)
        with pytest.raises(ProjectLocked) as caught:
            controller.start("测试员")
        assert controller.read_only_reason == failure_text(caught.value)
        assert controller.read_only_reason.startswith(f"{project_copy} 正由 李工（")
        assert "只能只读查看" in controller.read_only_reason and "being edited" not in controller.read_only_reason
        set_lang("en")
        assert "being edited by 李工" in failure_text(caught.value)  # English UI: the core's own words
    finally:
        holder.release()
        project.close()
        set_lang("en")


def test_reshape_refusals_in_chinese():
    from shapely.geometry import Polygon

    from gisplanner.store.changes import EditRefused, fit_geometry
    from gisplanner.store.edit_vertices import delete_vertex
    from gisplanner.ui.editing.messages import failure_text

    with pytest.raises(EditRefused) as crossing:  # a vertex dragged across the opposite edge
        fit_geometry("parks", Polygon([(106.0, 29.0), (106.1, 29.1), (106.1, 29.0), (106.0, 29.1)]))
    with pytest.raises(EditRefused) as last:
        delete_vertex(Polygon([(106.0, 29.0), (106.1, 29.0), (106.1, 29.1)]), 0, 1)
    set_lang("zh")
    try:
        text = failure_text(crossing.value)
        assert text == "园区：图形无效（自相交，位于 106.05 29.05），未接受此修改"
        assert failure_text(last.value).startswith("无法删除节点：面的每个环至少保留 3 个节点")
    finally:
        set_lang("en")


def test_unwritable_recovery_file_keeps_editing_and_warns(project_copy, qtbot):
    """The recovery file cannot be written (here its name is taken by a folder, as a full or
    write-protected disk would refuse it): edits go on, the user is told, Save still works."""
    from gisplanner.store.recovery import recovery_path

    blocker = recovery_path(project_copy)
    set_lang("zh")
    project = Project.open(project_copy)
    controller = EditController()
    controller.set_project(project)
    controller.start("测试员")
    blocker.mkdir()
    try:
        with qtbot.waitSignal(controller.warning) as warned:
            assert controller.apply(lambda s: s.set_value(UID, "notes", "无法备份")) is not None
        assert warned.args[0].startswith(f"{blocker}：无法写入崩溃恢复文件")
        assert controller.dirty and controller.session.value(UID, "notes") == "无法备份"
        assert not list(project_copy.parent.glob(".*.tmp"))  # no half-written temp file left
        blocker.rmdir()
        with qtbot.waitSignal(controller.warning) as cleared:
            controller.apply(lambda s: s.set_value(UID, "notes", "可以备份"))
        assert cleared.args[0] == "" and blocker.is_file()
        assert controller.save() is not None
        assert project.feature(UID)["notes"] == "可以备份"
    finally:
        controller.stop()
        project.close()
        set_lang("en")


def test_save_and_recovery_summaries_in_chinese(tmp_path):
    from gisplanner.store.recovery import Recovery
    from gisplanner.store.save import SaveReport
    from gisplanner.ui.editing.messages import recovery_summary, save_summary

    report = SaveReport(updated=2, added=1, links=1)
    found = Recovery(tmp_path / "x.recovery.json", tmp_path / "x.gpkg", "王工", "s1", "2026-01-02T03:04:05Z",
                     [{"kind": "set"}, {"kind": "status"}])
    assert save_summary(report) == "2 changed, 1 added, 1 link changes"
    set_lang("zh")
    try:
        assert save_summary(report) == "修改 2 个，新增 1 个，条款关联变更 1 项"
        assert save_summary(SaveReport()) == "没有需要保存的内容"
        assert recovery_summary(found) == "王工 的 2 项未保存修改，最后一次在 2026-01-02T03:04:05Z"
    finally:
        set_lang("en")
