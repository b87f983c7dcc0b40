"""A project file that cannot be opened gets a clear dialog and the window stays usable."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

pytest.importorskip("pytestqt")


@pytest.fixture
def window(qtbot, project_copy, tmp_path, monkeypatch):
    from gisplanner.ui.i18n import set_lang
    from gisplanner.ui.main_window import MainWindow

    monkeypatch.setenv("GISPLANNER_PROJECT", str(tmp_path / "shipped" / "gisplanner.gpkg"))
    set_lang("en")
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    assert win.open_project(project_copy, ask=False)
    yield win
    win.canvas.shutdown()


def answer_dialog(button_text: str, seen: list[str]) -> None:
    """When the modal dialog shows, record its message and press ``button_text``."""
    def poll() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, poll)
            return
        seen.append(f"{box.text()}\n{box.informativeText()}")
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(0, poll)


def bad_files(tmp_path, good):
    text = tmp_path / "notes.gpkg"
    text.write_text("not a database", encoding="utf-8")
    newer = tmp_path / "newer.gpkg"
    shutil.copy2(good, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                     " VALUES ('gisplanner', 'm999_from_the_future', '2030-01-01')")
    return {"missing": (tmp_path / "nowhere.gpkg", "no such project file"),
            "text": (text, "not a GeoPackage"),
            "newer": (newer, "newer gisplanner")}


@pytest.mark.parametrize("case", ["missing", "text", "newer"])
def test_bad_project_gets_a_clear_message_and_the_window_stays_usable(window, qtbot, tmp_path, project_copy, case):
    path, why = bad_files(tmp_path, project_copy)[case]
    before = window.project
    seen: list[str] = []
    answer_dialog("Cancel", seen)
    assert window.open_project(path) is False
    assert len(seen) == 1
    assert str(path) in seen[0] and why in seen[0]
    assert window.project is before
    assert window.project.layers()  # the previous project is still open and readable
    window.park_actions[0].trigger()
    qtbot.waitUntil(window.canvas.frame_is_current, timeout=15000)


def test_error_dialog_can_build_the_shipped_project(window, tmp_path):
    from gisplanner.paths import default_project_path

    seen: list[str] = []
    answer_dialog("Build the shipped project", seen)
    assert window.open_project(tmp_path / "nowhere.gpkg") is True
    assert window.project.path == default_project_path()
    assert default_project_path().exists()
    assert window.layer_list is not None and len(window.layer_list) >= 4


def test_error_dialog_can_open_another_file(window, tmp_path, project_copy, monkeypatch):
    other = tmp_path / "other.gpkg"
    shutil.copy2(project_copy, other)
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *a, **k: (str(other), ""))
    seen: list[str] = []
    answer_dialog("Open another…", seen)
    assert window.open_project(tmp_path / "nowhere.gpkg") is True
    assert window.project.path == other


def test_last_project_and_layout_are_remembered(window, tmp_path, project_copy):
    from gisplanner.ui import settings as prefs

    window.close()
    settings = window.settings
    assert prefs.last_project(settings) == project_copy.resolve()
    geometry, state = prefs.window_layout(settings)
    assert geometry is not None and state is not None


def test_map_extent_is_remembered_per_project(window, qtbot, tmp_path, project_copy):
    from gisplanner.ui.main_window import MainWindow

    window.park_actions[2].trigger()
    shown = window.canvas.extent()
    window.close()
    again = MainWindow(window.settings)
    qtbot.addWidget(again)
    again.show()
    assert again.open_project(project_copy, ask=False)
    x0, y0, x1, y1 = again.canvas.extent()
    assert x0 <= shown[0] + 1e-6 and y0 <= shown[1] + 1e-6 and x1 >= shown[2] - 1e-6 and y1 >= shown[3] - 1e-6
    assert ((x0 + x1) / 2, (y0 + y1) / 2) == pytest.approx(((shown[0] + shown[2]) / 2, (shown[1] + shown[3]) / 2),
                                                           abs=1e-4)
    assert (x1 - x0) < 2 * (shown[2] - shown[0]) or (y1 - y0) < 2 * (shown[3] - shown[1])
    again.canvas.shutdown()
