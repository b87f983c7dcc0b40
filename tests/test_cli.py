"""The headless command line, run as a user would: ``python main.py …`` in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO


def main_py(*args: str, env_extra: dict | None = None, drop_display: bool = False) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"} or not drop_display}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, str(REPO / "main.py"), *args], capture_output=True, text=True,
                          env=env, timeout=300, cwd=REPO)


def test_search_prints_clause_ids_plan_and_snippet(built_project_path):
    out = main_py("search", "高铁", "--project", str(built_project_path))
    assert out.returncode == 0, out.stderr
    assert "001:重點任務/(四)/14" in out.stdout
    assert "重慶國際生物城建設發展三年行動計畫" in out.stdout
    assert "【高鐵】" in out.stdout


def test_info_lists_plans_and_layers(built_project_path):
    out = main_py("info", "--project", str(built_project_path))
    assert out.returncode == 0, out.stderr
    assert "珠府函〔2020〕170号" in out.stdout
    assert "layer parks" in out.stdout


def test_feature_prints_history_dates_as_known(built_project_path):
    out = main_py("feature", "cq.banan-cluster", "--project", str(built_project_path))
    assert out.returncode == 0, out.stderr
    lines = [line for line in out.stdout.splitlines() if line.startswith("history: ")]
    assert lines[0].startswith("history: 2019 planned")  # plan 000 is dated by its year only
    assert lines[1].startswith("history: 2019-09 approved")  # the listing month, day not given
    assert lines[2].startswith("history: 2021-11-15 approved")
    assert "deadline_kind: complete" in out.stdout and "status_date_precision: day" in out.stdout


@pytest.mark.parametrize("command", ["build", "info", "search", "feature", "clause", "geocode"])
def test_every_command_has_help(command):
    out = main_py(command, "--help")
    assert out.returncode == 0
    assert "usage:" in out.stdout and command in out.stdout


def test_build_then_rebuild_is_a_no_op(tmp_path):
    path = tmp_path / "cli.gpkg"
    first = main_py("build", "--project", str(path))
    assert first.returncode == 0, first.stderr
    assert "built" in first.stdout
    second = main_py("build", "--project", str(path))
    assert "up to date" in second.stdout


def test_bad_project_file_gives_a_clear_error(tmp_path):
    bogus = tmp_path / "bogus.gpkg"
    bogus.write_text("not a database", encoding="utf-8")
    out = main_py("info", "--project", str(bogus))
    assert out.returncode == 1
    assert f"error: {bogus}: not a GeoPackage" in out.stderr
    assert "Traceback" not in out.stderr


def test_no_display_explains_how_to_run():
    out = main_py(drop_display=True)
    assert out.returncode == 2
    assert "xvfb-run" in out.stderr and "--help" in out.stderr
