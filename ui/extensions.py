"""Let the editing, export, import, monitoring and team parts of the app attach themselves
to the window.

Each add-on is a module with ``install(window)``, named in ``ADD_ONS`` in the order its menu
entries appear; a module that fails to load is reported and skipped, so one broken add-on
never keeps the map from opening.
"""

from __future__ import annotations

import importlib
import logging

from PySide6.QtGui import QAction

from gisplanner.ui.i18n import bind

log = logging.getLogger(__name__)


# The add-ons, registered explicitly: a new one is listed here (a test checks each installs).
ADD_ONS: tuple[str, ...] = (
    "gisplanner.ui.editing",
    "gisplanner.ui.export_html_dialog",
    "gisplanner.ui.export_report",
    "gisplanner.ui.import_dialog",
    "gisplanner.ui.monitor_progress",
    "gisplanner.ui.sync",
    "gisplanner.ui.tools_measure",
    "gisplanner.ui.tools_goto",
    "gisplanner.ui.tools_bookmarks",
    "gisplanner.ui.print_layout",
)


def extension_modules() -> list[str]:
    return list(ADD_ONS)


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


def menu_action(window, menu_key: str, name: str, text: str, slot, before_quit: bool = False) -> QAction:
    """The menu entry ``name`` of ``window.menus[menu_key]``, added once (installing twice reuses it).

    ``before_quit`` places it above File → Quit, where export entries belong.
    """
    menu = window.menus[menu_key]
    for action in menu.actions():
        if action.objectName() == name:
            return action
    action = QAction(window)
    if text:
        bind(action.setText, text)  # English source text, shown in the UI language
    action.setObjectName(name)
    action.triggered.connect(lambda _checked=False: slot())
    quit_action = getattr(window, "actions_by_name", {}).get("quit") if before_quit else None
    if quit_action is not None and quit_action in menu.actions():
        menu.insertAction(quit_action, action)
    else:
        menu.addAction(action)
    return action
