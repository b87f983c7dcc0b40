"""Where the shipped data and the user's project live."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("GISPLANNER_DATA", REPO_ROOT / "data"))
PLANS_DIR = DATA_DIR / "plans"
LAYER_SOURCES_DIR = DATA_DIR / "layers"
GAZETTEER_FILE = DATA_DIR / "gazetteer" / "places.csv"
BASEMAP_FILE = DATA_DIR / "basemap" / "basemap.gpkg"
INDICATORS_FILE = DATA_DIR / "indicators.toml"
EXPORTS_DIR = REPO_ROOT / "exports"


def default_project_path() -> Path:
    """The project a plain launch opens: $GISPLANNER_PROJECT or the user's data folder."""
    if env := os.environ.get("GISPLANNER_PROJECT"):
        return Path(env)
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "gisplanner" / "gisplanner.gpkg"
