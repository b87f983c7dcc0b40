"""The import check's report in one language: each row's problem, the repairs and the file's
notes carry codes in the core (English on the command line) and the dialog words them."""

from __future__ import annotations

import re

import pytest

from gisplanner.io.row_words import ROW_WORDS, RowWords
from gisplanner.ui.i18n import ZH, set_lang
from gisplanner.ui.import_dialog import ImportDialog
from gisplanner.ui.import_report_words import words_text
from language_check import CJK, fixed_text, other_language

PROPER = {"shp", "dbf", "WGS84"}



@pytest.mark.parametrize("code", sorted(ROW_WORDS))
def test_each_code_is_worded_in_each_language(code):
    template = ROW_WORDS[code]
    assert template in ZH, code
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9]+", fixed_text(ZH[template])))
    assert words <= PROPER, (code, words - PROPER)
    assert not CJK.search(fixed_text(template)), code


def test_nested_words_and_names_are_worded_too():
    set_lang("zh")
    note = words_text(RowWords("crs_as_asked", file="地块.shp", crs="custom CRS", chosen="EPSG:4326"))
    assert note == "地块.shp 注明的坐标系为 自定义坐标系；已按指定的 EPSG:4326 读取"
    shape = RowWords("wrong_kind", got="LineString", layer="facilities", wanted="points")
    said = words_text(RowWords("repaired_wrong", reason="Self-intersection[106.8 29.5]", shape=shape))
    assert said == "几何图形无效（自相交）；修复后的图形是线；图层“设施”只存点"


def _survey(tmp_path):
    path = tmp_path / "调查.csv"
    path.write_text("名称,经度,纬度,状态\n甲,106.847,29.570,在建\n乙,一百,29.41,在建\n丙,106.90,29.52,拆了一半\n", encoding="utf-8")
    return path


def test_the_dialog_words_each_bad_row_in_chinese(qtbot, tmp_path, project):
    set_lang("zh")
    dialog = ImportDialog(project, None, _survey(tmp_path))
    qtbot.addWidget(dialog)
    dialog.layer_combo.setCurrentIndex(dialog.layer_combo.findData("facilities"))
    dialog.check()
    lines = dialog.report_box.toPlainText().splitlines()
    rejected = [line for line in lines if line.startswith("✗")]
    assert any("第 3 行" in line and "“经度”列的值“一百”不是数字" in line for line in rejected), lines
    assert any("第 4 行" in line and "“状态”列" in line for line in rejected), lines
    assert [line for line in lines if other_language(line, "zh")] == []


def test_the_same_rows_read_in_english_on_the_command_line_and_in_the_window(qtbot, tmp_path, project):
    dialog = ImportDialog(project, None, _survey(tmp_path))
    qtbot.addWidget(dialog)
    dialog.layer_combo.setCurrentIndex(dialog.layer_combo.findData("facilities"))
    prepared = dialog.check()
    text = dialog.report_box.toPlainText()
    assert "✗ row 3: column '经度' holds '一百', not a number" in text
    assert "✗ row 4: Status (column '状态'): " in text  # the field by its label
    assert str(prepared.report.rejected[1]).startswith("row 4: status (column '状态'): ")  # the CLI: its name
    assert str(prepared.report.rejected[0]) == "row 3: column '经度' holds '一百', not a number"
