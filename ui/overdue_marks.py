"""Overdue features marked on the map: a red ring around points, a dashed red outline along
lines and areas, painted over the frame like the selection. Labels keep clear of the rings:
the canvas hands them to label placement, so the map is re-rendered when the marks change.

Which features: those overdue on the Progress panel's date while the panel is open, else
today (``gisplanner.monitor.timeline.overdue``). View → Mark overdue features turns the marks
on or off; the choice is remembered and starts on.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QPainter, QPen, QTransform

from gisplanner.ui import settings as prefs
from gisplanner.ui.displacement import shown_points
from gisplanner.ui.feature_marks import draw_rings, drawn_positions
from gisplanner.ui.i18n import bind
from gisplanner.ui.labels import Disc
from gisplanner.ui.layer_data import draw_shape
from gisplanner.ui.qbuffers import polygonf
from gisplanner.ui.styles import Ring

MARK_COLOR = QColor("#d50000")
HALO_COLOR = QColor(255, 255, 255, 220)
OVERDUE_RING = Ring(radius=13.0, width=3.0, halo=6.0)  # wider than the selection ring: both show
SETTINGS_KEY = "view/overdue_marks"
ACTION_TEXT = "Mark &overdue features"
LEGEND_TEXT = "Red ring or dashed red outline on the map: overdue on this date"


MANY_MARKS = 1500  # above this many marks in view, red dots instead of rings (a cloud either way)


def late_mask(data, uids: set[str]) -> np.ndarray:
    """True for the features of ``data`` among ``uids`` (dictionary look-ups: fast for 100k)."""
    out = np.zeros(data.n, dtype=bool)
    index = data.uid_index
    out[[i for u in uids if (i := index.get(u)) is not None]] = True
    return out


def _marked(view, layers, uids: set[str], cache: dict | None):
    """(name, LayerData, indices) of the features among ``uids`` in view, per layer, leaving
    out those filtered out. ``cache`` keeps each layer's overdue mask between calls."""
    cache = {} if cache is None else cache
    for name, data, mask in layers:
        key = (name, id(data))
        if key not in cache or len(cache[key]) != data.n:
            cache[key] = late_mask(data, uids)
        late = cache[key]
        if not late.any():
            continue
        idx = data.query(view.extent)
        idx = idx[late[idx]]
        if mask is not None and len(idx):
            idx = idx[mask[idx]]
        if len(idx):
            yield name, data, idx


def paint_overdue(painter: QPainter, view, layers, uids: set[str], cache: dict | None = None) -> int:
    """Mark ``uids`` among ``layers`` (name, LayerData, mask; as the canvas hit-tests them) in
    view; features filtered out or in hidden layers get no mark. ``cache`` keeps each layer's
    overdue mask between frames (paint runs on every repaint). Returns how many were marked."""
    if not uids:
        return 0
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    ring, halo = QPen(MARK_COLOR, OVERDUE_RING.width), QPen(HALO_COLOR, OVERDUE_RING.halo)
    dashed = QPen(MARK_COLOR, 3, Qt.PenStyle.DashLine)
    for pen in (ring, halo, dashed):
        pen.setCosmetic(True)
    shown = None
    marked = 0
    for name, data, idx in _marked(view, layers, uids, cache):
        marked += len(idx)
        if len(idx) > MANY_MARKS:
            dots = QPen(MARK_COLOR, 5)
            dots.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(dots)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # twice as fast, dots look alike
            painter.drawPoints(polygonf(view.to_screen(data.centers[idx])))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            continue
        if data.kind == "point":
            if shown is None:
                shown = shown_points(view, layers)
            draw_rings(painter, drawn_positions(view, shown, name, data, idx), (halo, ring), OVERDUE_RING.radius)
            continue
        painter.setWorldTransform(QTransform(*view.qtransform_args()))
        for shape in data.paths(idx, view.res):
            for pen in (halo, dashed):
                painter.setPen(pen)
                draw_shape(painter, shape, data.kind == "polygon")
        painter.resetTransform()
    painter.restore()
    return marked


