"""Bookmarks in the window (menu, panel) and in the exported HTML map (headless Chromium)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence

from conftest import open_window
from export_helpers import chromium, open_offline
from gisplanner.export import ExportOptions, export_html
from gisplanner.store import Project

pytest.importorskip("pytestqt")

VIEW = (106.80, 29.55, 106.86, 29.59)




@pytest.fixture
def window(qtbot, project_copy, tmp_path):
    from gisplanner.ui.i18n import set_lang

    set_lang("en")
    win = open_window(qtbot, project_copy, tmp_path / "settings.ini")
    yield win
    win.canvas.shutdown()


def listed(window) -> list[str]:
    lst = window.bookmarks.panel.list
    return [lst.item(i).text() for i in range(lst.count())]


def test_parks_are_listed_and_go_to_frames_them(window):
    bookmarks = window.bookmarks
    assert listed(window) == ["重庆国际生物城", "珠海国际健康港", "秦巴生物医药产业园"]
    bookmarks.menu.aboutToShow.emit()
    menu_texts = [a.text() for a in bookmarks.menu.actions()]
    assert menu_texts[-3:] == listed(window) and "&New bookmark…" in menu_texts
    assert window.actions_by_name["bookmark_new"].shortcut() == QKeySequence("Ctrl+D")
    zhuhai = window.project.bookmarks()[1]
    bookmarks.panel.list.setCurrentRow(1)
    bookmarks.panel.buttons["go"].click()
    x0, y0, x1, y1 = window.canvas.extent()
    a, b, c, d = zhuhai.bounds
    assert x0 <= a + 1e-6 and y0 <= b + 1e-6 and x1 >= c - 1e-6 and y1 >= d - 1e-6  # all of it shows
    assert (x1 - x0) < 3 * (c - a) or (y1 - y0) < 3 * (d - b)  # and it fills the map


def test_add_rename_delete_from_the_panel_and_find_them_after_reopening(window, qtbot, project_copy, tmp_path):
    bookmarks = window.bookmarks
    window.settings.setValue("editing/editor", "规划科 王工")
    window.canvas.zoom_to_bounds(VIEW, margin=0.0)
    kept = window.canvas.extent()
    answers = iter(["Mudong meeting", "Mudong venue"])
    bookmarks.ask_name = lambda *_a: next(answers)
    bookmarks.panel.buttons["add"].click()
    assert listed(window)[-1] == "Mudong meeting"
    bookmarks.panel.buttons["rename"].click()  # the new one is the current row
    assert listed(window)[-1] == "Mudong venue"
    bookmarks.confirm = lambda _q: True
    bookmarks.panel.list.setCurrentRow(0)
    bookmarks.panel.buttons["delete"].click()
    assert listed(window) == ["珠海国际健康港", "秦巴生物医药产业园", "Mudong venue"]
    window.close()
    window.canvas.shutdown()
    with Project.open(project_copy) as p:
        saved = p.bookmarks()
        editors = {r["editor"] for r in p.db.query("SELECT editor FROM edits WHERE layer = 'bookmarks'")}
    assert editors == {"规划科 王工"}
    assert [b.name for b in saved] == ["珠海国际健康港", "秦巴生物医药产业园", "Mudong venue"]
    assert saved[-1].bounds == pytest.approx(kept)
    again = open_window(qtbot, project_copy, tmp_path / "settings2.ini")
    try:
        assert listed(again) == ["珠海国际健康港", "秦巴生物医药产业园", "Mudong venue"]
        again.canvas.zoom_to_bounds((100, 20, 115, 35))
        assert again.bookmarks.go("Mudong venue")
        assert again.canvas.extent() == pytest.approx(kept, abs=2e-3)
    finally:
        again.canvas.shutdown()


def test_a_taken_name_is_refused_in_the_ui_language(window):
    from gisplanner.ui.i18n import set_lang

    bookmarks = window.bookmarks
    bookmarks.ask_name = lambda *_a: "重庆国际生物城"
    assert bookmarks.add_current() is None
    assert bookmarks.panel.message.text() == "A bookmark named “重庆国际生物城” exists already."
    set_lang("zh")
    bookmarks.ask_name = lambda *_a: "  "
    assert bookmarks.add_current() is None
    assert bookmarks.panel.message.text() == "书签须有名称。"
    assert window.bookmarks.dock.windowTitle() == "书签"
    assert len(listed(window)) == 3


def test_exported_map_lists_bookmarks_that_frame_the_map(project_copy, tmp_path):
    with Project.open(project_copy, "rw") as p:
        p.add_bookmark("<b>木洞</b> venue", VIEW)
        out = export_html(p, tmp_path / "map.html", ExportOptions(online_tiles=False)).path
        marks = p.bookmarks()
    with chromium() as browser:
        page, log = open_offline(browser, out)
        links = page.locator(".gp-bookmarks a.gp-bookmark")
        assert links.all_inner_texts() == [b.name for b in marks]  # names are text, not markup
        assert page.locator(".gp-bookmarks b").count() == 0
        for index in (3, 1):
            before = page.evaluate("gisplanner.map.getBounds().toBBoxString()")
            links.nth(index).click()
            page.wait_for_function(f"gisplanner.map.getBounds().toBBoxString() !== {before!r}")
            west, south, east, north = (float(v) for v in
                                        page.evaluate("gisplanner.map.getBounds().toBBoxString()").split(","))
            a, b, c, d = marks[index].bounds
            assert west <= a and south <= b and east >= c and north >= d
            assert (east - west) < 4 * (c - a)  # zoomed to it, not left at the whole export
        assert not log.page_errors and not log.requests
