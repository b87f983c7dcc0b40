"""The project as the window should show it while editing: saved rows plus the buffer.

The map, the identify panel and the zoom actions read features through ``window.project``;
while a session is open the window holds this view instead, which answers the feature
questions from the session (unsaved edits included) and passes everything else through.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gisplanner.store.edit import EditSession


class EditedProject:
    def __init__(self, project, session: EditSession) -> None:
        self._project = project
        self._session = session

    @property
    def real(self):
        return self._project

    def __getattr__(self, name: str) -> Any:
        return getattr(self._project, name)

    def features(self, layer: str, bbox: Sequence[float] | None = None, where: str | None = None):
        if where:
            return self._project.features(layer, bbox=bbox, where=where)
        return self._session.features(layer, bbox=bbox)

    def feature(self, uid: str) -> dict[str, Any] | None:
        return self._session.record(uid)

    def feature_layer(self, uid: str):
        from gisplanner.layers import layer_definition

        layer = self._session.layer_of(uid)
        return layer_definition(layer) if layer else None

    def clauses_for(self, uid: str) -> list[dict[str, Any]]:
        rows = self._session.clauses_for(uid)
        plans = {p["id"]: p for p in self._project.plans()} if any(r.get("unsaved") for r in rows) else {}
        for r in rows:
            if r.get("unsaved") and (plan := plans.get(r["plan_id"])):
                r.update(plan_title=plan["title"], plan_title_en=plan.get("title_en"),
                         plan_number=plan.get("number"), plan_date=plan.get("date"), start=None, end=None)
        return rows

    def status_history(self, uid: str) -> list[dict[str, Any]]:
        return self._session.status_history(uid)
