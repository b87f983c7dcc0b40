"""Overdue features marked on the window's map: a red ring where an overdue point is drawn,
none at a feature on time, gone when View → Mark overdue features is turned off."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from conftest import open_window
from test_monitor_progress import shown
from test_ui_label_clearance import pixels
from test_ui_window import wait_frame

pytest.importorskip("pytestqt")

DAY = dt.date(2025, 6, 30)


@pytest.fixture
def window(qtbot, project_copy, tmp_path):

    from gisplanner.ui.i18n import set_lang

    set_lang("en")
    win = open_window(qtbot, project_copy, tmp_path / "settings.ini", size=(1200, 800), extensions=False)
    yield win
    win.canvas.shutdown()
    set_lang("zh")


@pytest.fixture
def panel(qtbot, window):
    from gisplanner.ui.monitor_progress import install

    panel = shown(qtbot, window, install(window))
    panel.slider.setValue(panel.days.index(DAY))
    return panel


def _is_mark(colour) -> bool:
    return colour.red() > 170 and colour.green() < 80 and colour.blue() < 80


def _ring_hits(image, x: float, y: float, radius: float = 13.0) -> int:
    """How many of 72 directions find the mark's red on a ring around (x, y)."""
    hits = 0
    for step in range(72):
        a = math.radians(step * 5)
        for r in (radius - 1, radius, radius + 1):
            px, py = round(x + r * math.cos(a)), round(y + r * math.sin(a))
            if 0 <= px < image.width() and 0 <= py < image.height() and _is_mark(image.pixelColor(px, py)):
                hits += 1
                break
    return hits


def _zoom_to(window, uid: str) -> None:
    geometry = window.project.feature(uid)["geometry"]
    window.canvas.zoom_to_bounds((geometry.x - 0.004, geometry.y - 0.004, geometry.x + 0.004, geometry.y + 0.004))


def _drawn_at(window, uid: str) -> tuple[float, float]:
    """Where a facility's symbol is drawn in the canvas's current view."""
    from gisplanner.ui.displacement import shown_points

    i = window.map_layers["facilities"].data.uid_index[uid]
    shown = shown_points(window.canvas.view, window.canvas.hit_source())["facilities"]
    x, y = shown.pos[list(shown.idx).index(i)]
    return float(x), float(y)


def _grab(qtbot, window):
    window.canvas.refresh()
    wait_frame(qtbot, window.canvas)
    return window.canvas.grab().toImage()


def _grab_at(qtbot, window, uid: str):
    """The canvas once its frame is current, and where ``uid`` is drawn in that very image.

    The place is read after the wait, right before the grab (no events in between): a layout
    that settles late (the docks filling in, slower on a loaded machine) resizes the canvas,
    which refits the view to the zoomed bounds, so a place read before the wait can be stale."""
    window.canvas.refresh()
    wait_frame(qtbot, window.canvas)
    x, y = _drawn_at(window, uid)
    return window.canvas.grab().toImage(), x, y


def _far_from(window, uid: str, others: set[str], degrees: float = 0.02) -> bool:
    here = window.project.feature(uid)["geometry"]
    return all(here.distance(window.project.feature(o)["geometry"]) > degrees for o in others)


def test_overdue_point_gets_a_red_ring_and_toggling_removes_it(qtbot, window, panel):
    marks = window.overdue_marks
    assert marks.on and marks.uids == panel.late_uids and "cq.banan-cluster" in marks.uids
    facilities = set(window.map_layers["facilities"].data.column("uid"))
    late = sorted(u for u in marks.uids if u in facilities)
    on_time = sorted(u for u in facilities - marks.uids if _far_from(window, u, marks.uids))
    assert late and on_time
    _zoom_to(window, late[0])
    image, x, y = _grab_at(qtbot, window, late[0])
    assert _ring_hits(image, x, y) > 50, "no red ring around the overdue point"

    action = window.actions_by_name["overdue_marks"]
    assert action in window.menus["view"].actions() and action.isChecked()
    action.setChecked(False)
    image, x, y = _grab_at(qtbot, window, late[0])
    assert _ring_hits(image, x, y) == 0
    assert window.settings.value("view/overdue_marks") in (False, "false")
    action.setChecked(True)

    _zoom_to(window, on_time[0])
    image, x, y = _grab_at(qtbot, window, on_time[0])
    assert _ring_hits(image, x, y) == 0, "a feature on time is marked"


