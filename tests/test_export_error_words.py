"""Why the HTML map was not exported: the core raises a code with params (English on the
command line), the export dialog words it in one language."""

from __future__ import annotations

import re

import pytest

from gisplanner.export import ExportError, ExportOptions, export_html
from gisplanner.export.errors import EXPORT_ERRORS
from gisplanner.ui.export_errors import export_error_text
from gisplanner.ui.i18n import ZH, set_lang
from language_check import CJK, fixed_text

PROPER = {"WGS84", "html"}



@pytest.mark.parametrize("code", sorted(EXPORT_ERRORS))
def test_each_code_is_worded_in_each_language(code):
    template = EXPORT_ERRORS[code]
    assert template in ZH, code
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9]+", fixed_text(ZH[template])))
    assert words <= PROPER, (code, words - PROPER)
    assert not CJK.search(fixed_text(template)), code


def test_a_refused_export_reads_in_english_for_the_cli_and_in_chinese_in_the_window(tmp_path, project):
    folder = tmp_path / "地图"
    folder.mkdir()
    with pytest.raises(ExportError) as info:
        export_html(project, folder, ExportOptions())
    assert info.value.code == "folder"
    assert str(info.value) == f"{folder} is a folder; give a file name ending in .html"
    assert export_error_text(info.value) == str(info.value)
    set_lang("zh")
    assert export_error_text(info.value) == f"{folder} 是文件夹；请给出以 .html 结尾的文件名"
    with pytest.raises(ExportError) as info:
        export_html(project, tmp_path / "map.html", ExportOptions(statuses=["gone"]))
    assert export_error_text(info.value).startswith("未知的状态“gone”；可选状态：")
