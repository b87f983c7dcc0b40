"""Renderer and canvas mechanics on real geometry: culling, level of detail, cached pan
frames, labels that do not overlap, and the launch path through main.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QPoint, Qt

pytest.importorskip("pytestqt")
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def grid_layer(qapp):
    """40×40 small squares over 1°×1° near the Bio-City, statuses cycling."""
    from gisplanner.layers import STATUS_IDS
    from gisplanner.ui.layer_data import LayerData
    from gisplanner.ui.map_layers import style_groups
    from gisplanner.ui.renderer import RenderLayer

    xs, ys = np.meshgrid(np.linspace(106.0, 107.0, 40), np.linspace(29.0, 30.0, 40))
    boxes = shapely.box(xs.ravel(), ys.ravel(), xs.ravel() + 0.01, ys.ravel() + 0.01)
    n = len(boxes)
    status = np.array([STATUS_IDS[i % len(STATUS_IDS)] for i in range(n)], dtype=object)
    data = LayerData("parks", boxes, {"uid": np.array([f"g{i}" for i in range(n)], dtype=object),
                                       "name_zh": np.array([f"地块{i}" for i in range(n)], dtype=object),
                                       "status": status, "kind": np.full(n, "industrial_park", dtype=object)})
    group, styles = style_groups(data, "parks")
    return RenderLayer(data=data, group=group, styles=styles, label_column="name_zh")


def view_of(bounds, width=800, height=600):
    from gisplanner.ui.geo import View, lonlat_bounds_to_merc

    return View(0, 0, 1, width, height).fit(lonlat_bounds_to_merc(bounds), margin=0)


def test_far_view_draws_dots_and_near_view_culls(grid_layer):
    from gisplanner.ui.renderer import new_image, render

    far = view_of((95.0, 20.0, 118.0, 36.0))
    stats = render(new_image(far), far, [grid_layer])
    assert stats.drawn == grid_layer.data.n
    assert stats.dots == grid_layer.data.n  # each square is well under a pixel there
    near = view_of((106.0, 29.0, 106.1, 29.08))
    stats = render(new_image(near), near, [grid_layer])
    assert 0 < stats.drawn < 40
    assert stats.dots == 0


def test_simplified_paths_are_cached_per_scale_level(grid_layer):
    from gisplanner.ui.layer_data import lod_level

    data = grid_layer.data
    idx = np.arange(5)
    first = data.paths(idx, 10.0)
    assert data.paths(idx, 10.5)[0] is first[0]  # same level: reused
    assert lod_level(10.0) != lod_level(40.0)
    assert data.paths(idx, 40.0)[0] is not first[0]


def test_filter_mask_hides_features_from_frame(grid_layer):
    from gisplanner.ui.filters import FeatureFilter
    from gisplanner.ui.renderer import new_image, render

    f = FeatureFilter()
    f.statuses = {"completed"}
    grid_layer.mask = f.mask(grid_layer.data.column("status"), grid_layer.data.column("deadline"))
    v = view_of((106.0, 29.0, 107.01, 30.01))
    stats = render(new_image(v), v, [grid_layer])
    assert stats.drawn == int((grid_layer.data.column("status") == "completed").sum()) > 0


def test_labels_never_overlap(grid_layer):
    from gisplanner.ui.labels import Candidate, LabelPlacer

    placer = LabelPlacer(400, 300)
    cands = [Candidate(0, 100 + (i % 5) * 3, 100 + (i // 5) * 3, f"重庆国际生物城{i}") for i in range(50)]
    placed = placer.place(cands)
    assert 1 <= len(placed) < 50
    rects = [r for _c, r in placed]
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not a.intersects(b)


def test_pan_shows_the_cached_frame_shifted(qtbot, grid_layer):
    from gisplanner.ui.canvas import MapCanvas

    canvas = MapCanvas(threaded=False)
    qtbot.addWidget(canvas)
    canvas.resize(400, 300)
    canvas.show()
    canvas.layer_source = lambda: [grid_layer]
    canvas.zoom_to_bounds((106.0, 29.0, 106.3, 29.2))
    qtbot.waitUntil(canvas.frame_is_current, timeout=5000)
    before = canvas.grab().toImage()
    canvas.setFocus()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(200, 150))
    qtbot.mouseMove(canvas, QPoint(250, 150))
    assert not canvas.frame_is_current()  # dragging: no new render yet
    during = canvas.grab().toImage()
    # the picture moved 50 px right: a column of the old frame now sits 50 px further
    same = sum(before.pixel(100, y) == during.pixel(150, y) for y in range(40, 260, 5))
    assert same >= 40
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(250, 150))
    qtbot.waitUntil(canvas.frame_is_current, timeout=5000)
    canvas.shutdown()


def run_main(args, tmp_path, **env):
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "cfg"), **env}
    return subprocess.run([sys.executable, "main.py", *args], cwd=REPO, env=full_env,
                          capture_output=True, text=True, timeout=120)


def test_main_opens_a_project_and_paints_the_map(built_project_path, tmp_path):
    out = run_main(["--project", str(built_project_path), "--exit-after-first-paint", "--lang", "en"], tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "first-paint" in out.stdout


def test_first_launch_builds_the_shipped_project(tmp_path):
    target = tmp_path / "data" / "gisplanner.gpkg"
    out = run_main(["--exit-after-first-paint"], tmp_path, GISPLANNER_PROJECT=str(target))
    assert out.returncode == 0, out.stderr[-2000:]
    assert target.exists()
    assert "first-paint" in out.stdout


@pytest.mark.parametrize("locale, expected", [("zh_CN.UTF-8", "zh"), ("en_US.UTF-8", "en")])
def test_ui_language_follows_the_system_locale(locale, expected):
    code = "from gisplanner.ui.i18n import system_lang; print(system_lang())"
    env = {**os.environ, "LANG": locale, "LC_ALL": locale, "LANGUAGE": ""}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == expected, out.stderr


def test_window_without_basemap_file_still_draws_the_project(qtbot, project_copy, tmp_path):
    from PySide6.QtCore import QSettings

    from gisplanner.ui.main_window import MainWindow

    win = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                     basemap_path=tmp_path / "no-basemap.gpkg")
    qtbot.addWidget(win)
    win.show()
    assert win.open_project(project_copy, ask=False)
    qtbot.waitUntil(win.canvas.frame_is_current, timeout=15000)
    drawn = win.canvas.last_stats.per_layer
    assert not any(name.startswith("basemap:") for name in drawn)
    assert drawn.get("parks", 0) > 0
    win.canvas.shutdown()


def test_requested_bounds_stay_whole_when_the_canvas_resizes(qtbot, grid_layer):
    from gisplanner.ui.canvas import MapCanvas

    canvas = MapCanvas(threaded=False)
    qtbot.addWidget(canvas)
    canvas.resize(800, 600)
    canvas.show()
    canvas.layer_source = lambda: [grid_layer]
    bounds = (106.2, 29.2, 106.4, 29.5)
    canvas.zoom_to_bounds(bounds, margin=0.0)
    canvas.resize(300, 600)  # docks opened: the map got narrower
    qtbot.waitUntil(lambda: canvas.view.width == 300, timeout=5000)
    x0, y0, x1, y1 = canvas.extent()
    assert x0 <= bounds[0] + 1e-9 and x1 >= bounds[2] - 1e-9 and y0 <= bounds[1] + 1e-9 and y1 >= bounds[3] - 1e-9
    canvas.pan_pixels(10, 0)  # once the user moves the map, a resize keeps their scale
    res = canvas.view.res
    canvas.resize(500, 600)
    qtbot.waitUntil(lambda: canvas.view.width == 500, timeout=5000)
    assert canvas.view.res == res
    canvas.shutdown()


def test_a_layer_that_fails_to_draw_leaves_a_usable_map(qtbot, grid_layer):
    from gisplanner.ui.canvas import MapCanvas

    class Broken:
        def paint(self, painter, view):
            raise RuntimeError("tile decoder exploded")

    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(300, 200)
    canvas.show()
    canvas.layer_source = lambda: [Broken(), grid_layer]
    canvas.refresh()
    qtbot.waitUntil(canvas.frame_is_current, timeout=5000)
    assert "tile decoder exploded" in canvas.last_stats.error
    canvas.layer_source = lambda: [grid_layer]
    canvas.refresh()
    qtbot.waitUntil(canvas.frame_is_current, timeout=5000)
    assert canvas.last_stats.error is None
    canvas.shutdown()
