"""Where the shipped data, the exports and the user's project live.

The shipped data is the package ``gisplanner.data`` (``data/`` in the repository), found
through importlib.resources, so a checkout, an editable install and a wheel read the same
files; ``$GISPLANNER_DATA`` points at another copy. Exports (HTML maps) go to ``exports/``
of the checkout when run from one. An installed copy cannot write beside its own files, so
it uses ``exports/`` in the current folder, where a command-line user looks for what they
made (a desktop launcher starts in the home folder); when that folder is not writable
(a launcher started in ``/``), ``exports/`` in the user's data folder, beside the project.
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
INDICATORS_FILE = DATA_DIR / "indicators.toml"


def exports_dir() -> Path:
    """The default folder for exports: see the module docstring."""
    if running_from_checkout():
        return REPO_ROOT / "exports"
    try:
        here = Path.cwd()
    except OSError:  # the current folder was deleted
        return user_data_dir() / "exports"
    if os.access(here / "exports" if (here / "exports").is_dir() else here, os.W_OK):
        return here / "exports"
    return user_data_dir() / "exports"


EXPORTS_DIR = exports_dir()


def default_project_path() -> Path:
    """The project a plain launch opens: $GISPLANNER_PROJECT or the user's data folder."""
    if env := os.environ.get("GISPLANNER_PROJECT"):
        return Path(env)
    return user_data_dir() / "gisplanner.gpkg"
