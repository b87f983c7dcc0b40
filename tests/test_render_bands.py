"""A frame of many shapes is drawn on two threads, a half of the frame each: the picture must be
the one a single painter makes, pixel for pixel (translucent overlaps blended in the same order,
dashed outlines across the seam unbroken), and a frame that no split shares out stays on one thread."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

pytest.importorskip("pytestqt")

WIDTH, HEIGHT = 1600, 1000
STATUSES = ["proposed", "planning_study", "planned", "approved", "under_construction", "completed"]


def octagons(n: int, seed: int, radius: float) -> np.ndarray:
    """n irregular octagons spread over a 0.3° square, overlapping several deep."""
    rng = np.random.default_rng(seed)
    cx, cy = rng.uniform(106.0, 106.3, n), rng.uniform(29.0, 29.3, n)
    r = rng.lognormal(np.log(radius), 0.6, n)
    angles = np.linspace(0, 2 * np.pi, 9)[:-1]
    xs = cx[:, None] + r[:, None] * np.cos(angles) * rng.uniform(0.7, 1.3, (n, 8))
    ys = cy[:, None] + r[:, None] * np.sin(angles) * rng.uniform(0.7, 1.3, (n, 8))
    rings = np.stack([xs, ys], axis=-1)
    return shapely.polygons(np.concatenate([rings, rings[:, :1]], axis=1))


def layer(name: str, geoms: np.ndarray):
    from gisplanner.ui.layer_data import LayerData
    from gisplanner.ui.map_layers import style_groups
    from gisplanner.ui.renderer import RenderLayer

    n = len(geoms)
    status = np.array([STATUSES[i % len(STATUSES)] for i in range(n)], dtype=object)
    data = LayerData(name, geoms, {"uid": np.array([f"b{i}" for i in range(n)], dtype=object), "status": status})
    group, styles = style_groups(data, name)
    return RenderLayer(data=data, group=group, styles=styles, opacity=0.9)


def views(data):
    """The whole layer, then zoomed in 3× and 8× on its middle."""
    from gisplanner.ui.geo import View

    full = View(0, 0, 1, WIDTH, HEIGHT).fit(data.total_bounds, margin=0.0)
    return [full] + [View(full.cx, full.cy, full.res / z, WIDTH, HEIGHT) for z in (3, 8)]


def frame(layers, view, threads: bool):
    from gisplanner.ui import bands
    from gisplanner.ui.renderer import new_image, render

    keep = bands.MIN_SHAPES
    bands.MIN_SHAPES = keep if threads else 10**9
    try:
        image = new_image(view)
        render(image, view, layers, labels=False)
    finally:
        bands.MIN_SHAPES = keep
    return np.frombuffer(image.constBits(), np.uint32).reshape(HEIGHT, -1)[:, :WIDTH].copy()


def screen_boxes(data, idx, view) -> np.ndarray:
    return view.to_screen(data.bounds[idx][:, [0, 3, 2, 1]].reshape(-1, 2)).reshape(-1, 4)


@pytest.mark.parametrize("kind", ["polygons", "lines"])
def test_two_threads_draw_the_picture_one_painter_draws(qapp, kind):
    from gisplanner.ui.bands import MIN_SHAPES, choose_seam

    geoms = octagons(3000, 11, 0.008)
    if kind == "lines":  # open rings: wide round-capped lines, dashed by status
        geoms = shapely.linestrings(shapely.get_coordinates(shapely.get_exterior_ring(geoms)).reshape(-1, 9, 2)[:, :7])
    shown = layer("parks" if kind == "polygons" else "transport_lines", geoms)
    split = 0
    for view in views(shown.data):
        idx = shown.data.query(view.extent)
        big = idx[shown.data.sizes[idx] / view.res >= 4.0]  # the shapes drawn as shapes, not dots
        seam = choose_seam(screen_boxes(shown.data, big, view), WIDTH, HEIGHT, 4.0) if len(big) >= MIN_SHAPES else None
        one, two = frame([shown], view, threads=False), frame([shown], view, threads=True)
        assert (one != 0xFFD6E4EF).sum() > WIDTH * HEIGHT / 10, "the frame should be well covered"
        assert np.array_equal(one, two), (view.res, int((one != two).sum()))
        split += seam is not None
    assert split >= 2, "the views should exercise the split"


def test_a_shape_across_the_whole_frame_is_filled_by_both_halves_each_its_own_part(qapp):
    """One polygon larger than the view under hundreds of small ones: any seam cuts it, each half
    fills its own part and strokes what it must whole; the picture stays the same."""
    from gisplanner.ui.bands import choose_seam

    small = octagons(800, 5, 0.0008)
    huge = shapely.box(105.9, 28.9, 106.4, 29.4)
    shown = layer("parks", np.concatenate([[huge], small]))
    view = views(shown.data)[2]
    idx = shown.data.query(view.extent)
    assert choose_seam(screen_boxes(shown.data, idx, view), WIDTH, HEIGHT, 2.5) is not None
    assert np.array_equal(frame([shown], view, threads=False), frame([shown], view, threads=True))


def test_the_seam_shares_the_work(qapp):
    from gisplanner.ui.bands import choose_seam

    rng = np.random.default_rng(2)
    left, top = rng.uniform(0, 1500, 400), rng.uniform(0, 700, 400)
    boxes = np.column_stack([left, top, left + 120, top + 120])
    seam = choose_seam(boxes, WIDTH, HEIGHT, 2.0)
    assert seam is not None and 330 <= seam <= 430  # the shapes fill rows 0-820: the split is above the middle
    # The same shapes half as wide: the loop over them is a larger share of the work than their
    # pixels, and two threads would hand the interpreter lock to and fro.
    assert choose_seam(np.column_stack([left, top, left + 60, top + 60]), WIDTH, HEIGHT, 2.0) is None
    # Thin shapes from top to bottom: every seam cuts them all, and each half would draw them all.
    thin = np.column_stack([np.arange(100) * 10.0, np.zeros(100), np.arange(100) * 10.0 + 1, np.full(100, 1000.0)])
    assert choose_seam(thin, WIDTH, HEIGHT, 2.0) is None
    # Thousands of shapes a few pixels across: the work is the loop over them, not their pixels.
    left, top = rng.uniform(0, 1590, 5000), rng.uniform(0, 990, 5000)
    assert choose_seam(np.column_stack([left, top, left + 6, top + 6]), WIDTH, HEIGHT, 2.0) is None
