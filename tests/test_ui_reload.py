"""Reloading layers after an edit or import: only the layers concerned, read in a worker
thread while the window keeps handling events (real project copy, offscreen Qt)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QColor

from gisplanner.store.gpkg_sql import connect_writer

pytest.importorskip("pytestqt")

SYNTHETIC = 100_000


@pytest.fixture
def window(qtbot, project_copy, tmp_path):
    from gisplanner.ui.main_window import MainWindow

    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    yield win
    win.canvas.shutdown()
    win.set_project(None)


def open_and_draw(window, qtbot, path) -> None:
    assert window.open_project(path, ask=False)
    qtbot.waitUntil(window.canvas.frame_is_current, timeout=20000)


def add_synthetic_points(path, n: int) -> None:
    """Append ``n`` points to the facilities layer of the project file (as an import would)."""
    import geopandas as gpd
    import pyogrio
    import shapely

    rng = np.random.default_rng(3)
    points = shapely.points(rng.uniform(106.4, 106.7, n), rng.uniform(29.3, 29.5, n))
    frame = gpd.GeoDataFrame({"uid": [f"syn.{i}" for i in range(n)], "name_zh": [f"点{i}" for i in range(n)],
                              "status": "planned"}, geometry=points, crs="EPSG:4326")
    layer_geom = pyogrio.read_info(path, layer="facilities")["geometry_name"]
    pyogrio.write_dataframe(frame.rename_geometry(layer_geom), path, layer="facilities", append=True)


def test_reload_of_a_100k_layer_runs_while_the_window_handles_events(window, qtbot, project_copy):
    add_synthetic_points(project_copy, SYNTHETIC)
    open_and_draw(window, qtbot, project_copy)
    before = {name: ml for name, ml in window._map_layers.items()}
    assert before["facilities"].data.n >= SYNTHETIC
    ticks = [0]
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    timer.start()
    with qtbot.waitSignal(window.layers_reloaded, timeout=30000) as done:
        window.reload_layers(layers=["facilities"])
        assert window._map_layers["facilities"] is before["facilities"]  # old data drawn meanwhile
        assert ticks[0] == 0
    timer.stop()
    print(f"timer ticks during the reload of {SYNTHETIC} features: {ticks[0]}")
    assert ticks[0] >= 5  # the event loop kept running: input is never blocked for the whole read
    assert done.args[0] == ["facilities"]
    assert window._map_layers["facilities"] is not before["facilities"]
    for name in before:  # the other layers were not re-read
        if name != "facilities":
            assert window._map_layers[name] is before[name]
    assert window._map_layers["facilities"].model is before["facilities"].model  # visibility kept


def centre_colour(window, uid: str) -> QColor:
    data = window._map_layers["facilities"].data
    lon, lat = data.geoms[data.uid_index[uid]].coords[0]
    point = window.canvas.map_to_screen(lon, lat)
    image = window.canvas.frame_image()
    return QColor(image.pixel(round(point.x()), round(point.y())))


def test_a_changed_status_shows_its_colour_after_reload(window, qtbot, project_copy):
    from gisplanner.layers import status

    open_and_draw(window, qtbot, project_copy)
    window.set_labels_visible(False)
    window.set_basemap_visible(False)
    for layer in window.layer_list:
        layer.visible = layer.name == "facilities"
    data = window._map_layers["facilities"].data
    xy = np.array([g.coords[0] for g in data.geoms])
    alone = [i for i in range(data.n) if (np.abs(xy - xy[i]).max(axis=1) < 0.01).sum() == 1]
    uid = next(data.column("uid")[i] for i in alone if data.column("status")[i] != "cancelled")
    assert window.zoom_to_feature(uid)
    qtbot.waitUntil(window.canvas.frame_is_current, timeout=20000)
    old_colour = QColor(status(data.column("status")[data.uid_index[uid]]).color)
    assert centre_colour(window, uid).name() == old_colour.name()
    with connect_writer(project_copy) as db:
        db.execute("UPDATE facilities SET status = 'cancelled' WHERE uid = ?", [uid])
    with qtbot.waitSignal(window.layers_reloaded, timeout=20000) as done:
        window.reload_layers(uids=[uid])
    assert done.args[0] == ["facilities"]  # only the feature's own layer
    qtbot.waitUntil(window.canvas.frame_is_current, timeout=20000)
    assert centre_colour(window, uid).name() == QColor(status("cancelled").color).name()


def test_readers_of_map_layers_see_a_pending_reload(window, qtbot, project_copy):
    open_and_draw(window, qtbot, project_copy)
    data = window._map_layers["facilities"].data
    uid = data.column("uid")[0]
    with connect_writer(project_copy) as db:
        db.execute("UPDATE facilities SET name_zh = '改名后的设施' WHERE uid = ?", [uid])
    window.reload_layers()  # the old call: every layer, in the background
    fresh = window.map_layers["facilities"].data  # waits for the read instead of handing out stale data
    assert fresh.columns["name_zh"][fresh.uid_index[uid]] == "改名后的设施"


def test_reload_requests_during_a_read_are_merged_and_none_is_lost(window, qtbot, project_copy):
    open_and_draw(window, qtbot, project_copy)
    seen: list[str] = []
    window.layers_reloaded.connect(seen.extend)
    window.reload_layers(layers=["parks"])
    window.reload_layers(layers=["facilities"])  # while parks is still being read
    window.reload_layers(layers=["transport_points"])
    qtbot.waitUntil(lambda: not window.loader.busy(), timeout=20000)
    assert set(seen) == {"parks", "facilities", "transport_points"}
    assert seen[0] == "parks" and sorted(seen[1:]) == ["facilities", "transport_points"]  # one more read
