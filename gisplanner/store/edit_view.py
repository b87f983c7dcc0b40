"""The edit session's merged view: saved features and clauses with the unsaved buffer
applied, as the map, the tables and the forms read them (and as the changes' checks see
the project: the ``EditView`` of ``edit_buffer``)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from gisplanner.store.edit_buffer import Buffer, StoredRows

if TYPE_CHECKING:
    from gisplanner.store.project import Project


class MergedView:
    """Reads through the buffer (mixed into ``EditSession``, which provides the attributes)."""

    project: Project
    buffer: Buffer
    stored: StoredRows
    _turns: threading.RLock

    def layer_of(self, uid: str) -> str | None:
        return self.buffer.layer_of(uid)

    def uid_taken(self, uid: str) -> bool:
        return uid in self.buffer.added or self.stored.locate(uid) is not None

    def clause_exists(self, clause_id: str) -> bool:
        return self.project.db.execute("SELECT 1 FROM clauses WHERE id = ?", [clause_id]).fetchone() is not None

    def has_link(self, uid: str, clause_id: str, relation: str) -> bool:
        return self.buffer.has_link((uid, clause_id, relation))

    def value(self, uid: str, field: str) -> Any:
        return self.buffer.value(uid, field)

    def geometry(self, uid: str) -> BaseGeometry | None:
        return self.buffer.geometry(uid)

    def record(self, uid: str) -> dict[str, Any] | None:
        """A feature as it stands with unsaved edits (attributes, ``layer``, ``geometry``)."""
        from gisplanner.layers import layer_definition
        from gisplanner.source_words import LOCATION_CODE

        layer = self.layer_of(uid)
        if layer is None:
            return None
        out = {f.name: self.buffer.value(uid, f.name) for f in layer_definition(layer).fields}
        out[LOCATION_CODE] = self.buffer.value(uid, LOCATION_CODE, None)  # words the note in a face
        out["layer"] = layer
        out["geometry"] = self.buffer.geometry(uid)
        return out

    def is_modified(self, uid: str, field: str | None = None) -> bool:
        buf = self.buffer
        if uid in buf.added:
            return True
        if field is None:
            return uid in buf.attrs or uid in buf.geoms
        return field in buf.attrs.get(uid, {})

    def features(self, layer: str, bbox: Sequence[float] | None = None) -> gpd.GeoDataFrame:
        """The layer as the map should draw it: saved features with the buffer applied.

        New features get negative index values (they have no fid until saved).
        """
        # The read stays inside the turn too: GDAL's own SQLite and Python's sqlite3 in one process
        # do not see each other's file locks, so a read during a save fails ("attempt to write a
        # readonly database") and closing its file handle could drop the save's locks.
        with self._turns:
            return self._merged(self.project.features(layer, bbox=bbox), layer, bbox)

    def _merged(self, frame: gpd.GeoDataFrame, layer: str, bbox: Sequence[float] | None) -> gpd.GeoDataFrame:
        touched = self.buffer.touched(layer)
        if not touched:
            return frame
        buf = self.buffer
        frame = frame[~frame["uid"].isin(touched)]
        area = box(*bbox) if bbox else None
        rows, index = [], []
        for n, uid in enumerate(sorted(touched)):
            rec = self.record(uid)
            if rec is None or (area is not None and (rec["geometry"] is None or not rec["geometry"].intersects(area))):
                continue
            rec.pop("layer")
            rows.append(rec)
            where = self.stored.locate(uid)
            index.append(where[1] if where and uid not in buf.added else -(n + 1))
        if not rows:
            return frame
        extra = gpd.GeoDataFrame(rows, index=pd.Index(index, name=frame.index.name),
                                 geometry="geometry", crs=frame.crs or "EPSG:4326")
        extra = extra.rename_geometry(frame.geometry.name) if frame.geometry.name != "geometry" else extra
        return pd.concat([frame, extra[[c for c in frame.columns if c in extra.columns]]])

    def clauses_for(self, uid: str) -> list[dict[str, Any]]:
        """Linked clauses with unsaved link changes applied (added ones carry ``unsaved``)."""
        buf = self.buffer
        rows = [r for r in self.project.clauses_for(uid)
                if (uid, r["clause_id"], r["relation"]) not in buf.links_removed]
        for (u, clause_id, relation), quote in buf.links_added.items():
            if u == uid and (clause := self.project.clause(clause_id)):
                rows.append({"clause_id": clause_id, "plan_id": clause["plan_id"], "path": clause["path"],
                             "number": clause["number"], "heading": clause["heading"], "text": clause["text"],
                             "relation": relation, "quote": quote, "unsaved": True})
        return rows

    def status_history(self, uid: str) -> list[dict[str, Any]]:
        saved = self.project.status_history(uid) if self.stored.locate(uid) else []
        pending = [{"status": h["status"], "date": h["date"], "date_precision": "day", "source": h["source"],
                    "unsaved": True}
                   for h in self.buffer.history if h["feature_uid"] == uid]
        return saved + pending

