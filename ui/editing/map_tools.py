"""Map tools for editing on the canvas: draw a new point, line or polygon; drag features.

A tool sits on the canvas as an event filter (so the canvas code stays unaware of it) and
paints its sketch on a transparent overlay. Drawing: click to add a vertex, double-click or
Enter to finish, Backspace removes the last vertex, Esc or a right click cancels; the wheel
still zooms. Moving: press on a feature, drag, release; every selected feature moves by the
same offset as one undoable step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

SKETCH = QColor("#d81b60")


class SketchOverlay(QWidget):
    """Transparent layer over the canvas that draws the tool's sketch in screen space."""

    def __init__(self, canvas: QWidget, paint: Callable[[QPainter], None]) -> None:
        super().__init__(canvas)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._paint = paint
        self.setGeometry(canvas.rect())
        self.show()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint(painter)
        painter.end()


class MapTool(QObject):
    """Base: installs itself on the canvas, removes itself on ``stop``."""

    stopped = Signal()

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.active = False
        self.canvas = canvas
        self.cursor: QPointF | None = None
        self.overlay = SketchOverlay(canvas, self.paint)
        canvas.extent_changed.connect(self.overlay.update)
        canvas.setCursor(Qt.CursorShape.CrossCursor)
        canvas.installEventFilter(self)
        self.active = True

    def stop(self) -> None:
        if not self.active:
            return
        self.active = False
        self.canvas.removeEventFilter(self)
        self.canvas.unsetCursor()
        self.canvas.extent_changed.disconnect(self.overlay.update)
        self.overlay.deleteLater()
        self.stopped.emit()

    def paint(self, painter: QPainter) -> None:
        pass

    def lonlat(self, pos: QPointF) -> tuple[float, float]:
        return self.canvas.screen_to_lonlat(pos.x(), pos.y())

    def eventFilter(self, obj, event) -> bool:
        if not getattr(self, "active", False) or obj is not self.canvas:
            return False
        kind = event.type()
        if kind == QEvent.Type.Resize:
            self.overlay.setGeometry(self.canvas.rect())
            return False
        if kind == QEvent.Type.MouseMove:
            self.cursor = event.position()
            self.moved(event)
            self.overlay.update()
            return False  # the canvas still reports the cursor's coordinates
        if kind == QEvent.Type.MouseButtonPress:
            return self.pressed(event)
        if kind == QEvent.Type.MouseButtonRelease:
            return self.released(event)
        if kind == QEvent.Type.MouseButtonDblClick:
            return self.double_clicked(event)
        if kind == QEvent.Type.ShortcutOverride and self.claims(event):
            event.accept()  # the key comes to ``key`` instead of firing a menu shortcut (e.g. Delete)
            return True
        if kind == QEvent.Type.KeyPress:
            return self.key(event)
        if kind == QEvent.Type.ContextMenu:
            return True  # a right click ends the tool; the map's context menu waits until it has
        return False

    def moved(self, event) -> None:
        pass

    def pressed(self, event) -> bool:
        return True

    def released(self, event) -> bool:
        return True

    def double_clicked(self, event) -> bool:
        return True

    def key(self, event) -> bool:
        if event.key() == Qt.Key.Key_Escape:
            self.stop()
            return True
        return False

    def claims(self, event) -> bool:
        """Whether this key press belongs to the tool even though a shortcut uses it."""
        return False


class DrawTool(MapTool):
    """Sketch a ``point``, ``line`` or ``polygon``; ``done(geometry)`` gets it in lon/lat."""

    def __init__(self, canvas, kind: str, done: Callable[[BaseGeometry], None]) -> None:
        super().__init__(canvas)
        self.kind = kind
        self.done = done
        self.vertices: list[tuple[float, float]] = []

    def released(self, event) -> bool:
        if event.button() == Qt.MouseButton.RightButton:
            self.stop()
            return True
        if event.button() != Qt.MouseButton.LeftButton:
            return True
        self.add_vertex(*self.lonlat(event.position()))
        return True

    def add_vertex(self, lon: float, lat: float) -> None:
        if self.vertices and self.vertices[-1] == (lon, lat):
            return
        self.vertices.append((lon, lat))
        if self.kind == "point":
            self.finish()
        self.overlay.update()

    def double_clicked(self, event) -> bool:
        self.finish()
        return True

    def key(self, event) -> bool:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish()
            return True
        if event.key() == Qt.Key.Key_Backspace and self.vertices:
            self.vertices.pop()
            self.overlay.update()
            return True
        return super().key(event)

    def geometry(self) -> BaseGeometry | None:
        v = self.vertices
        if self.kind == "point" and v:
            return Point(v[-1])
        if self.kind == "line" and len(v) >= 2:
            return LineString(v)
        if self.kind == "polygon" and len(v) >= 3:
            return Polygon(v)
        return None

    def finish(self) -> None:
        geom = self.geometry()
        if geom is None:
            return  # not enough vertices yet: keep drawing
        self.stop()
        self.done(geom)

    def paint(self, painter: QPainter) -> None:
        points = [self.canvas.map_to_screen(x, y) for x, y in self.vertices]
        if self.cursor is not None and self.kind != "point":
            points.append(self.cursor)
        pen = QPen(SKETCH, 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        for a, b in zip(points, points[1:], strict=False):
            painter.drawLine(a, b)
        if self.kind == "polygon" and len(points) >= 3:
            painter.drawLine(points[-1], points[0])
        painter.setPen(QPen(SKETCH, 1))
        painter.setBrush(QColor(255, 255, 255))
        for p in points[:len(self.vertices)]:
            painter.drawEllipse(p, 4, 4)


class MoveTool(MapTool):
    """Drag features: ``done(dlon, dlat, uids)`` when the mouse is released after a drag."""

    def __init__(self, canvas, done: Callable[[float, float, list[str]], None]) -> None:
        super().__init__(canvas)
        self.done = done
        self.start: QPointF | None = None
        self.uids: list[str] = []

    def pressed(self, event) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return True
        pos = event.position()
        hit = [uid for _layer, uid in self.canvas.features_at(pos.x(), pos.y())]
        if not hit:
            return True
        selected = self.canvas.selected_uids()
        if not set(hit) & set(selected):  # pressing on any selected feature drags the selection
            self.canvas.select([hit[0]])
            selected = [hit[0]]
        self.start, self.uids = pos, selected
        return True

    def released(self, event) -> bool:
        if self.start is None or event.button() != Qt.MouseButton.LeftButton:
            return True
        (x0, y0), (x1, y1) = self.lonlat(self.start), self.lonlat(event.position())
        start, self.start = self.start, None
        if (event.position() - start).manhattanLength() > 3:
            self.done(x1 - x0, y1 - y0, self.uids)
        self.overlay.update()
        return True

    def paint(self, painter: QPainter) -> None:
        if self.start is None or self.cursor is None:
            return
        painter.setPen(QPen(SKETCH, 2, Qt.PenStyle.DashLine))
        painter.drawLine(self.start, self.cursor)
        painter.drawEllipse(self.cursor, 6, 6)
