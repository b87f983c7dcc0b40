"""Refused edits and value problems are coded by the core and worded by the window in one
language: every code has a Chinese sentence without English words and an English one without
Chinese; the CLI keeps the core's English sentence naming the feature and field."""

from __future__ import annotations

import re

import pytest

from gisplanner.layers import PROBLEMS
from gisplanner.store import Project
from gisplanner.store.changes import EditRefused
from gisplanner.store.refusals import REFUSALS
from language_check import CJK, fixed_text

UID = "cq.biocity.vaccine-incubator"
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")




@pytest.mark.parametrize("template", [*REFUSALS.values(), *PROBLEMS.values()])
def test_each_code_has_one_sentence_per_language(template):
    from gisplanner.ui.editing import refusal_words  # noqa: F401  (the catalogue)
    from gisplanner.ui.i18n import ZH

    assert template in ZH, template
    assert not LATIN_WORD.search(fixed_text(ZH[template])), ZH[template]
    assert not CJK.search(template)


@pytest.fixture
def session(project_copy):
    with Project.open(project_copy) as project:
        s = project.edit(editor="王工")
        yield s
        s.close()


def refusal(action) -> EditRefused:
    with pytest.raises(EditRefused) as caught:
        action()
    return caught.value


@pytest.mark.parametrize(("edit", "english", "chinese"), [
    (lambda s: s.set_value(UID, "name_zh", ""), f"{UID}: Name (Chinese) is required (field name_zh)",
     f"{UID}：中文名称为必填项"),
    (lambda s: s.set_value(UID, "deadline", 1800), f"{UID}: Plan deadline must be at least 2000 (field deadline)",
     f"{UID}：规划期限不得小于 2000"),
    (lambda s: s.set_value(UID, "deadline", "soon"), f"{UID}: Plan deadline must be a year, not 'soon' (field deadline)",
     f"{UID}：规划期限必须是年份，而不是“soon”"),
    (lambda s: s.set_value(UID, "uid", "x"), "ID (uid) is kept by the system and cannot be edited",
     "编号由系统维护，不能修改"),
    (lambda s: s.set_status(UID, "completed", "2025-01-01", " "),
     "a status change needs a source or note saying why (field source)", "状态变更必须填写来源或说明"),
    (lambda s: s.link(UID, "001:nowhere"), "clause 001:nowhere is not in the project (field clause)",
     "条款 001:nowhere 不在项目中"),
])
def test_refusals_of_real_edits_in_each_language(session, zh, edit, english, chinese):
    from gisplanner.ui.editing.messages import failure_text
    from gisplanner.ui.i18n import set_lang

    refused = refusal(lambda: edit(session))
    assert str(refused) == english  # what the CLI prints
    assert failure_text(refused) == chinese
    set_lang("en")
    assert english.startswith(failure_text(refused)) and len(failure_text(refused)) > 20


def test_a_new_feature_with_many_problems_lists_each_in_one_language(session, zh):
    from shapely.geometry import Point

    from gisplanner.ui.editing.messages import failure_text
    from gisplanner.ui.i18n import set_lang

    refused = refusal(lambda: session.add_feature("facilities", {"uid": "t.1", "kind": "nope", "deadline": "x"},
                                                  Point(106.6, 29.5)))
    assert refused.code == "bad_values" and "Name (Chinese) is required (field name_zh)" in str(refused)
    text = failure_text(refused)
    assert "中文名称为必填项" in text and "“nope”不是类型的可选值" in text and "；" in text
    assert not LATIN_WORD.search(text.replace("nope", "")), text
    set_lang("en")
    text = failure_text(refused)
    assert "Name (Chinese) is required" in text and not CJK.search(text)


def test_the_new_feature_form_words_its_problems_and_defaults_in_one_language(qtbot, zh):
    pytest.importorskip("pytestqt")
    from gisplanner.ui.editing import journal_words  # noqa: F401  (the catalogue)
    from gisplanner.ui.editing.dialogs import NewFeatureDialog
    from gisplanner.ui.editing.field_editors import set_editor_value
    from gisplanner.ui.i18n import set_lang

    dialog = NewFeatureDialog("facilities")
    qtbot.addWidget(dialog)
    set_editor_value(dialog.editors["name_zh"], "")
    set_editor_value(dialog.editors["kind"], "substation")
    assert dialog.problem() == "中文名称为必填项"  # not "中文名称: Name (Chinese) is required"
    assert dialog.editors["location_source"].text() == "在 gisplanner 地图上绘制"
    assert dialog.record()["location_source"] == "drawn on the map in gisplanner"  # stored with its codes,
    assert dialog.record()["location_source_code"] == '[{"code": "drawn"}]'  # worded by each window
    set_lang("en")
    english = NewFeatureDialog("facilities")
    qtbot.addWidget(english)
    set_editor_value(english.editors["name_zh"], "")
    set_editor_value(english.editors["kind"], "substation")
    assert english.problem() == "Name (Chinese) is required"
    assert english.editors["location_source"].text() == "drawn on the map in gisplanner"
    assert english.record()["location_source_code"] == '[{"code": "drawn"}]'


def test_a_bad_table_of_actual_values_is_worded_row_by_row(project_copy, tmp_path, zh):
    from gisplanner.monitor.import_actuals import ImportActualsError, import_actuals
    from gisplanner.ui.actuals_errors import actuals_error_text
    from gisplanner.ui.i18n import set_lang

    table = tmp_path / "统计.csv"
    table.write_text("指标,年份,数值,来源\n004.output-2024,2023,很多,统计年鉴\n004.output-2024,2023,12,\n",
                     encoding="utf-8")
    headless = tmp_path / "x.csv"
    headless.write_text("name,amount\na,1\n", encoding="utf-8")
    with Project.open(project_copy, "rw") as project, project.edit() as session:
        with pytest.raises(ImportActualsError) as bad_rows:
            import_actuals(session, table)
        with pytest.raises(ImportActualsError) as no_columns:
            import_actuals(session, headless)
    assert "row 2: '很多' is not a number (field value)" in str(bad_rows.value)  # the CLI's words
    text = actuals_error_text(bad_rows.value)
    assert text == (f"{table}：未导入任何内容；第 2 行：“很多”不是数字（字段：数值）；"
                    "第 3 行：实际值须注明来源：统计表、报告或条款（字段：来源）")
    assert actuals_error_text(no_columns.value).endswith("第 1 行：缺少列：指标、数值、来源、年份或日期；现有列：name, amount")
    set_lang("en")
    assert actuals_error_text(bad_rows.value) == str(bad_rows.value)
