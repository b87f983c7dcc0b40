"""The native map canvas: pans and zooms a cached frame instantly, renders the exact frame
in a worker thread, and answers "what is under this pixel?" from the layers' STRtrees."""

from __future__ import annotations

import itertools
import logging

import numpy as np
from PySide6.QtCore import QObject, QPointF, QRectF, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from gisplanner.ui.displacement import shown_points
from gisplanner.ui.feature_marks import paint_selection
from gisplanner.ui.geo import View, lonlat_bounds_to_merc, to_lonlat, to_merc
from gisplanner.ui.renderer import FrameStats, RenderLayer, new_image, render
from gisplanner.ui.scale_bar import paint_scale_bar, scale_bar_box

log = logging.getLogger(__name__)
HIT_PX = 6  # click tolerance in pixels
DEFAULT_BOUNDS = (103.0, 21.5, 114.5, 33.0)  # Chongqing, Sichuan east, Zhuhai


class _JobSignals(QObject):
    done = Signal(int, QImage, object, object)


class _RenderJob(QRunnable):
    def __init__(self, job_id: int, view: View, layers: list[RenderLayer], labels: bool, canvas: MapCanvas,
                 reserved: list) -> None:
        super().__init__()
        self.job_id, self.view, self.layers, self.labels, self.reserved = job_id, view, layers, labels, reserved
        self.signals = canvas._job_signals
        self.current = canvas._current_job

    def run(self) -> None:
        # Groups of layers that load on first use (the basemap) are expanded here, off the GUI thread.
        try:
            layers = [x for item in self.layers
                      for x in (item.layers() if hasattr(item, "layers") and not hasattr(item, "paint") else [item])]
        except Exception:  # noqa: BLE001 - e.g. an unreadable basemap: draw the rest
            log.exception("a layer group could not be loaded")
            layers = [item for item in self.layers if not hasattr(item, "layers") or hasattr(item, "paint")]
        image = new_image(self.view)
        try:
            stats = render(image, self.view, layers, labels=self.labels, reserved=self.reserved,
                           is_canceled=lambda: self.current() != self.job_id, labels_apart=True)
        except Exception as exc:  # noqa: BLE001 - a bad shape must not leave the map blank forever
            log.exception("rendering the map failed")
            stats = FrameStats(error=f"{type(exc).__name__}: {exc}")
        self.signals.done.emit(self.job_id, image, self.view, stats)


