"""Is this file a project of ours, and is it whole? Asked before anything writes to it.

A command must never replace a file gisplanner did not write (a planner's own GeoPackage,
a text file that happens to be named ``.gpkg``), must never block on a named pipe or a
device, and must not write into a damaged project: SQLite would accept the write and the
damage would spread. ``PRAGMA integrity_check`` answers the last question; its first lines
are kept in the error so every face can show them.
"""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
GPKG_APPLICATION_ID = 0x47504B47
# Tables every command reads; a project missing one is damaged, not merely old.
REQUIRED_TABLES = ("gpkg_contents", "plans", "clauses", "links", "status_history", "edits", "project_meta")
CHECK_LINES = 5


class ProjectError(RuntimeError):
    """A project file that cannot be opened; the message names the file and why."""

    code = "unreadable"
    params: dict = {}


class ProjectFileError(ProjectError):
    """A project file that cannot be used; ``code`` and ``params`` let a face word it.

    Codes: missing, folder, not_regular, not_sqlite, not_geopackage, not_project, damaged,
    read_only.
    """

    def __init__(self, message: str, code: str, path: str | Path, **params) -> None:
        super().__init__(message)
        self.code = code
        self.params = {"path": str(path), **params}


class ProjectDamaged(ProjectFileError):
    """A project of ours that fails ``PRAGMA integrity_check`` (``lines``: its first lines)."""

    def __init__(self, path: str | Path, lines: list[str], detail: str = "") -> None:
        shown = "; ".join(lines) if lines else detail
        super().__init__(f"{path}: the project is damaged ({shown}); it was left as it is. "
                         f"Open its .bak copy if there is one, or rebuild into a new file",
                         "damaged", path, lines=lines, detail=detail)
        self.lines = lines


def check_regular_file(path: Path) -> None:
    """Refuse missing paths, folders, pipes and devices without opening them (a FIFO blocks on open)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ProjectFileError(f"{path}: no such project file", "missing", path) from None
    except OSError as exc:
        raise ProjectFileError(f"{path}: cannot be read ({exc.strerror})", "unreadable", path,
                               detail=exc.strerror or "") from exc
    if stat.S_ISDIR(mode):
        raise ProjectFileError(f"{path}: is a folder, not a project file", "folder", path)
    if not stat.S_ISREG(mode):
        raise ProjectFileError(f"{path}: is not a regular file (a pipe, socket or device); "
                               "a project is a GeoPackage file", "not_regular", path)


def file_kind(path: Path) -> str:
    """"project", "geopackage", "sqlite" or "other" from the header (a regular file)."""
    with path.open("rb") as fh:
        head = fh.read(100)
    if not head.startswith(SQLITE_MAGIC):
        return "other"
    if int.from_bytes(head[68:72], "big") != GPKG_APPLICATION_ID:
        return "sqlite"
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "_sqlite_migrations" in tables and conn.execute(
                    "SELECT 1 FROM _sqlite_migrations WHERE migration_set = 'gisplanner' LIMIT 1").fetchone():
                return "project"
            return "project" if {"project_meta", "clauses", "plans"} <= tables else "geopackage"
    except sqlite3.DatabaseError:
        # the header says GeoPackage but the schema cannot be read: ours only if it says so in
        # its text (a damaged project keeps our table names in its pages)
        with path.open("rb") as fh:
            data = fh.read(1 << 20)
        return "project" if b"_sqlite_migrations" in data and b"gisplanner" in data else "geopackage"


def integrity_problems(conn: sqlite3.Connection, limit: int = CHECK_LINES) -> list[str]:
    """The first lines of ``PRAGMA integrity_check`` and missing tables; [] when the file is whole."""
    try:
        rows = [str(r[0]) for r in conn.execute(f"PRAGMA integrity_check({int(limit)})")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    lines = [line for line in "\n".join(rows).splitlines() if line.strip() and not line.startswith("***")]
    problems = [] if lines == ["ok"] else lines[:limit]
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        return problems or [str(exc)]
    problems += [f"table {t} is missing" for t in REQUIRED_TABLES if t not in tables]
    return problems


def check_integrity(path: Path) -> None:
    """Raise ProjectDamaged when the file fails the integrity check (read-only connection)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ProjectDamaged(path, [str(exc)]) from exc
    try:
        problems = integrity_problems(conn)
    finally:
        conn.close()
    if problems:
        raise ProjectDamaged(path, problems)


def damaged_from(path: Path, exc: sqlite3.Error) -> ProjectFileError:
    """The error to report when reading a project failed: damaged (with the check's lines) or the cause."""
    try:
        check_integrity(path)
    except ProjectDamaged as damaged:
        return damaged
    except OSError:
        pass
    return ProjectFileError(f"{path}: cannot be read as a project ({exc})", "unreadable", path, detail=str(exc))
