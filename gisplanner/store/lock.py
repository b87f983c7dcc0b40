"""One editor per project: an advisory lock file beside the GeoPackage.

SQLite alone would let two windows edit the same file and the second save would meet
"database is locked" (or overwrite the first one's work). Instead the window that starts
editing holds ``fcntl.flock`` on ``<project>.lock``; a second instance finds it held, reads
who holds it and opens the project read-only with that explanation. The operating system
drops the lock when the holder exits or crashes, so a stale lock file never blocks anyone.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
from pathlib import Path


class ProjectLocked(RuntimeError):
    """Another process is editing the project; the message says who and since when.

    ``code`` (locked_by, lock_uncreatable) and ``params`` let a face translate it.
    """

    def __init__(self, message: str, holder: dict | None = None, code: str = "locked_by", **params) -> None:
        super().__init__(message)
        self.holder = holder or {}
        self.code = code
        self.params = {**self.holder, **params}


def lock_path(project_path: str | Path) -> Path:
    path = Path(project_path)
    return path.with_name(path.name + ".lock")


def read_holder(project_path: str | Path) -> dict:
    """What the current (or last) holder wrote into the lock file; {} if nothing readable."""
    try:
        return json.loads(lock_path(project_path).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}


class ProjectLock:
    """``with ProjectLock(path, editor):`` or ``acquire()``/``release()``; not re-entrant."""

    def __init__(self, project_path: str | Path, editor: str = "") -> None:
        self.project_path = Path(project_path)
        self.path = lock_path(project_path)
        self.editor = editor
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> ProjectLock:
        if self._fd is not None:
            return self
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise ProjectLocked(f"{self.project_path}: cannot create the edit lock {self.path} "
                                f"({exc.strerror}); the project opens read-only", None, "lock_uncreatable",
                                path=str(self.project_path), lock=str(self.path),
                                reason=exc.strerror or "") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            holder = read_holder(self.project_path)
            raise ProjectLocked(describe_holder(self.project_path, holder), holder,
                                path=str(self.project_path)) from exc
        info = {"pid": os.getpid(), "host": socket.gethostname(), "editor": self.editor,
                "since": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info, ensure_ascii=False).encode("utf-8"), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> ProjectLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def describe_holder(project_path: str | Path, holder: dict) -> str:
    who = holder.get("editor") or "another user"
    where = f"process {holder['pid']} on {holder.get('host', '?')}" if holder.get("pid") else "another window"
    since = f" since {holder['since']}" if holder.get("since") else ""
    return (f"{project_path} is being edited by {who} ({where}){since}; "
            "it is open read-only here until they close it")
