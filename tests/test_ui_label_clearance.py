"""Labels stay clear of what the canvas draws over the map: the scale bar's box and the ring
round a selected point. Pixels are compared on real frames: what the labels add to a frame
against what the overlay paints."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from PySide6.QtGui import QImage

pytest.importorskip("pytestqt")

WIDTH, HEIGHT = 420, 300


def point_layer(lonlats, names):
    from gisplanner.ui.layer_data import LayerData
    from gisplanner.ui.map_layers import style_groups
    from gisplanner.ui.renderer import RenderLayer

    n = len(names)
    data = LayerData("facilities", shapely.points(np.asarray(lonlats, dtype=float)), {
        "uid": np.array([f"p{i}" for i in range(n)], dtype=object),
        "name_zh": np.array(names, dtype=object),
        "status": np.full(n, "planned", dtype=object), "kind": np.full(n, "hospital", dtype=object)})
    group, styles = style_groups(data, "facilities")
    return RenderLayer(data=data, group=group, styles=styles, label_column="name_zh")


@pytest.fixture
def canvas(qtbot):
    from gisplanner.ui.canvas import MapCanvas

    c = MapCanvas(threaded=False)
    qtbot.addWidget(c)
    c.resize(WIDTH, HEIGHT)
    c.show()
    qtbot.waitExposed(c)
    c.zoom_to_bounds((106.0, 29.0, 106.4, 29.3))
    return c


def frame(qtbot, canvas, labels: bool) -> QImage:
    canvas.labels = labels
    canvas.refresh()
    qtbot.waitUntil(canvas.frame_is_current, timeout=5000)
    return canvas.frame_image()


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return np.frombuffer(image.constBits(), np.uint32, image.width() * image.height()).reshape(
        image.height(), image.width()).copy()


def label_pixels(qtbot, canvas) -> np.ndarray:
    """Where the frame differs with labels on: the labels' text and halo (labels stay on)."""
    plain = pixels(frame(qtbot, canvas, False))
    return pixels(frame(qtbot, canvas, True)) != plain


def overlay_pixels(canvas) -> np.ndarray:
    """Where what the widget shows differs from its frame: what is painted over the map."""
    canvas.repaint()
    return pixels(canvas.grab().toImage()) != pixels(canvas.frame_image())


def use_layer(canvas, layer) -> None:
    canvas.layer_source = lambda: [layer]
    canvas.hit_source = lambda: [(layer.data.name, layer.data, None)]


def test_a_label_under_the_scale_bar_is_moved_out_of_its_box(qtbot, canvas):
    from gisplanner.ui.scale_bar import scale_bar_box

    box = scale_bar_box(canvas.view).toAlignedRect()
    anchor = (box.left() + 60, box.top() + 4)  # the point sits inside the bar's box, near its top
    use_layer(canvas, point_layer([canvas.screen_to_lonlat(*anchor)], ["生物城下道口"]))
    labels = label_pixels(qtbot, canvas)
    assert labels.any()  # the label is drawn (moved above the bar), not dropped
    assert canvas.last_stats.labels == 1
    bar = overlay_pixels(canvas)
    assert bar[box.top():box.bottom(), box.left():box.right()].any()  # the bar is there
    assert not (labels & bar).any()
    assert not labels[box.top():box.bottom() + 1, box.left():box.right() + 1].any()


def test_a_label_that_cannot_leave_the_bar_is_dropped(qtbot, canvas):
    from gisplanner.ui.scale_bar import scale_bar_box

    box = scale_bar_box(canvas.view).toAlignedRect()
    anchor = (box.center().x(), box.center().y())  # every slot round it touches the box
    use_layer(canvas, point_layer([canvas.screen_to_lonlat(*anchor)], ["下道口"]))
    assert not label_pixels(qtbot, canvas).any()
    assert canvas.last_stats.labels == 0


@pytest.mark.parametrize("anchor", [(150, 150), (300, 150), (200, 30), (200, 220)])
def test_the_selection_ring_does_not_cover_the_label(qtbot, canvas, anchor):
    """Near a canvas edge the label goes left, above or below: clear of the ring on every side."""
    others = [(anchor[0] + dx, anchor[1] + dy) for dx, dy in ((60, -4), (-160, 40))] if anchor[0] == 300 else []
    points = [anchor, *others]
    use_layer(canvas, point_layer([canvas.screen_to_lonlat(*p) for p in points],
                                  ["国家级疫苗孵化中心", *[f"邻{i}" for i in range(len(others))]]))
    labels = label_pixels(qtbot, canvas)
    assert labels.any()
    canvas.select(["p0"])
    ring = overlay_pixels(canvas)
    canvas.select([])
    ring &= ~overlay_pixels(canvas)  # the scale bar is no part of the ring
    assert ring.any()
    assert not (labels & ring).any(), "the selection ring is drawn over the label"


def _under(rect, disc) -> bool:
    nx = min(max(disc.x, rect.left()), rect.right())
    ny = min(max(disc.y, rect.top()), rect.bottom())
    return (nx - disc.x) ** 2 + (ny - disc.y) ** 2 < disc.radius ** 2


def test_a_point_label_starts_beyond_the_disc_round_its_point(qapp):
    from gisplanner.ui.labels import POINT_LABEL_GAP, Candidate, Disc, LabelPlacer

    ring = Disc(100.0, 100.0, 16.0)
    (c, rect), = LabelPlacer(400, 300, [ring]).place([Candidate(0, 100, 100, "渝万高铁重庆国际生物城站")])
    assert rect.left() >= 100 + 16 and rect.left() > 100 + POINT_LABEL_GAP  # right of its ring, clear of it
    assert not _under(rect, ring)
    (c, plain), = LabelPlacer(400, 300).place([Candidate(0, 100, 100, "渝万高铁重庆国际生物城站")])
    assert plain.left() < rect.left()  # a point without a ring keeps its label close


def test_labels_keep_out_of_other_points_discs_or_are_dropped(qapp):
    from gisplanner.ui.labels import Candidate, Disc, LabelPlacer

    rings = [Disc(200.0, 100.0, 16.0), Disc(240.0, 100.0, 16.0)]  # the right-hand slot is under a ring
    (c, rect), = LabelPlacer(400, 300, rings).place([Candidate(0, 200, 100, "国家级疫苗孵化中心")])
    assert rect.right() <= 200 - 16 and not any(_under(rect, d) for d in rings)  # moved left instead
    boxed = [Disc(100.0 + dx, 100.0 + dy, 16.0) for dx, dy in ((0, 0), (50, 0), (-50, 0), (0, 35), (0, -35))]
    assert LabelPlacer(400, 300, boxed).place([Candidate(0, 100, 100, "国家级疫苗孵化中心")]) == []


def test_names_are_painted_over_the_marks_overlays_draw(qtbot, canvas):
    """As in QGIS, labels sit on top: an overlay (e.g. the dashed red outline of an overdue
    park) is painted over the map but under the names."""
    from PySide6.QtGui import QColor

    use_layer(canvas, point_layer([(106.2, 29.15)], ["测试医院"]))
    labels = label_pixels(qtbot, canvas)
    assert labels.sum() > 50
    red = QColor("#ff0000")
    canvas.overlays.append(lambda painter: painter.fillRect(canvas.rect(), red))
    canvas.repaint()
    shown = pixels(canvas.grab().toImage())
    assert (shown[labels] != red.rgba()).mean() > 0.9  # the name and its halo show through
    assert (shown[~labels] == red.rgba()).mean() > 0.9  # the overlay covers the map elsewhere
