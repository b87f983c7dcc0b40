"""Spatial bookmarks: named map extents kept in the project (table ``bookmarks``).

Every face reads the same list: the window's Bookmarks menu and panel, and the HTML export's
bookmark list. The three parks become bookmarks when the table is made. Adding, renaming
and deleting are journaled like feature edits, so a project holding the user's bookmarks is
never rebuilt over.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass

from gisplanner.errors import CodedError
from gisplanner.store.gpkg_geometry import envelope
from gisplanner.store.journal import Journal

TABLE = "bookmarks"
PARK_BOOKMARKS = ("cq.biocity", "zh.health-port", "bz.qinba-park")
MAX_NAME = 80
PARK_MARGIN = 0.15  # of the park's size, on each side


class BookmarkError(CodedError):
    """A bookmark change refused; ``code`` and ``params`` let each face word it."""


@dataclass(frozen=True)
class Bookmark:
    fid: int
    name: str
    bounds: tuple[float, float, float, float]  # WGS84 min lon, min lat, max lon, max lat

    @property
    def center(self) -> tuple[float, float]:
        return (self.bounds[0] + self.bounds[2]) / 2, (self.bounds[1] + self.bounds[3]) / 2


def create_table(conn: sqlite3.Connection) -> None:
    """The table (an INTEGER primary key, as GeoPackage attribute tables have) and the parks."""
    conn.execute(
        f'CREATE TABLE "{TABLE}" (fid INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE,'
        " min_lon REAL NOT NULL, min_lat REAL NOT NULL, max_lon REAL NOT NULL, max_lat REAL NOT NULL,"
        " source TEXT)")
    if not _has_table(conn, "gpkg_geometry_columns"):
        return
    row = conn.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = 'parks'").fetchone()
    if row is None:
        return
    geom = row[0]
    marks = ", ".join("?" * len(PARK_BOOKMARKS))
    rows = {uid: (name, blob) for uid, name, blob in conn.execute(
        f'SELECT uid, name_zh, "{geom}" FROM parks WHERE uid IN ({marks})', PARK_BOOKMARKS)}
    for uid in PARK_BOOKMARKS:
        name, blob = rows.get(uid, (None, None))
        env = envelope(blob)
        if env is None or not name:
            continue
        minx, maxx, miny, maxy = env
        dx, dy = (maxx - minx) * PARK_MARGIN, (maxy - miny) * PARK_MARGIN
        conn.execute(f'INSERT OR IGNORE INTO "{TABLE}" (name, min_lon, min_lat, max_lon, max_lat, source)'
                     " VALUES (?, ?, ?, ?, ?, ?)", [name, minx - dx, miny - dy, maxx + dx, maxy + dy, f"park {uid}"])


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]).fetchone() is not None


def list_bookmarks(conn: sqlite3.Connection) -> list[Bookmark]:
    if not _has_table(conn, TABLE):
        return []
    return [Bookmark(fid, name, (a, b, c, d)) for fid, name, a, b, c, d in conn.execute(
        f'SELECT fid, name, min_lon, min_lat, max_lon, max_lat FROM "{TABLE}" ORDER BY fid')]


def clean_name(name: str) -> str:
    text = " ".join((name or "").split())
    if not text:
        raise BookmarkError("empty_name")
    if len(text) > MAX_NAME:
        raise BookmarkError("name_too_long", limit=MAX_NAME)
    return text


def check_bounds(bounds) -> tuple[float, float, float, float]:
    try:
        a, b, c, d = (float(v) for v in bounds)
    except (TypeError, ValueError):
        raise BookmarkError("bad_extent", bounds=str(bounds)) from None
    if not all(math.isfinite(v) for v in (a, b, c, d)) or not (-180 <= a < c <= 180 and -90 <= b < d <= 90):
        raise BookmarkError("bad_extent", bounds=str((a, b, c, d)))
    return a, b, c, d


class BookmarkStore:
    """The verbs behind ``Project.add_bookmark`` and friends, on the project's connection."""

    def __init__(self, conn: sqlite3.Connection, read_only: bool, path: str, editor: str = "") -> None:
        self.conn, self.read_only, self.path, self.editor = conn, read_only, path, editor

    def _find(self, name: str) -> Bookmark:
        for bookmark in list_bookmarks(self.conn):
            if bookmark.name == name:
                return bookmark
        raise BookmarkError("unknown", name=name)

    def _write(self, action: str, name: str, old, new, sql: str, args: list) -> None:
        if self.read_only:
            raise BookmarkError("read_only", path=self.path)
        journal = Journal(editor=self.editor, session="bookmarks")
        journal.add(action, TABLE, name, "name" if action == "bookmark_rename" else "extent", old, new)
        try:
            with self.conn:
                self.conn.execute(sql, args)
                journal.write(self.conn)
        except sqlite3.IntegrityError:
            raise BookmarkError("name_taken", name=name) from None
        except sqlite3.Error as exc:
            raise BookmarkError("not_saved", path=self.path, detail=str(exc)) from exc

    def add(self, name: str, bounds) -> Bookmark:
        name, (a, b, c, d) = clean_name(name), check_bounds(bounds)
        if any(bm.name == name for bm in list_bookmarks(self.conn)):
            raise BookmarkError("name_taken", name=name)
        self._write("bookmark_add", name, None, f"{a},{b},{c},{d}",
                    f'INSERT INTO "{TABLE}" (name, min_lon, min_lat, max_lon, max_lat, source)'
                    " VALUES (?, ?, ?, ?, ?, 'user')", [name, a, b, c, d])
        return self._find(name)

    def rename(self, old: str, new: str) -> Bookmark:
        bookmark, new = self._find(old), clean_name(new)
        if new == old:
            return bookmark
        if any(bm.name == new for bm in list_bookmarks(self.conn)):
            raise BookmarkError("name_taken", name=new)
        self._write("bookmark_rename", new, old, new, f'UPDATE "{TABLE}" SET name = ? WHERE fid = ?', [new, bookmark.fid])
        return self._find(new)

    def remove(self, name: str) -> None:
        bookmark = self._find(name)
        a, b, c, d = bookmark.bounds
        self._write("bookmark_delete", name, f"{a},{b},{c},{d}", None,
                    f'DELETE FROM "{TABLE}" WHERE fid = ?', [bookmark.fid])


__all__ = ["PARK_BOOKMARKS", "Bookmark", "BookmarkError", "BookmarkStore", "create_table", "list_bookmarks"]
