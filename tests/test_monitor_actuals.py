"""Actual values: edited with undo/redo, journaled on save, imported from CSV/XLSX all or nothing."""

from __future__ import annotations

import sqlite3

import openpyxl
import pytest

from gisplanner.monitor.import_actuals import ImportActualsError, import_actuals
from gisplanner.store import Project
from gisplanner.store.changes import EditRefused
from gisplanner.store.recovery import find_recovery


def _saved(path, indicator):
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT date, date_precision, value, source, scope, origin FROM indicator_actuals"
                            " WHERE indicator_id = ? ORDER BY date", [indicator]).fetchall()


def test_add_change_undo_redo_save_and_journal(project_copy):
    with Project.open(project_copy, "rw") as project, project.edit(editor="王工") as session:
        change = session.add_actual("001.industry-scale", "2022", "1150.5", "巴南区统计公报2022", scope="生物城")
        new_id = change.records[0]["id"]
        assert session.actual(new_id)["value"] == 1150.5
        session.set_actual(new_id, "date", "2022-12")
        assert session.actual(new_id)["date_precision"] == "month"
        session.undo()
        assert session.actual(new_id)["date"] == "2022"
        session.redo()
        assert [a["date"] for a in session.actuals("001.industry-scale")] == ["2022-12"]
        assert _saved(project_copy, "001.industry-scale") == []  # nothing on disk before save
        report = session.commit()
        assert report.actuals == 1
    assert _saved(project_copy, "001.industry-scale") == [("2022-12", "month", 1150.5, "巴南区统计公报2022", "生物城", "user")]
    with Project.open(project_copy) as project:
        journal = project.edits_for(new_id)
        assert [(r["action"], r["layer"], r["editor"]) for r in journal] == [("add", "indicator_actuals", "王工")]


def test_change_and_delete_a_shipped_actual_is_journaled_field_by_field(project_copy):
    with Project.open(project_copy, "rw") as project, project.edit() as session:
        shipped = session.actuals("000.output")[0]
        session.set_actual(shipped["id"], "value", 673)
        session.commit()
        session.delete_actual(shipped["id"])
        session.commit()
        journal = project.edits_for(shipped["id"])
    assert [(r["action"], r["field"], r["old"], r["new"]) for r in journal][0] == ("set", "value", "672.0", "673.0")
    assert journal[1]["action"] == "delete" and "003:二/(一)/p1" in journal[1]["old"]
    assert _saved(project_copy, "000.output") == []


@pytest.mark.parametrize(("args", "message"), [
    (("000.output", "2023", "lots", "src"), "'lots' is not a number"),
    (("000.output", "2023-13", 1, "src"), "not a date"),
    (("000.output", "2023", 1, "  "), "needs a source"),
    (("000.nothing", "2023", 1, "src"), "indicator '000.nothing' is not in the project"),
])
def test_bad_actual_values_are_refused_naming_the_field(project_copy, args, message):
    with Project.open(project_copy, "rw") as project, project.edit() as session:
        with pytest.raises(EditRefused, match=message):
            session.add_actual(*args)
        assert not session.dirty


def test_unsaved_actuals_survive_in_the_recovery_file(project_copy):
    with Project.open(project_copy, "rw") as project:
        session = project.edit()
        change = session.add_actual("004.output-2024", "2023", 120, "巴中统计年鉴")
        session.set_actual(change.records[0]["id"], "date", "2023-6")
        session.close()
        recovery = find_recovery(project_copy)
        assert recovery is not None
        with project.edit() as again:
            problems = again.restore(again.leftover)
            assert problems == []
            assert [(a["value"], a["date"], a["date_precision"]) for a in again.actuals("004.output-2024")] == [
                (120.0, "2023-06", "month")]


def test_csv_import_undo_and_save_round_trip(project_copy, tmp_path):
    table = tmp_path / "stats.csv"
    table.write_text("指标,年份,数值,来源\n002.output-2025,2021,310,珠海统计年鉴2022\n"
                     "002.output-2025,2022,352.4,珠海统计年鉴2023\n", encoding="utf-8")
    with Project.open(project_copy, "rw") as project, project.edit() as session:
        import_actuals(session, table)
        assert len(session.actuals("002.output-2025")) == 2
        session.undo()
        assert session.actuals("002.output-2025") == []
        session.redo()
        session.commit()
    assert [r[:3] for r in _saved(project_copy, "002.output-2025")] == [("2021", "year", 310.0), ("2022", "year", 352.4)]


def test_xlsx_with_bad_rows_names_them_and_imports_nothing(project_copy, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["indicator", "date", "value", "source"])
    sheet.append(["004.output-2024", "2023-06-30", 80, "巴中市统计局"])
    sheet.append(["004.output-2024", "2023", "n/a", "巴中市统计局"])
    sheet.append(["no.such", "2023", 5, "巴中市统计局"])
    sheet.append(["004.output-2024", "2023", 5, None])
    path = tmp_path / "stats.xlsx"
    book.save(path)
    with Project.open(project_copy, "rw") as project, project.edit() as session:
        with pytest.raises(ImportActualsError) as info:
            import_actuals(session, path)
        assert not session.dirty
    assert [row for row, _ in info.value.problems] == [3, 4, 5]
    assert "stats.xlsx" in str(info.value) and "row 3: 'n/a' is not a number" in str(info.value)
    assert _saved(project_copy, "004.output-2024") == []


def test_a_table_without_the_columns_is_refused(project_copy, tmp_path):
    table = tmp_path / "x.csv"
    table.write_text("name,amount\na,1\n", encoding="utf-8")
    with Project.open(project_copy, "rw") as project, project.edit() as session:
        with pytest.raises(ImportActualsError, match="row 1: missing column"):
            import_actuals(session, table)
