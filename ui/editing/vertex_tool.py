"""The vertex tool: reshape the selected line or polygon on the map.

The selected feature's vertices are drawn as handles on the tool's overlay. Drag a handle
to move the vertex; double-click a segment to insert a vertex there; right-click a handle
(or click it and press Delete) to remove it; click another line or polygon to reshape that
one instead; Esc stops. Every reshape is one ``SetGeometry`` through the controller, so it
is checked (a self-crossing polygon is refused with the reason), undoable, shown by the map
and table at once, and saved with the R-tree kept in step like any other geometry edit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from gisplanner.store.changes import EditRefused
from gisplanner.store.edit_vertices import (
    delete_vertex,
    insert_vertex,
    is_ringed,
    move_vertex,
    parts,
    segment_ends,
)
from gisplanner.ui.editing.map_tools import SKETCH, MapTool
from gisplanner.ui.editing.messages import failure_text
from gisplanner.ui.i18n import tr

HANDLE_PX = 5.0   # half the side of a vertex handle
PICK_PX = 8.0     # how close a press must be to a vertex or segment


def _distance_to_segment(p: QPointF, a: QPointF, b: QPointF) -> tuple[float, QPointF]:
    """Screen distance from ``p`` to segment ab, and the nearest point on it."""
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p.x() - a.x()) * dx + (p.y() - a.y()) * dy) / length2))
    q = QPointF(a.x() + t * dx, a.y() + t * dy)
    return ((p.x() - q.x()) ** 2 + (p.y() - q.y()) ** 2) ** 0.5, q


class VertexTool(MapTool):
    """Vertex editing of the first selected line or polygon; changes go through ``controller.apply``."""

    def __init__(self, canvas, controller, say: Callable[[str], None] = lambda _m: None) -> None:
        super().__init__(canvas)
        self.controller = controller
        self.say = say
        self.uid: str | None = None
        self.geom = None
        self.parts: list[list[tuple[float, float]]] = []
        self.screen: list[list[QPointF]] = []
        self.current: tuple[int, int] | None = None   # the vertex Delete removes
        self.drag: tuple[int, int] | None = None
        self.drag_from: QPointF | None = None
        canvas.setCursor(Qt.CursorShape.PointingHandCursor)
        canvas.selection_changed.connect(self._selection)
        canvas.extent_changed.connect(self._project)
        controller.changed.connect(self._reload)
        self._selection(canvas.selected_uids())

    def stop(self) -> None:
        if not self.active:
            return
        self.canvas.selection_changed.disconnect(self._selection)
        self.canvas.extent_changed.disconnect(self._project)
        self.controller.changed.disconnect(self._reload)
        super().stop()

    # -- which feature, where its vertices are on screen ---------------------------------------
    def _layer_of(self, uid: str) -> str | None:
        session = self.controller.session
        return session.layer_of(uid) if session else None

    def _shaped(self, uid: str) -> bool:
        session = self.controller.session
        geom = session.geometry(uid) if session and self._layer_of(uid) else None
        return geom is not None and geom.geom_type in ("LineString", "MultiLineString", "Polygon", "MultiPolygon")

    def _selection(self, uids: list[str]) -> None:
        uid = next((u for u in uids if self._shaped(u)), None)
        if uid != self.uid:
            self.uid, self.current, self.drag = uid, None, None
        if uids and uid is None:
            self.say(tr("Vertices: select a line or polygon (points are moved with the move tool)."))
        self._reload(None)

    def _reload(self, uids) -> None:
        """Re-read the feature from the session (after an edit, undo, redo or save)."""
        if uids is not None and self.uid not in uids:
            return
        session = self.controller.session
        self.geom = session.geometry(self.uid) if (session and self.uid and self._layer_of(self.uid)) else None
        if self.geom is None:
            self.uid, self.parts, self.current = None, [], None
        else:
            self.parts = parts(self.geom)
            if self.current and not (self.current[0] < len(self.parts)
                                     and self.current[1] < len(self.parts[self.current[0]])):
                self.current = None
        self._project()

    def _project(self) -> None:
        to_screen = self.canvas.map_to_screen
        self.screen = [[to_screen(x, y) for x, y in verts] for verts in self.parts]
        if self.active:
            self.overlay.update()

    def vertex_at(self, pos: QPointF) -> tuple[int, int] | None:
        best, where = PICK_PX, None
        for p, pts in enumerate(self.screen):
            for i, q in enumerate(pts):
                d = ((q.x() - pos.x()) ** 2 + (q.y() - pos.y()) ** 2) ** 0.5
                if d <= best:
                    best, where = d, (p, i)
        return where

    def segment_at(self, pos: QPointF) -> tuple[int, int, QPointF] | None:
        if self.geom is None:
            return None
        best, where = PICK_PX, None
        for p, i, a, b in segment_ends(self.screen, is_ringed(self.geom)):
            d, q = _distance_to_segment(pos, a, b)
            if d <= best:
                best, where = d, (p, i, q)
        return where

    # -- edits -----------------------------------------------------------------------------------
    def _reshape(self, make, verb: str) -> bool:
        uid, geom = self.uid, self.geom
        try:
            new = make(geom)
        except EditRefused as exc:
            self.controller.refused.emit(failure_text(exc))
            return False
        return self.controller.apply(lambda s: s.set_geometry(uid, new, verb)) is not None

    def move(self, part: int, index: int, pos: QPointF) -> bool:
        xy = self.lonlat(pos)
        return self._reshape(lambda g: move_vertex(g, part, index, xy), "移动节点")

    def insert(self, part: int, after: int, pos: QPointF) -> bool:
        xy = self.lonlat(pos)
        if self._reshape(lambda g: insert_vertex(g, part, after, xy), "插入节点"):
            self.current = (part, after + 1)
            return True
        return False

    def delete(self, part: int, index: int) -> bool:
        if self._reshape(lambda g: delete_vertex(g, part, index), "删除节点"):
            self.current = None
            return True
        return False

    # -- mouse and keys --------------------------------------------------------------------------
    def pressed(self, event) -> bool:
        pos = event.position()
        hit = self.vertex_at(pos)
        if event.button() == Qt.MouseButton.RightButton:
            if hit is not None:
                self.delete(*hit)
            return True
        if event.button() != Qt.MouseButton.LeftButton:
            return True
        if hit is not None:
            self.current = self.drag = hit
            self.drag_from = pos
            self.overlay.update()
            return True
        if self.segment_at(pos) is None:
            self._pick_feature(pos)
        return True

    def _pick_feature(self, pos: QPointF) -> None:
        hits = [uid for _layer, uid in self.canvas.features_at(pos.x(), pos.y())]
        if self.uid in hits:
            return
        shaped = next((u for u in hits if self._shaped(u)), None)
        if shaped is not None:
            self.canvas.select([shaped])

    def released(self, event) -> bool:
        if self.drag is None or event.button() != Qt.MouseButton.LeftButton:
            return True
        (part, index), start = self.drag, self.drag_from
        self.drag = self.drag_from = None
        if (event.position() - start).manhattanLength() > 2:
            self.move(part, index, event.position())
        self.overlay.update()
        return True

    def double_clicked(self, event) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return True
        pos = event.position()
        if self.vertex_at(pos) is None and (seg := self.segment_at(pos)) is not None:
            self.insert(seg[0], seg[1], seg[2])
        return True

    def claims(self, event) -> bool:
        return event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.current is not None

    def key(self, event) -> bool:
        if self.claims(event):
            self.delete(*self.current)
            return True
        return super().key(event)

    # -- drawing -----------------------------------------------------------------------------------
    def paint(self, painter: QPainter) -> None:
        if self.geom is None:
            return
        ringed = is_ringed(self.geom)
        painter.setPen(QPen(SKETCH, 1.5, Qt.PenStyle.DashLine))
        for _p, _i, a, b in segment_ends(self.screen, ringed):
            painter.drawLine(a, b)
        if self.drag is not None and self.cursor is not None:
            p, i = self.drag
            pts = self.screen[p]
            n = len(pts)
            painter.setPen(QPen(SKETCH, 2))
            for j in (i - 1, i + 1):
                if ringed or 0 <= j < n:
                    painter.drawLine(pts[j % n], self.cursor)
        painter.setPen(QPen(SKETCH, 1))
        for p, pts in enumerate(self.screen):
            for i, q in enumerate(pts):
                painter.setBrush(SKETCH if (p, i) == self.current else QColor(255, 255, 255))
                painter.drawRect(QRectF(q.x() - HANDLE_PX, q.y() - HANDLE_PX, 2 * HANDLE_PX, 2 * HANDLE_PX))
