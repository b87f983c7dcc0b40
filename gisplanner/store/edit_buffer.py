"""The edit buffer: what a session changed, kept apart from the stored rows until Save.

``StoredRows`` reads (and caches) the rows as saved; ``Buffer`` holds only the differences.
The map and the attribute table ask the session, which merges the two, so they already
show unsaved edits while the file on disk still holds the last save.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from shapely.geometry.base import BaseGeometry

from gisplanner.store.actuals import stored_actual
from gisplanner.store.gpkg_geometry import decode

LinkKey = tuple[str, str, str]  # feature uid, clause id, relation
_CHUNK = 500


class EditView(Protocol):
    """What a change needs to know about the current (merged) state to check itself."""

    def layer_of(self, uid: str) -> str | None: ...

    def uid_taken(self, uid: str) -> bool: ...

    def clause_exists(self, clause_id: str) -> bool: ...

    def has_link(self, uid: str, clause_id: str, relation: str) -> bool: ...


class StoredRows:
    """Saved features by uid, read on demand from the project's connection."""

    def __init__(self, conn: sqlite3.Connection, layers: list[str]) -> None:
        self.conn = conn
        self.layers = layers
        # uid -> (layer, fid), filled on demand (a bulk change resolves its uids in one query per
        # layer instead of reading every uid of a 100k-row project first)
        self._index: dict[str, tuple[str, int]] = {}
        self._complete = False
        self._version = self._data_version()
        self._steady = 0
        # the map re-reads layers in a worker thread through the session: one reader/builder at a time
        self._lock = threading.RLock()
        self._rows: dict[str, dict[str, Any]] = {}
        # bumped whenever the cached rows are dropped: while it stays the same, a row once read
        # is the row the cache still holds (rows are never re-read or changed in place)
        self.generation = 0
        self._geom_cols = {layer: conn.execute(
            "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", [layer]).fetchone()[0]
            for layer in layers}

    def reset(self) -> None:
        """Forget everything read (the file was changed by someone else)."""
        with self._lock:
            self._index = {}
            self._complete = False
            self._rows = {}
            self.generation += 1
            self._version = self._data_version()

    def saved(self, added: dict[str, tuple[str, int]], deleted: set[str]) -> None:
        """Our own save went through: keep the uid index, patched with new and removed rows."""
        with self._lock:
            self._rows = {}
            self.generation += 1
            for uid in deleted:
                self._index.pop(uid, None)
            self._index.update(added)
            self._version = self._data_version()

    def _data_version(self) -> int:
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def _fresh(self) -> None:
        """Drop what was read if another program wrote the file since (unless in a steady batch)."""
        if not self._steady and self._data_version() != self._version:
            self.reset()

    @contextmanager
    def steady(self) -> Iterator[None]:
        """Check once whether another program wrote the file, then trust what was read for a batch.

        A bulk change looks up thousands of uids; asking SQLite ``PRAGMA data_version`` for
        each would cost more than the change itself.
        """
        with self._lock:
            self._fresh()  # the one check
            self._steady += 1
            try:
                yield
            finally:
                self._steady -= 1

    @property
    def index(self) -> dict[str, tuple[str, int]]:
        """uid -> (layer, fid) for every saved feature (re-read if another program wrote the file)."""
        with self._lock:
            self._fresh()
            if not self._complete:
                index = {}  # built whole, then published
                for layer in self.layers:
                    for uid, fid in self.conn.execute(f'SELECT uid, fid FROM "{layer}"'):
                        index[uid] = (layer, fid)
                self._index, self._complete = index, True
            return self._index

    def resolve(self, uids) -> None:
        """Find the layer and fid of many uids at once (one scan per layer; uid has no index)."""
        with self._lock:
            self._fresh()
            missing = [u for u in uids if u not in self._index]
            if not missing or self._complete:
                return
            payload = json.dumps(missing, ensure_ascii=False)
            for layer in self.layers:
                for uid, fid in self.conn.execute(
                        f'SELECT uid, fid FROM "{layer}" WHERE uid IN (SELECT value FROM json_each(?))', [payload]):
                    self._index[uid] = (layer, fid)

    def locate(self, uid: str) -> tuple[str, int] | None:
        if self._steady and (found := self._index.get(uid)):
            return found  # inside a batch that has already checked the file
        with self._lock:
            self._fresh()
            if uid not in self._index:
                self.resolve([uid])
            return self._index.get(uid)

    def load(self, uids: list[str]) -> None:
        """Read many rows at once (a bulk change touches thousands)."""
        with self._lock:
            self._load(uids)

    def _load(self, uids: list[str]) -> None:
        self._fresh()  # drops stale rows if another program wrote the file
        index = self._index
        by_layer: dict[str, list[int]] = {}
        unknown = []
        for uid in uids:
            if uid in self._rows:
                continue
            if where := index.get(uid):
                by_layer.setdefault(where[0], []).append(where[1])
            else:
                unknown.append(uid)
        if unknown and not self._complete:
            # rows not located yet: found and read in the same scan (uid has no index, so a
            # separate uid -> fid pass would scan the table once more)
            payload = json.dumps(unknown, ensure_ascii=False)
            for layer in self.layers:
                self._keep(layer, self.conn.execute(
                    f'SELECT * FROM "{layer}" WHERE uid IN (SELECT value FROM json_each(?))', [payload]))
        for layer, todo in by_layer.items():
            for i in range(0, len(todo), _CHUNK):
                part = todo[i:i + _CHUNK]
                self._keep(layer, self.conn.execute(  # by fid: the primary key
                    f'SELECT * FROM "{layer}" WHERE fid IN ({",".join("?" * len(part))})', part))

    def _keep(self, layer: str, cursor: sqlite3.Cursor) -> None:
        """Cache the rows a query returned (and where each uid lives)."""
        geom_col = self._geom_cols[layer]
        names = ["_blob" if c[0] == geom_col else c[0] for c in cursor.description]
        rows, index = self._rows, self._index
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            uid = row["uid"]
            rows[uid] = row
            index[uid] = (layer, row["fid"])

    def row(self, uid: str) -> dict[str, Any] | None:
        """Saved attributes (with ``fid``; geometry blob under ``_blob``), or None."""
        found = self._rows.get(uid)  # the common case, read without taking the lock
        if found is not None:
            return found
        with self._lock:
            if uid not in self._rows:
                self._load([uid])
            return self._rows.get(uid)

    def geometry(self, uid: str) -> BaseGeometry | None:
        row = self.row(uid)
        return decode(row["_blob"]) if row else None

    def has_link(self, key: LinkKey) -> bool:
        return self.conn.execute(
            "SELECT 1 FROM links WHERE feature_uid = ? AND clause_id = ? AND relation = ?", key).fetchone() is not None


