"""Stacked features: a click lists every feature under the cursor, and any can be picked;
the status-change dialog names the features it changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

pytest.importorskip("pytestqt")

BIOCITY_CORE = (106.819192, 29.560494)  # the town point many Bio-City facilities share
STATION = (106.847, 29.57)  # the HSR station and the Mudong sewage plant share it
HSR, SEWAGE = "cq.hsr.biocity-station", "cq.mudong-sewage-plant"


@pytest.fixture
def window(qtbot, project_copy, tmp_path):
    from gisplanner.ui.editing.window_editing import EDITOR_KEY
    from gisplanner.ui.i18n import set_lang
    from gisplanner.ui.main_window import MainWindow

    set_lang("zh")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(EDITOR_KEY, "测试员")  # no "who are you?" question when editing starts
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    assert win.open_project(project_copy, ask=False)
    win.install_extensions()
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