class MapCanvas(QWidget):
    """Draws render layers supplied by ``layer_source()``; emits what the user does."""

    selection_changed = Signal(list)
    identified = Signal(list)  # [(layer name, uid)] under a click, topmost first
    extent_changed = Signal()
    cursor_moved = Signal(float, float)  # lon, lat
    frame_ready = Signal()
    busy_changed = Signal(bool)  # a frame is being rendered in the background
    frame_painted = Signal(int)  # job id of a new frame, once it is on screen
    first_frame_painted = Signal()

    def __init__(self, parent: QWidget | None = None, threaded: bool = True) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(200, 150)
        self.threaded = threaded
        self.paused = False
        self.labels = True
        self.layer_source = lambda: []  # -> list[RenderLayer | LazyBasemap], bottom first
        self.hit_source = lambda: []  # -> list[(name, LayerData, mask)], top first
        self.overlays: list = []  # callables(painter) drawn over the map, under its labels and the selection
        self.label_obstacles: list = []  # callables(view) -> [labels.Disc]: marks overlays draw round points
        self._view = View(0.0, 0.0, 1000.0, max(self.width(), 1), max(self.height(), 1))
        self._frame: QPixmap | None = None
        self._labels: QPixmap | None = None  # the frame's labels, painted over the overlays
        self._frame_view: View | None = None
        self._selected: list[str] = []
        self._jobs = itertools.count(1)
        self._job_id = 0
        self._delivered = -1
        self._job_signals = _JobSignals()
        self._job_signals.done.connect(self._frame_done)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._fit: tuple | None = None
        self._press: QPointF | None = None
        self._press_view: View | None = None
        self._dragged = False
        self._painted_once = False
        self._painted_job = -1
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._start_render)
        self._hover = QTimer(self, singleShot=True, interval=350)
        self._hover.timeout.connect(self._show_hover)
        self._hover_pos: QPointF | None = None
        self.zoom_to_bounds(DEFAULT_BOUNDS)

    # -- view ------------------------------------------------------------------------------
    @property
    def view(self) -> View:
        return self._view

    def set_view(self, view: View, delay_ms: int = 0) -> None:
        self._view = view
        self.extent_changed.emit()
        self.update()
        self.refresh(delay_ms)

    def extent(self) -> tuple[float, float, float, float]:
        """Visible area as (min lon, min lat, max lon, max lat)."""
        return self._view.lonlat_extent()

    def zoom_to_bounds(self, bounds, margin: float = 0.08) -> None:
        """Show WGS84 ``bounds`` (min lon, min lat, max lon, max lat) whole."""
        self._fit = (tuple(bounds), margin)  # refitted if the canvas is resized before the user moves
        self.set_view(self._sized(self._view).fit(lonlat_bounds_to_merc(tuple(bounds)), margin))

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        v = self._view
        ax, ay = (anchor.x(), anchor.y()) if anchor is not None else (v.width / 2, v.height / 2)
        mx, my = v.to_map(ax, ay)
        self._fit = None
        res = min(max(v.res / factor, 0.05), 2e5)
        cx, cy = mx - (ax - v.width / 2) * res, my + (ay - v.height / 2) * res
        self.set_view(View(cx, cy, res, v.width, v.height), delay_ms=150)

    def zoom_to_scale(self, denominator: float) -> None:
        self._fit = None
        self.set_view(self._view.at_scale(denominator))

    def pan_pixels(self, dx: float, dy: float, delay_ms: int = 120) -> None:
        self._fit = None
        v = self._view
        self.set_view(View(v.cx - dx * v.res, v.cy + dy * v.res, v.res, v.width, v.height), delay_ms)

    def map_to_screen(self, lon: float, lat: float) -> QPointF:
        x, y = self._view.to_screen(to_merc(np.array([[lon, lat]])))[0]
        return QPointF(float(x), float(y))

    def screen_to_lonlat(self, x: float, y: float) -> tuple[float, float]:
        lon, lat = to_lonlat(np.array([self._view.to_map(x, y)]))[0]
        return float(lon), float(lat)

    def _sized(self, view: View) -> View:
        return View(view.cx, view.cy, view.res, max(self.width(), 1), max(self.height(), 1))

    # -- rendering -------------------------------------------------------------------------
    def refresh(self, delay_ms: int = 0) -> None:
        """Redraw from the layers (after a style, visibility, filter or data change)."""
        if not self.paused:
            self._timer.start(delay_ms)

    def set_paused(self, paused: bool) -> None:
        """Hold rendering (e.g. while the first project opens, to draw it once, not twice)."""
        self.paused = paused
        if paused:
            self._timer.stop()
        else:
            self.refresh()

    def run_in_render_thread(self, work) -> None:
        """Queue ``work()`` on the render thread (ahead of the next frame), e.g. to preload data."""
        if self.threaded:
            self._pool.start(work)
        else:
            work()

    def last_job_id(self) -> int:
        """Id of the latest render started; frames of later jobs reflect changes made now."""
        return self._job_id

    def _current_job(self) -> int:
        return self._job_id

    def _start_render(self) -> None:
        self._job_id = next(self._jobs)
        # What is painted over the frame: labels keep out from under it.
        marks = [d for source in self.label_obstacles for d in source(self._view)] if self.labels else []
        reserved = [scale_bar_box(self._view), *marks]
        job = _RenderJob(self._job_id, self._view, list(self.layer_source()), self.labels, self, reserved)
        if self.threaded:
            self.busy_changed.emit(True)
            self._pool.start(job)
        else:
            job.run()

    def _frame_done(self, job_id: int, image: QImage, view: View, stats) -> None:
        if job_id != self._job_id or stats.canceled:
            return
        self._frame = QPixmap.fromImage(image)
        labels, stats.label_image = stats.label_image, None  # kept once, as the pixmap painted
        self._labels = QPixmap.fromImage(labels) if labels is not None else None
        self._delivered = job_id
        self.busy_changed.emit(False)
        self._frame_view = view
        self.last_stats = stats
        self.update()
        self.frame_ready.emit()

    def frame_is_current(self) -> bool:
        """True once the cached frame shows exactly the current view (nothing pending)."""
        return not self._timer.isActive() and self._delivered == self._job_id and self._frame_view == self._view

    def frame_image(self) -> QImage | None:
        """The cached frame as drawn: the map with its labels."""
        if self._frame is None:
            return None
        image = self._frame.toImage()
        if self._labels is not None:
            painter = QPainter(image)
            painter.drawPixmap(0, 0, self._labels)
            painter.end()
        return image

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#d6e4ef"))
        if self._frame is not None and self._frame_view is not None:
            painter.drawPixmap(self._frame_target(), self._frame, QRectF(self._frame.rect()))
        for overlay in self.overlays:
            overlay(painter)
        if self._labels is not None and self._frame_view is not None:  # names over the marks
            painter.drawPixmap(self._frame_target(), self._labels, QRectF(self._labels.rect()))
        paint_selection(painter, self._view, self.hit_source(), self._selected)
        paint_scale_bar(painter, self._view)
        painter.end()
        if self._frame is not None and self._painted_job != self._delivered:
            self._painted_job = self._delivered
            self.frame_painted.emit(self._delivered)
            if not self._painted_once:
                self._painted_once = True
                self.first_frame_painted.emit()

    def _frame_target(self) -> QRectF:
        """Where the cached frame lands in the current view (offset while panning, scaled while zooming)."""
        fv, v = self._frame_view, self._view
        x0, y0, x1, y1 = fv.extent
        (ax, ay), (bx, by) = v.to_screen(np.array([[x0, y1], [x1, y0]]))
        return QRectF(QPointF(ax, ay), QPointF(bx, by))

    # -- selection and identify -------------------------------------------------------------
    def select(self, uids) -> None:
        uids = list(dict.fromkeys(uids))
        if uids != self._selected:
            self._selected = uids
            self.update()
            self.selection_changed.emit(list(uids))

    def selected_uids(self) -> list[str]:
        return list(self._selected)

    def selection_bounds(self) -> tuple[float, float, float, float] | None:
        boxes = []
        for _name, data, _mask in self.hit_source():
            idx = [data.uid_index[u] for u in self._selected if u in data.uid_index]
            if idx:
                boxes.append(data.bounds[idx])
        if not boxes:
            return None
        b = np.vstack(boxes)
        (a, c), (d, e) = to_lonlat(np.array([[b[:, 0].min(), b[:, 1].min()], [b[:, 2].max(), b[:, 3].max()]]))
        return float(a), float(c), float(d), float(e)

    def zoom_to_selection(self, min_span_deg: float = 0.02) -> None:
        bounds = self.selection_bounds()
        if bounds is None:
            return
        x0, y0, x1, y1 = bounds
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        hx, hy = max((x1 - x0) / 2, min_span_deg / 2), max((y1 - y0) / 2, min_span_deg / 2)
        self.zoom_to_bounds((cx - hx, cy - hy, cx + hx, cy + hy))

    def hover_text(self, x: float, y: float, limit: int = 4) -> str:
        """Names of the features under a pixel, for the tooltip."""
        names = [str(data.column("name_zh")[i] or data.column("uid")[i]) for _n, data, i in self._hits(x, y)]
        more = f"\n… +{len(names) - limit}" if len(names) > limit else ""
        return "\n".join(names[:limit]) + more

    def _show_hover(self) -> None:
        if self._hover_pos is None or self._press is not None:
            return
        pos = self._hover_pos
        text = self.hover_text(pos.x(), pos.y())
        if text:
            QToolTip.showText(self.mapToGlobal(pos.toPoint()), text, self)
        else:
            QToolTip.hideText()

    def features_at(self, x: float, y: float) -> list[tuple[str, str]]:
        return [(name, data.columns["uid"][i]) for name, data, i in self._hits(x, y)]

    def _hits(self, x: float, y: float):
        """(layer, data, index) of each feature drawn under a pixel, top layer first; points
        where they are drawn (displaced off a shared place)."""
        layers = self.hit_source()
        shown = shown_points(self._view, layers)
        mx, my = self._view.to_map(x, y)
        for name, data, mask in layers:
            if name in shown:
                yield from ((name, data, i) for i in shown[name].near(x, y, HIT_PX))
                continue
            yield from ((name, data, i) for i in data.hit(mx, my, HIT_PX * self._view.res) if mask is None or mask[i])

    # -- input -----------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        sized = self._sized(self._view)
        if sized != self._view:
            if self._fit is not None:  # still showing what was asked for: keep it whole
                bounds, margin = self._fit
                sized = sized.fit(lonlat_bounds_to_merc(bounds), margin)
            self._view = sized
            self.extent_changed.emit()
            self.refresh(30)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._press_view = self._view
            self._dragged = False
            self.setFocus()

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        self.cursor_moved.emit(*self.screen_to_lonlat(pos.x(), pos.y()))
        if self._press is None or not (event.buttons() & Qt.MouseButton.LeftButton):
            self._hover_pos = pos
            self._hover.start()
            return
        d = pos - self._press
        if self._dragged or abs(d.x()) + abs(d.y()) > 3:
            self._dragged = True
            self._fit = None
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            v = self._press_view
            self._view = View(v.cx - d.x() * v.res, v.cy + d.y() * v.res, v.res, v.width, v.height)
            self.extent_changed.emit()
            self.update()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        self.unsetCursor()
        if self._dragged:
            self.refresh()
        else:
            pos = event.position()
            hits = self.features_at(pos.x(), pos.y())
            modifiers = event.modifiers()
            uids = [uid for _n, uid in hits[:1]]
            if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier):
                uids = self._selected + [u for u in uids if u not in self._selected]
            self.select(uids)
            self.identified.emit(hits)
        self._press = None
        self._dragged = False

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.25 ** steps, event.position())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = 0.25
        key = event.key()
        moves = {Qt.Key.Key_Left: (step * self.width(), 0), Qt.Key.Key_Right: (-step * self.width(), 0),
                 Qt.Key.Key_Up: (0, step * self.height()), Qt.Key.Key_Down: (0, -step * self.height())}
        if key in moves:
            self.pan_pixels(*moves[key])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.5)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(1 / 1.5)
        elif key == Qt.Key.Key_Escape:
            self.select([])
        else:
            super().keyPressEvent(event)

    def leaveEvent(self, event) -> None:
        self._hover.stop()
        self._hover_pos = None
        super().leaveEvent(event)

    def shutdown(self) -> None:
        """Cancel pending work and wait for the render thread (call before the window closes);
        no frame is rendered after it."""
        self.paused = True
        self._job_id = -1
        self._timer.stop()
        self._hover.stop()
        self._pool.waitForDone(5000)
