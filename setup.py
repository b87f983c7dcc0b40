"""Package discovery for the one ``gisplanner`` package built from four folders.

Everything else is declared in pyproject.toml. This file exists because ``layers/``, ``ui/``
and ``data/`` sit at the top of the repository but install inside ``gisplanner`` (so no
generic top-level ``layers``/``ui``/``data`` lands in site-packages), and setuptools'
declarative ``packages.find`` names a package after the folder it was found in, with no
prefix: it would find ``ui.editing``, not ``gisplanner.ui.editing``. Here each folder is
searched and its packages are prefixed, so a new subpackage (or a data subfolder) ships
without being listed anywhere.
"""

from setuptools import find_namespace_packages, setup

# installed package -> folder in the repository
ROOTS = {
    "gisplanner": "gisplanner",
    "gisplanner.layers": "layers",
    "gisplanner.ui": "ui",
    "gisplanner.data": "data",  # read through importlib.resources (gisplanner.paths)
}
# Not shipped: byte-code caches, and data/tools (the scripts that made the data, which need
# the repository).
SKIP = ["__pycache__", "*.__pycache__"]
SKIP_UNDER = {"data": ["tools", "tools.*"]}


def discover() -> list[str]:
    """Every folder under each root, as a dotted name under that root's package."""
    found = []
    for package, folder in ROOTS.items():
        found.append(package)
        found += [f"{package}.{sub}" for sub in find_namespace_packages(where=folder, exclude=SKIP + SKIP_UNDER.get(folder, []))]
    return found


setup(package_dir=ROOTS, packages=discover())
