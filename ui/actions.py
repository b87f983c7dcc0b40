"""Menus, toolbar and shortcuts of the main window (kept out of main_window.py).

``window.menus`` holds the menus by key ("file", "edit", "view", "layer", "plans", "help")
so other parts of the app can add their own entries.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QToolBar

from gisplanner.ui.i18n import LANGS, bind, lang, tr

THREE_PARKS = [  # uid, fallback WGS84 bounds (if the project lacks the feature)
    ("cq.biocity", "重庆国际生物城", "Chongqing International Bio-City"),
    ("zh.health-port", "珠海国际健康港", "Zhuhai International Health Port"),
    ("bz.qinba-park", "秦巴生物医药产业园", "Qinba Biomedicine Industrial Park"),
]
MENU_TITLES = [("file", "&File"), ("edit", "&Edit"), ("view", "&View"), ("layer", "&Layer"),
               ("plans", "&Plans"), ("help", "&Help")]


def _export_html_entry(window) -> QAction:
    """File → Export HTML map…, whose dialog module (and the exporter with geopandas behind
    it) loads on first use: start-up need not pay for it. Its ``install`` finds this entry."""
    action = QAction(window)
    bind(action.setText, "Export HTML map…")
    action.setObjectName("action_export_html")

    def open_dialog(_checked: bool = False) -> None:
        from gisplanner.ui.export_html_dialog import open_export_dialog

        open_export_dialog(window)

    action.triggered.connect(open_dialog)
    return action


def _action(window, text: str, slot, shortcut=None, checkable: bool = False) -> QAction:
    action = QAction(window)
    bind(action.setText, text)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setCheckable(checkable)
    if checkable:
        action.toggled.connect(slot)
    else:
        action.triggered.connect(lambda _checked=False: slot())
    return action


def build_menus(window) -> dict[str, QMenu]:
    bar = window.menuBar()
    menus: dict[str, QMenu] = {}
    for key, title in MENU_TITLES:
        menu = bar.addMenu("")
        bind(menu.setTitle, title)
        menu.setObjectName(f"menu_{key}")
        menus[key] = menu
    canvas = window.canvas
    a = window.actions_by_name = {}

    a["open"] = _action(window, "&Open project…", window.choose_project, QKeySequence.StandardKey.Open)
    a["build"] = _action(window, "&Build the shipped project", window.build_default_project)
    a["quit"] = _action(window, "&Quit", window.close, QKeySequence.StandardKey.Quit)
    window.recent_menu = QMenu(window)
    bind(window.recent_menu.setTitle, "Open &recent")
    window.recent_menu.aboutToShow.connect(window.fill_recent_menu)
    menus["file"].addAction(a["open"])
    menus["file"].addMenu(window.recent_menu)
    menus["file"].addAction(a["build"])
    menus["file"].addSeparator()
    menus["file"].addAction(_export_html_entry(window))
    menus["file"].addSeparator()
    menus["file"].addAction(a["quit"])

    a["clear"] = _action(window, "Clear &selection", lambda: canvas.select([]), "Ctrl+Shift+A")
    a["copy_xy"] = _action(window, "Copy cursor &coordinates", window.copy_cursor_coordinates, "Ctrl+Shift+C")
    a["reload"] = _action(window, "&Reload layers", window.reload_layers, "F5")
    for name in ("clear", "copy_xy", "reload"):
        menus["edit"].addAction(a[name])

    a["zoom_in"] = _action(window, "Zoom &in", lambda: canvas.zoom_by(1.5), QKeySequence.StandardKey.ZoomIn)
    a["zoom_out"] = _action(window, "Zoom &out", lambda: canvas.zoom_by(1 / 1.5), QKeySequence.StandardKey.ZoomOut)
    a["zoom_full"] = _action(window, "Zoom to &full extent", window.zoom_full, "Ctrl+Shift+F")
    a["zoom_full"].setShortcuts([QKeySequence("Ctrl+Shift+F"), QKeySequence("Home")])
    a["zoom_sel"] = _action(window, "Zoom to &selection", canvas.zoom_to_selection, "Ctrl+J")
    for name in ("zoom_in", "zoom_out", "zoom_full", "zoom_sel"):
        menus["view"].addAction(a[name])
    parks = menus["view"].addMenu("")
    bind(parks.setTitle, "Zoom to &park")
    window.park_actions = []
    for n, (uid, zh, en) in enumerate(THREE_PARKS, start=1):
        act = QAction(window)
        bind(act.setText, lambda zh=zh, en=en, n=n: f"&{n} {zh if lang() == 'zh' else en}")
        act.setShortcut(QKeySequence(f"Ctrl+{n}"))
        act.triggered.connect(partial(window.zoom_to_feature, uid))
        parks.addAction(act)
        window.park_actions.append(act)
    menus["view"].addSeparator()
    a["basemap"] = _action(window, "Show &basemap", window.set_basemap_visible, "Ctrl+B", checkable=True)
    a["labels"] = _action(window, "Show la&bels", window.set_labels_visible, "Ctrl+L", checkable=True)
    a["basemap"].setChecked(True)
    a["labels"].setChecked(True)
    menus["view"].addAction(a["basemap"])
    menus["view"].addAction(a["labels"])
    window.panels_menu = menus["view"].addMenu("")
    bind(window.panels_menu.setTitle, "Panels")
    lang_menu = menus["view"].addMenu("")
    bind(lang_menu.setTitle, "&Language")
    group = QActionGroup(window)
    for code, label in LANGS.items():
        act = QAction(label, window, checkable=True)
        act.setChecked(code == lang())
        act.triggered.connect(partial(window.set_language, code))
        group.addAction(act)
        lang_menu.addAction(act)
    window.language_actions = group

    window.layer_zoom_menu = menus["layer"].addMenu("")
    bind(window.layer_zoom_menu.setTitle, "Zoom to &layer")
    window.layer_zoom_menu.aboutToShow.connect(window.fill_layer_zoom_menu)

    a["search"] = _action(window, "&Search clauses", window.focus_clause_search, QKeySequence.StandardKey.Find)
    menus["plans"].addAction(a["search"])
    a["unmapped"] = _action(window, "Show &not-mapped clauses only",
                            window.clause_browser.only_unmapped.setChecked, checkable=True)
    window.clause_browser.only_unmapped.toggled.connect(a["unmapped"].setChecked)
    menus["plans"].addAction(a["unmapped"])

    a["shortcuts"] = _action(window, "&Keyboard shortcuts", window.show_shortcuts, QKeySequence.StandardKey.HelpContents)
    a["about"] = _action(window, "&About gisplanner", window.show_about)
    menus["help"].addAction(a["shortcuts"])
    menus["help"].addAction(a["about"])

    toolbar = QToolBar(window)
    toolbar.setObjectName("mainToolbar")
    bind(toolbar.setWindowTitle, "Toolbar")
    for name in ("open", "zoom_in", "zoom_out", "zoom_full", "zoom_sel"):
        toolbar.addAction(a[name])
    toolbar.addSeparator()
    for act in window.park_actions:
        toolbar.addAction(act)
    window.addToolBar(toolbar)
    canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    canvas.customContextMenuRequested.connect(
        lambda pos: map_context_menu(window, pos).popup(canvas.mapToGlobal(pos)))
    return menus


def map_context_menu(window, pos) -> QMenu:
    """Right-click on the map: identify or copy the place, zoom, clear the selection."""
    canvas = window.canvas
    lon, lat = canvas.screen_to_lonlat(pos.x(), pos.y())
    menu = QMenu(canvas)
    hits = canvas.features_at(pos.x(), pos.y())
    identify = menu.addAction(tr("Identify"))
    identify.setEnabled(bool(hits))
    identify.triggered.connect(lambda: (canvas.select([hits[0][1]]), canvas.identified.emit(hits)))
    copy = menu.addAction(f"{tr('Copy cursor &coordinates').replace('&', '')}: {lon:.6f}, {lat:.6f}")
    copy.triggered.connect(lambda: QApplication.clipboard().setText(f"{lon:.6f}, {lat:.6f}"))
    menu.addSeparator()
    menu.addAction(window.actions_by_name["zoom_full"])
    menu.addAction(window.actions_by_name["zoom_sel"])
    menu.addAction(window.actions_by_name["clear"])
    return menu


def shortcut_lines(window) -> list[str]:
    lines = [f"{QKeySequence(act.shortcut()).toString(QKeySequence.SequenceFormat.NativeText)}\t"
             f"{act.text().replace('&', '')}" for act in window.actions_by_name.values() if not act.shortcut().isEmpty()]
    lines += ["←↑→↓\t" + tr("Pan the map"), "+ / −\t" + tr("Zoom"), "Esc\t" + tr("Clear &selection").replace("&", "")]
    return lines
