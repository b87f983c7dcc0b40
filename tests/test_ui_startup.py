"""Start-up: the first frame is drawn from a sqlite-only read, the project opens right after."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

pytest.importorskip("pytestqt")

REPO = Path(__file__).resolve().parent.parent


def test_quick_read_matches_the_project_read(project):
    from gisplanner.ui.quick_read import DRAW_COLUMNS, read_layers

    names = [d.name for d in project.layers()]
    layers = read_layers(project.path, names)
    assert set(layers) == set(names)
    for name in names:
        frame = project.features(name)
        data = layers[name]
        assert data.n == len(frame)
        assert list(data.column("uid")) == list(frame["uid"])
        assert all(a.equals(b) for a, b in zip(data.geoms, frame.geometry.values, strict=True))
        for column in DRAW_COLUMNS[1:5]:
            assert [v if isinstance(v, str) else None for v in frame[column]] == list(data.column(column))


def test_basemap_read_without_gdal_has_every_styled_layer():
    from gisplanner.paths import BASEMAP_FILE
    from gisplanner.ui.basemap import BASEMAP_STYLES, load_basemap

    if not BASEMAP_FILE.exists():
        pytest.skip("no basemap file in this checkout")
    with sqlite3.connect(BASEMAP_FILE) as conn:
        present = {r[0] for r in conn.execute("SELECT table_name FROM gpkg_geometry_columns")}
    layers = load_basemap(BASEMAP_FILE)
    assert [layer.data.name for layer in layers] == [f"basemap:{n}" for n in BASEMAP_STYLES if n in present]
    assert all(layer.data.n for layer in layers)


def run_app(args, tmp_path, code: str = "", **env) -> subprocess.CompletedProcess:
    """main.py's window in a fresh process; ``code`` runs after the event loop ends."""
    script = ("import sys, runpy; sys.argv = ['main.py', *sys.argv[1:]]\n"
              "try:\n    runpy.run_path('main.py', run_name='__main__')\n"
              "except SystemExit:\n    pass\n" + code)
    full = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "cfg"), **env}
    return subprocess.run([sys.executable, "-c", script, *args], cwd=REPO, env=full,
                          capture_output=True, text=True, timeout=120)


def test_first_frame_needs_neither_geopandas_nor_gdal(built_project_path, tmp_path):
    out = run_app(["--project", str(built_project_path), "--exit-after-first-paint", "--lang", "en"], tmp_path,
                  "print('loaded', [m for m in ('geopandas', 'pandas', 'pyogrio') if m in sys.modules])")
    assert out.returncode == 0, out.stderr[-2000:]
    assert "first-paint" in out.stdout
    assert "loaded []" in out.stdout


def test_the_project_opens_after_the_first_frame(built_project_path, tmp_path):
    out = run_app(["--project", str(built_project_path), "--lang", "en"], tmp_path, GISPLANNER_EXIT_AFTER_OPEN="1")
    assert out.returncode == 0, out.stderr[-2000:]
    assert "project-open" in out.stdout


def test_a_preview_of_a_file_that_then_fails_to_open_leaves_the_map(qtbot, tmp_path, project_copy):
    from gisplanner.ui.main_window import MainWindow
    from gisplanner.ui.quick_read import QuickPrefetch

    with sqlite3.connect(project_copy) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                     " VALUES ('gisplanner', 'm999_from_the_future', '2030-01-01')")
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    try:
        layers = QuickPrefetch(project_copy).result()
        assert layers is not None  # readable as a GeoPackage: the map shows it at once
        window.show_preview(project_copy, layers)
        assert window.layer_list is not None and window._map_layers["parks"].data.n
        with pytest.raises(Exception, match="newer gisplanner"):
            window.open_project(project_copy, ask=False, frames=layers)
        assert window.project is None and window.layer_list is None and not window._map_layers
    finally:
        window.canvas.shutdown()


def test_quick_read_of_a_text_file_gives_none(tmp_path):
    from gisplanner.ui.quick_read import QuickPrefetch

    bad = tmp_path / "notes.gpkg"
    bad.write_text("not a database", encoding="utf-8")
    assert QuickPrefetch(bad).result() is None
    assert QuickPrefetch(tmp_path / "nowhere.gpkg").result() is None


def test_first_launch_fills_the_screen_and_later_launches_keep_the_size(qtbot, tmp_path):
    from PySide6.QtWidgets import QToolBar

    from gisplanner.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show_first()
    screen = first.screen().availableGeometry()
    qtbot.waitUntil(lambda: first.isMaximized() or first.size() == screen.size())
    first.install_extensions()
    bars = first.findChildren(QToolBar)  # the main one, then the editing one
    assert len(bars) >= 2
    width = sum(bar.sizeHint().width() for bar in bars[:2])
    # toolbars that do not fit side by side wrap to a new row rather than hide buttons behind "»"
    assert first.toolBarBreak(bars[1]) == (width > first.width())
    first.showNormal()
    first.resize(700, 500)
    first.close()
    first.canvas.shutdown()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.show_first()
    assert again.geometry_restored and not again.isMaximized()
    assert abs(again.size().width() - 700) <= 2  # restored, not the screen width
    again.canvas.shutdown()


def test_every_registered_add_on_installs(qtbot, tmp_path):
    from gisplanner.ui.extensions import ADD_ONS
    from gisplanner.ui.main_window import MainWindow

    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    results = window.install_extensions()
    assert list(results) == list(ADD_ONS)
    assert not [name for name, result in results.items() if isinstance(result, Exception)], results
    window.canvas.shutdown()