def ring_discs(view, layers, uids: set[str], cache: dict | None = None) -> list[Disc]:
    """The rings ``paint_overdue`` draws round points in ``view``, for label placement to keep
    clear of (the dots drawn for too many marks in view are covered by their symbols)."""
    rings = [(name, data, idx) for name, data, idx in _marked(view, layers, uids, cache) if data.kind == "point"]
    rings = [ring for ring in rings if len(ring[2]) <= MANY_MARKS]
    if not rings:
        return []
    shown = shown_points(view, layers)
    return [Disc(float(x), float(y), OVERDUE_RING.extent)
            for name, data, idx in rings for x, y in drawn_positions(view, shown, name, data, idx)]


class OverdueMarks:
    """The window's marks: which uids, on or off, and the View menu action."""

    def __init__(self, window, panel, dock) -> None:
        self.window, self.panel, self.dock = window, panel, dock
        self.uids: set[str] = set()
        self.today: set[str] | None = None  # cached until the project or its data change
        self.masks: dict = {}  # per layer data: which features are marked (for these uids)
        self.action = QAction(window)
        self.action.setObjectName("action_overdue_marks")
        bind(self.action.setText, ACTION_TEXT)
        self.action.setCheckable(True)
        self.action.setChecked(prefs.flag(window.settings, SETTINGS_KEY, True))
        self.action.toggled.connect(self._toggled)
        window.canvas.overlays.append(self.paint)
        window.canvas.label_obstacles.append(self.discs)

    @property
    def on(self) -> bool:
        return self.action.isChecked()

    def panel_open(self) -> bool:
        return self.dock is not None and not self.dock.isHidden()

    def update(self) -> None:
        """Take the panel's overdue features (its date) or today's, and repaint the marks.

        Marks turned off read nothing: today's overdue features are found when they come on."""
        if self.window.project is None or not self.on:
            uids: set[str] = set()
        elif self.panel_open() and self.panel.history is not None:
            uids = set(self.panel.late_uids)
        else:
            if self.today is None and self.panel.history is not None:
                self.today = self.panel.late_on(dt.date.today())  # the history the panel read
            elif self.today is None:
                from gisplanner.monitor.timeline import overdue

                self.today = {o.uid for o in overdue(self.window.project.db.conn, dt.date.today())}
            uids = self.today
        if uids != self.uids:
            self.uids = uids
            self.masks = {}
            self.window.canvas.update()
            self.window.canvas.refresh()  # labels make way for the rings now drawn

    def data_changed(self) -> None:
        self.today = None
        self.masks = {}
        self.update()

    def _toggled(self, on: bool) -> None:
        prefs.set_flag(self.window.settings, SETTINGS_KEY, on)
        self.update()
        self.window.canvas.update()

    def paint(self, painter: QPainter) -> None:
        if self.on:
            canvas = self.window.canvas
            paint_overdue(painter, canvas.view, canvas.hit_source(), self.uids, self.masks)

    def discs(self, view) -> list[Disc]:
        """The rings as drawn in ``view``, for labels to keep clear of."""
        return ring_discs(view, self.window.canvas.hit_source(), self.uids, self.masks) if self.on else []


def install(window, panel, dock) -> OverdueMarks:
    """Attach the marks to the window (once): View menu action, canvas overlay, updates."""
    existing = getattr(window, "overdue_marks", None)
    if existing is not None:
        return existing
    marks = OverdueMarks(window, panel, dock)
    window.overdue_marks = marks
    view_menu = window.menus["view"]
    labels = window.actions_by_name.get("labels")
    actions = view_menu.actions()
    after = actions.index(labels) + 1 if labels in actions else len(actions)
    if after < len(actions):
        view_menu.insertAction(actions[after], marks.action)
    else:
        view_menu.addAction(marks.action)
    window.actions_by_name["overdue_marks"] = marks.action
    panel.overdue_changed.connect(marks.update)
    dock.visibilityChanged.connect(lambda _v: marks.update())
    window.layers_reloaded.connect(lambda _names: marks.data_changed())
    window.project_changed.connect(lambda _p: marks.data_changed())
    marks.update()
    return marks
