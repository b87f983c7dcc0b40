"""Map tools in the real window (offscreen): measure, the scale box, go to coordinate."""

from __future__ import annotations

import re

import pytest
from pyproj import Geod
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence

from conftest import open_window
from gisplanner.crs import to_gk3
from gisplanner.io.offsets import wgs84_to_bd09, wgs84_to_gcj02
from gisplanner.measure import scale_denominator

pytest.importorskip("pytestqt")

ROUTE = [(106.847, 29.57), (106.819192, 29.560494), (106.835, 29.585)]
GEOD = Geod(ellps="WGS84")


@pytest.fixture
def window(qtbot, project_copy, tmp_path):
    from gisplanner.ui.i18n import set_lang

    set_lang("en")
    win = open_window(qtbot, project_copy, tmp_path / "settings.ini")
    yield win
    win.canvas.shutdown()
    set_lang("en")


def click(qtbot, canvas, lon: float, lat: float, button=Qt.MouseButton.LeftButton) -> None:
    p = canvas.map_to_screen(lon, lat)
    qtbot.mouseClick(canvas, button, pos=QPoint(round(p.x()), round(p.y())))


def number(text: str) -> float:
    return float(re.match(r"[\d,.]+", text)[0].replace(",", ""))


def map_scale(window) -> float:
    return scale_denominator(window.canvas.view.ground_res())


def test_measure_line_by_clicks_totals_like_pyproj_and_switches_units(window, qtbot):
    action = window.actions_by_name["measure_line"]
    assert action.shortcut() == QKeySequence("Ctrl+Shift+M")
    window.canvas.zoom_to_bounds((106.80, 29.55, 106.86, 29.59))
    action.trigger()
    tool, panel = window.measuring.tool, window.measuring.panel
    assert tool.mode == "line" and panel.isVisible()
    for lon, lat in ROUTE:
        click(qtbot, window.canvas, lon, lat)
    click(qtbot, window.canvas, *ROUTE[-1], button=Qt.MouseButton.RightButton)  # ends the line
    assert tool.finished and len(tool.vertices) == 3
    for (lon, lat), (x, y) in zip(ROUTE, tool.vertices, strict=True):  # within a pixel of the aim
        assert abs(lon - x) < 2 * window.canvas.view.res / 1e5 and abs(lat - y) < 2 * window.canvas.view.res / 1e5
    legs = [GEOD.inv(a[0], a[1], b[0], b[1])[2] for a, b in zip(tool.vertices, tool.vertices[1:], strict=False)]
    assert panel.total.text().endswith(" km")
    assert number(panel.total.text()) == pytest.approx(sum(legs) / 1000, abs=0.006)
    assert panel.legs.count() == 2
    assert 5.0 < sum(legs) / 1000 < 7.0  # station → Bio-City core → north: a few km
    # the line and its total are drawn over the map
    shot = tool.overlay.grab().toImage()
    sketch = sum(1 for x in range(0, shot.width(), 2) for y in range(0, shot.height(), 2)
                 if shot.pixelColor(x, y).red() > 180 and shot.pixelColor(x, y).green() < 80)
    assert sketch > 50
    assert tool.total_text() == panel.total.text()
    panel.units.setCurrentIndex(panel.units.findData("m"))
    assert panel.total.text().endswith(" m") and number(panel.total.text()) == pytest.approx(sum(legs), abs=0.6)
    # a new click after the end starts a new line; Esc ends the tool and closes the window
    click(qtbot, window.canvas, *ROUTE[0])
    assert len(tool.vertices) == 1 and not tool.finished
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert window.measuring.tool is None and not tool.active


def test_measure_area_in_hectares_and_mu_in_chinese(window, qtbot):
    from gisplanner.ui.i18n import set_lang

    set_lang("zh")
    assert window.actions_by_name["measure_area"].shortcut() == QKeySequence("Ctrl+Shift+J")
    window.canvas.zoom_to_bounds((106.80, 29.55, 106.86, 29.59))
    tool = window.measuring.start("area")
    panel = window.measuring.panel
    assert panel.windowTitle() == "测量面积"
    for lon, lat in ROUTE:
        click(qtbot, window.canvas, lon, lat)
    qtbot.mouseDClick(window.canvas, Qt.MouseButton.LeftButton,
                      pos=window.canvas.map_to_screen(*ROUTE[-1]).toPoint())
    assert tool.finished and len(tool.vertices) == 3
    area, perimeter = GEOD.polygon_area_perimeter(*zip(*tool.vertices, strict=True))
    panel.units.setCurrentIndex(panel.units.findData("ha"))
    assert panel.total.text().endswith(" 公顷")
    assert number(panel.total.text()) == pytest.approx(abs(area) / 1e4, rel=1e-3)
    panel.units.setCurrentIndex(panel.units.findData("mu"))
    assert panel.total.text().endswith(" 亩")
    assert number(panel.total.text()) == pytest.approx(abs(area) * 15 / 1e4, rel=1e-3)
    assert panel.detail.text().startswith("周长：")
    assert number(panel.detail.text().removeprefix("周长：")) == pytest.approx(perimeter / 1000, abs=0.006)
    panel.close()  # closing the results window ends the tool
    assert window.measuring.tool is None and not tool.active


