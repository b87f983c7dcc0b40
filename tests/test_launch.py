"""One launcher for main.py, ``python -m gisplanner`` and the installed command; where data is found."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import REPO
from gisplanner.launch import first_word


def run(args: list[str], cwd=REPO, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300, cwd=cwd,
                          env={**os.environ, **env})


def test_the_command_word_may_follow_the_project_option():
    assert first_word(["--project", "p.gpkg", "info"]) == "info"
    assert first_word(["--project=p.gpkg", "search", "x"]) == "search"
    assert first_word(["--lang", "en"]) == "--lang"
    assert first_word(["--project", "p.gpkg"]) is None


def test_project_option_before_the_command_runs_the_command(built_project_path):
    out = run([str(REPO / "main.py"), "--project", str(built_project_path), "info"])
    assert out.returncode == 0, out.stderr
    assert "layer parks" in out.stdout


def test_python_dash_m_runs_the_same_commands(built_project_path, tmp_path):
    out = run(["-m", "gisplanner", f"--project={built_project_path}", "search", "渝万高铁"], cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "001:重點任務/(四)/14" in out.stdout


def test_a_checkout_reads_its_data_folder_and_writes_to_its_exports(tmp_path):
    code = "import gisplanner.paths as p; print(p.DATA_DIR, p.PLANS_DIR, p.EXPORTS_DIR, p.running_from_checkout())"
    out = run(["-c", code], cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [str(REPO / "data"), str(REPO / "data" / "plans"), str(REPO / "exports"), "True"]


def test_gisplanner_data_points_at_another_copy(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(REPO / "data", copy, ignore=shutil.ignore_patterns("tools", "__pycache__"))
    (copy / "plans" / "plans.toml").write_text("not toml [", encoding="utf-8")
    out = run([str(REPO / "main.py"), "build", "--project", str(tmp_path / "p.gpkg")], GISPLANNER_DATA=str(copy))
    assert out.returncode == 1
    assert str(copy / "plans" / "plans.toml") in out.stderr
