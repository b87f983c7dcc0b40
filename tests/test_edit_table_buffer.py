"""The attribute table sorts and filters by what it shows: unsaved buffer values, added rows
included, deleted rows out; the order before Save equals the order the saved file gives."""

from __future__ import annotations

from PySide6.QtCore import Qt
from shapely.geometry import Point

from gisplanner.store import Project
from gisplanner.ui.editing.attribute_table import AttributeTable
from gisplanner.ui.editing.controller import EditController

UID = "cq.biocity.vaccine-incubator"


def shown_uids(model) -> list[str]:
    return [model.uid_at(r) for r in range(model.rowCount())]


def settle(qtbot, model) -> None:
    """Let the table re-sort after a burst of changes (it does so once, on the next event loop pass)."""
    qtbot.waitUntil(lambda: not model.resort_pending, timeout=5000)


def column(model, name: str) -> int:
    return [f.name for f in model.fields].index(name)


def test_sort_and_filter_follow_the_buffer(project_copy, qtbot):
    project = Project.open(project_copy)
    controller = EditController()
    controller.set_project(project)
    table = AttributeTable(controller, "facilities")
    qtbot.addWidget(table)
    table.show()
    model = table.model
    controller.start("测试员")
    name = column(model, "name_en")
    table.view.sortByColumn(name, Qt.SortOrder.AscendingOrder)
    first_saved = model.uid_at(0)
    assert first_saved != UID
    table.view.selectRow(model.row_of_uid(UID))
    # an edit moves its row to its sorted place at once, and the row stays selected
    assert model.setData(model.index(model.row_of_uid(UID), name), "!!! first by name")
    settle(qtbot, model)
    assert model.uid_at(0) == UID and model.value(0, name) == "!!! first by name"
    assert table.selected_uids() == [UID]
    controller.stack.undo()
    settle(qtbot, model)
    assert model.uid_at(0) == first_saved and model.row_of_uid(UID) > 0
    controller.stack.redo()
    settle(qtbot, model)
    assert model.uid_at(0) == UID
    # NULL sorts last, as saved NULLs do
    controller.apply(lambda s: s.set_value(first_saved, "name_en", None))
    settle(qtbot, model)
    nulls = sum(model.value(r, name) is None for r in range(model.rowCount()))
    assert model.row_of_uid(first_saved) >= model.rowCount() - nulls
    assert all(model.value(r, name) is None for r in range(model.rowCount() - nulls, model.rowCount()))
    # a feature added in the session sorts among the saved ones
    added = controller.apply(lambda s: s.add_feature(
        "facilities", {"name_zh": "新增", "name_en": "!!! 0 added", "kind": "platform", "status": "planned",
                       "status_date": "2025-01-01", "location_precision": "site"}, Point(106.5, 29.4)))
    settle(qtbot, model)
    assert shown_uids(model)[:2] == [added.uid, UID]
    # filtering by a field sees buffered values: an edited row joins or leaves the filter
    table.field_combo.setCurrentIndex(table.field_combo.findData("name_en"))
    table.filter_edit.setText("!!!")
    assert shown_uids(model) == [added.uid, UID]
    controller.apply(lambda s: s.set_value(UID, "name_en", "Vaccine centre"))
    settle(qtbot, model)
    assert shown_uids(model) == [added.uid]
    # status filter by its label, after a status change held in the buffer
    table.filter_edit.setText("")
    completed = [u for u in shown_uids(model)[:5] if u != added.uid]
    controller.apply(lambda s: s.set_status(completed, "completed", "2025-06-01", "验收文件"))
    settle(qtbot, model)
    table.field_combo.setCurrentIndex(table.field_combo.findData("status"))
    table.filter_edit.setText("completed")
    assert set(completed) <= set(shown_uids(model))
    saved_completed = {u for u in project.features("facilities", where="status = 'completed'")["uid"]}
    assert set(shown_uids(model)) == saved_completed | set(completed)
    # a deleted feature leaves the filtered, sorted table
    controller.apply(lambda s: s.delete(completed[0]))
    settle(qtbot, model)
    assert completed[0] not in shown_uids(model)
    # a burst of changes (here three in one undo step) re-sorts the table once
    calls: list[bool] = []
    requery = model.requery
    model.requery = lambda keep_layout=False: (calls.append(keep_layout), requery(keep_layout))
    controller.stack.beginMacro("three notes")
    for uid in completed[1:4]:
        controller.apply(lambda s, u=uid: s.set_value(u, "notes", "批注"))
    controller.stack.endMacro()
    settle(qtbot, model)
    assert calls == [True]
    del model.requery
    # the order shown over the buffer is the order the saved file gives after Save
    table.filter_edit.setText("")
    table.view.sortByColumn(column(model, "status"), Qt.SortOrder.DescendingOrder)
    before = shown_uids(model)
    table.view.sortByColumn(name, Qt.SortOrder.DescendingOrder)
    before_by_name = shown_uids(model)
    assert controller.save() is not None
    assert shown_uids(model) == before_by_name
    table.view.sortByColumn(column(model, "status"), Qt.SortOrder.DescendingOrder)
    assert shown_uids(model) == before
    table.close()
    controller.stop()
    project.close()
