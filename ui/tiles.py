"""Raster tile basemaps under the vector layers: an MBTiles file (offline) or an XYZ tile
server with an on-disk cache. Both are opt-in; the shipped vector basemap needs neither.

The canvas draws in Web Mercator, so 256-pixel tiles land on it unwarped. Tiles are read in
the render thread; online tiles that are not cached yet are fetched afterwards on the GUI
thread without blocking, and a failed or absent network only means no tiles: no dialog.
"""

from __future__ import annotations

import logging
import math
import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QRectF, QUrl, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

from gisplanner.errors import Blank, CodedError
from gisplanner.ui.geo import R, View

# Why a tile file cannot be a basemap, in English; the menu words the code (ui/tile_menu.py).
TILE_ERRORS = {"not_mbtiles": "{file}: not an MBTiles file"}


class TileFileError(CodedError):
    """A file that cannot be read as tiles: ``code`` and ``file``; ``str()`` adds what SQLite said."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, **params)
        self.args = (TILE_ERRORS[code].format_map(Blank(params)) + f" ({params.get('detail', '')})",)

log = logging.getLogger(__name__)
TILE = 256
WORLD = 2 * math.pi * R
OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
MAX_PARENT_LEVELS = 6  # a missing tile borrows part of an ancestor up to 6 levels up


def tile_zoom(res: float, max_zoom: int = 19) -> int:
    """Zoom level whose tile pixels are closest to ``res`` metres per pixel."""
    return int(min(max(round(math.log2(WORLD / (TILE * res))), 0), max_zoom))


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    size = WORLD / 2**z
    x0 = -WORLD / 2 + x * size
    y1 = WORLD / 2 - y * size
    return x0, y1 - size, x0 + size, y1


def tiles_in_view(view: View, z: int) -> list[tuple[int, int]]:
    x0, y0, x1, y1 = view.extent
    n = 2**z
    size = WORLD / n

    def col(v: float) -> int:
        return min(max(int((v + WORLD / 2) // size), 0), n - 1)

    def row(v: float) -> int:
        return min(max(int((WORLD / 2 - v) // size), 0), n - 1)

    return [(x, y) for x in range(col(x0), col(x1) + 1) for y in range(row(y1), row(y0) + 1)]


class MBTilesSource:
    """Tiles from an MBTiles file (SQLite, TMS rows)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            meta = dict(self._conn.execute("SELECT name, value FROM metadata").fetchall())
            self._conn.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles LIMIT 1")
        except sqlite3.DatabaseError as exc:
            if hasattr(self, "_conn"):
                self._conn.close()
            raise TileFileError("not_mbtiles", file=self.path, detail=exc) from exc
        self.max_zoom = int(meta.get("maxzoom", 19))
        self.name = meta.get("name", self.path.stem)

    def get(self, z: int, x: int, y: int) -> QImage | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                (z, x, 2**z - 1 - y)).fetchone()
        if row is None:
            return None
        image = QImage.fromData(bytes(row[0]))
        return None if image.isNull() else image

    def want(self, z: int, x: int, y: int) -> None:
        """Nothing to fetch: the file has what it has."""

    def close(self) -> None:
        self._conn.close()


class XYZSource(QObject):
    """Tiles from a z/x/y URL, kept on disk; missing ones are fetched in the background."""

    arrived = Signal()

    def __init__(self, url: str = OSM_URL, cache_dir: Path | None = None, max_zoom: int = 19,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.url, self.max_zoom, self.name = url, max_zoom, url
        self.cache_dir = Path(cache_dir or Path.home() / ".cache" / "gisplanner" / "tiles")
        self._wanted: set[tuple[int, int, int]] = set()
        self._pending: set[tuple[int, int, int]] = set()
        self.failed: set[tuple[int, int, int]] = set()
        self._lock = threading.Lock()
        self._net: QNetworkAccessManager | None = None

    def path(self, z: int, x: int, y: int) -> Path:
        return self.cache_dir / str(z) / str(x) / f"{y}.png"

    def get(self, z: int, x: int, y: int) -> QImage | None:
        p = self.path(z, x, y)
        if p.exists():
            image = QImage(str(p))
            if not image.isNull():
                return image
        return None

    def want(self, z: int, x: int, y: int) -> None:
        with self._lock:
            key = (z, x, y)
            if key not in self.failed and key not in self._pending:
                self._wanted.add(key)

    def fetch_wanted(self, limit: int = 24) -> None:
        """Start downloads for tiles the last frame lacked (GUI thread)."""
        with self._lock:
            batch = list(self._wanted)[:limit]
            self._wanted.clear()
            self._pending.update(batch)
        if not batch:
            return
        if self._net is None:
            self._net = QNetworkAccessManager(self)
            self._net.setTransferTimeout(8000)
        for z, x, y in batch:
            request = QNetworkRequest(QUrl(self.url.format(z=z, x=x, y=y)))
            request.setHeader(QNetworkRequest.KnownHeaders.UserAgentHeader, "gisplanner/0.1 (desktop GIS)")
            reply = self._net.get(request)
            reply.finished.connect(lambda r=reply, k=(z, x, y): self._done(r, k))

    def _done(self, reply: QNetworkReply, key: tuple[int, int, int]) -> None:
        self._pending.discard(key)
        data = bytes(reply.readAll().data())
        ok = reply.error() == QNetworkReply.NetworkError.NoError and not QImage.fromData(data).isNull()
        reply.deleteLater()
        if not ok:
            self.failed.add(key)  # no network, refused, not an image: no retry this session
            log.info("tile %s not fetched: %s", key, reply.errorString())
            return
        target = self.path(*key)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(target)  # never a half-written tile in the cache
        self.arrived.emit()


class TileLayer:
    """Draws a tile source into a frame (called by the renderer, in the render thread)."""

    def __init__(self, source, opacity: float = 1.0) -> None:
        self.source = source
        self.opacity = opacity

    def paint(self, painter: QPainter, view: View) -> int:
        z = tile_zoom(view.res, self.source.max_zoom)
        painter.save()
        painter.setOpacity(self.opacity)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        drawn = 0
        for x, y in tiles_in_view(view, z):
            image, src = self._tile_or_ancestor(z, x, y)
            if image is None:
                continue
            x0, y0, x1, y1 = tile_bounds(z, x, y)
            (ax, ay), (bx, by) = view.to_screen(_pts([[x0, y1], [x1, y0]]))
            painter.drawImage(QRectF(ax, ay, bx - ax, by - ay), image, src)
            drawn += 1
        painter.restore()
        return drawn

    def _tile_or_ancestor(self, z: int, x: int, y: int) -> tuple[QImage | None, QRectF]:
        image = self.source.get(z, x, y)
        if image is not None:
            return image, QRectF(image.rect())
        self.source.want(z, x, y)
        for up in range(1, min(MAX_PARENT_LEVELS, z) + 1):
            parent = self.source.get(z - up, x >> up, y >> up)
            if parent is not None:
                k = 2**up
                w, h = parent.width() / k, parent.height() / k
                return parent, QRectF((x % k) * w, (y % k) * h, w, h)
        return None, QRectF()


def _pts(rows):
    import numpy as np

    return np.array(rows, dtype=float)
