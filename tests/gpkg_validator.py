"""GDAL's GeoPackage validator (Debian python3-gdal), run on the system Python in a subprocess."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

SYSTEM_PYTHON = Path("/usr/bin/python3")


def need_system_module(module: str, package: str) -> None:
    """Skip when the system package is missing, except in CI where its absence is a failure."""
    probe = (subprocess.run([SYSTEM_PYTHON, "-c", f"import {module}"], capture_output=True)
             if SYSTEM_PYTHON.exists() else None)
    if probe is None or probe.returncode != 0:
        message = f"Debian {package} is not installed; scripts/setup.sh installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def validator_problems(path: Path) -> list[str]:
    """Every requirement and warning the validator reports for ``path`` (with its extra checks)."""
    need_system_module("osgeo_utils.samples.validate_gpkg", "python3-gdal")
    run = subprocess.run([SYSTEM_PYTHON, "-m", "osgeo_utils.samples.validate_gpkg", "-k", "--extra", str(path)],
                         capture_output=True, text=True, timeout=300)
    lines = [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
    if run.returncode != 0 and not lines:
        lines = [f"validator exited with {run.returncode}"]
    return lines
