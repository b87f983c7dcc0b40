"""Tile basemaps: an MBTiles file offline, an XYZ server through its disk cache, and no
network meaning no tiles (and no dialog)."""

from __future__ import annotations

import math
import sqlite3

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSettings
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

pytest.importorskip("pytestqt")
CHONGQING = (106.3, 29.3, 106.9, 29.8)


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def png(color: str) -> bytes:
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(QColor(color))
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data.data())


def make_mbtiles(path, z, x, y, color="#ff0000"):
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        conn.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
        conn.executemany("INSERT INTO metadata VALUES (?, ?)", [("name", "test"), ("format", "png"), ("maxzoom", str(z))])
        conn.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, 2**z - 1 - y, png(color)))
    return path


@pytest.fixture
def window(qtbot, project_copy, tmp_path):
    from gisplanner.ui.main_window import MainWindow

    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    assert win.open_project(project_copy, ask=False)
    win.canvas.zoom_to_bounds(CHONGQING)
    qtbot.waitUntil(win.canvas.frame_is_current, timeout=15000)
    yield win
    win.canvas.shutdown()


def red_share(image: QImage) -> float:
    hits = total = 0
    for x in range(0, image.width(), 17):
        for y in range(0, image.height(), 17):
            c = QColor(image.pixel(x, y))
            hits += c.red() > 200 and c.green() < 80 and c.blue() < 80
            total += 1
    return hits / total


def test_mbtiles_file_draws_under_the_layers(window, qtbot, tmp_path):
    from gisplanner.ui.tiles import MBTilesSource

    assert red_share(window.canvas.frame_image()) < 0.01
    x, y = tile_of(106.6, 29.55, 5)
    source = MBTilesSource(make_mbtiles(tmp_path / "cq.mbtiles", 5, x, y))
    window.tile_basemap.set_source(source, "mbtiles")
    qtbot.waitUntil(window.canvas.frame_is_current, timeout=15000)
    assert window.canvas.last_stats.per_layer["tiles"] >= 1
    assert red_share(window.canvas.frame_image()) > 0.3  # land fill off, the tile shows through
    assert window.settings.value("basemap/tiles") == f"mbtiles:{source.path}"


def test_a_file_that_is_not_mbtiles_is_refused_with_its_name(tmp_path):
    from gisplanner.ui.tiles import MBTilesSource

    bad = tmp_path / "bad.mbtiles"
    sqlite3.connect(bad).execute("CREATE TABLE x (a)").connection.close()
    with pytest.raises(ValueError, match="bad.mbtiles: not an MBTiles file"):
        MBTilesSource(bad)


def test_xyz_without_network_gives_no_tiles_and_no_dialog(window, qtbot, tmp_path):
    from gisplanner.ui.tiles import XYZSource

    source = XYZSource("http://127.0.0.1:9/{z}/{x}/{y}.png", cache_dir=tmp_path / "cache", parent=window)
    window.tile_basemap.set_source(source, "osm")
    qtbot.waitUntil(lambda: len(source.failed) > 0, timeout=15000)
    assert QApplication.activeModalWidget() is None
    assert not any((tmp_path / "cache").rglob("*.png"))
    qtbot.waitUntil(window.canvas.frame_is_current, timeout=15000)
    assert window.canvas.last_stats.per_layer.get("parks", 0) > 0  # the map itself is intact


def test_xyz_tiles_come_from_the_disk_cache(window, qtbot, tmp_path):
    from gisplanner.ui.tiles import XYZSource, tile_zoom, tiles_in_view

    cache = tmp_path / "cache"
    source = XYZSource("http://127.0.0.1:9/{z}/{x}/{y}.png", cache_dir=cache, parent=window)
    z = tile_zoom(window.canvas.view.res)
    for x, y in tiles_in_view(window.canvas.view, z):
        target = source.path(z, x, y)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png("#ff0000"))
    window.tile_basemap.set_source(source, "osm")
    qtbot.waitUntil(window.canvas.frame_is_current, timeout=15000)
    assert red_share(window.canvas.frame_image()) > 0.3
    assert not source.failed
