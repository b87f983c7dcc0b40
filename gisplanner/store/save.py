"""Writing an edit buffer into the GeoPackage: all of it in one transaction, or nothing.

The caller opens the transaction (``gpkg_sql.write_transaction``); every statement here
runs inside it, including the journal rows, so a crash, a full disk or a refused write at
any point leaves the file exactly as the previous save left it.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from shapely.geometry.base import BaseGeometry

from gisplanner import source_words
from gisplanner.source_words import SourceWords
from gisplanner.store.actuals import write_actuals
from gisplanner.store.edit_buffer import Buffer
from gisplanner.store.gpkg_geometry import decode
from gisplanner.store.gpkg_sql import (
    delete_feature,
    insert_feature,
    touch_contents,
    update_feature,
    update_features,
)
from gisplanner.store.journal import STATUS_SOURCE, Journal


class SaveConflict(RuntimeError):
    """The file changed under the session (a feature vanished); nothing was saved.

    ``code`` (changed_elsewhere, vanished, not_updated) and ``params`` let a face translate it.
    """

    def __init__(self, message: str, code: str = "vanished", **params) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass
class SaveReport:
    updated: int = 0
    added: int = 0
    deleted: int = 0
    links: int = 0
    history: int = 0
    actuals: int = 0
    journal: int = 0
    layers: set[str] = field(default_factory=set)
    new_fids: dict[str, tuple[str, int]] = field(default_factory=dict)
    deleted_uids: set[str] = field(default_factory=set)

    def summary(self) -> str:
        parts = [f"{n} {what}" for n, what in ((self.updated, "changed"), (self.added, "added"),
                 (self.deleted, "deleted"), (self.links, "link changes"),
                 (self.actuals, "actual values")) if n]
        return ", ".join(parts) or "nothing to save"


def _grow(bounds: dict[str, list[float]], layer: str, geom: BaseGeometry | None) -> None:
    if geom is None or geom.is_empty:
        return
    x0, y0, x1, y1 = geom.bounds
    b = bounds.setdefault(layer, [x0, y0, x1, y1])
    b[:] = [min(b[0], x0), min(b[1], y0), max(b[2], x1), max(b[3], y1)]


def check_changed_elsewhere(buf: Buffer) -> None:
    """Refuse (once) to overwrite values another program saved after this session edited them.

    The edit lock keeps other editors out, but an import or a script may still write the
    file. The first save names the fields; saving again overwrites them knowingly.
    """
    if buf.base_current:
        return  # no row was re-read since the session first edited them: nothing can differ
    clashes, items = [], []
    for uid, fields in buf.attrs.items():
        row = buf.stored.row(uid)
        for name, new in fields.items():
            key = (uid, name)
            if row is not None and key in buf.base and row.get(name) != buf.base[key] and row.get(name) != new:
                clashes.append(f"{uid} {name}: now {row.get(name)!r}, was {buf.base[key]!r}, yours {new!r}")
                items.append({"uid": uid, "field": name, "now": row.get(name), "was": buf.base[key], "yours": new})
                buf.base[key] = row.get(name)
    if clashes:
        raise SaveConflict("another program changed these values after you edited them: " + "; ".join(clashes)
                           + ". Nothing was saved; Save again to overwrite them with yours, or undo your edits.",
                           "changed_elsewhere", clashes=items)


def write_buffer(conn: sqlite3.Connection, buf: Buffer, journal: Journal) -> SaveReport:
    report = SaveReport()
    bounds: dict[str, list[float]] = {}
    stored = buf.stored
    stored.load([*buf.attrs, *buf.geoms, *buf.deleted])
    check_changed_elsewhere(buf)

    # attribute-only updates that set the same fields go out as one executemany (a bulk status
    # change of 10k features is one statement, not 10k)
    groups: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = defaultdict(list)
    attrs, geoms, deleted, layer_of = buf.attrs, buf.geoms, buf.deleted, buf.layer
    row_of, note = stored.row, journal.add
    for uid in sorted(attrs.keys() | geoms.keys()):
        if uid in deleted:
            continue
        layer = layer_of[uid]
        row = row_of(uid)
        if row is None:
            raise SaveConflict(f"feature {uid} ({layer}) is no longer in the file; nothing was saved",
                               "vanished", uid=uid, layer=layer)
        values = {}
        for name, value in attrs.get(uid, {}).items():
            old = row.get(name)
            if old != value:
                values[name] = value
                note("status" if name == "status" else "set", layer, uid, name, old, value)
        geom = geoms.get(uid)
        if geom is not None:
            journal.add("geometry", layer, uid, "geometry", decode(row["_blob"]), geom)
            _grow(bounds, layer, geom)
            if update_feature(conn, layer, ("fid", row["fid"]), values, geom, set_geometry=True) != 1:
                raise SaveConflict(f"feature {uid} ({layer}) could not be updated; nothing was saved",
                                   "not_updated", uid=uid, layer=layer)
        elif values:
            # a tuple, not a list: the cyclic GC stops tracking tuples of plain values, while 10k
            # surviving lists would soon trigger a full collection pass over the whole heap
            groups[(layer, tuple(values))].append((*values.values(), row["fid"]))
        report.updated += 1
        report.layers.add(layer)
    for (layer, names), rows in groups.items():
        if update_features(conn, layer, names, rows) != len(rows):
            raise SaveConflict(f"some {layer} features could not be updated; nothing was saved",
                               "not_updated", uid="", layer=layer)

    for uid, record in buf.added.items():
        record = dict(record)
        layer, geom = record.pop("layer"), record.pop("geometry")
        report.new_fids[uid] = (layer, insert_feature(conn, layer, record, geom))
        journal.add("add", layer, uid, None, None, {**record, "geometry": geom})
        _grow(bounds, layer, geom)
        report.added += 1
        report.layers.add(layer)

    for uid, layer in buf.deleted.items():
        row = stored.row(uid)
        if row is None:
            continue  # already gone: the wanted end state
        old = {k: v for k, v in row.items() if k not in ("_blob", "fid")}
        old["geometry"] = decode(row["_blob"])
        delete_feature(conn, layer, ("fid", row["fid"]))
        removed = conn.execute("SELECT clause_id, relation FROM links WHERE feature_uid = ?", [uid]).fetchall()
        conn.execute("DELETE FROM links WHERE feature_uid = ?", [uid])
        journal.add("delete", layer, uid, None, old, None)
        report.deleted_uids.add(uid)
        for clause_id, relation in removed:
            journal.add("unlink", layer, uid, clause_id, relation, None)
        report.deleted += 1
        report.layers.add(layer)

    for (uid, clause_id, relation), quote in buf.links_added.items():
        conn.execute("INSERT OR IGNORE INTO links (feature_uid, clause_id, relation, quote) VALUES (?, ?, ?, ?)",
                     [uid, clause_id, relation, quote])
        journal.add("link", buf.layer_of(uid), uid, clause_id, None, relation)
        report.links += 1
    for uid, clause_id, relation in buf.links_removed:
        if uid in buf.deleted:
            continue
        conn.execute("DELETE FROM links WHERE feature_uid = ? AND clause_id = ? AND relation = ?",
                     [uid, clause_id, relation])
        journal.add("unlink", buf.layer_of(uid), uid, clause_id, relation, None)
        report.links += 1

    history = [(h["feature_uid"], h["status"], h["date"], h["source"], None) for h in buf.history
               if h["feature_uid"] not in buf.deleted]
    for uid, _status, _date, source, _ in history:  # why the status changed, beside the change itself
        note("status", buf.layer_of(uid), uid, STATUS_SOURCE, None, source)
    with_history = {h[0] for h in history}
    added = SourceWords("added", editor=journal.editor)  # a new feature's first status
    history += [(uid, rec.get("status"), rec.get("status_date"), str(added), source_words.dumps(added))
                for uid, rec in buf.added.items() if uid not in with_history]
    if history:
        conn.executemany("INSERT INTO status_history (feature_uid, status, date, date_precision, source,"
                         " source_code) VALUES (?, ?, ?, 'day', ?, ?)", history)
        report.history = len(history)

    if buf.actuals:
        report.actuals = write_actuals(conn, buf, journal)
    report.journal = journal.write(conn)
    for layer in report.layers:
        touch_contents(conn, layer, tuple(bounds[layer]) if layer in bounds else None)
    return report
