"""The house rules: core and layer model are Qt-free; layers and ui install inside gisplanner."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

CORE_MODULES = [
    "gisplanner.plans", "gisplanner.store", "gisplanner.layers", "gisplanner.geocode",
    "gisplanner.textnorm", "gisplanner.crs", "gisplanner.cli", "gisplanner.features",
    "gisplanner.feedback", "gisplanner.io", "gisplanner.shipped_notes",
]


def run_python(code: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_core_imports_no_qt():
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in CORE_MODULES)
    code += "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6'})\nprint(bad)\n"
    out = run_python(code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_import_contracts_hold():
    out = subprocess.run([str(REPO / "scripts" / "lint_imports.sh")], capture_output=True, text=True, timeout=300,
                         env={"PYTHON": sys.executable, "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "2 kept, 0 broken" in out.stdout


def test_no_generic_top_level_modules_installed(tmp_path):
    out = run_python(
        "import importlib.util as u; import gisplanner.layers, gisplanner.ui;"
        "print(u.find_spec('ui'), u.find_spec('layers'), gisplanner.layers.__name__)", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["None", "None", "gisplanner.layers"]


def test_bare_ui_import_is_banned_by_ruff(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import ui\nfrom layers import defs\n", encoding="utf-8")
    ruff = REPO / ".venv" / "bin" / "ruff"
    out = subprocess.run([str(ruff), "check", "--config", str(REPO / "pyproject.toml"), str(bad)],
                         capture_output=True, text=True)
    assert out.returncode != 0
    assert out.stdout.count("TID251") == 2
