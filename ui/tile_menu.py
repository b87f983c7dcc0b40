"""View → Tile basemap: none, OpenStreetMap (online, cached on disk) or an MBTiles file.

The choice is remembered; the vector basemap stays on top as outlines when tiles show.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gisplanner.errors import Blank
from gisplanner.ui.i18n import ZH, bind, tr

ZH.update({"{file}: not an MBTiles file": "{file}：不是 MBTiles 文件"})


def tile_error_text(exc: BaseException) -> str:
    """Why the file is no tile basemap, in the window's language (what SQLite said stays out)."""
    from gisplanner.ui.tiles import TILE_ERRORS

    code = getattr(exc, "code", None)
    if code not in TILE_ERRORS:
        return str(exc)
    return tr(TILE_ERRORS[code]).format_map(Blank(exc.params))

SETTING = "basemap/tiles"


class TileBasemap:
    def __init__(self, window) -> None:
        self.window = window
        self.layer = None  # a gisplanner.ui.tiles.TileLayer when tiles show
        menu = window.menus["view"].addMenu("")
        bind(menu.setTitle, "&Tile basemap")
        group = QActionGroup(window)
        self.actions: dict[str, QAction] = {}
        for key, text in (("none", "None (vector basemap only)"), ("osm", "OpenStreetMap (online, cached)"),
                          ("mbtiles", "MBTiles file…")):
            act = QAction(window, checkable=True)
            bind(act.setText, text)
            act.triggered.connect(partial(self.choose, key))
            group.addAction(act)
            menu.addAction(act)
            self.actions[key] = act
        self.actions["none"].setChecked(True)
        window.canvas.frame_ready.connect(self._fetch)
        self.restore(str(window.settings.value(SETTING, "none") or "none"))

    def restore(self, value: str) -> None:
        if value == "none":
            return
        from gisplanner.ui.tiles import MBTilesSource, XYZSource  # QtNetwork only when tiles are used

        if value == "osm":
            self.set_source(XYZSource(parent=self.window), "osm")
        elif value.startswith("mbtiles:"):
            try:
                self.set_source(MBTilesSource(Path(value.split(":", 1)[1])), "mbtiles")
            except (OSError, ValueError):
                self.set_source(None, "none")  # the file went away: quietly back to vectors

    def choose(self, key: str) -> None:
        from gisplanner.ui.tiles import MBTilesSource, XYZSource

        if key == "none":
            self.set_source(None, "none")
        elif key == "osm":
            self.set_source(XYZSource(parent=self.window), "osm")
        else:
            path, _ = QFileDialog.getOpenFileName(self.window, tr("MBTiles file…"), str(Path.home()),
                                                  tr("MBTiles (*.mbtiles);;All files (*)"))
            if not path:
                self._check_current()
                return
            try:
                self.set_source(MBTilesSource(Path(path)), "mbtiles")
            except (OSError, ValueError) as exc:
                QMessageBox.warning(self.window, tr("Tile basemap"), tile_error_text(exc))
                self._check_current()

    def set_source(self, source, key: str) -> None:
        from gisplanner.ui.tiles import MBTilesSource, TileLayer, XYZSource

        self.layer = TileLayer(source) if source is not None else None
        self.window.basemap.outline_only = source is not None
        if isinstance(source, XYZSource):
            source.arrived.connect(lambda: self.window.canvas.refresh(150))
        value = key if not isinstance(source, MBTilesSource) else f"mbtiles:{source.path}"
        self.window.settings.setValue(SETTING, value)
        self._check_current()
        self.window.canvas.refresh()

    def _check_current(self) -> None:
        key = "none" if self.layer is None else ("mbtiles" if hasattr(self.layer.source, "close") else "osm")
        self.actions[key].setChecked(True)

    def _fetch(self) -> None:
        if self.layer is not None and hasattr(self.layer.source, "fetch_wanted"):
            self.layer.source.fetch_wanted()
