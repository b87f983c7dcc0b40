"""File → Report…: the dialog writes the brief of the chosen park or plan, or says why not."""

from __future__ import annotations

import pypdfium2
from PySide6.QtCore import QSettings

from gisplanner.ui.export_report import ACTION_NAME, ReportDialog, install


def test_dialog_writes_a_plan_brief_as_pdf(qtbot, project, tmp_path):
    dialog = ReportDialog(project)
    qtbot.addWidget(dialog)
    dialog.scope_combo.setCurrentIndex(dialog.scope_combo.findData("plan:002"))
    out = tmp_path / "zhuhai.pdf"
    dialog.out_edit.setText(str(out))
    dialog.since_edit.setText("2024")
    dialog.as_of_edit.setText("2026-06")
    brief = dialog.run()
    assert brief is not None and brief.scope_id == "002" and str(brief.as_of) == "2026-06-30"
    assert dialog.result() == dialog.DialogCode.Accepted
    doc = pypdfium2.PdfDocument(out)
    assert "珠海市推动生物医药产业高质量发展行动方案" in doc[0].get_textpage().get_text_range().replace("\n", "")
    dialog.summary_box.close()


def test_bad_date_and_bad_file_show_in_the_dialog(qtbot, project, tmp_path):
    dialog = ReportDialog(project)
    qtbot.addWidget(dialog)
    dialog.out_edit.setText(str(tmp_path / "b.html"))
    dialog.since_edit.setText("2024-13")
    assert dialog.run() is None
    assert "Changes since" in dialog.problem.text() and "not a date" in dialog.problem.text()
    dialog.since_edit.clear()
    dialog.out_edit.setText(str(tmp_path / "b.docx"))
    assert dialog.run() is None and ".html or .pdf" in dialog.problem.text()
    assert not (tmp_path / "b.docx").exists() and dialog.result() != dialog.DialogCode.Accepted


def test_file_menu_gets_report_once(qtbot, tmp_path):
    from gisplanner.ui.main_window import MainWindow

    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    install(window)
    install(window)
    names = [a.objectName() for a in window.menus["file"].actions()]
    assert names.count(ACTION_NAME) == 1
