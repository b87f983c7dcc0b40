"""The planner's main window: map canvas in the middle, panels docked around it.

Other parts of the app extend it through ``project``, ``project_changed``, ``menus``,
``canvas`` (refresh, zoom_to_bounds, select, selected_uids, selection_changed) and
``reload_layers()``.
"""

from __future__ import annotations

import gc
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDockWidget, QFileDialog, QMainWindow, QMessageBox, QToolBar

from gisplanner.layers import LayerList, layer_definitions
from gisplanner.paths import BASEMAP_FILE, default_project_path
from gisplanner.ui import settings as prefs
from gisplanner.ui.actions import build_menus
from gisplanner.ui.basemap import LazyBasemap
from gisplanner.ui.canvas import MapCanvas
from gisplanner.ui.clause_browser import ClauseBrowser
from gisplanner.ui.document_view import DocumentView
from gisplanner.ui.errors import after_project_error, as_project_error, describe
from gisplanner.ui.extensions import install_extensions
from gisplanner.ui.filters import FeatureFilter, FilterPanel
from gisplanner.ui.i18n import bind, tr
from gisplanner.ui.identify_panel import IdentifyPanel
from gisplanner.ui.layer_loader import LayerLoader
from gisplanner.ui.layer_panel import LayerPanel
from gisplanner.ui.map_layers import MapLayer, load_map_layers
from gisplanner.ui.project_io import build_with_progress, open_project_file
from gisplanner.ui.status_bar import MapStatusBar
from gisplanner.ui.tile_menu import TileBasemap
from gisplanner.ui.window_navigation import WindowNavigation

_GC_FROZEN = False