_UNSET = object()


class Buffer:
    """Unsaved differences from the stored rows."""

    def __init__(self, stored: StoredRows) -> None:
        self.stored = stored
        # saved value of each (uid, field) when the session first edited it; kept through
        # undo's replay, so a save can tell whether another program changed it meanwhile
        self.base: dict[tuple[str, str], Any] = {}
        self.base_generation = stored.generation  # the stored rows' generation when base began
        self.clear()

    def clear_base(self) -> None:
        """Forget the saved values (after a save or a discard there is nothing to compare)."""
        self.base.clear()
        self.base_generation = self.stored.generation

    @property
    def base_current(self) -> bool:
        """Every base value was read from the stored rows still cached, so none can differ from them."""
        return self.base_generation == self.stored.generation

    def clear(self) -> None:
        self.attrs: dict[str, dict[str, Any]] = {}      # uid -> field -> new value (saved features)
        self.geoms: dict[str, BaseGeometry] = {}         # uid -> new geometry (saved features)
        self.layer: dict[str, str] = {}                  # uid -> layer, for every touched saved feature
        self.added: dict[str, dict[str, Any]] = {}       # uid -> attributes + "layer" + "geometry"
        self.deleted: dict[str, str] = {}                # uid -> layer
        self.links_added: dict[LinkKey, str | None] = {}  # key -> quote
        self.links_removed: set[LinkKey] = set()
        self.history: list[dict[str, Any]] = []
        self.actuals: dict[str, dict[str, Any] | None] = {}  # actual value id -> record (None: deleted)
        self.actuals_new: set[str] = set()                   # ids added in this session

    @property
    def empty(self) -> bool:
        return not (self.attrs or self.geoms or self.added or self.deleted or self.links_added
                    or self.links_removed or self.history or self.actuals)

    def actual(self, actual_id: str) -> dict[str, Any] | None:
        """An indicator's actual value as it stands with unsaved edits (None: absent or deleted)."""
        if actual_id in self.actuals:
            return self.actuals[actual_id]
        return stored_actual(self.stored.conn, actual_id)

    def set_value(self, uid: str, layer: str, field: str, value: Any) -> None:
        if uid in self.added:
            self.added[uid][field] = value
            return
        self.layer[uid] = layer
        if not self.base:
            self.base_generation = self.stored.generation
        row = self.stored.row(uid)
        if row is not None:
            self.base.setdefault((uid, field), row.get(field))
        fields = self.attrs.setdefault(uid, {})
        if row is not None and row.get(field) == value:
            fields.pop(field, None)
            if not fields:
                del self.attrs[uid]
        else:
            fields[field] = value

    def set_many(self, uids: list[str], layer: str, values: dict[str, Any]) -> None:
        """``set_value`` of the same fields and values on many features (a bulk change), in one pass."""
        added, attrs, base, touched = self.added, self.attrs, self.base, self.layer
        row_of = self.stored.row
        items = list(values.items())
        if not base:
            self.base_generation = self.stored.generation
        for uid in uids:
            if uid in added:
                added[uid].update(values)
                continue
            touched[uid] = layer
            row = row_of(uid)
            fields = attrs.get(uid)
            if fields is None:
                fields = attrs[uid] = {}
            for field, value in items:
                if row is not None:
                    old = row.get(field)
                    base.setdefault((uid, field), old)
                    if old == value:
                        fields.pop(field, None)
                        continue
                fields[field] = value
            if not fields:
                del attrs[uid]

    def set_geometry(self, uid: str, layer: str, geom: BaseGeometry) -> None:
        if uid in self.added:
            self.added[uid]["geometry"] = geom
        else:
            self.layer[uid] = layer
            self.geoms[uid] = geom

    def add(self, uid: str, layer: str, attrs: dict[str, Any], geom: BaseGeometry | None) -> None:
        self.added[uid] = {**attrs, "layer": layer, "geometry": geom}

    def delete(self, uid: str, layer: str) -> None:
        if self.added.pop(uid, None) is not None:
            self.history = [h for h in self.history if h["feature_uid"] != uid]
            self.links_added = {k: v for k, v in self.links_added.items() if k[0] != uid}
            return
        self.deleted[uid] = layer
        self.layer[uid] = layer

    def link(self, uid: str, clause_id: str, relation: str, quote: str | None) -> None:
        key = (uid, clause_id, relation)
        if key in self.links_removed:
            self.links_removed.discard(key)
        else:
            self.links_added[key] = quote

    def unlink(self, uid: str, clause_id: str, relation: str) -> None:
        key = (uid, clause_id, relation)
        if key in self.links_added:
            del self.links_added[key]
        else:
            self.links_removed.add(key)

    # -- merged reads ------------------------------------------------------------------------
    def layer_of(self, uid: str) -> str | None:
        if uid in self.added:
            return self.added[uid]["layer"]
        if uid in self.deleted:
            return None
        where = self.stored.locate(uid)
        return where[0] if where else None

    def value(self, uid: str, field: str, default: Any = _UNSET) -> Any:
        if uid in self.added:
            return self.added[uid].get(field)
        fields = self.attrs.get(uid)
        if fields and field in fields:
            return fields[field]
        row = self.stored.row(uid)
        if row is None:
            if default is _UNSET:
                raise KeyError(uid)
            return default
        return row.get(field)

    def geometry(self, uid: str) -> BaseGeometry | None:
        if uid in self.added:
            return self.added[uid]["geometry"]
        if uid in self.geoms:
            return self.geoms[uid]
        return self.stored.geometry(uid)

    def has_link(self, key: LinkKey) -> bool:
        if key in self.links_added:
            return True
        if key in self.links_removed:
            return False
        return self.stored.has_link(key)

    def touched(self, layer: str) -> set[str]:
        """uids of ``layer`` with any unsaved change (edited, moved, added, deleted)."""
        out = {u for u, lay in self.layer.items() if lay == layer and (u in self.attrs or u in self.geoms)}
        out |= {u for u, rec in self.added.items() if rec["layer"] == layer}
        out |= {u for u, lay in self.deleted.items() if lay == layer}
        return out
