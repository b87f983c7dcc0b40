"""The HTML export without a browser: options, escaping, self-containment, safe writing."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import shapely

from export_helpers import JINJA_NAME, XSS_NAME, add_hostile_names
from gisplanner.export import AssetsMissing, ExportError, ExportOptions, export_html
from gisplanner.export import assets as assets_module
from gisplanner.export.encode import Grid, encode
from gisplanner.export.options import decimals_for
from gisplanner.export.popups import esc, excerpt_html
from gisplanner.feedback import Canceled
from gisplanner.store import Project
from test_cli import main_py


@pytest.fixture
def exported_page(project, tmp_path):
    summary = export_html(project, tmp_path / "map.html", ExportOptions(layers=["parks", "facilities"]))
    return summary, summary.path.read_text(encoding="utf-8")


def test_page_links_to_no_script_stylesheet_or_font(exported_page, project, tmp_path):
    summary, page = exported_page
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    assert "@import" not in page
    assert "Leaflet 1.9.4" in page and "gisplanner.addFeatures" in page
    assert list(summary.layers) == ["parks", "facilities"] and summary.layers["parks"] > 0
    # by default nothing online at all; the only address the page may use is the optional tile layer
    assert re.findall(r"https://[a-z.]+/\{z\}", page) == []
    online = export_html(project, tmp_path / "online.html", ExportOptions(layers=["parks"], online_tiles=True))
    page = online.path.read_text(encoding="utf-8")
    assert {u for u in re.findall(r"https://[a-z.]+/\{z\}", page)} == {"https://tile.openstreetmap.org/{z}"}


def test_options_are_checked_with_clear_messages(project, tmp_path):
    out = tmp_path / "x.html"
    with pytest.raises(ExportError, match="unknown layer 'roads'.*parks"):
        export_html(project, out, ExportOptions(layers=["roads"]))
    with pytest.raises(ExportError, match="unknown status 'built'"):
        export_html(project, out, ExportOptions(statuses=["built"]))
    with pytest.raises(ExportError, match="no park with uid 'nowhere'"):
        export_html(project, out, ExportOptions(park="nowhere"))
    with pytest.raises(ExportError, match="bounding box"):
        export_html(project, out, ExportOptions(bbox=(107.0, 29.0, 106.0, 30.0)))
    with pytest.raises(ExportError, match="no feature matches"):
        export_html(project, out, ExportOptions(bbox=(0.0, 0.0, 1.0, 1.0)))
    assert not out.exists()


def test_filters_pick_the_features(project, tmp_path):
    summary = export_html(project, tmp_path / "m.html", ExportOptions(statuses=["completed"], basemap=False))
    expected = sum(int(project.db.execute(f'SELECT count(*) FROM "{d.name}" WHERE status = ?', ["completed"])
                       .fetchone()[0]) for d in project.layers())
    assert summary.features == expected > 0
    park = export_html(project, tmp_path / "p.html", ExportOptions(park="cq.biocity", basemap=False))
    geom = project.feature("cq.biocity")["geometry"]
    inside = sum(int(project.features(d.name).intersects(geom).sum()) for d in project.layers())
    assert park.features == inside
    assert "重庆国际生物城" in park.path.read_text(encoding="utf-8")


def test_escaping_covers_markup_and_template_braces():
    assert esc(XSS_NAME) == "&lt;img src=x onerror=alert(1)&gt;"
    assert esc(JINJA_NAME) == "&#123;&#123; 7*7 &#125;&#125;"
    assert esc("{% raw %}") == "&#123;% raw %&#125;"
    assert excerpt_html("前文<b>要求</b>后文", "<b>要求</b>") == "前文<mark>&lt;b&gt;要求&lt;/b&gt;</mark>后文"


def test_hostile_names_never_reach_the_page_raw(built_project_path, tmp_path):
    path = tmp_path / "p.gpkg"
    path.write_bytes(built_project_path.read_bytes())
    add_hostile_names(path)
    with Project.open(path) as project:
        page = export_html(project, tmp_path / "m.html", ExportOptions(title="<script>x</script>{{ 1 }}")).path.read_text(
            encoding="utf-8")
    assert XSS_NAME not in page and JINJA_NAME not in page
    assert "<script>x</script>" not in page and "{{ 1 }}" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_coordinates_are_rounded_and_decode_back():
    assert decimals_for(0.05) == 6 and decimals_for(1.0) == 6 and decimals_for(8.0) == 6 and decimals_for(20) == 5
    grid = Grid.around((106.0, 29.0, 107.0, 30.0), 5)
    polygon = shapely.Polygon([(106.123456789, 29.5), (106.2, 29.6), (106.1, 29.7)])
    (encoded,) = encode(np.array([polygon]), grid)
    ring = np.cumsum(np.array(encoded[0][0]).reshape(-1, 2), axis=0)
    lon = (grid.origin_x + ring[:, 0]) / grid.scale
    lat = (grid.origin_y + ring[:, 1]) / grid.scale
    assert len(ring) == 3  # the closing vertex is left to Leaflet
    assert np.allclose(lon, [106.12346, 106.2, 106.1]) and np.allclose(lat, [29.5, 29.6, 29.7])


def test_payload_holds_only_what_popups_use(exported_page):
    _, page = exported_page
    match = re.search(r"gisplanner\.addFeatures\(\w+, (\{.*?\})\);", page)
    data = json.loads(match.group(1))
    record = data["features"][0]
    assert len(record) == 10
    assert "location_source" not in match.group(1) and "aliases" not in match.group(1)


def test_missing_assets_say_what_to_install(project, tmp_path, monkeypatch):
    monkeypatch.setattr(assets_module, "LEAFLET_PACKAGE", "no_such_leaflet_package")
    assets_module.load_assets.cache_clear()
    try:
        with pytest.raises(AssetsMissing, match=r"pip install 'django-js-lib-leaflet==1\.9\.4\.1'"):
            export_html(project, tmp_path / "m.html")
    finally:
        assets_module.load_assets.cache_clear()
    assert not (tmp_path / "m.html").exists()


class CancelWhenWriting:
    def progress(self, fraction: float, message: str = "") -> None:
        self.last = message

    def is_canceled(self) -> bool:
        return self.last.startswith("saving")


def test_canceled_export_leaves_the_earlier_file(project, tmp_path):
    out = tmp_path / "m.html"
    out.write_text("earlier map", encoding="utf-8")
    with pytest.raises(Canceled):
        export_html(project, out, ExportOptions(basemap=False), CancelWhenWriting())
    assert out.read_text(encoding="utf-8") == "earlier map"
    assert [p.name for p in tmp_path.iterdir()] == ["m.html"]


def test_command_writes_the_map_and_reports(built_project_path, project, tmp_path):
    parks = project.db.execute("SELECT count(*) FROM parks").fetchone()[0]
    out = tmp_path / "meeting.html"
    done = main_py("export-html", "--project", str(built_project_path), "--out", str(out), "--layers", "parks",
                   "--title", "巴南会议")
    assert done.returncode == 0, done.stderr
    assert f"exported {parks} features (parks {parks})" in done.stdout and out.exists()
    assert "<title>巴南会议</title>" in out.read_text(encoding="utf-8")
    bad = main_py("export-html", "--project", str(built_project_path), "--out", str(out), "--status", "built")
    assert bad.returncode == 1 and "unknown status 'built'" in bad.stderr


def _payloads(page: str) -> tuple[dict, dict[str, dict]]:
    """The shared tables and each layer's data, as the page's script receives them."""
    shared = json.loads(re.search(r"gisplanner\.init\(\w+, (\{.*?\})\);\n", page).group(1))
    layers = [json.loads(m) for m in re.findall(r"gisplanner\.addFeatures\(\w+, (\{.*?\})\);\n", page)]
    return shared, {layer["name"]: layer for layer in layers}


def test_unsaved_edits_of_the_desktop_session_are_in_the_map(project_copy, tmp_path):
    from gisplanner.ui.editing.project_view import EditedProject

    with Project.open(project_copy, "rw") as project:
        session = project.edit(editor="test")
        try:
            session.set_value("cq.biocity", "name_zh", "生物城（未保存）")
            clause = next(c for c in project.clauses("002") if c["level"] != 9)
            session.link("cq.biocity", clause["id"], "mentions")
            view = EditedProject(project, session)
            page = export_html(view, tmp_path / "m.html", ExportOptions(layers=["parks"])).path.read_text(
                encoding="utf-8")
        finally:
            session.discard()
            session.close()
    shared, layers = _payloads(page)
    record = next(f for f in layers["parks"]["features"] if f[0] == "cq.biocity")
    assert record[2] == "生物城（未保存）"
    linked = "".join(shared["clauses"][i] for i in record[8])
    assert esc(clause["path"]) in linked and ">提及<" in linked


def test_features_without_usable_geometry_are_named_and_left_out(project_copy, tmp_path):
    from gisplanner.io.gpkg_write import encode_many
    from gisplanner.store.gpkg_sql import connect_writer

    conn = connect_writer(project_copy)
    with conn:
        conn.execute("UPDATE parks SET geom = NULL WHERE uid = 'cq.biocity'")
        blob = encode_many([shapely.GeometryCollection([shapely.Point(106.5, 29.5)])])[0]
        conn.execute("UPDATE parks SET geom = ? WHERE uid = 'cq.banan-cluster'", [blob])
    conn.close()
    with Project.open(project_copy) as project:
        parks = project.db.execute("SELECT count(*) FROM parks").fetchone()[0]
        summary = export_html(project, tmp_path / "m.html", ExportOptions(layers=["parks"]))
    assert summary.layers == {"parks": parks - 2}
    assert any("cq.biocity has no geometry" in w for w in summary.warnings)
    assert any("cq.banan-cluster has a GeometryCollection geometry" in w for w in summary.warnings)
