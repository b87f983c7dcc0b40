"""The main window over the real built project, driven like a user would (offscreen Qt)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QUrl
from PySide6.QtWidgets import QApplication

pytest.importorskip("pytestqt")

HSR_STATION = "cq.hsr.biocity-station"
TASK_14 = "001:重點任務/(四)/14"


@pytest.fixture
def window(qtbot, project_copy, tmp_path):
    from gisplanner.ui.i18n import set_lang
    from gisplanner.ui.main_window import MainWindow

    set_lang("zh")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    assert win.open_project(project_copy, ask=False)
    wait_frame(qtbot, win.canvas)
    yield win
    win.canvas.shutdown()


def wait_frame(qtbot, canvas) -> None:
    qtbot.waitUntil(canvas.frame_is_current, timeout=15000)


def isolated_linked_point(window) -> tuple[str, str, float, float]:
    """A point feature with a linked clause and no other point feature at its place."""
    project = window.project
    candidates = []
    for layer in ("transport_points", "facilities"):
        frame = project.features(layer)
        for _, row in frame.iterrows():
            candidates.append((layer, row["uid"], row.geometry.x, row.geometry.y))
    for layer, uid, x, y in candidates:
        near = [c for c in candidates if abs(c[2] - x) < 0.02 and abs(c[3] - y) < 0.02]
        if len(near) == 1 and project.clauses_for(uid):
            return layer, uid, x, y
    pytest.fail("no isolated point feature with a linked clause in the shipped data")


def test_project_layers_are_present_and_drawn(window, project):
    names = [d.name for d in project.layers()]
    assert [layer.name for layer in window.layer_list] == names
    panel = window.layer_panel
    assert {panel.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
            for i in range(panel.tree.topLevelItemCount())} == set(names)
    assert window.canvas.last_stats.error is None
    drawn = window.canvas.last_stats.per_layer
    for name in names:
        if len(project.features(name)):
            assert drawn.get(name, 0) > 0, f"{name} not drawn at full extent"
    # the frame is not blank: several distinct colours are on it
    image = window.canvas.frame_image()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, image.height(), 23)}
    assert len(colours) > 10


def test_click_on_feature_shows_name_and_clause(window, qtbot):
    layer, uid, lon, lat = isolated_linked_point(window)
    window.canvas.zoom_to_bounds((lon - 0.05, lat - 0.05, lon + 0.05, lat + 0.05))
    wait_frame(qtbot, window.canvas)
    pos = window.canvas.map_to_screen(lon, lat)
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(pos.x()), round(pos.y())))
    feature = window.project.feature(uid)
    clause = window.project.clauses_for(uid)[0]
    text = window.identify.text()
    assert feature["name_zh"] in text
    assert clause["plan_title"] in text
    assert (clause["number"] or clause["path"]) in text
    assert window.canvas.selected_uids() == [uid]
    # a click on empty sea far away clears the selection
    window.canvas.zoom_to_bounds((115.5, 18.0, 116.0, 18.5))
    wait_frame(qtbot, window.canvas)
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=QPoint(20, 60))
    assert window.canvas.selected_uids() == []


def test_search_lists_task_14_and_choosing_it_selects_the_hsr_station(window, qtbot):
    browser = window.clause_browser
    browser.search_box.setText("高铁")
    browser.run_search()
    assert TASK_14 in browser.result_ids()
    row = browser.result_ids().index(TASK_14)
    item = browser.results.topLevelItem(row)
    browser.results.scrollToItem(item)
    rect = browser.results.visualItemRect(item)
    window.docks["clauses"].show()
    qtbot.mouseClick(browser.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert HSR_STATION in window.canvas.selected_uids()
    station = window.project.feature(HSR_STATION)["geometry"]
    x0, y0, x1, y1 = window.canvas.extent()
    assert x0 <= station.x <= x1 and y0 <= station.y <= y1


def test_show_in_document_marks_the_clause_span(window):
    window.identify.show_feature(HSR_STATION)
    html = window.identify.browser.toHtml()
    assert "在原文中显示" in html
    # follow the "show in document" link the way a click on it does
    window.identify.browser.anchorClicked.emit(QUrl("clause:" + quote(TASK_14)))
    clause = window.project.clause(TASK_14)
    assert window.document.clause_id == TASK_14
    marked = window.document.selected_text()
    assert marked == clause["text"][: len(marked)]
    assert len(marked) >= len(clause["text"].strip()) - 2


def test_status_filter_hides_features(window, qtbot):
    station = window.project.feature(HSR_STATION)
    assert station["status"] == "planned"
    lon, lat = station["geometry"].x, station["geometry"].y
    window.canvas.zoom_to_bounds((lon - 0.05, lat - 0.05, lon + 0.05, lat + 0.05))
    wait_frame(qtbot, window.canvas)
    before = window.canvas.last_stats.per_layer.get("transport_points", 0)
    assert HSR_STATION in window.visible_uids()
    window.filter_panel.boxes["planned"].setChecked(False)
    wait_frame(qtbot, window.canvas)
    assert HSR_STATION not in window.visible_uids()
    assert window.canvas.last_stats.per_layer.get("transport_points", 0) < before
    pos = window.canvas.map_to_screen(lon, lat)
    hits = window.canvas.features_at(pos.x(), pos.y())
    assert HSR_STATION not in [uid for _layer, uid in hits]
    # the legend counts follow the filter
    item = window.layer_panel.item("transport_points")
    labels = [item.child(i).text(0) for i in range(item.childCount())]
    assert any(label.startswith("规划 ") and "0/" in label for label in labels)


def test_year_slider_hides_features_due_later(window, qtbot):
    deadlines = window.map_layers["parks"].data.column("deadline")
    late = [d for d in deadlines if d == d and d is not None]
    assert late, "shipped parks carry deadlines"
    year = int(min(late)) - 1
    window.filter_panel.slider.setValue(year)
    assert window.filter.year == year
    visible = set(window.visible_uids())
    for uid, d in zip(window.map_layers["parks"].data.column("uid"), deadlines, strict=True):
        if d == d and d is not None:
            assert uid not in visible


@pytest.mark.parametrize("n, uid", [(0, "cq.biocity"), (1, "zh.health-port"), (2, "bz.qinba-park")])
def test_zoom_to_park_shows_that_park(window, qtbot, n, uid):
    geometry = window.project.feature(uid)["geometry"]
    px0, py0, px1, py1 = geometry.bounds
    before = window.canvas.extent()
    window.park_actions[n].trigger()
    wait_frame(qtbot, window.canvas)
    x0, y0, x1, y1 = window.canvas.extent()
    assert (x0, y0, x1, y1) != before
    assert x0 <= px0 and y0 <= py0 and x1 >= px1 and y1 >= py1
    assert (x1 - x0) < 4 * max(px1 - px0, (py1 - py0) * 1.6)


def test_pan_and_zoom_by_keys_and_drag(window, qtbot):
    canvas = window.canvas
    e0 = canvas.extent()
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    e1 = canvas.extent()
    assert e1[0] > e0[0] and e1[1] == pytest.approx(e0[1])
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    e2 = canvas.extent()
    assert (e2[2] - e2[0]) < (e1[2] - e1[0])
    start = QPoint(300, 300)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, QPoint(400, 300))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    e3 = canvas.extent()
    assert e3[0] < e2[0]
    wait_frame(qtbot, canvas)


def test_layer_visibility_from_panel_hides_a_layer(window, qtbot):
    item = window.layer_panel.item("transport_points")
    item.setCheckState(0, Qt.CheckState.Unchecked)
    assert not window.layer_list["transport_points"].visible
    wait_frame(qtbot, window.canvas)
    assert "transport_points" not in window.canvas.last_stats.per_layer
    assert HSR_STATION not in window.visible_uids()


def test_language_switch_retranslates_menus(window):
    assert window.menus["file"].title() == "文件(&F)"
    window.set_language("en")
    assert window.menus["file"].title() == "&File"
    assert window.docks["identify"].windowTitle() == "Identify"
    window.set_language("zh")
    assert window.docks["identify"].windowTitle() == "识别"
    window.install_extensions()  # add-ons add their menus once the first frame is drawn
    assert {"file", "edit", "view", "layer", "plans", "project", "help"} <= set(window.menus)


def test_unmapped_clauses_are_marked(window):
    browser = window.clause_browser
    assert browser.unmapped, "some clause calls for construction nothing on the map stands for"
    linked = window.project.linked_clause_ids()
    assert not browser.unmapped & linked
    some = sorted(browser.unmapped)[0]
    assert browser.items[some].text(1) == "未落图"
    assert browser.items[TASK_14].text(1) == ""


def test_clause_tree_runs_plans_sections_clauses(window, project):
    browser = window.clause_browser
    assert browser.tree.topLevelItemCount() == len(project.plans())
    item = browser.items[TASK_14]
    section = item.parent()
    assert section.data(0, Qt.ItemDataRole.UserRole) == "001:重點任務/(四)"
    assert section.parent().data(0, Qt.ItemDataRole.UserRole) == "001:重點任務"
    assert section.parent().parent().text(0).startswith("001 ")
    # choosing the clause in the tree selects what it calls for
    browser.choose(TASK_14)
    assert HSR_STATION in window.canvas.selected_uids()


def test_show_feature_zooms_selects_and_identifies(window, qtbot):
    assert window.show_feature(HSR_STATION)
    assert window.canvas.selected_uids() == [HSR_STATION]
    assert "渝万高铁重庆国际生物城站" in window.identify.text()
    station = window.project.feature(HSR_STATION)["geometry"]
    x0, y0, x1, y1 = window.canvas.extent()
    assert x0 < station.x < x1 and y0 < station.y < y1 and (x1 - x0) < 0.5
    assert not window.show_feature("no.such.feature")


def test_identify_zoom_link_zooms_to_the_feature(window, qtbot):
    window.canvas.zoom_to_bounds((100.0, 20.0, 120.0, 35.0))
    window.identify.show_feature(HSR_STATION)
    window.identify.browser.anchorClicked.emit(QUrl("zoom:" + quote(HSR_STATION)))
    x0, y0, x1, y1 = window.canvas.extent()
    assert (x1 - x0) < 0.5
    assert window.canvas.selected_uids() == [HSR_STATION]


def test_status_filter_greys_clauses_whose_features_are_hidden(window):
    browser = window.clause_browser
    uids = {f["uid"] for f in window.project.features_for(TASK_14, include_children=False)}
    statuses = {window.project.feature(u)["status"] for u in uids}
    assert not browser.filtered_out(TASK_14)
    window.filter.statuses = {s for s in window.filter.statuses if s not in statuses}
    assert browser.filtered_out(TASK_14)
    assert browser.items[TASK_14].foreground(0).color().name() == "#9e9e9e"
    window.filter.statuses = set(statuses)
    assert not browser.filtered_out(TASK_14)


def test_cursor_position_shows_wgs84_and_gauss_kruger_zone(window, qtbot):
    station = window.project.feature(HSR_STATION)["geometry"]
    window.show_feature(HSR_STATION)
    pos = window.canvas.map_to_screen(station.x, station.y)
    qtbot.mouseMove(window.canvas, QPoint(round(pos.x()), round(pos.y())))
    assert "WGS84 106.8" in window.status.wgs84.text()
    assert "zone 36" in window.status.gk.text() and "EPSG:4524" in window.status.gk.text()


def test_wheel_zooms_about_the_cursor(window, qtbot):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent

    canvas = window.canvas
    x0, y0, x1, y1 = canvas.extent()
    anchor = QPointF(canvas.width() * 0.25, canvas.height() * 0.5)
    before = canvas.screen_to_lonlat(anchor.x(), anchor.y())
    event = QWheelEvent(anchor, canvas.mapToGlobal(anchor), QPoint(0, 0), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    canvas.wheelEvent(event)
    a0, b0, a1, b1 = canvas.extent()
    assert (a1 - a0) < (x1 - x0) * 0.7
    after = canvas.screen_to_lonlat(anchor.x(), anchor.y())
    assert after == pytest.approx(before, abs=1e-6)


def test_choosing_an_unmapped_clause_opens_its_text(window):
    browser = window.clause_browser
    cid = sorted(browser.unmapped)[0]
    browser.choose(cid)
    assert window.canvas.selected_uids() == []
    assert window.document.clause_id == cid
    assert window.project.clause(cid)["text"][:10] in window.document.selected_text()


def test_double_click_on_a_layer_zooms_to_it(window, qtbot):
    window.canvas.zoom_to_bounds((100.0, 20.0, 120.0, 35.0))
    item = window.layer_panel.item("transport_lines")
    window.layer_panel.tree.setCurrentItem(item)
    window.layer_panel.tree.itemDoubleClicked.emit(item, 0)
    lines = window.project.features("transport_lines").total_bounds
    x0, y0, x1, y1 = window.canvas.extent()
    assert x0 <= lines[0] and x1 >= lines[2] and (x1 - x0) < 3 * max(lines[2] - lines[0], (lines[3] - lines[1]) * 1.7)


def test_hovering_a_feature_names_it(window, qtbot):
    window.show_feature(HSR_STATION)
    qtbot.waitUntil(window.canvas.frame_is_current, timeout=15000)
    station = window.project.feature(HSR_STATION)
    pos = window.canvas.map_to_screen(station["geometry"].x, station["geometry"].y)
    text = window.canvas.hover_text(pos.x(), pos.y(), limit=100)
    assert station["name_zh"] in text.split("\n")
    window.canvas.zoom_to_bounds((115.5, 18.0, 116.0, 18.5))  # open sea
    assert window.canvas.hover_text(100, 100) == ""


def test_map_context_menu_identifies_and_copies_the_place(window, qtbot):
    from gisplanner.ui.actions import map_context_menu

    window.show_feature(HSR_STATION)
    station = window.project.feature(HSR_STATION)["geometry"]
    pos = window.canvas.map_to_screen(station.x, station.y).toPoint()
    window.canvas.select([])
    menu = map_context_menu(window, pos)
    actions = {a.text(): a for a in menu.actions() if a.text()}
    actions["识别"].trigger()
    assert window.canvas.selected_uids() and window.identify.uid == window.canvas.selected_uids()[0]
    copy = next(a for text, a in actions.items() if text.startswith("复制光标坐标"))
    copy.trigger()
    lon, lat = (float(v) for v in QApplication.clipboard().text().split(","))
    assert lon == pytest.approx(station.x, abs=0.002) and lat == pytest.approx(station.y, abs=0.002)


def test_home_key_zooms_to_full_extent(window, qtbot):
    window.canvas.zoom_to_bounds((106.8, 29.5, 106.9, 29.6))
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Home)
    x0, y0, x1, y1 = window.canvas.extent()
    for ml in window.map_layers.values():
        if ml.data.n:
            frame = window.project.features(ml.name)
            a, b, c, d = frame.total_bounds
            assert x0 <= a and y0 <= b and x1 >= c and y1 >= d


def drop_layer_at(tree, name: str, where) -> None:
    """Drag the layer row ``name`` and drop it at ``where(tree)`` (a viewport point, taken
    once the row is pressed: pressing may scroll the tree)."""
    from PySide6.QtGui import QDropEvent

    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == name)
    tree.setCurrentItem(item)
    mime = tree.model().mimeData([tree.indexFromItem(item)])
    event = QDropEvent(where(tree).toPointF(), Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    tree.dropEvent(event)  # what Qt calls at the end of a drag (QDrag cannot run offscreen)
    assert event.isAccepted() and event.dropAction() == Qt.DropAction.IgnoreAction  # Qt moves no row


def panel_order(window) -> list[str]:
    tree = window.layer_panel.tree
    return [tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) for i in range(tree.topLevelItemCount())]


def test_dragging_a_layer_in_the_panel_reorders_the_drawing(window, qtbot):
    tree = window.layer_panel.tree
    shown = panel_order(window)
    assert shown == [layer.name for layer in reversed(list(window.layer_list))]  # topmost first
    bottom = shown[-1]
    tree.scrollToTop()
    drop_layer_at(tree, bottom, lambda t: QPoint(20, t.visualItemRect(t.topLevelItem(0)).top() + 2))  # top row
    assert panel_order(window) == [bottom, *shown[:-1]]
    assert window.layer_list[len(window.layer_list) - 1].name == bottom  # drawn last, on top
    assert window._render_layers()[-1].data.name == bottom  # the map draws it last
    wait_frame(qtbot, window.canvas)
    # back down: dropped on the lower half of the last layer's legend row, it ends last
    def last_legend_row(t) -> QPoint:
        last = t.topLevelItem(t.topLevelItemCount() - 1)
        target = last.child(last.childCount() - 1) if last.childCount() else last
        t.scrollToItem(target)
        return QPoint(20, t.visualItemRect(target).bottom() - 1)

    drop_layer_at(tree, bottom, last_legend_row)
    assert panel_order(window) == shown
    assert [layer.name for layer in window.layer_list] == list(reversed(shown))
    assert tree.topLevelItemCount() == len(shown)  # Qt moved no item itself: no duplicate, no child


def test_dropping_a_layer_in_the_middle_lands_between_its_neighbours(window):
    tree = window.layer_panel.tree
    shown = panel_order(window)
    def third_row(t) -> QPoint:
        t.scrollToItem(t.topLevelItem(2))
        return QPoint(20, t.visualItemRect(t.topLevelItem(2)).top() + 2)

    drop_layer_at(tree, shown[0], third_row)  # above the third: second place
    assert panel_order(window) == [shown[1], shown[0], *shown[2:]]
