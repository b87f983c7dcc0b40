"""A new project layer made from an imported shapefile: stored, drawn, edited, exported, read by GDAL/QGIS."""

from __future__ import annotations

import subprocess
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely

from gisplanner.io.detect import ImportFileError
from gisplanner.io.import_ import ImportOptions, ImportRefused, import_file
from gisplanner.io.new_layer import NewLayer
from gisplanner.layers import layer_definition, layer_definitions, register_layer_definitions
from gisplanner.store import Project
from gisplanner.store.gpkg_sql import connect_writer, rtree_mismatches


@pytest.fixture(autouse=True)
def _forget_user_layers():
    yield
    register_layer_definitions(())  # later tests see the shipped layers only


def plots_shapefile(folder: Path, bad_last: bool = False) -> Path:
    """Three planning plots near Banan with a surveyor's own columns (GBK-encoded names)."""
    boxes = [shapely.box(106.60 + 0.01 * i, 29.40, 106.605 + 0.01 * i, 29.405) for i in range(3)]
    if bad_last:
        boxes[2] = shapely.box(16.6, 29.4, 16.61, 29.41)  # lands outside China
    frame = gpd.GeoDataFrame(
        {"名称": ["一号地块", "二号地块", "三号地块"], "用地面积": [1.25, 2.5, 3.75], "地块编号": [101, 102, 103],
         "用地性质": ["M1", "M2", "A6"]},
        geometry=boxes, crs="EPSG:4490")
    path = folder / "plots.shp"
    pyogrio.write_dataframe(frame, path, encoding="GBK")
    return path


def import_plots(project: Path, folder: Path, bad_last: bool = False, **kw) -> object:
    return import_file(project, plots_shapefile(folder, bad_last),
                       ImportOptions("", new_layer=NewLayer("plots", "规划地块", "Planned plots", **kw)))


def test_shapefile_becomes_a_layer_with_its_columns_as_fields(project_copy, tmp_path):
    report = import_plots(project_copy, tmp_path)
    assert report.written and len(report.imported) == 3 and report.layer == "plots"
    with Project.open(project_copy) as project:
        assert "plots" in [d.name for d in project.layers()]
        definition = layer_definition("plots")
        assert definition.title_zh == "规划地块" and definition.geometry == "MultiPolygon"
        own = {f.name: f.type for f in definition.fields[-3:]}
        assert own == {"用地面积": "real", "地块编号": "integer", "用地性质": "text"}
        assert [k.id for k in definition.kinds] == ["other"]
        frame = project.features("plots")
        assert sorted(frame["name_zh"]) == ["一号地块", "三号地块", "二号地块"]
        assert set(frame["kind"]) == {"other"} and set(frame["status"]) == {"proposed"}
        assert sorted(frame["用地面积"]) == [1.25, 2.5, 3.75] and sorted(frame["地块编号"]) == [101, 102, 103]
        uid = frame["uid"].iloc[0]
        assert project.feature(uid)["layer"] == "plots"
        assert project.status_history(uid)[0]["status"] == "proposed"
        assert [e["action"] for e in project.edits_for(uid)] == ["import"]
        assert project.db["user_layers"].count == 1
    with connect_writer(project_copy) as conn:
        assert rtree_mismatches(conn, "plots") == []
        plan = conn.execute('EXPLAIN QUERY PLAN SELECT * FROM plots WHERE uid = ?', ["x"]).fetchall()
        assert any("plots_uid" in row[-1] for row in plan)
    # GDAL reads it back with its metadata and its spatial index
    info = pyogrio.read_info(project_copy, layer="plots")
    assert info["features"] == 3 and info["geometry_type"] == "MultiPolygon" and info["crs"] == "EPSG:4326"
    assert info["capabilities"]["fast_spatial_filter"]
    hits = pyogrio.read_dataframe(project_copy, layer="plots", bbox=(106.60, 29.40, 106.606, 29.406))
    assert list(hits["name_zh"]) == ["一号地块"]


def test_chosen_columns_only_and_the_rest_in_notes(project_copy, tmp_path):
    import_plots(project_copy, tmp_path, columns=["地块编号"])
    with Project.open(project_copy) as project:
        assert layer_definition("plots").field_names[-1] == "地块编号"
        assert "用地面积" not in layer_definition("plots").field_names
        notes = set(project.features("plots")["notes"])
        assert any("用地面积: 1.25" in n and "用地性质: M1" in n for n in notes)


def test_a_failed_new_layer_import_leaves_no_table(project_copy, tmp_path):
    before = sorted(pyogrio.list_layers(project_copy)[:, 0])
    with pytest.raises(ImportRefused, match="feature 3: lies outside China"):
        import_plots(project_copy, tmp_path, bad_last=True)
    with pytest.raises(ImportFileError, match="shipped layer"):
        import_file(project_copy, plots_shapefile(tmp_path), ImportOptions("", new_layer=NewLayer("facilities")))
    with pytest.raises(ImportFileError, match="lower-case"):
        import_file(project_copy, plots_shapefile(tmp_path), ImportOptions("", new_layer=NewLayer("Plots 1")))
    assert sorted(pyogrio.list_layers(project_copy)[:, 0]) == before
    with Project.open(project_copy) as project:
        assert project.db["user_layers"].count == 0
        assert "plots" not in [d.name for d in layer_definitions()]


