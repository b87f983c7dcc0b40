"""A damaged project in the window: one dialog naming the file and what the integrity check
found, offering its .bak copy or a rebuild into a new file; never a half-open window."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from PySide6.QtCore import QSettings

from hostile import damage

pytest.importorskip("pytestqt")
from test_ui_errors import answer_dialog  # noqa: E402


def damaged_files(tmp_path, good):
    flipped = tmp_path / "flipped.gpkg"
    shutil.copy2(good, flipped)
    damage(flipped, count=200)
    bad_row = tmp_path / "badrow.gpkg"
    shutil.copy2(good, bad_row)
    no_clauses = tmp_path / "noclauses.gpkg"
    shutil.copy2(good, no_clauses)
    for path, sql in ((bad_row, "INSERT INTO user_layers (name, definition) VALUES ('bad', '{not json')"),
                      (no_clauses, "PRAGMA foreign_keys = OFF; DROP TABLE clauses")):
        with sqlite3.connect(path) as conn:
            conn.executescript(sql)
        conn.close()
    return {"flipped": (flipped, "damaged"), "bad_row": (bad_row, "user_layers"),
            "no_clauses": (no_clauses, "clauses")}


@pytest.fixture
def empty_window(qtbot, tmp_path, monkeypatch):
    from gisplanner.ui.i18n import set_lang
    from gisplanner.ui.main_window import MainWindow

    monkeypatch.setenv("GISPLANNER_PROJECT", str(tmp_path / "shipped" / "gisplanner.gpkg"))
    set_lang("en")
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.canvas.shutdown()


@pytest.mark.parametrize("case", ["flipped", "bad_row", "no_clauses"])
def test_damaged_project_gets_one_dialog_and_no_half_open_window(empty_window, qtbot, tmp_path, project_copy,
                                                                 case, capfd):
    path, why = damaged_files(tmp_path, project_copy)[case]
    seen: list[str] = []
    answer_dialog("Cancel", seen)
    assert empty_window.open_project(path) is False
    assert len(seen) == 1, seen
    assert str(path) in seen[0] and why in seen[0]
    assert empty_window.project is None and empty_window.layer_list is None
    qtbot.wait(200)
    assert "Traceback" not in capfd.readouterr().err


def test_damaged_project_dialog_shows_the_integrity_lines_and_opens_the_bak(empty_window, tmp_path, project_copy):
    path, _ = damaged_files(tmp_path, project_copy)["flipped"]
    bak = path.with_suffix(path.suffix + ".bak")
    shutil.copy2(project_copy, bak)
    seen: list[str] = []
    answer_dialog("Open the .bak copy", seen)
    assert empty_window.open_project(path) is True
    assert "Page " in seen[0] or "tree page" in seen[0]
    assert empty_window.project.path == bak


def test_damaged_project_can_be_rebuilt_into_a_new_file(empty_window, tmp_path, project_copy, monkeypatch):
    path, _ = damaged_files(tmp_path, project_copy)["flipped"]
    before = path.read_bytes()
    fresh = tmp_path / "fresh.gpkg"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(fresh), ""))
    seen: list[str] = []
    answer_dialog("Rebuild into a new file…", seen)
    assert empty_window.open_project(path) is True
    assert empty_window.project.path == fresh and fresh.exists()
    assert path.read_bytes() == before  # the damaged file is kept as it is


def test_damaged_project_dialog_in_chinese(empty_window, tmp_path, project_copy):
    from gisplanner.ui.i18n import set_lang

    path, _ = damaged_files(tmp_path, project_copy)["flipped"]
    set_lang("zh")
    try:
        seen: list[str] = []
        answer_dialog("取消", seen)
        assert empty_window.open_project(path) is False
        assert "已损坏" in seen[0] and str(path) in seen[0]
        assert "is damaged" not in seen[0] and "integrity check" not in seen[0]
    finally:
        set_lang("en")


def test_build_button_never_replaces_a_file_it_did_not_write(empty_window, tmp_path, monkeypatch):
    from gisplanner.paths import default_project_path

    target = default_project_path()
    target.parent.mkdir(parents=True)
    target.write_text("my own notes", encoding="utf-8")
    seen: list[str] = []
    answer_dialog("OK", seen)
    assert empty_window.build_default_project() is False
    assert target.read_text(encoding="utf-8") == "my own notes"
    assert str(target) in seen[0]
