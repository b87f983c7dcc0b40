"""Layer → Export layer speaks one language: the core says what it wrote, its notes and its
refusals as codes with params (English on the command line); the window words them."""

from __future__ import annotations

import re

import pytest

from gisplanner.io.export_layer import LAYER_EXPORT_WORDS, ExportError, export_layer
from gisplanner.ui.export_layer_dialog import export_error_text, words_text
from gisplanner.ui.i18n import ZH, set_lang
from language_check import CJK, fixed_text

PROPER = {"KB", "GDAL", "Shapefile", "WKT"}



@pytest.mark.parametrize("code", sorted(set(LAYER_EXPORT_WORDS) - {"project"}))
def test_each_code_is_worded_in_each_language(code):
    template = LAYER_EXPORT_WORDS[code]
    assert template in ZH, code
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9]+", fixed_text(ZH[template])))
    assert words <= PROPER, (code, words - PROPER)
    assert not CJK.search(fixed_text(template)), code


def test_a_shapefile_export_reports_its_notes_in_the_window_language(built_project_path, tmp_path):
    report = export_layer(built_project_path, "facilities", tmp_path / "f.shp")
    english = [words_text(w) for w in [report.message, *report.notes]]
    assert str(report.message).startswith("exported 91 features of facilities to ")  # the CLI names the table
    assert english[0].startswith("exported 91 features of Facilities to ")  # the window, its title
    assert any(n.startswith("Shapefile field names: ") for n in english)  # the CLI's English, unchanged
    set_lang("zh")
    chinese = [words_text(w) for w in [report.message, *report.notes]]
    assert chinese[0].startswith("已将图层“设施”的 ")
    assert any(n.startswith("Shapefile 字段名：") for n in chinese)
    for words, line in zip([report.message, *report.notes], chinese, strict=True):
        fixed = line  # the params (file, field and column names) are data; the sentence is Chinese
        for value in words.params.values():
            fixed = fixed.replace(str(value), "")
        assert set(re.findall(r"[A-Za-z][A-Za-z0-9]+", fixed)) <= PROPER, line


def test_a_refused_export_is_english_for_the_cli_and_chinese_in_the_window(built_project_path, tmp_path):
    with pytest.raises(ExportError) as info:
        export_layer(built_project_path, "roads", tmp_path / "r.gpkg")
    assert info.value.code == "no_layer"
    assert "no layer 'roads'" in str(info.value)
    assert export_error_text(info.value) == str(info.value)
    set_lang("zh")
    assert export_error_text(info.value).startswith(f"{built_project_path.name} 中没有图层“roads”")
    with pytest.raises(ExportError) as info:
        export_layer(built_project_path, "parks", tmp_path / "missing" / "p.gpkg")
    assert export_error_text(info.value) == f"{tmp_path / 'missing' / 'p.gpkg'}：文件夹 {tmp_path / 'missing'} 不存在"


def test_an_unreadable_project_is_worded_as_the_window_words_it(tmp_path):
    missing = tmp_path / "gone.gpkg"
    with pytest.raises(ExportError) as info:
        export_layer(missing, "parks", tmp_path / "p.gpkg")
    assert info.value.code == "project"
    set_lang("zh")
    assert export_error_text(info.value) == f"{missing}：项目文件不存在"