def test_a_write_that_fails_midway_rolls_the_new_table_back(project_copy, tmp_path, monkeypatch):
    import gisplanner.io.import_ as importer

    def broken(*args, **kwargs):
        raise ImportFileError("disk trouble while writing the status history")

    monkeypatch.setattr(importer, "append_features", broken)
    with pytest.raises(ImportFileError, match="disk trouble"):
        import_plots(project_copy, tmp_path)
    with connect_writer(project_copy) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert not {n for n in names if "plots" in n}
        assert not conn.execute("SELECT 1 FROM gpkg_contents WHERE table_name = 'plots'").fetchone()
    # and the same name can be made afterwards
    monkeypatch.undo()
    assert import_plots(project_copy, tmp_path).written


def test_the_same_layer_name_twice_is_refused(project_copy, tmp_path):
    import_plots(project_copy, tmp_path)
    with pytest.raises(ImportFileError, match="already has a table named 'plots'"):
        import_plots(project_copy, tmp_path)


def test_new_layer_is_edited_through_an_edit_session(project_copy, tmp_path):
    import_plots(project_copy, tmp_path)
    with Project.open(project_copy) as project:
        uid = project.features("plots")["uid"].iloc[0]
        session = project.edit(editor="王工")
        try:
            session.set_value(uid, "用地面积", 9.5)
            session.set_status(uid, "planned", "2025-06-01", "规划许可")
            added = shapely.MultiPolygon([shapely.box(106.7, 29.4, 106.71, 29.41)])
            session.add_feature("plots", {"name_zh": "新地块", "kind": "other", "status": "proposed",
                                          "status_date": "2025-06-01", "location_precision": "site"}, added)
            session.commit()
        finally:
            session.close()
    with Project.open(project_copy) as project:
        frame = project.features("plots")
        assert len(frame) == 4 and "新地块" in set(frame["name_zh"])
        row = project.feature(uid)
        assert row["用地面积"] == 9.5 and row["status"] == "planned"
    with connect_writer(project_copy) as conn:
        assert rtree_mismatches(conn, "plots") == []


def test_new_layer_exports_to_html(project_copy, tmp_path):
    from gisplanner.export.html import export_html

    import_plots(project_copy, tmp_path)
    out = tmp_path / "map.html"
    with Project.open(project_copy) as project:
        export_html(project, out)
    html = out.read_text(encoding="utf-8")
    assert "规划地块" in html and "一号地块" in html


def test_cli_import_new_layer(project_copy, tmp_path):
    import sys

    shp = plots_shapefile(tmp_path)
    out = subprocess.run([sys.executable, "main.py", "import", str(shp), "--new-layer", "plots",
                          "--title", "规划地块", "--project", str(project_copy)],
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1], timeout=120)
    assert out.returncode == 0, out.stderr
    assert "into plots" in out.stdout
    with Project.open(project_copy) as project:
        assert len(project.features("plots")) == 3 and layer_definition("plots").title_zh == "规划地块"


QGIS_CHECK = """
import sys
from qgis.core import QgsApplication, QgsVectorLayer, QgsRectangle, QgsFeatureRequest
app = QgsApplication([], False); app.initQgis()
layer = QgsVectorLayer(f"{sys.argv[1]}|layername=plots", "plots", "ogr")
assert layer.isValid()
hits = list(layer.getFeatures(QgsFeatureRequest(QgsRectangle(106.60, 29.40, 106.606, 29.406))))
print(layer.featureCount(), layer.crs().authid(), layer.hasSpatialIndex(), len(hits), hits[0]["name_zh"], flush=True)
import os
os._exit(0)
"""


def test_new_layer_opens_in_qgis(project_copy, tmp_path):
    system_python = Path("/usr/bin/python3")
    probe = subprocess.run([system_python, "-c", "import qgis.core"], capture_output=True) if system_python.exists() else None
    if probe is None or probe.returncode != 0:
        pytest.skip("QGIS (Debian python3-qgis) is not installed; scripts/setup.sh installs it")
    import_plots(project_copy, tmp_path)
    out = subprocess.run([system_python, "-c", QGIS_CHECK, str(project_copy)], capture_output=True, text=True,
                         timeout=120, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    count, crs, indexed, hits, name = out.stdout.split()
    assert (count, crs, hits, name) == ("3", "EPSG:4326", "1", "一号地块")
    assert indexed in ("1", "2")  # QgsFeatureSource.SpatialIndexPresent


def test_new_layer_is_drawn_in_the_main_window(qtbot, project_copy, tmp_path):
    pytest.importorskip("pytestqt")
    from PySide6.QtCore import QSettings

    from gisplanner.ui.main_window import MainWindow

    import_plots(project_copy, tmp_path)
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    try:
        assert win.open_project(project_copy, ask=False)
        assert "plots" in [layer.name for layer in win.layer_list]
        win.canvas.zoom_to_bounds((106.59, 29.39, 106.64, 29.42))
        qtbot.waitUntil(win.canvas.frame_is_current, timeout=15000)
        assert win.canvas.last_stats.error is None
        assert win.canvas.last_stats.per_layer.get("plots", 0) > 0
    finally:
        win.canvas.shutdown()
