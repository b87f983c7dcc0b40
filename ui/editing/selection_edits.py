"""Edits the window makes on the map selection and with map tools, for ``EditingUI``.

Kept apart from the window set-up so each module stays small; the mixin relies on
``EditingUI``'s ``window``, ``controller``, ``actions``, ``tool``, ``start()`` and ``_say()``.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMenu
from shapely.geometry import Point

from gisplanner.ui.editing.dialogs import (
    LinkClauseDialog,
    MoveDialog,
    NewFeatureDialog,
    PlaceFeatureDialog,
    metres_to_degrees,
)
from gisplanner.ui.editing.field_editors import StatusChangeDialog, feature_names
from gisplanner.ui.editing.map_tools import DrawTool, MapTool, MoveTool
from gisplanner.ui.editing.vertex_tool import VertexTool
from gisplanner.ui.editing.words import relation_text
from gisplanner.ui.i18n import lang, tr


class SelectionEdits:
    """Status, move, delete, add-at-place, link/unlink on the selection; draw and drag tools."""

    def _fill_draw_menu(self) -> None:
        self.draw_menu.clear()
        for definition in (self.real_project.layers() if self.real_project else []):
            kind = "point" if definition.is_point else "line" if definition.is_line else "polygon"
            act = self.draw_menu.addAction(f"{definition.title(lang())} ({tr(kind)})")
            act.triggered.connect(lambda _c=False, n=definition.name, k=kind: self.draw(n, k))

    def _use_tool(self, tool: MapTool | None) -> None:
        if self.tool is not None:
            self.tool.stop()
        self.tool = tool
        self.actions["drag"].setChecked(isinstance(tool, MoveTool))
        self.actions["vertices"].setChecked(isinstance(tool, VertexTool))
        if tool is not None:
            tool.stopped.connect(lambda: self._tool_stopped(tool))

    def _tool_stopped(self, tool: MapTool) -> None:
        if self.tool is tool:
            self.tool = None
            self.actions["drag"].setChecked(False)
            self.actions["vertices"].setChecked(False)

    def draw(self, layer: str, kind: str) -> DrawTool | None:
        """Start drawing a new feature of ``layer`` on the canvas."""
        if not self.start():
            return None
        tool = DrawTool(self.window.canvas, kind, lambda geom: self._drawn(layer, geom))
        self._use_tool(tool)
        self._say(tr("Click to add vertices; double-click or Enter to finish; Esc cancels."))
        return tool

    def ask_new_feature(self, layer: str) -> dict | None:
        dialog = NewFeatureDialog(layer, self.window)
        dialog.setObjectName("new_feature_dialog")
        return dialog.record() if dialog.exec() else None

    def _drawn(self, layer: str, geom) -> None:
        attrs = self.ask_new_feature(layer)
        if attrs is None:
            return
        change = self.controller.apply(lambda s: s.add_feature(layer, attrs, geom))
        if change is not None:
            self.window.canvas.select([change.uid])

    def toggle_move_tool(self, checked: bool) -> None:
        if checked and self.start():
            self._use_tool(MoveTool(self.window.canvas, self._dragged))
            self._say(tr("Drag a feature to move it (with the selection); Esc stops."))
        else:
            self._use_tool(None)

    def toggle_vertex_tool(self, checked: bool) -> None:
        """Reshape the selected line or polygon: drag, insert (double-click), delete (right-click) vertices."""
        if checked and self.start():
            self._use_tool(VertexTool(self.window.canvas, self.controller, self._say))
            self._say(tr("Drag a vertex to move it; double-click a segment to add one; right-click or Delete removes one; Esc stops."))
        else:
            self._use_tool(None)

    def _dragged(self, dlon: float, dlat: float, uids: list[str]) -> None:
        self._macro(tr("Move"), [lambda s, u=u: s.move(u, dlon, dlat) for u in uids])

    # -- edits on the selection ------------------------------------------------------------------
    def _selection_by_layer(self) -> dict[str, list[str]]:
        session = self.controller.session
        groups: dict[str, list[str]] = defaultdict(list)
        for uid in self.window.canvas.selected_uids():
            layer = session.layer_of(uid) if session else None
            if layer:
                groups[layer].append(uid)
        if not groups:
            self._say(tr("Select features on the map first."))
        return groups

    def _macro(self, text: str, steps) -> None:
        stack = self.controller.stack
        stack.beginMacro(text)
        try:
            for step in steps:
                self.controller.apply(step)
        finally:
            stack.endMacro()

    def change_status(self) -> None:
        groups = self._selection_by_layer()
        if not groups:
            return
        uids = [u for g in groups.values() for u in g]
        dialog = StatusChangeDialog(self.controller.session.value(uids[0], "status"), None,
                                    feature_names(self.controller.session, uids), self.window)
        if not dialog.exec():
            return
        status_id, date, source = dialog.values()
        self._macro(tr("Change status"),
                    [lambda s, g=g: s.set_status(g, status_id, date, source) for g in groups.values()])

    def move_selection(self) -> None:
        groups = self._selection_by_layer()
        if not groups:
            return
        uids = [u for g in groups.values() for u in g]
        dialog = MoveDialog(len(uids), self.window)
        if not dialog.exec():
            return
        session = self.controller.session

        def step(uid: str):
            lat = session.geometry(uid).centroid.y
            dx, dy = metres_to_degrees(dialog.east.value(), dialog.north.value(), lat)
            return lambda s: s.move(uid, dx, dy)

        self._macro(tr("Move"), [step(u) for u in uids])

    def delete_selection(self) -> None:
        groups = self._selection_by_layer()
        if not groups:
            return
        self._macro(tr("Delete"), [lambda s, g=g: s.delete(g) for g in groups.values()])
        self.window.canvas.select([])

    def add_at_place(self) -> None:
        if not self.start():
            return
        dialog = PlaceFeatureDialog(self.window)
        if not dialog.exec():
            return
        layer, attrs, (lon, lat) = dialog.feature()
        change = self.controller.apply(lambda s: s.add_feature(layer, attrs, Point(lon, lat)))
        if change is not None:
            self.window.canvas.select([change.uid])

    def link_clause(self, uid: str | None = None) -> None:
        """Link ``uid`` (default: the first selected feature) to a clause picked by search."""
        uid = uid or next(iter(self.window.canvas.selected_uids()), None)
        if uid is None or not self.start():
            self._say(tr("Select a feature first."))
            return
        dialog = LinkClauseDialog(self.real_project, uid, self.window)
        dialog.setObjectName("link_clause_dialog")
        if not dialog.exec():
            return
        clause_id, relation, quote = dialog.choice()
        self.controller.apply(lambda s: s.link(uid, clause_id, relation, quote))

    def unlink_clause(self, uid: str | None = None) -> None:
        uid = uid or next(iter(self.window.canvas.selected_uids()), None)
        if uid is None or not self.start():
            self._say(tr("Select a feature first."))
            return
        rows = self.controller.session.clauses_for(uid)
        if not rows:
            self._say(tr("This feature has no linked clause."))
            return
        labels = [f"{r['clause_id']} ({relation_text(r['relation'])}) {str(r.get('heading') or r.get('text') or '')[:40]}" for r in rows]
        label, ok = QInputDialog.getItem(self.window, tr("Unlink a clause"),
                                         tr("Clause:"), labels, 0, False)
        if ok:
            row = rows[labels.index(label)]
            self.controller.apply(lambda s: s.unlink(uid, row["clause_id"], row["relation"]))

    # -- the identify panel's context menu -----------------------------------------------------
    def hook_identify_panel(self) -> None:
        """Add link/unlink entries to the identify panel's right-click menu (its own menu kept)."""
        browser = getattr(getattr(self.window, "identify", None), "browser", None)
        if browser is None:
            return
        browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        browser.customContextMenuRequested.connect(
            lambda pos: self.identify_menu(pos).exec(browser.viewport().mapToGlobal(pos)))

    def identify_menu(self, pos) -> QMenu:
        browser = self.window.identify.browser
        menu = browser.createStandardContextMenu(pos)
        uid = getattr(self.window.identify, "uid", None)
        if uid and self.real_project is not None:
            menu.addSeparator()
            for text, slot in ((tr("Link this feature to a clause…"), self.link_clause),
                               (tr("Unlink a clause from this feature…"), self.unlink_clause),
                               (tr("Edit in the feature form"), self.edit_in_form)):
                action = menu.addAction(text)
                action.triggered.connect(lambda _c=False, f=slot, u=uid: f(u))
        return menu

    def edit_in_form(self, uid: str) -> None:
        self.window.canvas.select([uid])
        self._show_dock("feature_form")
