"""The wheel works outside the repository: built, installed into a fresh venv, run from an empty folder.

pip may fetch the build backend and the dependencies from the package index (its cache makes
that quick); the commands themselves fetch nothing. Every command runs with a temporary HOME
and project, from a folder that holds nothing of the repository.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow

# Folders installed inside the package (every file in them ships), and what does not ship.
ROOTS = {"gisplanner": "gisplanner", "layers": "gisplanner/layers", "ui": "gisplanner/ui", "data": "gisplanner/data"}
NOT_SHIPPED = ("data/tools/",)
# Not copied to the build folder: environments, caches, earlier builds, git.
LEAVE_OUT = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                   ".ruff_cache", "out", "*.gpkg-journal")


def _run(cmd: list[str], timeout: int = 600, **kwargs) -> subprocess.CompletedProcess:
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    assert out.returncode == 0, f"{' '.join(map(str, cmd))} failed ({out.returncode}):\n{out.stdout[-3000:]}{out.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built by pip from a clean copy of the repository (no stale build/ folder)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(REPO, src, ignore=LEAVE_OUT)
    out = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp / "dist"), str(src)])
    warnings = re.findall(r"\w+Warning\b.*", out.stdout + out.stderr)  # e.g. SetuptoolsDeprecationWarning
    assert not warnings, warnings
    return next((tmp / "dist").glob("gisplanner-*.whl"))


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel and its dependencies installed, nothing else."""
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    _run([sys.executable, "-m", "venv", str(env_dir)])
    _run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], timeout=900)
    return env_dir


@pytest.fixture(scope="module")
def outside(venv, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """An empty working folder and an environment that knows nothing of the repository."""
    base = tmp_path_factory.mktemp("outside")
    (base / "work").mkdir()
    (base / "home").mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(base / "home"), "LANG": "C.UTF-8",
           "GISPLANNER_PROJECT": str(base / "home" / "project.gpkg"), "QT_QPA_PLATFORM": "offscreen"}
    return base / "work", env


def test_the_wheel_holds_every_module_and_the_shipped_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = set()
    for folder, package in ROOTS.items():
        for path in (REPO / folder).rglob("*"):
            rel = path.relative_to(REPO).as_posix()
            if path.is_file() and "__pycache__" not in rel and not rel.startswith(NOT_SHIPPED):
                expected.add(package + rel[len(folder):])
    assert not expected - names, f"missing from the wheel: {sorted(expected - names)}"
    assert {"gisplanner/ui/editing/window_editing.py", "gisplanner/data/basemap/basemap.gpkg",
            "gisplanner/data/plans/plans.toml", "gisplanner/data/gazetteer/places.csv",
            "gisplanner/data/layers/parks.geojson", "gisplanner/layers/definitions/parks.toml",
            "gisplanner/export/runtime.js"} <= names
    tops = {n.split("/")[0] for n in names}
    assert tops == {"gisplanner", wheel.name.split("-py3")[0] + ".dist-info"}, tops  # no top-level ui/layers/data
    assert not any(n.startswith("gisplanner/data/tools/") for n in names)


def test_headless_commands_run_from_an_empty_folder(venv, outside):
    work, env = outside

    def gisplanner(*args: str) -> subprocess.CompletedProcess:
        return _run([str(venv / "bin" / "gisplanner"), *args], cwd=work, env=env, timeout=300)

    where = _run([str(venv / "bin" / "python"), "-c", "import gisplanner.paths as p; print(p.__file__);"
                  "print(p.DATA_DIR); print(p.EXPORTS_DIR)"], cwd=work, env=env).stdout.split()
    site = str(venv / "lib")
    assert where[0].startswith(site) and where[1].startswith(site), where  # the installed copy, its data
    assert where[2] == str(work / "exports")
    assert "built" in gisplanner("build").stdout
    assert Path(env["GISPLANNER_PROJECT"]).is_file()
    info = gisplanner("info").stdout
    assert "layer parks" in info and "珠府函〔2020〕170号" in info
    assert "001:重點任務/(四)/14" in gisplanner("search", "渝万高铁").stdout
    exported = gisplanner("export-html", "--out", "X.html")
    html = work / "exports" / "X.html"  # a bare name goes into ./exports
    assert html.is_file(), exported.stdout
    assert "offline basemap" in exported.stdout and "no offline basemap" not in exported.stdout
    text = html.read_text(encoding="utf-8")
    assert "addBasemap" in text and "cq.hsr.biocity-station" in text and "cq.biocity" in text
    gisplanner("set-status", "cq.hsr.biocity-station", "--status", "under_construction", "--date", "2026-11-01",
               "--source", "site visit")
    assert "under_construction" in gisplanner("journal", "cq.hsr.biocity-station").stdout
    assert sorted(p.name for p in work.iterdir()) == ["exports"]  # nothing else written here


def test_the_window_opens_paints_and_can_edit(venv, outside):
    work, env = outside
    project = Path(env["GISPLANNER_PROJECT"])
    if not project.exists():
        _run([str(venv / "bin" / "gisplanner"), "build"], cwd=work, env=env, timeout=300)
    painted = _run([str(venv / "bin" / "gisplanner"), "--exit-after-first-paint", "--lang", "en"],
                   cwd=work, env=env, timeout=300)
    assert "first-paint" in painted.stdout, painted.stdout + painted.stderr
    assert "Traceback" not in painted.stderr, painted.stderr
    editing = ("from PySide6.QtWidgets import QApplication\n"
               "app = QApplication([])\n"
               "from gisplanner.paths import default_project_path\n"
               "from gisplanner.ui.main_window import MainWindow\n"
               "window = MainWindow()\n"
               "assert window.open_project(default_project_path(), ask=False)\n"
               "results = window.install_extensions()\n"
               "print('installed', *sorted(results))\n"
               "print('failed', *(f'{k}: {v}' for k, v in results.items() if isinstance(v, Exception)))\n"
               "print('editing', type(window.editing).__module__)\n"
               "window.canvas.shutdown()\n")
    out = _run([str(venv / "bin" / "python"), "-c", editing], cwd=work, env=env, timeout=300).stdout.splitlines()
    assert "gisplanner.ui.editing" in out[0].split() and out[1] == "failed", out
    assert out[2] == "editing gisplanner.ui.editing.window_editing", out
