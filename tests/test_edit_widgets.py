"""The editing widgets on a real project: form, attribute table, undo stack, history view."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from gisplanner.store import Project
from gisplanner.ui.editing.attribute_table import AttributeTable
from gisplanner.ui.editing.feature_form import FeatureForm
from gisplanner.ui.editing.field_editors import StatusChangeDialog
from gisplanner.ui.editing.history_view import FeatureHistory

UID = "cq.biocity.vaccine-incubator"



def answer_status_dialog(qtbot, status_id: str, date: str, source: str) -> list[str]:
    """Fill the real status dialog when it opens (it is modal) and press OK."""
    seen: list[str] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, StatusChangeDialog):
            QTimer.singleShot(20, fill)
            return
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen.append(f"ok enabled before source: {ok.isEnabled()}")
        dialog.status.setCurrentIndex(dialog.status.findData(status_id))
        dialog.date.setDate(QDate.fromString(date, "yyyy-MM-dd"))
        dialog.source.setText(source)  # QTest cannot type CJK characters
        seen.append(f"ok enabled after source: {ok.isEnabled()}")
        ok.click()

    QTimer.singleShot(0, fill)
    return seen


def test_form_status_change_undo_redo_save_reopen(controller, qtbot, project_copy):
    form = FeatureForm(controller)
    qtbot.addWidget(form)
    form.show_feature(UID)
    old = controller.session.value(UID, "status")
    combo = form.editors["status"]
    seen = answer_status_dialog(qtbot, "under_construction", "2025-04-02", "区住建委通报")
    combo.setCurrentIndex(combo.findData("under_construction"))
    assert seen == ["ok enabled before source: False", "ok enabled after source: True"]
    assert controller.session.value(UID, "status") == "under_construction"
    assert controller.session.value(UID, "status_date") == "2025-04-02"
    assert form.editors["status_date"].value() == "2025-04-02"
    controller.stack.undo()
    assert controller.session.value(UID, "status") == old and combo.currentData() == old
    controller.stack.redo()
    assert combo.currentData() == "under_construction"
    assert controller.save() is not None and not controller.dirty
    with Project.open(project_copy) as again:
        assert again.feature(UID)["status"] == "under_construction"
        entry = [e for e in again.edits_for(UID) if e["field"] == "status"][-1]
        assert (entry["old"], entry["new"], entry["editor"]) == (old, "under_construction", "测试员")
        assert again.status_history(UID)[-1]["source"] == "区住建委通报"
    history = FeatureHistory(controller)
    qtbot.addWidget(history)
    history.show_feature(UID)
    cells = [history.journal.item(r, 2).text() for r in range(history.journal.rowCount())]
    assert any(c in cells for c in ("状态：规划 → 在建", "Status: Planned → Under construction")), cells
    assert any(c.endswith("区住建委通报") for c in cells)  # the source of the status change
    assert history.journal.item(0, 1).text() == "测试员"


def test_form_status_change_canceled_changes_nothing(controller, qtbot):
    form = FeatureForm(controller)
    qtbot.addWidget(form)
    form.show_feature(UID)
    old = form.editors["status"].currentData()

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, cancel)
            return
        dialog.reject()

    QTimer.singleShot(0, cancel)
    form.editors["status"].setCurrentIndex(form.editors["status"].findData("cancelled"))
    assert not controller.dirty and form.editors["status"].currentData() == old


def test_form_refuses_invalid_values_beside_the_field(controller, qtbot):
    form = FeatureForm(controller)
    qtbot.addWidget(form)
    form.show_feature(UID)
    name = form.editors["name_zh"]
    name.setText("")
    name.editingFinished.emit()
    assert "required" in form.messages["name_zh"].text()
    deadline = form.editors["deadline"]
    deadline.setText("1999")  # the validator lets a typed value through; the field check refuses it
    deadline.editingFinished.emit()
    assert "at least 2000" in form.messages["deadline"].text()
    assert not controller.dirty
    deadline.setText("2030")
    deadline.editingFinished.emit()
    assert form.messages["deadline"].text() == "" and controller.session.value(UID, "deadline") == 2030
    assert not form.editors["uid"].isEnabled()


def test_table_edit_cell_bulk_status_undo_and_discard(controller, qtbot):
    table = AttributeTable(controller, "facilities")
    qtbot.addWidget(table)
    table.show()
    model = table.model
    row = model.row_of_uid(UID)
    notes_col = [f.name for f in model.fields].index("notes")
    index = model.index(row, notes_col)
    table.view.scrollTo(index)
    table.view.setCurrentIndex(index)
    table.view.edit(index)
    editor = table.view.indexWidget(index)  # the delegate's editor for the cell
    editor.setText("专家论证")  # QTest cannot type CJK characters
    table.view.setCurrentIndex(model.index(row, 0))  # moving to another cell commits the editor
    assert controller.session.value(UID, "notes") == "专家论证"
    assert index.data() == "专家论证" and index.data(Qt.ItemDataRole.BackgroundRole) is not None
    # invalid: refused with the message under the table, nothing buffered
    deadline = model.index(row, [f.name for f in model.fields].index("deadline"))
    assert not model.setData(deadline, "1800")
    assert "at least 2000" in table.message.text() and "deadline" in table.message.text()
    # bulk status change of the selected rows
    uids = [model.uid_at(r) for r in range(3)]
    table.select_uids(uids)
    answer_status_dialog(qtbot, "completed", "2025-05-20", "竣工验收")
    table.change_status()
    assert all(controller.session.value(u, "status") == "completed" for u in uids)
    assert controller.stack.count() == 2
    controller.stack.undo()
    assert controller.session.value(uids[0], "status") != "completed" or uids[0] == UID
    controller.discard()
    assert index.data() != "专家论证" and controller.stack.count() == 0


def test_table_filters_sorts_and_reports_selection(controller, qtbot):
    table = AttributeTable(controller, "facilities")
    qtbot.addWidget(table)
    model = table.model
    total = model.rowCount()
    table.filter_edit.setText("疫苗")
    assert 0 < model.rowCount() < total
    assert all("疫苗" in " ".join(str(model.value(r, c) or "") for c in range(model.columnCount()))
               for r in range(model.rowCount()))
    table.filter_edit.setText("")
    table.field_combo.setCurrentIndex(table.field_combo.findData("status"))
    table.filter_edit.setText("规划")  # the zh label of "planned" and "planning_study"
    assert model.rowCount() and {model.value(r, [f.name for f in model.fields].index("status"))
                                 for r in range(model.rowCount())} <= {"planned", "planning_study"}
    table.filter_edit.setText("")
    name_col = [f.name for f in model.fields].index("name_en")
    table.view.sortByColumn(name_col, Qt.SortOrder.DescendingOrder)
    names = [model.value(r, name_col) for r in range(model.rowCount())]
    present = [n for n in names if n is not None]
    assert present == sorted(present, reverse=True)
    with qtbot.waitSignal(table.selection_changed) as got:
        table.view.selectRow(0)
    assert got.args[0] == [model.uid_at(0)]


def test_link_a_clause_found_by_search_then_unlink(controller, qtbot, project_copy):
    from gisplanner.ui.editing.dialogs import LinkClauseDialog
    from gisplanner.ui.editing.links_panel import ClauseLinks

    links = ClauseLinks(controller)
    qtbot.addWidget(links)
    links.show_feature(UID)
    before = links.list.count()
    chosen: list[str] = []

    def pick() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LinkClauseDialog):
            QTimer.singleShot(20, pick)
            return
        dialog.query.setText("污水处理厂")
        assert dialog.hits.count() > 0
        dialog.hits.setCurrentRow(0)
        chosen.append(dialog.hits.currentItem().data(Qt.ItemDataRole.UserRole))
        dialog.relation.setCurrentIndex(dialog.relation.findData("mentions"))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, pick)
    links.link_button.click()
    assert chosen and links.list.count() == before + 1
    assert "unsaved" in links.list.item(links.list.count() - 1).text()
    links.list.setCurrentRow(0)
    first = links.list.item(0).data(Qt.ItemDataRole.UserRole)
    links.unlink_button.click()
    assert links.list.count() == before
    controller.save()
    with Project.open(project_copy) as again:
        saved = {(r["clause_id"], r["relation"]) for r in again.clauses_for(UID)}
        assert (chosen[0], "mentions") in saved and first not in saved


def test_failed_save_keeps_the_undo_stack_and_says_why(controller, qtbot, project_copy):
    from gisplanner.store.gpkg_sql import connect_writer

    controller.apply(lambda s: s.set_status(UID, "completed", "2025-06-01", "竣工"))
    controller.apply(lambda s: s.set_value(UID, "notes", "x" * 300_000))
    conn = controller.session._conn = connect_writer(project_copy)
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")  # disk full
    with qtbot.waitSignal(controller.save_failed) as failed:
        assert controller.save() is None
    assert "disk is full" in failed.args[0] and "nothing was saved" in failed.args[0]
    assert controller.stack.count() == 2 and controller.dirty
    controller.stack.undo()  # the edits are still there to undo, fix or save again
    assert controller.save() is not None
    with Project.open(project_copy) as again:
        assert again.feature(UID)["status"] == "completed" and again.feature(UID)["notes"] is None


def test_refusals_beside_the_field_speak_chinese_in_a_chinese_ui(controller, qtbot):
    from gisplanner.ui.i18n import set_lang

    set_lang("zh")
    try:
        form = FeatureForm(controller)
        qtbot.addWidget(form)
        form.show_feature(UID)
        form.editors["deadline"].setText("1999")
        form.editors["deadline"].editingFinished.emit()
        assert form.messages["deadline"].text() == "规划期限不得小于 2000"
        form.editors["name_zh"].setText("")
        form.editors["name_zh"].editingFinished.emit()
        assert form.messages["name_zh"].text() == "中文名称为必填项"
    finally:
        set_lang("en")
