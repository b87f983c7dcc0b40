"""Stacked features: a click lists every feature under the cursor, and any can be picked;
the status-change dialog names the features it changes."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication

from conftest import open_window

pytest.importorskip("pytestqt")

BIOCITY_CORE = (106.819192, 29.560494)  # the town point many Bio-City facilities share
STATION = (106.847, 29.57)  # the HSR station and the Mudong sewage plant share it
HSR, SEWAGE = "cq.hsr.biocity-station", "cq.mudong-sewage-plant"


@pytest.fixture
def window(qtbot, project_copy, tmp_path):
    from gisplanner.ui.editing.window_editing import EDITOR_KEY
    from gisplanner.ui.i18n import set_lang

    set_lang("zh")
    # no "who are you?" question when editing starts
    win = open_window(qtbot, project_copy, tmp_path / "settings.ini", wait=False,
                      settings_values={EDITOR_KEY: "测试员"})
    yield win
    win.canvas.shutdown()
    set_lang("en")


def click_at(qtbot, window, lon: float, lat: float, offset: int = 0) -> None:
    canvas = window.canvas
    canvas.zoom_to_bounds((lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01))
    qtbot.waitUntil(canvas.frame_is_current, timeout=15000)
    p = canvas.map_to_screen(lon, lat)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(p.x()) + offset, round(p.y())))


def stack_rows(identify) -> list[tuple[str, str]]:
    lst = identify.stack_list
    return [(lst.item(i).data(Qt.ItemDataRole.UserRole), lst.item(i).text()) for i in range(lst.count())]


def test_a_click_on_shared_point_lists_every_facility_by_name(window, qtbot):
    project = window.project
    frame = project.features("facilities")
    at_core = set(frame[(abs(frame.geometry.x - BIOCITY_CORE[0]) < 1e-9)
                        & (abs(frame.geometry.y - BIOCITY_CORE[1]) < 1e-9)]["uid"])
    assert len(at_core) >= 5
    click_at(qtbot, window, *BIOCITY_CORE, offset=3)  # a few pixels off still hits them
    identify = window.identify
    rows = stack_rows(identify)
    assert at_core <= {uid for uid, _text in rows}
    assert identify.stack_list.isVisibleTo(identify)
    assert identify.stack_label.text() == f"此处有 {len(rows)} 个要素，请选择："
    for uid, text in rows:  # named, with the layer, not a bare uid
        feature = project.feature(uid)
        assert text.startswith(feature["name_zh"]) and uid not in text
    # pick the fourth: identify shows it, the map selects it, the list keeps its order
    pick_uid = rows[3][0]
    identify.stack_list.setCurrentRow(3)
    assert identify.uid == pick_uid
    assert project.feature(pick_uid)["name_zh"] in identify.text()
    assert window.canvas.selected_uids() == [pick_uid]
    assert stack_rows(identify) == rows
    # a click on a single feature hides the list
    window.identify.show_feature(pick_uid)
    assert not identify.stack_list.isVisibleTo(identify)


def test_the_hsr_station_is_reachable_under_the_sewage_plant(window, qtbot):
    click_at(qtbot, window, *STATION)
    identify = window.identify
    rows = dict(stack_rows(identify))
    assert {HSR, SEWAGE} <= set(rows)
    identify.pick(HSR)
    assert identify.uid == HSR and "渝万高铁重庆国际生物城站" in identify.text()
    assert window.canvas.selected_uids() == [HSR]


def test_stack_rows_follow_the_ui_language(window, qtbot):
    from gisplanner.ui.i18n import set_lang

    click_at(qtbot, window, *STATION)
    set_lang("en")
    rows = dict(stack_rows(window.identify))
    station = window.project.feature(HSR)
    assert rows[HSR] == f"{station['name_en']} — Stations and interchanges"


def answer_status_dialog(seen: list[str]) -> None:
    from gisplanner.ui.editing.field_editors import StatusChangeDialog

    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, StatusChangeDialog):
        QTimer.singleShot(20, lambda: answer_status_dialog(seen))
        return
    seen.append(dialog.names.text())
    dialog.reject()


def test_status_change_dialog_names_the_features(window, qtbot):
    editing = window.editing
    assert editing.start()
    seen: list[str] = []
    window.canvas.select([HSR])
    QTimer.singleShot(0, lambda: answer_status_dialog(seen))
    editing.change_status()
    window.canvas.select([HSR, SEWAGE])
    QTimer.singleShot(0, lambda: answer_status_dialog(seen))
    editing.change_status()
    facilities = list(window.project.features("facilities")["uid"][:6])
    window.canvas.select(facilities)
    QTimer.singleShot(0, lambda: answer_status_dialog(seen))
    editing.change_status()
    assert seen[0] == "渝万高铁重庆国际生物城站"
    assert seen[1] == "渝万高铁重庆国际生物城站、木洞污水处理厂"
    assert seen[2].endswith("等 6 个要素") and "1 个要素" not in "".join(seen)
    assert window.project.feature(facilities[0])["name_zh"] in seen[2]


def test_ring_positions_spread_coincident_points_and_leave_the_rest():
    from gisplanner.ui.displacement import MIN_RADIUS_PX, ring_positions

    xy = np.array([[100.0, 100.0]] * 5 + [[300.0, 300.0], [100.0, 101.0]])
    pos, anchors = ring_positions(xy)
    assert (pos[5] == xy[5]).all() and np.isnan(anchors[5]).all()  # alone: where it is
    ring = pos[[0, 1, 2, 3, 4, 6]]
    assert np.allclose(anchors[[0, 1, 2, 3, 4, 6]], xy[[0, 1, 2, 3, 4, 6]].mean(axis=0))
    dist = np.hypot(*(ring - anchors[0]).T)
    assert np.allclose(dist, dist[0]) and dist[0] >= MIN_RADIUS_PX
    gaps = [np.hypot(*(a - b)) for i, a in enumerate(ring) for b in ring[i + 1:]]
    assert min(gaps) > 12  # every symbol on its own
    again, _ = ring_positions(xy)
    assert (again == pos).all()  # the same picture every time (drawing and clicking agree)


def test_displaced_points_are_drawn_apart_and_clicked_one_by_one(window, qtbot):
    from gisplanner.ui.displacement import shown_points

    canvas = window.canvas
    canvas.zoom_to_bounds((STATION[0] - 0.01, STATION[1] - 0.01, STATION[0] + 0.01, STATION[1] + 0.01))
    qtbot.waitUntil(canvas.frame_is_current, timeout=15000)
    shown = shown_points(canvas.view, canvas.hit_source())
    drawn = {}
    for name, data, _mask in canvas.hit_source():
        if name in shown:
            for i, (x, y) in zip(shown[name].idx, shown[name].pos, strict=True):
                drawn[data.column("uid")[i]] = (x, y)
    (hx, hy), (sx, sy) = drawn[HSR], drawn[SEWAGE]
    assert np.hypot(hx - sx, hy - sy) > 20  # on a ring, no longer on top of each other
    centre = canvas.map_to_screen(*STATION)
    ring = [np.hypot(x - centre.x(), y - centre.y()) for x, y in ((hx, hy), (sx, sy))]
    assert ring[0] > 10 and abs(ring[0] - ring[1]) < 1  # both on one ring around their shared point
    # the station is drawn where it now is: its symbol's colour sits there in the frame
    image = canvas.frame_image()
    assert image.pixelColor(round(hx), round(hy)) != image.pixelColor(round(centre.x()) + 40, round(centre.y()) + 40)
    for uid, (x, y) in ((HSR, (hx, hy)), (SEWAGE, (sx, sy))):
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(x), round(y)))
        assert canvas.selected_uids() == [uid]
        other = SEWAGE if uid == HSR else HSR
        assert window.identify.uid == uid and other not in window.identify.stack  # only lines through it may share
