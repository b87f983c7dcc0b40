"""Unsaved edits survive a crash: the buffer is mirrored to ``<project>.recovery.json``.

After every change the session rewrites the file atomically (temp file, rename), so
it always holds a complete list of changes. On the next launch ``find_recovery`` offers it
back, unless another live window holds the project's edit lock (then it is that window's
working copy, not a leftover). A crashed save is undone by SQLite itself: the hot journal
is rolled back the next time the file is opened for writing (``roll_back_interrupted_save``).
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gisplanner.store.changes import Change, change_from_json
from gisplanner.store.journal import now_utc
from gisplanner.store.lock import ProjectLock, ProjectLocked

FORMAT = 1


class RecoveryError(ValueError):
    """A recovery file that cannot be read; names the file (``code``/``params`` for translation)."""

    code = "recovery_unreadable"

    def __init__(self, message: str, path: str | Path = "", detail: str = "") -> None:
        super().__init__(message)
        self.params = {"path": str(path), "detail": detail}


def recovery_path(project_path: str | Path) -> Path:
    path = Path(project_path)
    return path.with_name(path.name + ".recovery.json")


@dataclass
class Recovery:
    path: Path
    project: Path
    editor: str
    session: str
    updated: str
    changes: list[dict[str, Any]]

    def summary(self) -> str:
        return f"{len(self.changes)} unsaved change(s) by {self.editor or 'unknown'}, last at {self.updated}"

    def load_changes(self) -> list[Change]:
        return [change_from_json(c) for c in self.changes]

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def write_recovery(project_path: Path, editor: str, session: str, changes: list[Change]) -> None:
    """Mirror the buffer; an empty buffer removes the file."""
    target = recovery_path(project_path)
    if not changes:
        target.unlink(missing_ok=True)
        return
    data = {"format": FORMAT, "project": str(project_path), "editor": editor, "session": session,
            "updated": now_utc(), "changes": [c.to_json() for c in changes]}
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        text = json.dumps(data, ensure_ascii=False)  # in C at once; ``json.dump`` streams in Python
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        # No fsync: the file guards against the app dying (its data is in the OS cache by then);
        # the rename alone makes every version complete. Durability is the job of Save.
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)  # a full disk leaves no half-written temp file behind
        raise


def read_recovery(path: Path) -> Recovery:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Recovery(path=path, project=Path(data["project"]), editor=data.get("editor", ""),
                        session=data.get("session", ""), updated=data.get("updated", ""),
                        changes=list(data["changes"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RecoveryError(f"{path}: not a readable recovery file ({exc})", path, str(exc)) from exc


def find_recovery(project_path: str | Path) -> Recovery | None:
    """Unsaved edits left by a session that ended without saving or discarding, if any."""
    path = recovery_path(project_path)
    if not path.exists():
        return None
    try:
        ProjectLock(project_path).acquire().release()
    except ProjectLocked:
        return None  # a live window is editing: this is its working copy
    return read_recovery(path)


def roll_back_interrupted_save(project_path: str | Path) -> bool:
    """Roll back a save cut short by a crash (a hot ``-journal`` file); True if there was one.

    A read-only connection cannot roll back a hot journal, so the first writer-capable open
    does it; call this before opening read-only after a crash.
    """
    project_path = Path(project_path)
    journal = project_path.with_name(project_path.name + "-journal")
    if not journal.exists():
        return False
    conn = sqlite3.connect(project_path, timeout=5)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()
    return True
