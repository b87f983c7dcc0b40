"""The HTML map's progress panel and overdue marks, in real headless Chromium, offline."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from export_helpers import JINJA_NAME, JINJA_UID, XSS_NAME, XSS_UID, add_hostile_names, chromium, open_offline
from gisplanner.export import ExportOptions, export_html
from gisplanner.monitor.queries import scoped_assessments
from gisplanner.monitor.timeline import overdue
from gisplanner.store import Project

pytestmark = pytest.mark.browser
AS_OF = dt.date(2026, 6, 30)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def hostile(built_project_path, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("progress") / "hostile.gpkg"
    shutil.copy2(built_project_path, path)
    add_hostile_names(path)
    return path


@pytest.fixture(scope="module")
def exported(hostile):
    out = hostile.parent / "progress.html"
    with Project.open(hostile) as project:
        summary = export_html(project, out, ExportOptions(progress=True, export_date=AS_OF, online_tiles=False))
        late = overdue(project.db.conn, AS_OF)
        indicators = scoped_assessments(project.db.conn, AS_OF)
    return summary, late, indicators


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def loaded(exported, browser):
    page, log = open_offline(browser, exported[0].path)
    yield page, log
    page.close()


def test_panel_lists_indicators_and_overdue_features(loaded, exported):
    page, log = loaded
    _summary, late, indicators = exported
    panel = page.locator(".gp-progress")
    assert panel.count() == 1 and panel.get_attribute("open") is not None
    text = panel.inner_text()
    assert indicators and indicators[0][0]["name_zh"] in text
    assert page.locator(".gp-progress .state").count() == len(indicators)
    assert page.locator(".gp-charts svg").count() >= 1
    assert page.locator(".gp-od-row").count() == len(late) > 0
    assert JINJA_UID in {o.uid for o in late}
    assert page.locator(".gp-od-row", has_text="{{").locator("td").first.inner_text() == JINJA_NAME
    assert AS_OF.isoformat() in panel.locator("summary").inner_text()
    assert log.requests == [] and log.page_errors == [] and log.console_errors == [] and log.dialogs == []


def test_overdue_features_are_marked(loaded, exported):
    page, _ = loaded
    late = exported[1]
    drawn = {o.uid for o in late if o.layer in exported[0].layers}
    assert page.evaluate("gisplanner.overdueMarked") == len(drawn) > 0
    assert page.locator(".gp-overdue-mark").count() == len(drawn)
    ring = page.evaluate("getComputedStyle(document.querySelector('.gp-overdue-mark')).stroke")
    assert ring == "rgb(213, 0, 0)"
    off = page.evaluate("""() => {  // close up, where points sharing a place stand apart on a ring
        const map = gisplanner.map, marked = gisplanner.markers.facilities.filter(m => m.gpMark);
        map.setView(marked[0].gpTrue, 15, {animate: false});
        return marked.filter(m => m.gpDisplaced).map(m => map.distance(m.getLatLng(), m.gpMark.getLatLng()));
    }""")
    assert off and max(off) < 0.01, "overdue rings stay behind when their points are displaced"


def test_clicking_an_overdue_row_shows_that_feature(loaded, exported):
    page, log = loaded
    late = exported[1]
    page.evaluate("gisplanner.map.setView([0, 0], 3, {animate: false}); gisplanner.map.closePopup()")
    i = next(n for n, o in enumerate(late) if o.uid == JINJA_UID)
    page.locator(f'.gp-od-row[data-i="{i}"]').click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=5000)
    assert popup.locator(".gp-name").inner_text() == JINJA_NAME
    inside = page.evaluate("""(uid) => {
        const lyr = gisplanner.layers.parks.getLayers().find(l => l.gpUid === uid);
        return gisplanner.map.getBounds().contains(lyr.getBounds().getCenter()) && gisplanner.map.getZoom() > 8;
    }""", JINJA_UID)
    assert inside
    point = next(n for n, o in enumerate(late) if o.layer == "facilities")
    page.locator(f'.gp-od-row[data-i="{point}"]').click()
    assert page.evaluate("gisplanner.map.getZoom()") >= 14
    page.wait_for_function("document.querySelectorAll('.leaflet-popup').length === 1")  # the park's fades out
    assert page.locator(".leaflet-popup-content .gp-name").first.inner_text() == (late[point].name_zh or late[point].uid)
    assert log.page_errors == [] and log.console_errors == [] and log.dialogs == []


def test_park_scope_and_hostile_park_name_via_cli(hostile, browser, tmp_path):
    out = tmp_path / "park.html"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "export-html", "--project", str(hostile),
                           "--park", XSS_UID, "--progress", "--as-of", "2026-06-30", "--no-tiles", "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    page, log = open_offline(browser, out)
    try:
        summary = page.locator(".gp-progress summary").inner_text()
        assert XSS_NAME in summary and "2026-06-30" in summary
        assert page.locator(".gp-progress img").count() == 0
        assert page.locator(".gp-progress .state").count() > 0
        page.wait_for_timeout(200)
        assert log.dialogs == [] and log.page_errors == [] and log.console_errors == []
    finally:
        page.close()


def test_without_the_option_there_is_no_panel(hostile, browser, tmp_path):
    with Project.open(hostile) as project:
        summary = export_html(project, tmp_path / "plain.html", ExportOptions(online_tiles=False))
    page, _log = open_offline(browser, summary.path)
    try:
        assert page.locator(".gp-progress").count() == 0
        assert page.locator(".gp-overdue-mark").count() == 0
    finally:
        page.close()


def test_screenshot_of_the_panel(exported, browser, tmp_path):
    page, _ = open_offline(browser, exported[0].path)
    try:
        path = tmp_path / "progress.png"
        page.screenshot(path=str(path))
        assert path.stat().st_size > 20_000
    finally:
        page.close()


def test_cli_refuses_a_bad_date(hostile, tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "export-html", "--project", str(hostile),
                           "--progress", "--as-of", "2026-13-45", "--out", str(tmp_path / "x.html")],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and "--as-of" in done.stderr
    assert not (tmp_path / "x.html").exists()
