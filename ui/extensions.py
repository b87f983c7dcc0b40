"""Let the editing, export and import parts of the app attach themselves to the window.

Each such module (``gisplanner.ui.editing``, ``gisplanner.ui.export_*``, ``gisplanner.ui.import_*``)
offers ``install(window)``; a module that fails to load is reported and skipped, so one
broken add-on never keeps the map from opening.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil

import gisplanner.ui as ui_package

log = logging.getLogger(__name__)


def extension_modules() -> list[str]:
    names = [m.name for m in pkgutil.iter_modules(ui_package.__path__)]
    picked = [n for n in names if n == "editing" or n.startswith(("export_", "import_"))]
    return [f"gisplanner.ui.{n}" for n in sorted(picked)]


def install_extensions(window) -> dict[str, object]:
    """Call ``install(window)`` of every extension module; name → result or the error."""
    results: dict[str, object] = {}
    for name in extension_modules():
        try:
            module = importlib.import_module(name)
            install = getattr(module, "install", None)
            results[name] = install(window) if callable(install) else None
        except Exception as exc:  # noqa: BLE001 - an add-on must not take the window down
            log.warning("UI extension %s not installed: %s", name, exc)
            results[name] = exc
    return results
