"""The exported map in real headless Chromium with the network cut off, as at a meeting."""

from __future__ import annotations

import shutil

import pytest

from export_helpers import JINJA_NAME, JINJA_UID, XSS_NAME, XSS_UID, add_hostile_names, chromium, open_offline
from gisplanner.export import ExportOptions, export_html
from gisplanner.store import Project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def exported(built_project_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    path = folder / "hostile.gpkg"
    shutil.copy2(built_project_path, path)
    add_hostile_names(path)
    with Project.open(path) as project:
        summary = export_html(project, folder / "map.html")
        linked = project.clauses_by_feature()
    return summary, linked


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def loaded(exported, browser):
    summary, _ = exported
    page, log = open_offline(browser, summary.path)
    yield page, log
    page.close()


def _clickable_point(page, layer: str, uids: list[str]) -> tuple[str, float, float]:
    """Zoom onto the first of ``uids`` whose marker is on top at its own position; return
    that uid and the page coordinates to click."""
    return page.evaluate("""([layer, uids]) => {
        const map = gisplanner.map;
        map.closePopup();
        for (const uid of uids) {
            const lyr = gisplanner.layers[layer].getLayers().find(l => l.gpUid === uid);
            if (!lyr) continue;
            map.setView(lyr.getLatLng(), 16, {animate: false});
            const p = map.latLngToContainerPoint(lyr.getLatLng()), box = map.getContainer().getBoundingClientRect();
            const x = box.left + p.x, y = box.top + p.y;
            const hit = document.elementFromPoint(x, y);
            if (hit && hit.closest(".gp-f") === lyr.getElement()) return [uid, x, y];
        }
        return null;
    }""", [layer, uids])


def test_map_renders_every_exported_feature_without_network(loaded, exported):
    page, log = loaded
    summary, _ = exported
    assert summary.features > 20
    assert page.evaluate("gisplanner.drawnCount()") == summary.features
    for layer, count in summary.layers.items():
        assert page.locator(f".leaflet-map-pane .gp-l-{layer}").count() == count
    assert page.evaluate("gisplanner.map.getPane('gpBasemap').querySelectorAll('path').length") > 10
    assert page.locator(".gp-legend h2").count() == len(summary.layers)
    assert log.non_tile_requests == [], "the page asked the network for something it needs"
    assert log.page_errors == []
    assert log.errors_not_about_tiles == []


def test_clicking_a_feature_opens_its_clauses(loaded, exported):
    page, _ = loaded
    summary, linked = exported
    with_quotes = [u for u, rows in linked.items() if all(r["quote"] for r in rows)]
    found = _clickable_point(page, "facilities", with_quotes)
    assert found, "no linked facility stands on its own to be clicked"
    uid, x, y = found
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=5000)
    text = popup.inner_text()
    for row in linked[uid]:
        assert row["quote"] in text
        assert row["plan_title"] in text
        assert row["path"] in text


def test_hostile_names_show_as_text_and_run_nothing(loaded):
    page, log = loaded
    for uid, name in [(XSS_UID, XSS_NAME), (JINJA_UID, JINJA_NAME)]:
        shown = page.evaluate("""(uid) => {
            const lyr = gisplanner.layers.parks.getLayers().find(l => l.gpUid === uid);
            gisplanner.map.closePopup();
            gisplanner.map.fitBounds(lyr.getBounds(), {animate: false});
            lyr.openPopup(lyr.getBounds().getCenter()); lyr.openTooltip(lyr.getBounds().getCenter());
            const popup = lyr.getPopup().getElement(), tip = lyr.getTooltip().getElement();
            return {name: popup.querySelector(".gp-name").innerText, popup: popup.innerText,
                    tooltip: tip.innerText, images: popup.querySelectorAll("img").length + tip.querySelectorAll("img").length};
        }""", uid)
        assert shown["name"] == name
        assert shown["tooltip"] == name
        assert shown["images"] == 0
    page.wait_for_timeout(200)
    assert log.dialogs == []
    assert log.page_errors == []


def test_layer_control_hides_a_layer(loaded, exported):
    page, _ = loaded
    summary, _ = exported
    label = page.locator(".leaflet-control-layers-overlays label", has_text="园区")
    label.locator("input").click()
    assert page.locator(".gp-l-parks").count() == 0
    assert page.evaluate("gisplanner.drawnCount()") == summary.features - summary.layers["parks"]
    label.locator("input").click()
    assert page.locator(".gp-l-parks").count() == summary.layers["parks"]


def _drawn_pixels(png: bytes) -> tuple[int, int]:
    """(pixels that differ from the map background, all pixels) of a screenshot."""
    import numpy as np
    from PySide6.QtGui import QImage

    image = QImage.fromData(png).convertToFormat(QImage.Format.Format_RGB32)
    w, h = image.width(), image.height()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes()).reshape(h, image.bytesPerLine())
    rgb = data[:, : w * 4].reshape(h, w, 4)[:, :, :3].astype(int)
    background = np.array([0xEF, 0xF3, 0xF4])  # #f4f3ef as B, G, R
    return int((np.abs(rgb - background).sum(axis=2) > 30).sum()), w * h


def test_screenshot_shows_drawn_map(exported, browser, tmp_path):
    summary, _ = exported
    page, log = open_offline(browser, summary.path, 1400, 900)
    png = page.screenshot(path=str(tmp_path / "export.png"))
    page.close()
    drawn, total = _drawn_pixels(png)
    assert drawn > total * 0.03, f"only {drawn} of {total} pixels drawn"
    assert log.non_tile_requests == []


def test_without_online_tiles_the_page_requests_nothing(project, browser, tmp_path):
    summary = export_html(project, tmp_path / "offline.html", ExportOptions(online_tiles=False, layers=["parks"]))
    page, log = open_offline(browser, summary.path)
    try:
        assert page.evaluate("gisplanner.drawnCount()") == summary.features
        assert log.requests == [] and log.console_errors == [] and log.page_errors == []
    finally:
        page.close()


def test_features_sharing_a_position_all_show_in_its_popup(project, browser, tmp_path, monkeypatch):
    """Where a group is too big for a ring, its points stay stacked and the top one's popup
    names every feature standing there."""
    from gisplanner.export import displace

    frame = project.features("facilities")
    keys = frame.geometry.x.round(5).astype(str) + "," + frame.geometry.y.round(5).astype(str)
    stacked = frame[keys == keys.value_counts().index[0]]
    assert len(stacked) > 1, "the shipped facilities have no shared position to test with"
    monkeypatch.setattr(displace, "MAX_RING", len(stacked) - 1)
    summary = export_html(project, tmp_path / "stacked.html", ExportOptions(layers=["facilities"], lang="en"))
    page, _ = open_offline(browser, summary.path)
    try:
        text = page.evaluate("""(uid) => {
            const lyr = gisplanner.layers.facilities.getLayers().find(l => l.gpUid === uid);
            gisplanner.map.closePopup();
            gisplanner.map.setView(lyr.getLatLng(), 14, {animate: false});
            lyr.openPopup();
            return lyr.getPopup().getElement().innerText;
        }""", stacked["uid"].iloc[0])
    finally:
        page.close()
    assert f"{len(stacked)} features at this place" in text
    for name in stacked["name_zh"]:
        assert name in text