def test_scale_box_zooms_to_a_typed_scale_and_follows_the_map(window, qtbot):
    box = window.status.scale
    assert box.text() == f"1:{map_scale(window):,.0f}"
    box.combo.lineEdit().selectAll()
    qtbot.keyClicks(box.combo.lineEdit(), "1:5000")
    qtbot.keyClick(box.combo.lineEdit(), Qt.Key.Key_Return)
    assert map_scale(window) == pytest.approx(5000, rel=1e-6)
    assert box.text() == "1:5,000"
    window.canvas.zoom_by(2.0)  # the box follows the map
    assert map_scale(window) == pytest.approx(2500, rel=1e-6) and box.text() == "1:2,500"
    box.combo.setEditText("25000")
    assert box.apply_text() and map_scale(window) == pytest.approx(25000, rel=1e-6)
    box.combo.activated.emit(box.combo.findData(1000.0))  # a preset from the list
    assert map_scale(window) == pytest.approx(1000, rel=1e-6)
    # a bad entry is refused in words, the map stays where it was
    before = window.canvas.view
    box.combo.setEditText("1:abc")
    assert not box.apply_text()
    assert window.canvas.view == before and "1:5000" in box.error and box.combo.styleSheet()


def test_scale_box_words_its_refusal_in_chinese(window):
    from gisplanner.ui.i18n import set_lang

    set_lang("zh")
    box = window.status.scale
    box.combo.setEditText("1:5")
    assert not box.apply_text()
    assert box.error.startswith("比例尺超出范围") and "Scale" not in box.error
    assert box.label.text() == "比例尺"


HSR = (106.847, 29.57)


def gk_text(prefixed: bool) -> str:
    zone, easting, northing = to_gk3(*HSR)
    return f"{northing:.2f}, {easting if prefixed else easting - zone * 1e6:.2f}"


@pytest.mark.parametrize("system, text, zone", [
    ("wgs84", "106.847, 29.57", None),
    ("wgs84", "29°34′12″N 106°50′49.2″E", None),
    ("gk3", gk_text(prefixed=True), None),
    ("gk3", gk_text(prefixed=False), 36),
    ("gcj02", "{:.7f}, {:.7f}".format(*(float(v) for v in wgs84_to_gcj02(*HSR))), None),
    ("bd09", "{:.7f}, {:.7f}".format(*(float(v) for v in wgs84_to_bd09(*HSR))), None),
])
def test_go_to_coordinate_centres_and_marks_the_point(window, qtbot, system, text, zone):
    window.zoom_full()
    dialog = window.goto.ask()
    dialog.set_system(system)
    assert dialog.zone.isVisibleTo(dialog) == (system == "gk3")
    if zone is not None:
        dialog.zone.setValue(zone)
    dialog.text.setText(text)
    assert dialog.message.text() == ""
    assert dialog.result.text() == f"{HSR[0]:.6f}, {HSR[1]:.6f}"
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not dialog.isVisible()
    x0, y0, x1, y1 = window.canvas.extent()
    assert ((x0 + x1) / 2, (y0 + y1) / 2) == pytest.approx(HSR, abs=1e-4)
    assert map_scale(window) == pytest.approx(25000, rel=1e-6)  # from full extent it zooms in
    assert window.goto.marker.where == pytest.approx(HSR, abs=1e-6)
    centre = window.canvas.map_to_screen(*HSR)
    assert window.canvas.rect().contains(centre.toPoint())


def test_go_to_refuses_in_the_ui_language_and_keeps_the_dialog(window, qtbot):
    from gisplanner.ui.i18n import set_lang

    before = window.canvas.view
    dialog = window.goto.ask()
    dialog.set_system("gk3")
    dialog.text.setText("586412, 3274567")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "zone prefix" in dialog.message.text()
    assert window.canvas.view == before and window.goto.marker.where is None
    dialog.reject()
    set_lang("zh")
    dialog = window.goto.ask()
    assert dialog.windowTitle() == "定位到坐标"
    assert dialog.system.currentData() == "gk3"  # the last system used stays chosen
    dialog.set_system("wgs84")
    dialog.text.setText("abc, 29.5")
    assert dialog.message.text() == "不是数字或度分秒：abc"
    dialog.reject()
