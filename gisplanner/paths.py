"""Where the shipped data, the exports and the user's project live.

The shipped data is the package ``gisplanner.data`` (``data/`` in the repository), found
through importlib.resources, so a checkout, an editable install and a wheel read the same
files; ``$GISPLANNER_DATA`` points at another copy. Exports go to ``exports/`` of the
checkout when run from one, otherwise to ``exports/`` in the user's data folder, beside the
default project: a wheel's own folder is no place to write, and the folder a launcher
starts in (often ``/`` or ``$HOME``) is no better.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

# The folder holding the gisplanner package: the repository in a checkout or an editable
# install, site-packages in an installed wheel.
REPO_ROOT = Path(__file__).resolve().parent.parent


def user_data_dir() -> Path:
    """gisplanner's folder in the user's data folder (``$XDG_DATA_HOME``, else ~/.local/share)."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "gisplanner"


def running_from_checkout() -> bool:
    """True when the package is imported from the repository rather than an installed wheel."""
    return (REPO_ROOT / "pyproject.toml").is_file() and (REPO_ROOT / "gisplanner").is_dir()


def shipped_data_dir() -> Path:
    """The installed ``gisplanner.data`` package: a real folder, as pip installs it."""
    return Path(str(resources.files("gisplanner.data")))


DATA_DIR = Path(os.environ.get("GISPLANNER_DATA") or shipped_data_dir())
PLANS_DIR = DATA_DIR / "plans"
LAYER_SOURCES_DIR = DATA_DIR / "layers"
GAZETTEER_FILE = DATA_DIR / "gazetteer" / "places.csv"
BASEMAP_FILE = DATA_DIR / "basemap" / "basemap.gpkg"
EXPORTS_DIR = REPO_ROOT / "exports" if running_from_checkout() else user_data_dir() / "exports"


def default_project_path() -> Path:
    """The project a plain launch opens: $GISPLANNER_PROJECT or the user's data folder."""
    if env := os.environ.get("GISPLANNER_PROJECT"):
        return Path(env)
    return user_data_dir() / "gisplanner.gpkg"
