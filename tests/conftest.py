"""Shared fixtures: one real project GeoPackage built from the shipped sources per session."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

import gisplanner.ui  # noqa: F401 - sets how Qt and PySide6 start, before pytest-qt imports PySide6

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@pytest.fixture(autouse=True)
def _english_ui_after_each_test():
    """A test that switches the UI to Chinese leaves the next one in English, as the app starts."""
    yield
    i18n = sys.modules.get("gisplanner.ui.i18n")
    if i18n is not None and i18n.lang() != "en":
        i18n.set_lang("en")


@pytest.fixture(scope="session")
def built_project_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from gisplanner.store import build_project

    path = tmp_path_factory.mktemp("project") / "gisplanner.gpkg"
    build_project(path)
    return path


@pytest.fixture(scope="session")
def project(built_project_path: Path):
    from gisplanner.store import Project

    with Project.open(built_project_path) as p:
        yield p


@pytest.fixture
def project_copy(built_project_path: Path, tmp_path: Path) -> Path:
    """A private copy of the built project for tests that write to it."""
    dest = tmp_path / "copy.gpkg"
    shutil.copy2(built_project_path, dest)
    return dest


@pytest.fixture(scope="session")
def pg_server():
    """A real throwaway PostgreSQL 15 + PostGIS cluster (tests/pg_cluster.py), stopped afterwards.

    Without the server binaries the tests skip on a workstation but fail in CI (CI=true)."""
    import pg_cluster

    reason = pg_cluster.available()
    if reason:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason)
        pytest.skip(reason)
    cluster = pg_cluster.start_cluster()
    yield cluster
    pg_cluster.stop_cluster(cluster)


def open_window(qtbot, path: Path, settings_path: Path, *, size=(1400, 900), extensions: bool = True,
                wait: bool = True, settings_values: dict | None = None):
    """A real main window on the project ``path``, with its own settings file, shown and
    (by default) with its add-ons installed and the first frame drawn."""
    from PySide6.QtCore import QSettings

    from gisplanner.ui.main_window import MainWindow

    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    for key, value in (settings_values or {}).items():
        settings.setValue(key, value)
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    assert win.open_project(path, ask=False)
    if extensions:
        win.install_extensions()
    if wait:
        qtbot.waitUntil(win.canvas.frame_is_current, timeout=15000)
    return win


@pytest.fixture
def zh():
    """The UI in Chinese for one test (the autouse reset puts English back)."""
    from gisplanner.ui.i18n import set_lang

    set_lang("zh")
    yield
    set_lang("en")


@pytest.fixture
def controller(project_copy, qtbot):
    """An edit session on a copy of the shipped project, in English (messages are asserted in
    English; other tests may switch to Chinese)."""
    from gisplanner.store import Project
    from gisplanner.ui.editing.controller import EditController
    from gisplanner.ui.i18n import set_lang

    set_lang("en")
    project = Project.open(project_copy)
    ctl = EditController()
    ctl.set_project(project)
    ctl.start("测试员")
    yield ctl
    ctl.stop()
    project.close()
