"""The rendered picture at every zoom level the speed work touches (full, 4×, 16×, 64×): each
feature shows its status colour where it is, a feature cut by the edge of the view is drawn,
nothing is drawn between features, and outlines are there. A fast but wrong frame fails here."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

pytest.importorskip("pytestqt")

WIDTH, HEIGHT = 1600, 1000
BACKGROUND = "#d6e4ef"
X0, Y0, STEP, N = 106.0, 29.0, 0.01, 40  # a 40×40 grid of cells 0.01° apart
BIG, TINY = 0.002, 0.0004  # square sizes: 8 px and under 2 px across at the full extent


@pytest.fixture(scope="module")
def grid(qapp):
    """Big squares at each cell's corner, tiny ones in each cell's far corner, statuses cycling."""
    from gisplanner.layers import STATUS_IDS
    from gisplanner.ui.layer_data import LayerData
    from gisplanner.ui.map_layers import style_groups
    from gisplanner.ui.renderer import RenderLayer

    xs, ys = np.meshgrid(X0 + STEP * np.arange(N), Y0 + STEP * np.arange(N))
    xs, ys = xs.ravel(), ys.ravel()
    big = shapely.box(xs, ys, xs + BIG, ys + BIG)
    tiny = shapely.box(xs + 0.0075, ys + 0.0075, xs + 0.0075 + TINY, ys + 0.0075 + TINY)
    geoms = np.concatenate([big, tiny])
    n = len(geoms)
    status = np.array([STATUS_IDS[i % len(STATUS_IDS)] for i in range(n)], dtype=object)
    data = LayerData("parks", geoms, {"uid": np.array([f"q{i}" for i in range(n)], dtype=object),
                                      "status": status, "kind": np.full(n, "industrial_park", dtype=object)})
    group, styles = style_groups(data, "parks")
    return RenderLayer(data=data, group=group, styles=styles)


def zoom_views():
    """Full extent, then 4×, 16×, 64× with the left edge through the middle of a column of big squares."""
    from gisplanner.ui.geo import View, lonlat_bounds_to_merc, to_merc

    full = View(0, 0, 1, WIDTH, HEIGHT).fit(lonlat_bounds_to_merc((X0, Y0, X0 + STEP * N, Y0 + STEP * N)), margin=0)
    views = {"full": full}
    for zoom, col in ((4, 7), (16, 20), (64, 31)):
        res = full.res / zoom
        (edge, cy), = to_merc(np.array([[X0 + STEP * col + BIG / 2, Y0 + STEP * 20 + BIG / 2]]))
        views[f"{zoom}x"] = View(edge + WIDTH / 2 * res, cy, res, WIDTH, HEIGHT)
    return views


def rgb(image, x: float, y: float) -> np.ndarray:
    c = image.pixelColor(int(x), int(y))
    return np.array([c.red(), c.green(), c.blue()])


def over(color, alpha: float) -> np.ndarray:
    """``color`` at ``alpha`` over the background."""
    from PySide6.QtGui import QColor

    bg, fg = QColor(BACKGROUND), QColor(color)
    return np.array([fg.red(), fg.green(), fg.blue()]) * alpha + np.array([bg.red(), bg.green(), bg.blue()]) * (1 - alpha)


def screen_boxes(data, view) -> np.ndarray:
    """Each feature's (left, top, right, bottom) in pixels."""
    lo = view.to_screen(data.bounds[:, [0, 3]])
    hi = view.to_screen(data.bounds[:, [2, 1]])
    return np.column_stack([lo, hi])


