"""Why a brief was not written: the core raises a code with params (English on the command
line), the report dialog words it in one language, an export's refusal inside it too."""

from __future__ import annotations

import re

import pytest

from gisplanner.report import BriefError, write_report
from gisplanner.report.errors import BRIEF_ERRORS
from gisplanner.ui.brief_errors import brief_error_text
from gisplanner.ui.export_report import ReportDialog
from gisplanner.ui.i18n import ZH, set_lang
from language_check import CJK, fixed_text

PROPER = {"html", "pdf", "PDF", "fonts", "noto", "cjk"}



@pytest.mark.parametrize("code", sorted(BRIEF_ERRORS))
def test_each_code_is_worded_in_each_language(code):
    template = BRIEF_ERRORS[code]
    assert template in ZH, code
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9]+", fixed_text(ZH[template])))
    assert words <= PROPER, (code, words - PROPER)
    assert not CJK.search(fixed_text(template)), code


def test_an_unknown_park_reads_in_english_for_the_cli_and_in_chinese_in_the_window(project, tmp_path):
    with pytest.raises(BriefError) as info:
        write_report(project, tmp_path / "x.pdf", park="no.such")
    assert info.value.code == "export" and str(info.value) == "no park with uid 'no.such' (see the parks layer for uids)"
    set_lang("zh")
    assert brief_error_text(info.value) == "没有编号为“no.such”的园区（编号见园区图层）"


def test_the_report_dialog_says_why_in_chinese(qtbot, project, tmp_path):
    set_lang("zh")
    dialog = ReportDialog(project)
    qtbot.addWidget(dialog)
    dialog.out_edit.setText(str(tmp_path / "b.html"))
    dialog.since_edit.setText("2024-13")
    assert dialog.run() is None
    assert dialog.problem.text().endswith("：不是可识别的日期")
    dialog.since_edit.clear()
    dialog.out_edit.setText(str(tmp_path / "b.docx"))
    assert dialog.run() is None
    assert dialog.problem.text() == f"{tmp_path / 'b.docx'}：简报须保存为 .html 或 .pdf，而不是 .docx"
