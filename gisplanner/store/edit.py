"""Edit sessions: a buffer of checked changes with undo/redo, saved in one transaction.

Like QGIS's edit buffer: ``session = project.edit(editor="王工")`` takes the project's edit
lock, changes go into the buffer (the map and table read the merged view through the
session), ``undo``/``redo`` walk the change list, ``commit`` writes everything plus the
audit journal in one ``BEGIN IMMEDIATE`` transaction, ``discard`` drops it. Every change
is mirrored to a recovery file so a crash loses nothing. Qt wraps this in a QUndoStack;
the core needs no Qt.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psygnal import Signal
from shapely import affinity
from shapely.geometry.base import BaseGeometry

from gisplanner.store.actuals import ActualVerbs
from gisplanner.store.changes import (
    AddFeature,
    Change,
    DeleteFeatures,
    EditRefused,
    LinkClause,
    SetAttribute,
    SetGeometry,
    SetStatus,
    UnlinkClause,
)
from gisplanner.store.edit_buffer import Buffer, StoredRows
from gisplanner.store.edit_view import MergedView
from gisplanner.store.gpkg_sql import WriteError, connect_writer, write_transaction
from gisplanner.store.journal import Journal
from gisplanner.store.lock import ProjectLock
from gisplanner.store.recovery import (
    Recovery,
    RecoveryError,
    read_recovery,
    recovery_path,
    roll_back_interrupted_save,
    write_recovery,
)
from gisplanner.store.save import SaveReport, write_buffer

if TYPE_CHECKING:
    from gisplanner.store.project import Project


class RecoveryUnwritable(RuntimeError):
    """The recovery file cannot be written (full disk, folder turned read-only): edits go on,
    but a crash now would lose them. Kept on the session as ``recovery_problem``."""

    code = "recovery_unwritable"

    def __init__(self, path: Path, exc: OSError) -> None:
        reason = exc.strerror or str(exc)
        super().__init__(f"{path}: unsaved edits cannot be kept for crash recovery ({reason}); save soon")
        self.params = {"path": str(path), "detail": reason}


class ProjectReadOnly(RuntimeError):
    """The project file or its folder cannot be written; it can only be viewed."""

    code = "read_only_folder"

    def __init__(self, message: str, path: str | Path = "") -> None:
        super().__init__(message)
        self.params = {"path": str(path)}


def _uids(change: Change) -> set[str]:
    return set(getattr(change, "uids", None) or [getattr(change, "uid", "")])


class EditSession(ActualVerbs, MergedView):
    """One user's unsaved edits to one project. Not thread-safe; one per window.

    What the map, tables and forms read (features and values with the edits applied) comes
    from ``MergedView``; the verbs for indicator actual values from ``ActualVerbs``."""

    changed = Signal(object)   # set of affected uids, or None when everything may have changed
    saved = Signal(object)     # SaveReport
    stack_changed = Signal()   # undo/redo availability or texts changed

    def __init__(self, project: Project, editor: str = "", *, lock: bool = True) -> None:
        self.project = project
        self.path = Path(project.path)
        self.editor = editor or os.environ.get("USER", "")
        self.session_id = uuid.uuid4().hex[:12]
        folder = self.path.parent
        if not os.access(self.path, os.W_OK) or not os.access(folder, os.W_OK | os.X_OK):
            raise ProjectReadOnly(f"{self.path}: the file or its folder is read-only; "
                                  "copy the project somewhere writable to edit it", self.path)
        self._lock = ProjectLock(self.path, self.editor)
        if lock:
            self._lock.acquire()  # raises ProjectLocked naming the other editor
        try:
            roll_back_interrupted_save(self.path)
            self.leftover = self._take_leftover()
            self.stored = StoredRows(project.db.conn, [d.name for d in project.layers()])
        except BaseException:
            self._lock.release()
            raise
        self.buffer = Buffer(self.stored)
        self.done: list[Change] = []
        self.undone: list[Change] = []
        self.recovery_problem: RecoveryUnwritable | None = None
        self._conn = None
        # the map reads ``features`` in a worker thread: buffer changes and that read take turns
        # (signals are emitted outside it, so no handler runs while a reader waits)
        self._turns = threading.RLock()

    def _take_leftover(self) -> Recovery | None:
        """A previous session's recovery file, moved aside so this session never overwrites it."""
        path = recovery_path(self.path)
        if not path.exists():
            return None
        aside = path.with_name(f"{self.path.name}.recovery-{self.session_id}.json")
        os.replace(path, aside)
        try:
            return read_recovery(aside)
        except RecoveryError:
            return None  # unreadable: left on disk under its new name for a person to look at

    # -- life cycle ---------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return bool(self.done)

    def close(self) -> None:
        """End the session: release the lock; unsaved changes stay in the recovery file."""
        main = recovery_path(self.path)
        if self.leftover is not None and self.leftover.path.exists() and not main.exists():
            os.replace(self.leftover.path, main)  # neither restored nor declined: offer it again next time
            self.leftover = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self._lock.release()

    def __enter__(self) -> EditSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- changes ------------------------------------------------------------------------------
    def do(self, change: Change) -> Change:
        """Check the change against the current view and put it in the buffer (or EditRefused)."""
        with self._turns, self.stored.steady():
            self.stored.resolve(_uids(change) - {""})  # one query for a bulk change's uids
            change.check(self)
            affected = change.apply(self.buffer)
            self.done.append(change)
            self.undone.clear()
        self._after(affected)
        return change

    def undo(self) -> Change | None:
        if not self.done:
            return None
        with self._turns:
            change = self.done.pop()
            self.undone.append(change)
            self._replay()
        self._after(_uids(change))
        return change

    def redo(self) -> Change | None:
        if not self.undone:
            return None
        with self._turns, self.stored.steady():
            change = self.undone.pop()
            change.apply(self.buffer)
            self.done.append(change)
        self._after(_uids(change))
        return change

    def _replay(self) -> None:
        self.buffer.clear()
        with self.stored.steady():
            self.stored.load(sorted({u for change in self.done for u in _uids(change)} - {""}))
            for change in self.done:
                change.apply(self.buffer)

    def _after(self, affected: set[str] | None) -> None:
        self._mirror(self.done)
        self.changed.emit(affected)
        self.stack_changed.emit()

    def _mirror(self, changes: list[Change]) -> None:
        """Keep the recovery file in step; a failure never loses the buffer, it is only reported."""
        try:
            write_recovery(self.path, self.editor, self.session_id, changes)
            self.recovery_problem = None
        except OSError as exc:
            self.recovery_problem = RecoveryUnwritable(recovery_path(self.path), exc)

    # -- convenience verbs ---------------------------------------------------------------------
    def _layer(self, uid: str) -> str:
        layer = self.layer_of(uid)
        if layer is None:
            raise EditRefused("no_feature", uid=uid)
        return layer

    def set_value(self, uid: str, field: str, value: Any) -> Change:
        return self.do(SetAttribute(self._layer(uid), [uid], field, value))

    def set_values(self, layer: str, uids: Sequence[str], field: str, value: Any) -> Change:
        return self.do(SetAttribute(layer, list(uids), field, value))

    def set_status(self, uids: str | Sequence[str], status: str, date: str, source: str) -> Change:
        uids = [uids] if isinstance(uids, str) else list(uids)
        if not uids:
            raise EditRefused("no_features")
        with self.stored.steady():
            self.stored.load(uids)
            return self.do(SetStatus(self._layer(uids[0]), uids, status, date, source))

    def add_feature(self, layer: str, attributes: dict[str, Any], geometry: BaseGeometry) -> Change:
        attributes = dict(attributes)
        if not attributes.get("uid"):
            attributes["uid"] = f"user.{layer}.{uuid.uuid4().hex[:8]}"
        return self.do(AddFeature.make(layer, attributes, geometry))

    def delete(self, uids: str | Iterable[str]) -> Change:
        uids = [uids] if isinstance(uids, str) else list(uids)
        return self.do(DeleteFeatures(self._layer(uids[0]), uids))

    def set_geometry(self, uid: str, geometry: BaseGeometry, verb: str = "修改形状") -> Change:
        return self.do(SetGeometry.make(self._layer(uid), uid, geometry, verb))

    def move(self, uid: str, dx: float, dy: float) -> Change:
        geom = self.geometry(uid)
        if geom is None:
            raise EditRefused("nothing_to_move", uid=uid)
        return self.do(SetGeometry.make(self._layer(uid), uid, affinity.translate(geom, dx, dy), "移动"))

    def link(self, uid: str, clause_id: str, relation: str = "mandates", quote: str | None = None) -> Change:
        return self.do(LinkClause(uid, clause_id, relation, quote))

    def unlink(self, uid: str, clause_id: str, relation: str = "mandates") -> Change:
        return self.do(UnlinkClause(uid, clause_id, relation))

    # -- save / discard / recover --------------------------------------------------------------
    def commit(self) -> SaveReport:
        """Write the whole buffer and its journal in one transaction; on failure keep the buffer."""
        if not self.done:
            return SaveReport()
        with self._turns:
            if self._conn is None:
                self._conn = connect_writer(self.path)
            journal = Journal(self.editor, self.session_id)
            try:
                with write_transaction(self._conn, self.path), self.stored.steady():
                    report = write_buffer(self._conn, self.buffer, journal)
            except WriteError:
                # SQLite may have opened the file read-only, or the disk may recover: reconnect next time
                self._conn.close()
                self._conn = None
                raise
            self.done.clear()
            self.undone.clear()
            self.buffer.clear()
            self.buffer.clear_base()
            self.stored.saved(report.new_fids, report.deleted_uids)
        self._mirror([])
        self.saved.emit(report)
        self.changed.emit(None)
        self.stack_changed.emit()
        return report

    save = commit

    def discard(self) -> None:
        """Drop every unsaved change (and the recovery file)."""
        with self._turns:
            self.done.clear()
            self.undone.clear()
            self.buffer.clear()
            self.buffer.clear_base()
        self._mirror([])
        self.changed.emit(None)
        self.stack_changed.emit()

    rollback = discard

    def restore(self, recovery: Recovery) -> list[str]:
        """Replay a recovery file's changes; returns why any could not be replayed (skipped)."""
        problems = []
        for i, change in enumerate(recovery.load_changes(), 1):
            try:
                self.do(change)
            except EditRefused as exc:
                problems.append(f"change {i} ({change.kind}): {exc}")
        if recovery.path != recovery_path(self.path):
            recovery.remove()  # its changes now live in the session's own recovery file
        if recovery is self.leftover:
            self.leftover = None
        return problems

    def drop_leftover(self) -> None:
        """The user declined to restore the previous session's unsaved edits."""
        if self.leftover is not None:
            self.leftover.remove()
            self.leftover = None


__all__ = ["EditRefused", "EditSession", "ProjectReadOnly", "RecoveryUnwritable", "WriteError"]