@pytest.mark.parametrize("zoom", ["full", "4x", "16x", "64x"])
def test_every_feature_in_view_shows_its_status_colour(grid, zoom):
    from gisplanner.ui.renderer import BLOB_PX, OUTLINE_PX, new_image, render

    view = zoom_views()[zoom]
    image = new_image(view, BACKGROUND)
    stats = render(image, view, [grid], labels=False)
    data = grid.data
    box = screen_boxes(data, view)
    meets = (box[:, 2] >= 0) & (box[:, 0] <= WIDTH) & (box[:, 3] >= 0) & (box[:, 1] <= HEIGHT)
    assert stats.drawn == int(meets.sum()) > 0
    inside = (box[:, 0] >= 2) & (box[:, 2] <= WIDTH - 2) & (box[:, 1] >= 2) & (box[:, 3] <= HEIGHT - 2)
    px = data.sizes / view.res
    checked = {"dot": 0, "dense": 0, "outlined": 0}
    for i in np.flatnonzero(inside):
        style = grid.styles[grid.group[i]]
        cx, cy = (box[i, 0] + box[i, 2]) / 2, (box[i, 1] + box[i, 3]) / 2
        if px[i] < BLOB_PX:  # a dot of the status colour, somewhere in the pixels around its centre
            near = [rgb(image, cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
            want = over(style.color, 1.0)
            assert min(np.abs(c - want).max() for c in near) <= 2, (zoom, i)
            checked["dot"] += 1
            continue
        alpha = 0.7 if px[i] < OUTLINE_PX else style.brush.color().alphaF()
        got = rgb(image, cx, cy)
        assert np.abs(got - over(style.color, alpha)).max() <= 3, (zoom, i, got, over(style.color, alpha))
        checked["dense" if px[i] < OUTLINE_PX else "outlined"] += 1
        if px[i] >= OUTLINE_PX:  # its outline: along the top edge, pixels far nearer the status colour than the fill
            edge = [rgb(image, x, y) for x in np.linspace(box[i, 0] + 2, box[i, 2] - 2, 12)
                    for y in (box[i, 1] - 1, box[i, 1], box[i, 1] + 1)]
            line = over(style.color, 1.0)
            nearest = min(np.abs(c - line).max() for c in edge)
            assert nearest <= 0.6 * np.abs(over(style.color, alpha) - line).max(), (zoom, i, nearest)
    expected = {"full": ("dot", "dense"), "4x": ("dense", "outlined"), "16x": ("outlined",), "64x": ("outlined",)}
    for kind in expected[zoom]:
        assert checked[kind] > 0, (zoom, checked)


@pytest.mark.parametrize("zoom", ["4x", "16x", "64x"])
def test_a_feature_cut_by_the_edge_of_the_view_is_drawn(grid, zoom):
    from gisplanner.ui.renderer import new_image, render

    view = zoom_views()[zoom]
    image = new_image(view, BACKGROUND)
    render(image, view, [grid], labels=False)
    box = screen_boxes(grid.data, view)
    cut = np.flatnonzero((box[:, 0] < 0) & (box[:, 2] > 4) & (box[:, 1] > 0) & (box[:, 3] < HEIGHT))
    assert len(cut)
    for i in cut:
        style = grid.styles[grid.group[i]]
        got = rgb(image, 1, (box[i, 1] + box[i, 3]) / 2)
        assert np.abs(got - over(style.color, style.brush.color().alphaF())).max() <= 3, (zoom, i, got)


@pytest.mark.parametrize("zoom", ["full", "4x", "16x", "64x"])
def test_nothing_is_drawn_between_features(grid, zoom):
    from gisplanner.ui.geo import to_merc
    from gisplanner.ui.renderer import new_image, render

    view = zoom_views()[zoom]
    image = new_image(view, BACKGROUND)
    render(image, view, [grid], labels=False)
    xs, ys = np.meshgrid(X0 + STEP * np.arange(N) + 0.006, Y0 + STEP * np.arange(N) + BIG / 2)
    gaps = view.to_screen(to_merc(np.column_stack([xs.ravel(), ys.ravel()])))
    shown = gaps[(gaps[:, 0] >= 0) & (gaps[:, 0] < WIDTH) & (gaps[:, 1] >= 0) & (gaps[:, 1] < HEIGHT)]
    assert len(shown)
    for x, y in shown:
        assert (rgb(image, x, y) == over(BACKGROUND, 1.0)).all(), (zoom, x, y)


def test_rings_drawn_from_the_buffer_match_qpolygonf_and_bad_buffers_are_refused(qapp):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    from gisplanner.ui.qbuffers import draw_rings, polygons

    rng = np.random.default_rng(3)
    xy = np.ascontiguousarray(rng.uniform(0, 200, (60, 2)))
    starts, ends = np.arange(0, 60, 6), np.arange(6, 66, 6)
    images = []
    for direct in (True, False):
        image = QImage(200, 200, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(BACKGROUND))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#1e88e5"), 1))
        painter.setBrush(QColor(30, 136, 229, 64))
        for closed in (True, False):
            if direct:
                draw_rings(painter, xy, starts, ends, closed)
            else:
                for poly in polygons(xy, starts.tolist(), ends.tolist()):
                    (painter.drawPolygon if closed else painter.drawPolyline)(poly)
        painter.end()
        images.append(image)
    assert images[0] == images[1]
    assert images[0].pixelColor(100, 100) != QColor(BACKGROUND) or images[0].pixelColor(50, 50) != QColor(BACKGROUND)
    image = QImage(10, 10, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    try:
        with pytest.raises(IndexError):
            draw_rings(painter, xy, np.array([50]), np.array([61]), True)
        with pytest.raises(ValueError):
            draw_rings(painter, xy.astype(np.float32), starts, ends, True)
    finally:
        painter.end()


def test_fills_stay_on_the_painting_thread(grid):
    """Qt's GUI thread pool would take every large fill (and wait for it); the ui package turns it
    off before anything is painted, so a frame of large translucent fills starts no pool thread."""
    from pathlib import Path

    from gisplanner.ui.renderer import new_image, render

    view = zoom_views()["64x"]
    stats = render(new_image(view, BACKGROUND), view, [grid], labels=False)
    assert stats.drawn > 0
    names = [p.read_text().strip() for p in Path("/proc/self/task").glob("*/comm")]
    assert names and "Thread (pooled)" not in names, names
