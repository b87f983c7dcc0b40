"""File → Export HTML map…: the dialog builds the options, exports with progress, reports."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from gisplanner.store import Project
from gisplanner.ui.export_html_dialog import ACTION_NAME, ExportHtmlDialog, install


def _uncheck(widget, keys: set[str]) -> None:
    for i in range(widget.count()):
        item = widget.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in keys:
            item.setCheckState(Qt.CheckState.Unchecked)


def test_dialog_exports_chosen_layers_and_reports(qtbot, project, tmp_path):
    dialog = ExportHtmlDialog(project, selected_uids=["cq.biocity"])
    qtbot.addWidget(dialog)
    assert dialog.options().layers is None and dialog.options().statuses is None
    _uncheck(dialog.layer_list, {"transport_lines", "transport_points", "facility_areas"})
    _uncheck(dialog.status_list, {"cancelled"})
    dialog.extent_combo.setCurrentIndex(dialog.extent_combo.findData("park:cq.biocity"))
    dialog.title_edit.setText("巴南生物城会议")
    dialog.basemap_check.setChecked(False)
    out = tmp_path / "meeting.html"
    dialog.out_edit.setText(str(out))
    options = dialog.options()
    assert options.layers == ["parks", "facilities"] and options.park == "cq.biocity"
    assert "cancelled" not in options.statuses and options.basemap is False

    summary = dialog.run_export()
    assert summary is not None and out.exists()
    assert set(summary.layers) <= {"parks", "facilities"} and summary.layers["parks"] >= 1
    assert dialog.result() == dialog.DialogCode.Accepted
    text = dialog.summary_box.text()
    assert str(out) in text and f"Features: {summary.features}" in text
    assert "<title>巴南生物城会议</title>" in out.read_text(encoding="utf-8")
    dialog.summary_box.close()


def test_selected_features_only(qtbot, project, tmp_path):
    dialog = ExportHtmlDialog(project, selected_uids=["cq.biocity", "cq.banan-cluster"])
    qtbot.addWidget(dialog)
    dialog.extent_combo.setCurrentIndex(dialog.extent_combo.findData("selection"))
    dialog.out_edit.setText(str(tmp_path / "sel.html"))
    summary = dialog.run_export()
    assert summary.layers == {"parks": 2}
    dialog.summary_box.close()


def test_bad_choice_is_explained_and_nothing_written(qtbot, project_copy, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from gisplanner.store.gpkg_sql import connect_writer

    conn = connect_writer(project_copy)
    with conn:
        conn.execute("UPDATE parks SET status = 'planned'")
    conn.close()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    with Project.open(project_copy) as project:
        dialog = ExportHtmlDialog(project)
        qtbot.addWidget(dialog)
        dialog.out_edit.setText(str(tmp_path / "none.html"))
        _uncheck(dialog.layer_list, {d.name for d in project.layers()} - {"parks"})
        _uncheck(dialog.status_list, {"proposed", "planning_study", "planned", "approved", "under_construction",
                                      "completed", "suspended"})
        assert dialog.options().statuses == ["cancelled"]
        assert dialog.run_export() is None
    assert shown and "no feature matches" in shown[0] and "Status: Cancelled" in shown[0]
    assert not (tmp_path / "none.html").exists()


def test_menu_entry_in_the_main_window(qtbot, tmp_path, built_project_path):
    from gisplanner.ui.main_window import MainWindow

    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    entries = [a for a in window.menus["file"].actions() if a.objectName() == ACTION_NAME]
    assert len(entries) == 1, "the main window puts File → Export HTML map… in place"
    action = entries[0]
    assert install(window) is action  # installing again adds nothing
    window.project = Project.open(built_project_path)
    try:
        action.trigger()
        dialog = window.export_html_dialog
        assert dialog.isVisible() and dialog.layer_list.count() == len(window.project.layers())
        dialog.reject()
    finally:
        window.project.close()
        window.project = None


def test_without_a_project_the_entry_says_so(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from gisplanner.ui.export_html_dialog import open_export_dialog
    from gisplanner.ui.main_window import MainWindow

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    assert window.project is None
    assert open_export_dialog(window) is None
    assert shown == ["Open a project first."]


def test_current_map_view_bounds_the_export(qtbot, project, tmp_path):
    view = (106.7, 29.4, 107.0, 29.7)  # around the Bio-City
    dialog = ExportHtmlDialog(project, view_extent=view)
    qtbot.addWidget(dialog)
    dialog.extent_combo.setCurrentIndex(dialog.extent_combo.findData("view"))
    assert dialog.options().bbox == view
    dialog.out_edit.setText(str(tmp_path / "view.html"))
    summary = dialog.run_export()
    inside = sum(len(project.features(d.name, bbox=view)) for d in project.layers())
    assert summary.features == inside > 0
    dialog.summary_box.close()


def test_progress_option_adds_the_panel_and_is_remembered(qtbot, project, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    dialog = ExportHtmlDialog(project, settings=settings)
    qtbot.addWidget(dialog)
    assert not dialog.progress_check.isChecked() and dialog.options().progress is False
    assert not dialog.tiles_check.isChecked() and dialog.options().online_tiles is False  # offline by default
    dialog.progress_check.setChecked(True)
    dialog.tiles_check.setChecked(True)
    dialog.extent_combo.setCurrentIndex(dialog.extent_combo.findData("park:cq.biocity"))
    out = tmp_path / "progress.html"
    dialog.out_edit.setText(str(out))
    assert dialog.options().progress is True
    assert dialog.run_export() is not None
    page = out.read_text(encoding="utf-8")
    assert "gisplanner.addProgress" in page and "gp-od-row" in page
    dialog.summary_box.close()
    settings.sync()

    again = ExportHtmlDialog(project, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert again.progress_check.isChecked() and again.tiles_check.isChecked()
    assert "tile.openstreetmap.org" in page
    assert again.basemap_check.isChecked()
    plain = ExportHtmlDialog(project)  # without settings: the defaults
    qtbot.addWidget(plain)
    assert not plain.progress_check.isChecked() and not plain.tiles_check.isChecked()


@pytest.mark.parametrize("code", ["zh", "en"])
def test_the_map_speaks_the_window_language(qtbot, project, code):
    from gisplanner.export.words import word
    from gisplanner.ui import i18n

    before = i18n.lang()
    i18n.set_lang(code)
    try:
        dialog = ExportHtmlDialog(project)
        qtbot.addWidget(dialog)
        assert dialog.options().lang == code
        assert dialog.title_edit.text() == word("title", code)
    finally:
        i18n.set_lang(before)