class MainWindow(WindowNavigation, QMainWindow):
    project_changed = Signal(object)  # the new Project, or None
    layers_reloaded = Signal(list)  # names of the layers whose new data the map now draws

    def __init__(self, settings: QSettings | None = None, basemap_path: Path = BASEMAP_FILE,
                 basemap_frames=None) -> None:
        super().__init__()
        self._map_layers: dict = {}
        self.settings = settings if settings is not None else prefs.app_settings()
        self.project = None
        self.layer_list = None
        self.masks: dict = {}
        self.statuses_on: dict | None = None  # the map as it stood on a date (Progress panel's slider)
        self.filter = FeatureFilter()
        self.loader = LayerLoader(self)
        self.loader.loaded.connect(self._layers_loaded)
        self.loader.failed.connect(lambda why: self.status.showMessage(tr("Layers not re-read") + f": {why}", 10000))
        self.canvas = MapCanvas(self)
        self.canvas.layer_source = self._render_layers
        self.canvas.hit_source = self._hit_layers
        self.setCentralWidget(self.canvas)
        self.basemap = LazyBasemap(basemap_path, basemap_frames)
        self.canvas.run_in_render_thread(self.basemap.layers)  # read it while the project opens
        self.show_basemap = True
        self.layer_panel = LayerPanel()
        self.filter_panel = FilterPanel(self.filter)
        self.identify = IdentifyPanel()
        self.clause_browser = ClauseBrowser()
        self.document = DocumentView()
        self.docks: dict[str, QDockWidget] = {}
        self._dock("layers", "Layers", self.layer_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("filter", "Filter", self.filter_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("clauses", "Plan clauses", self.clause_browser, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("identify", "Identify", self.identify, Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("document", "Document", self.document, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.docks["identify"], self.docks["document"])
        self.resizeDocks([self.docks["layers"], self.docks["filter"], self.docks["clauses"]], [420, 150, 330],
                         Qt.Orientation.Vertical)
        self.resizeDocks([self.docks["layers"], self.docks["identify"]], [340, 380], Qt.Orientation.Horizontal)
        self.docks["identify"].raise_()
        self.status = MapStatusBar(self)
        self.setStatusBar(self.status)
        self.menus = build_menus(self)
        for dock in self.docks.values():
            self.panels_menu.addAction(dock.toggleViewAction())
        self.tile_basemap = TileBasemap(self)
        self.canvas.cursor_moved.connect(self.status.show_cursor)
        self.canvas.extent_changed.connect(lambda: self.status.show_scale(self.canvas.view))
        self.status.scale.scale_entered.connect(self.canvas.zoom_to_scale)
        self.canvas.selection_changed.connect(self.status.show_selection)
        self.canvas.busy_changed.connect(self.status.show_busy)
        self.layer_panel.zoom_requested.connect(self.zoom_to_layer)
        self.canvas.identified.connect(self._identified)
        self.identify.show_clause.connect(self.show_in_document)
        self.identify.feature_requested.connect(lambda uid: self.canvas.select([uid]))
        self.identify.zoom_requested.connect(self.show_feature)
        self.clause_browser.clause_chosen.connect(self.show_clause_features)
        self.filter.changed.connect(self._filter_changed)
        bind(self._retitle, None)
        self.extensions: dict[str, object] | None = None
        self.geometry_restored = False
        self.resize(1500, 950)
        self._restore_layout()
        # Once the map is on screen: what start-up deferred (``after_first_frame``, e.g. opening
        # the project a preview showed), then the add-ons (editing, export, import).
        self.after_first_frame: list = []
        self.canvas.first_frame_painted.connect(lambda: QTimer.singleShot(0, self._first_frame_shown))

    def _first_frame_shown(self) -> None:
        hooks, self.after_first_frame = self.after_first_frame, []
        for hook in hooks:
            hook()
        self.install_extensions()
        # Everything start-up loaded (libraries, add-ons) stays for good: keep it out of the
        # cyclic garbage collector's full passes, which otherwise pause every thread for
        # 80-180 ms while a layer of 100k features is being read. Once per process: a freeze
        # keeps whatever garbage exists at that moment, so later windows do not repeat it.
        global _GC_FROZEN
        if not _GC_FROZEN:
            gc.collect()
            gc.freeze()
            _GC_FROZEN = True

    def show_first(self) -> None:
        """Show the window where it was left, or on first launch filling the screen."""
        if self.geometry_restored:
            self.show()
            return
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:  # also without a window manager (no one to honour "maximized")
            self.setGeometry(screen.availableGeometry())
        self.showMaximized()

    def install_extensions(self) -> dict[str, object]:
        if self.extensions is None:
            self.extensions = install_extensions(self)
            self._wrap_toolbars()
            self._restore_layout(geometry=False)  # their docks and toolbars take their saved places
        return self.extensions

    def _wrap_toolbars(self) -> None:
        """Start a new toolbar row where the next toolbar would not fit (no hidden "»" buttons)."""
        used = 0
        for bar in self.findChildren(QToolBar):
            if self.toolBarArea(bar) != Qt.ToolBarArea.TopToolBarArea:
                continue
            width = bar.sizeHint().width()
            if used and used + width > self.width():
                self.insertToolBarBreak(bar)
                used = 0
            used += width

    def _restore_layout(self, geometry: bool = True) -> None:
        saved_geometry, state = prefs.window_layout(self.settings)
        if geometry:
            self.geometry_restored = saved_geometry is not None and self.restoreGeometry(saved_geometry)
        if state is not None:
            self.restoreState(state)

    def _dock(self, key: str, title: str, widget, area) -> None:
        dock = QDockWidget(self)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(widget)
        bind(dock.setWindowTitle, title)
        self.addDockWidget(area, dock)
        self.docks[key] = dock

    def _retitle(self) -> None:
        name = self.project.path.name if self.project else tr("No project open")
        self.setWindowTitle(f"{name} — gisplanner")

    # -- project ---------------------------------------------------------------------------
    def open_project(self, path: str | Path, ask: bool = True, frames: dict | None = None) -> bool:
        """Open ``path``; on failure explain why and offer another file or the shipped project.

        ``frames`` are its layers read already (at start-up: the data the map preview drew).
        """
        try:
            project = open_project_file(Path(path))
            try:
                self.set_project(project, frames)
            except Exception:
                self._drop_project(project)  # a damaged page met while reading: never half-open
                raise
        except Exception as exc:  # noqa: BLE001 - every failure gets the same clear dialog
            if self.project is None and self.layer_list is not None:
                self._load_all(None)  # a start-up preview of this file must not stay on the map
            if not ask:
                raise
            return after_project_error(self, Path(path), exc)
        return True

    def _drop_project(self, project) -> None:
        if self.project is project:
            self.project = None
            self.loader.cancel()
            self.identify.set_project(None)
            self.clause_browser.set_project(None)
            self._load_all(None)
            self._retitle()
        project.close()

    def set_project(self, project, frames: dict | None = None) -> None:
        old, self.project = self.project, project
        if old is not None and old is not project:
            old.close()
        if project is not None:
            prefs.remember_project(self.settings, project.path)
        self.identify.set_project(project)
        self.clause_browser.set_project(project)
        self.canvas.select([])
        self.loader.cancel()  # a read of the previous project must not land on this one
        self._load_all(frames)
        saved = prefs.map_extent(self.settings, project.path) if project is not None else None
        if saved is not None:
            self.canvas.zoom_to_bounds(saved, margin=0.0)  # where the user left this project
        else:
            self.zoom_full()
        self._retitle()
        self.canvas.setFocus()  # arrows and +/- act on the map straight away
        self.project_changed.emit(project)

    @property
    def map_layers(self) -> dict:
        """Drawable data by layer name, with every reload asked for so far applied."""
        self.loader.wait()
        return self._map_layers

    def reload_layers(self, frames: dict | None = None, *, layers=None, uids=None, wait: bool = False) -> None:
        """Re-read layers from the project (after an edit or import) and redraw.

        Without arguments every layer is re-read; ``layers`` (names) or ``uids`` (features
        that changed, added or deleted) narrow it to the layers concerned. The read runs in a
        worker thread and the map keeps drawing the old data until ``layers_reloaded``;
        ``frames`` (layer data already read) or ``wait=True`` apply at once.
        """
        if self.project is None or frames is not None or self.layer_list is None:
            self.loader.cancel()
            self._load_all(frames)
            return
        names = self._changed_layers(layers, uids)
        self.loader.request(self.project, names)
        if wait:
            self.loader.wait()

    def _changed_layers(self, layers, uids) -> set[str]:
        if layers is None and uids is None:
            return set(self._map_layers)
        names = set(layers or [])
        for uid in uids or []:
            owners = {n for n, ml in self._map_layers.items() if uid in ml.data.uid_index}
            if not owners:  # a new feature: ask the project where it lives
                definition = self.project.feature_layer(uid)
                owners = {definition.name} if definition is not None else set()
            names |= owners
        return names

    def show_preview(self, path: Path, layers: dict) -> None:
        """Draw a project's layers (LayerData by name) before the project itself is open:
        at start-up the map comes first, the project (and panels) a moment later."""
        order = [d for d in layer_definitions() if d.name in layers]
        self._map_layers = {d.name: MapLayer(d, layers[d.name]) for d in order}
        self._use_layers(LayerList([self._map_layers[d.name].model for d in order]))
        saved = prefs.map_extent(self.settings, Path(path))
        if saved is not None:
            self.canvas.zoom_to_bounds(saved, margin=0.0)
        else:
            self.zoom_full()

    def _load_all(self, frames: dict | None) -> None:
        if self.project is None:
            self.layer_list, self._map_layers = None, {}
            self._data_changed()
            self.layers_reloaded.emit([])
            return
        layer_list, self._map_layers = load_map_layers(self.project, self.layer_list, frames)
        self._use_layers(layer_list)

    def _use_layers(self, layer_list) -> None:
        self.layer_list = layer_list
        for layer in self.layer_list:
            layer.visibility_changed.connect(self._layers_changed, unique=True)
            layer.opacity_changed.connect(self._layers_changed, unique=True)
        self.layer_list.moved.connect(self._layers_changed, unique=True)
        self._data_changed()
        self.layers_reloaded.emit(list(self._map_layers))

    def _layers_loaded(self, fresh: dict) -> None:
        """Swap in re-read layers, keeping each layer's model (visibility, opacity, order)."""
        for name, ml in fresh.items():
            old = self._map_layers.get(name)
            if old is not None:
                ml.model = old.model
            elif self.layer_list is not None and name in self.layer_list:
                ml.model = self.layer_list[name]
            self._map_layers[name] = ml
        self._data_changed()
        self.layers_reloaded.emit(sorted(fresh))

    def _data_changed(self) -> None:
        self._recompute_masks()
        self.layer_panel.set_layers(self.layer_list, self._map_layers, self.filter, lambda: self.masks)
        self.canvas.refresh()

    def choose_project(self) -> bool:
        start = str(self.project.path.parent) if self.project else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, tr("Open project"), start, tr("GeoPackage (*.gpkg);;All files (*)"))
        return self.open_project(path) if path else False

    def build_default_project(self) -> bool:
        return self.build_and_open(default_project_path())

    def build_and_open(self, path: Path) -> bool:
        try:
            build_with_progress(self, path)
        except Exception as exc:  # noqa: BLE001
            QMessageBox.warning(self, tr("Project problem"), describe(as_project_error(path, exc)))
            return False
        return self.open_project(path)

    def fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for p in prefs.recent_projects(self.settings):
            act = self.recent_menu.addAction(p)
            act.triggered.connect(lambda _c=False, p=p: self.open_project(p))

    # -- map -------------------------------------------------------------------------------
    def _render_layers(self):
        out: list = [self.tile_basemap.layer] if self.tile_basemap.layer is not None else []
        out += [self.basemap] if self.show_basemap else []
        if self.layer_list is not None:
            out += [self._map_layers[layer.name].render_layer(self._mask(layer.name),
                                                              statuses=self._statuses_on(layer.name))
                    for layer in self.layer_list if layer.visible]
        return out

    def _hit_layers(self):
        if self.layer_list is None:
            return []
        return [(layer.name, self._map_layers[layer.name].data, self._mask(layer.name))
                for layer in reversed(list(self.layer_list)) if layer.visible]

    def _mask(self, name: str):
        """The filter's mask; on a past date (``statuses_on``) also hiding what had no status yet."""
        mask = self.masks.get(name)
        statuses = self._statuses_on(name)
        if statuses is None:
            return mask
        recorded = statuses[0] >= 0
        return recorded if mask is None else mask & recorded

    def _statuses_on(self, name: str):
        statuses = (self.statuses_on or {}).get(name)
        ml = self._map_layers.get(name)
        return statuses if statuses is not None and ml is not None and len(statuses[0]) == ml.data.n else None

    def show_statuses(self, statuses: dict | None) -> None:
        """Draw the map with these statuses (layer -> (codes per feature, -1: not recorded yet; their
        labels)), or as saved (None)."""
        self.statuses_on = statuses
        self.canvas.refresh()

    def _recompute_masks(self) -> None:
        self.masks = {name: self.filter.mask(ml.data.column("status"), ml.data.column("deadline"))
                      for name, ml in self._map_layers.items()}

    def _filter_changed(self) -> None:
        self._recompute_masks()
        self.layer_panel.rebuild()
        visible = set(self.visible_uids())
        self.clause_browser.set_visible_uids(visible if self.filter.active else None)
        self.canvas.select([u for u in self.canvas.selected_uids() if u in visible])
        self.canvas.refresh()

    def _layers_changed(self, *_args) -> None:
        self.canvas.refresh()

    def visible_uids(self) -> list[str]:
        """Features drawn under the current layer visibility and filter."""
        out: list[str] = []
        for _name, data, mask in self._hit_layers():
            uids = data.column("uid")
            out += (uids if mask is None else uids[mask]).tolist()
        return out

    def closeEvent(self, event) -> None:
        self.canvas.shutdown()
        prefs.save_window(self.settings, self.saveGeometry(), self.saveState())
        if self.project is not None:
            prefs.save_map_extent(self.settings, self.project.path, self.canvas.extent())
        self.settings.sync()
        super().closeEvent(event)