def test_overdue_area_gets_a_red_outline(qtbot, window, panel):
    window.zoom_to_feature("cq.banan-cluster")
    on = _grab(qtbot, window)
    red = sum(_is_mark(on.pixelColor(x, y)) for x in range(0, on.width(), 2) for y in range(0, on.height(), 2))
    window.overdue_marks.action.setChecked(False)
    off = _grab(qtbot, window)
    red_off = sum(_is_mark(off.pixelColor(x, y)) for x in range(0, off.width(), 2) for y in range(0, off.height(), 2))
    assert red > 100 and red_off < red / 10


def test_marks_follow_the_panel_date_else_today(qtbot, window, panel):
    marks = window.overdue_marks
    panel.slider.setValue(panel.days.index(dt.date(2021, 12, 31)))
    assert marks.uids == panel.late_uids and "cq.banan-cluster" not in marks.uids  # due by 2022
    window.docks["progress"].close()
    qtbot.waitUntil(lambda: "cq.banan-cluster" in marks.uids)  # today's overdue features
    from gisplanner.monitor.timeline import overdue

    assert marks.uids == {o.uid for o in overdue(window.project.db.conn, dt.date.today())}
    assert "Red ring" in panel.mark_legend.text()


def test_the_choice_is_remembered(qtbot, window, panel, tmp_path):
    from PySide6.QtCore import QSettings

    from gisplanner.ui.main_window import MainWindow
    from gisplanner.ui.monitor_progress import install

    window.overdue_marks.action.setChecked(False)
    window.settings.sync()
    again = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    install(again)
    assert not again.overdue_marks.action.isChecked()
    again.canvas.shutdown()


def test_hidden_layer_or_filtered_feature_is_not_marked(window, panel):
    from PySide6.QtGui import QImage, QPainter

    from gisplanner.ui.overdue_marks import paint_overdue

    window.zoom_full()  # every feature in view
    image = QImage(400, 300, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    layers = window.canvas.hit_source()
    assert paint_overdue(painter, window.canvas.view, layers, panel.late_uids) == len(
        {u for u in panel.late_uids for _n, d, _m in layers if u in d.uid_index})
    without = [entry for entry in layers if entry[0] != "parks"]
    assert "cq.banan-cluster" in panel.late_uids
    assert paint_overdue(painter, window.canvas.view, without, {"cq.banan-cluster"}) == 0
    parks = [entry for entry in layers if entry[0] == "parks"]
    assert paint_overdue(painter, window.canvas.view, parks, {"cq.banan-cluster"}) == 1
    masked = [(n, d, d.column("uid") != "cq.banan-cluster") for n, d, _m in parks]  # filtered out
    assert paint_overdue(painter, window.canvas.view, masked, {"cq.banan-cluster"}) == 0
    window.canvas.zoom_to_bounds((0.0, 0.0, 0.01, 0.01))  # far away: nothing in view to mark
    assert paint_overdue(painter, window.canvas.view, layers, panel.late_uids) == 0
    painter.end()


def _label_pixels(qtbot, window):
    """Where the frame differs with labels on, in the labels' boxes: their text and halo
    (not the callout lines that tie a label set further out to its point; labels stay on)."""
    import numpy as np

    frames = []
    for on in (False, True):
        window.set_labels_visible(on)
        wait_frame(qtbot, window.canvas)
        frames.append(pixels(window.canvas.frame_image()))
    boxes = np.zeros(frames[0].shape, dtype=bool)
    for _c, rect in window.canvas.last_stats.placed:
        r = rect.toAlignedRect().adjusted(-1, -1, 1, 1)  # the halo reaches a pixel out
        boxes[max(r.top(), 0):r.bottom() + 1, max(r.left(), 0):r.right() + 1] = True
    return (frames[0] != frames[1]) & boxes


def test_labels_keep_clear_of_the_red_rings(qtbot, window, panel):
    """In the crowded Bio-City view no label lies under a point's red ring: a ringed point's
    label starts beyond its ring, and other labels keep out of it. Placed blind to the rings,
    as before, the same labels would go under them."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    from gisplanner.ui.overdue_marks import paint_overdue

    canvas = window.canvas
    window.zoom_to_feature("cq.hsr.biocity-station")
    wait_frame(qtbot, canvas)  # the window's layout has settled with the Progress dock shown
    labels = _label_pixels(qtbot, window)
    image = QImage(canvas.frame_image().size(), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    points = [entry for entry in canvas.hit_source() if entry[1].kind == "point"]
    assert paint_overdue(painter, canvas.view, points, window.overdue_marks.uids) >= 5
    painter.end()
    rings = (pixels(image) >> 24) > 0  # where the rings are painted (any alpha)
    assert labels.any() and rings.any()
    assert not (labels & rings).any(), "a label lies under a red ring"

    canvas.label_obstacles, kept = [], canvas.label_obstacles
    blind = _label_pixels(qtbot, window)
    canvas.label_obstacles = kept
    assert (blind & rings).any()
