"""The exported map as a user sees it in headless Chromium with the network cut off: the
offline basemap as the background, no cut edges when zoomed out, labels by zoom, coincident
points displaced, ``--park`` framing its park."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from export_helpers import chromium, open_offline
from gisplanner.export import export_html
from gisplanner.export.basemap import LAND, SEA
from gisplanner.export.collect import park_frame
from gisplanner.export.displace import MIN_ZOOM
from test_cli import main_py

pytestmark = pytest.mark.browser
PARK = "cq.biocity"


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def default_map(project, tmp_path_factory):
    """The whole project with every option at its default."""
    return export_html(project, tmp_path_factory.mktemp("view") / "map.html")


@pytest.fixture(scope="module")
def loaded(default_map, browser):
    page, log = open_offline(browser, default_map.path, 1400, 900)
    yield page, log
    page.close()


def _rgb_at(png: bytes, x: int, y: int) -> tuple[int, int, int]:
    from PySide6.QtGui import QImage

    pixel = QImage.fromData(png).pixelColor(x, y)
    return pixel.red(), pixel.green(), pixel.blue()


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _near(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return sum(abs(p - q) for p, q in zip(a, b, strict=True)) <= 12


def _container_point(page, lat: float, lon: float) -> tuple[int, int]:
    x, y = page.evaluate("([lat, lon]) => { const p = gisplanner.map.latLngToContainerPoint([lat, lon]);"
                         " return [p.x, p.y]; }", [lat, lon])
    return round(x), round(y)


def test_defaults_need_no_network_at_all(loaded, default_map):
    page, log = loaded
    assert page.evaluate("gisplanner.drawnCount()") == default_map.features
    assert page.evaluate("gisplanner.map.getPane('gpBasemap').querySelectorAll('path').length") > 10
    assert page.locator(".leaflet-tile").count() == 0
    assert log.requests == [], "the default map asked the network for something"
    assert log.console_errors == [] and log.page_errors == []


def test_zoomed_out_the_map_ends_at_china_not_at_a_rectangle(loaded, tmp_path):
    """At the lowest zoom the land is the whole country, far beyond the exported features
    (Beijing, Urumqi, Harbin lie well outside the export's surroundings); the rest is the
    even background, and the map does not zoom out further."""
    page, _ = loaded
    page.evaluate("void gisplanner.map.setZoom(0, {animate: false})")
    assert page.evaluate("gisplanner.map.getZoom()") == MIN_ZOOM
    page.evaluate("void gisplanner.map.setView([35, 104], gisplanner.map.getZoom(), {animate: false})")
    page.evaluate("document.querySelectorAll('.leaflet-control').forEach(e => e.style.visibility = 'hidden')")
    png = page.screenshot(path=str(tmp_path / "min-zoom.png"))
    page.evaluate("document.querySelectorAll('.leaflet-control').forEach(e => e.style.visibility = '')")
    for name, lat, lon in [("Beijing", 39.9, 116.4), ("Urumqi", 43.8, 87.6), ("Harbin", 45.75, 126.65),
                           ("Lhasa", 29.65, 91.1)]:
        assert _near(_rgb_at(png, *_container_point(page, lat, lon)), _hex(LAND)), f"no land drawn at {name}"
    for name, lat, lon in [("the Pacific", 30.0, 140.0), ("Mongolia", 46.5, 103.0)]:
        assert _near(_rgb_at(png, *_container_point(page, lat, lon)), _hex(SEA)), f"{name} is not background"
    labels = page.evaluate("document.querySelectorAll('.gp-label-point:not(.gp-label-hidden)').length")
    assert labels == 0, "facility names are shown at the whole-country zoom"


def test_the_park_label_shows_at_the_park_zoom(loaded, project):
    page, _ = loaded
    name = project.feature(PARK)["name_zh"]
    shown = page.evaluate("""(uid) => {
        const lyr = gisplanner.layers.parks.getLayers().find(l => l.gpUid === uid);
        gisplanner.map.closePopup();
        gisplanner.map.fitBounds(lyr.getBounds(), {animate: false});
        const box = gisplanner.map.getContainer().getBoundingClientRect();
        return [...document.querySelectorAll('.gp-label-parks:not(.gp-label-hidden)')].map(e => {
            const r = e.firstChild.getBoundingClientRect();
            return {text: e.innerText, inside: r.left >= box.left && r.right <= box.right && r.top >= box.top
                    && r.bottom <= box.bottom};
        });
    }""", PARK)
    assert {"text": name, "inside": True} in shown


def test_labels_never_overlap(loaded, project):
    page, _ = loaded
    frame = project.features("facilities")
    centre = frame.geometry.iloc[0]
    page.evaluate("([lat, lon]) => { gisplanner.map.setView([lat, lon], 15, {animate: false}); }", [centre.y, centre.x])
    boxes = page.evaluate("""() => [...document.querySelectorAll('.gp-label:not(.gp-label-hidden)')].map(e => {
        const r = e.firstChild.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })""")
    assert len(boxes) >= 5, "facility names are not shown close up"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5), (a, b)


def _stack(project) -> tuple[list[str], list[str], float, float]:
    """uids and names of the biggest group of facilities sharing one point, and that point."""
    frame = project.features("facilities")
    keys = frame.geometry.x.round(6).astype(str) + "," + frame.geometry.y.round(6).astype(str)
    group = frame[keys == keys.value_counts().index[0]]
    assert len(group) >= 5
    return list(group["uid"]), list(group["name_zh"]), group.geometry.iloc[0].y, group.geometry.iloc[0].x


def test_coincident_points_are_displaced_and_each_opens_its_own_popup(loaded, project, tmp_path):
    page, _ = loaded
    uids, names, lat, lon = _stack(project)
    page.evaluate("([lat, lon]) => { gisplanner.map.closePopup(); gisplanner.map.setView([lat, lon], 14, {animate: false}); }",
                  [lat, lon])
    page.screenshot(path=str(tmp_path / "displaced.png"))
    where = """(uid) => {
        const lyr = gisplanner.layers.facilities.getLayers().find(l => l.gpUid === uid);
        const r = lyr.getElement().getBoundingClientRect();
        return [r.left + r.width / 2, r.top + r.height / 2];
    }"""
    spots = np.array([page.evaluate(where, uid) for uid in uids])
    gaps = np.hypot(*(spots[:, None, :] - spots[None, :, :]).transpose(2, 0, 1))
    assert gaps[~np.eye(len(uids), dtype=bool)].min() > 8, "markers sharing a place are drawn on top of each other"
    centre = np.array(page.evaluate("([lat, lon]) => { const p = gisplanner.map.latLngToContainerPoint([lat, lon]);"
                                    " const b = gisplanner.map.getContainer().getBoundingClientRect();"
                                    " return [b.left + p.x, b.top + p.y]; }", [lat, lon]))
    assert np.hypot(*(spots - centre).T).max() < 200, "displaced markers wander far from their place"
    assert page.locator(".gp-leader").count() >= len(uids)
    for uid, name in zip(uids, names, strict=True):
        page.evaluate("void gisplanner.map.closePopup()")
        page.wait_for_function("document.querySelectorAll('.leaflet-popup').length === 0")  # faded out
        x, y = page.evaluate(where, uid)
        page.mouse.click(x, y)
        popup = page.locator(".leaflet-popup-content .gp-name").first
        popup.wait_for(state="visible", timeout=5000)
        assert popup.inner_text() == name, f"clicking {uid} opened another feature's popup"
        assert page.locator(".leaflet-popup-content .gp-name").count() == 1


def test_park_export_frames_the_park_and_clips_lines(built_project_path, project, browser, tmp_path):
    out = tmp_path / "park.html"
    done = main_py("export-html", "--project", str(built_project_path), "--out", str(out), "--park", PARK)
    assert done.returncode == 0, done.stderr
    page_text = out.read_text(encoding="utf-8")
    shared = json.loads(re.search(r"gisplanner\.init\(\w+, (\{.*?\})\);\n", page_text).group(1))
    x0, y0, x1, y1 = park_frame(project.feature(PARK)["geometry"])
    park = project.feature(PARK)["geometry"].bounds
    assert np.ravel(shared["bounds"]) == pytest.approx([y0, x0, y1, x1], abs=1e-6)
    assert x0 < park[0] and park[2] < x1 and (x1 - x0) < 1.5 * (park[2] - park[0])
    lines = [json.loads(m) for m in re.findall(r"gisplanner\.addFeatures\(\w+, (\{.*?\})\);\n", page_text)]
    lines = next(layer for layer in lines if layer["name"] == "transport_lines")
    assert lines["features"], "no line crosses the park"
    grid = lines["grid"]
    for record in lines["features"]:
        for part in record[9]:
            xy = np.cumsum(np.array(part, dtype=np.int64).reshape(-1, 2), axis=0)
            lon, lat = (grid["x"] + xy[:, 0]) / grid["k"], (grid["y"] + xy[:, 1]) / grid["k"]
            assert lon.min() >= x0 - 1e-6 and lon.max() <= x1 + 1e-6 and lat.min() >= y0 - 1e-6 and lat.max() <= y1 + 1e-6, \
                f"line {record[0]} leaves the park's frame"
    linked = project.clauses_by_feature()
    assert any(record[8] for record in lines["features"] if record[0] in linked), "clipped lines lost their clauses"
    page, log = open_offline(browser, out)
    try:
        view = page.evaluate("(() => { const b = gisplanner.map.getBounds(); return [b.getWest(), b.getSouth(),"
                             " b.getEast(), b.getNorth()]; })()")
        assert view[0] <= park[0] and view[2] >= park[2] and view[1] <= park[1] and view[3] >= park[3]
        assert view[2] - view[0] < 4 * (x1 - x0), "the map is framed far wider than the park"
        assert log.requests == [] and log.page_errors == []
    finally:
        page.close()



def test_a_layer_of_higher_label_priority_keeps_its_name_where_names_collide(project_copy, browser, tmp_path):
    """A station put where the Bio-City's name goes: the transport points' names are placed
    first (label priority 8, as on the desktop map), so the station keeps its name and the
    park's gives way, where areas would otherwise take the room first."""
    from shapely.geometry import Point

    from gisplanner.layers import layer_definition
    from gisplanner.store import Project

    with Project.open(project_copy) as project:
        park = project.feature(PARK)["geometry"]
        x0, y0, x1, y1 = park.bounds
        session = project.edit(editor="王工")
        session.add_feature("transport_points", {
            "uid": "t.station", "name_zh": "测试车站", "kind": layer_definition("transport_points").kinds[0].id,
            "status": "planned", "status_date": "2025-01-01", "location_precision": "site"},
            Point((x0 + x1) / 2, (y0 + y1) / 2))
        session.commit()
        session.close()
        done = export_html(project, tmp_path / "map.html")
    page, _ = open_offline(browser, done.path, 1400, 900)
    shown = page.evaluate("""(bounds) => {
        gisplanner.map.fitBounds(bounds, {animate: false});
        return [...document.querySelectorAll('.gp-label:not(.gp-label-hidden)')].map(e => e.innerText);
    }""", [[y0, x0], [y1, x1]])
    page.close()
    assert "测试车站" in shown, shown
