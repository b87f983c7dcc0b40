"""The import dialog driven as a planner would: pick a file, confirm the CRS, import, cancel."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from PySide6.QtCore import QSettings
from shapely.geometry import Point

from gisplanner.store import Project
from gisplanner.ui.import_dialog import ACTION_EXPORT, ACTION_IMPORT, ImportDialog, install

pytestmark = pytest.mark.filterwarnings("ignore:.crs. was not provided")

BANAN = [Point(106.847, 29.570), Point(106.655, 29.410), Point(106.90, 29.52)]


@pytest.fixture
def project(project_copy):
    with Project.open(project_copy, "rw") as p:
        yield p


def _count(path, where: str) -> int:
    with Project.open(path) as p:
        return p.db.execute(f"SELECT count(*) FROM facilities WHERE uid LIKE '{where}'").fetchone()[0]


def test_gauss_kruger_file_without_crs_asks_then_imports(qtbot, tmp_path, project):
    path = tmp_path / "survey.gpkg"
    frame = gpd.GeoDataFrame({"名称": ["甲", "乙", "丙"], "状态": ["在建", "规划", "planned"]},
                             geometry=BANAN, crs=4326).to_crs(4524)
    pyogrio.write_dataframe(frame.set_crs(None, allow_override=True), path)
    dialog = ImportDialog(project, None, path)
    qtbot.addWidget(dialog)
    assert "GeoPackage" in dialog.detected_label.text() and "not named" in dialog.detected_label.text()
    assert dialog.crs_combo.itemData(0) == "EPSG:4524"  # the zone prefix 36 puts Banan's zone first
    assert dialog.crs() == "EPSG:4524" and dialog.layer_combo.currentData() == "facilities"
    assert dialog.mapping()["name_zh"] == "名称" and dialog.mapping()["status"] == "状态"
    assert len(dialog.preview.geometries) == 3
    x0, y0, x1, y1 = dialog.preview._extent()
    assert x0 < 106.655 and x1 > 106.90 and y0 < 29.41 and y1 > 29.57  # drawn where they belong
    assert dialog.import_button.isEnabled()
    report = dialog.run_import()
    assert report is not None and len(report.imported) == 3
    assert "imported 3 of 3 rows into Facilities"  # the layer by its title in dialog.report_box.toPlainText()
    assert not dialog.import_button.isEnabled() and dialog.run_import() is None  # not twice by accident
    assert _count(project.path, "facilities.survey.%") == 3
    with Project.open(project.path) as p:
        assert p.feature("facilities.survey.1")["status"] == "under_construction"


def test_a_wrong_crs_choice_is_reported_by_row_and_blocks_import(qtbot, tmp_path, project):
    path = tmp_path / "survey.gpkg"
    pyogrio.write_dataframe(gpd.GeoDataFrame({"名称": ["甲", "乙", "丙"]}, geometry=BANAN, crs=4326)
                            .to_crs(4545).set_crs(None, allow_override=True), path)
    dialog = ImportDialog(project, None, path)
    qtbot.addWidget(dialog)
    dialog.crs_combo.setEditText("EPSG:3857")
    dialog.check()
    text = dialog.report_box.toPlainText()
    assert "feature 1: lies outside China" in text and not dialog.import_button.isEnabled()


def test_unplaceable_address_needs_skip_and_is_listed(qtbot, tmp_path, project):
    path = tmp_path / "addresses.csv"
    pd.DataFrame({"名称": ["甲", "乙", "丙"], "地址": ["木洞镇", "界石镇", "火星大道1号"]}).to_csv(path, index=False)
    dialog = ImportDialog(project, None, path)
    qtbot.addWidget(dialog)
    assert "row 4: 地址 '火星大道1号' is not in the gazetteer" in dialog.report_box.toPlainText()
    assert not dialog.import_button.isEnabled()
    dialog.skip_check.setChecked(True)
    assert dialog.import_button.isEnabled()
    report = dialog.run_import()
    assert len(report.imported) == 2 and [p.row for p in report.rejected] == ["row 4"]


def test_cancel_button_during_the_write_leaves_the_project_unchanged(qtbot, tmp_path, project):
    path = tmp_path / "many.csv"
    pd.DataFrame({"name": [f"点{i}" for i in range(12000)], "lon": 106.8, "lat": 29.5}).to_csv(path, index=False)
    dialog = ImportDialog(project, None, path)
    qtbot.addWidget(dialog)
    before = project.path.read_bytes()

    def press_cancel(value: int) -> None:
        if value >= 55 and dialog.cancel_button.isEnabled():
            dialog.cancel_button.click()

    dialog.progress.valueChanged.connect(press_cancel)
    assert dialog.run_import() is None
    assert "Canceled: the project is unchanged" in dialog.report_box.toPlainText()
    assert project.path.read_bytes() == before


def test_bad_file_is_explained(qtbot, tmp_path, project):
    path = tmp_path / "empty.geojson"
    path.write_bytes(b"")
    dialog = ImportDialog(project, None, path)
    qtbot.addWidget(dialog)
    assert dialog.report_box.toPlainText() == "✗ empty.geojson: the file is empty"
    assert not dialog.import_button.isEnabled()


def test_menu_entries_in_the_main_window_and_reload_after_import(qtbot, tmp_path, project_copy):
    from gisplanner.ui.main_window import MainWindow

    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    try:
        actions = install(window)
        assert [a.objectName() for a in actions] == [ACTION_IMPORT, ACTION_EXPORT]
        assert install(window) == actions  # once only
        assert all(a in window.menus["layer"].actions() for a in actions)
        window.open_project(project_copy, ask=False)
        path = tmp_path / "p.geojson"
        gpd.GeoDataFrame({"name": ["甲"]}, geometry=BANAN[:1], crs=4326).to_file(path)
        actions[0].trigger()
        dialog = window.import_dialog
        dialog.path_edit.setText(str(path))
        dialog.load(path)
        dialog.run_import()
        assert window.canvas.selected_uids() == ["facilities.p.1"]
        assert "facilities.p.1" in window.map_layers["facilities"].data.uid_index  # the map was reloaded
        dialog.reject()
    finally:
        window.canvas.shutdown()
        window.set_project(None)


def test_choosing_another_layer_and_placing_a_table_by_address(qtbot, tmp_path, project):
    gpkg = tmp_path / "two.gpkg"
    pyogrio.write_dataframe(gpd.GeoDataFrame({"名称": ["甲"]}, geometry=BANAN[:1], crs=4326), gpkg, layer="first")
    pyogrio.write_dataframe(gpd.GeoDataFrame({"名称": ["乙", "丙"]}, geometry=BANAN[1:], crs=4326), gpkg,
                            layer="second")
    dialog = ImportDialog(project, None, gpkg)
    qtbot.addWidget(dialog)
    assert dialog.source_layer_combo.isEnabled() and dialog.source_layer_combo.count() == 2
    assert len(dialog.table.frame) == 1
    dialog.source_layer_combo.setCurrentIndex(1)
    dialog.source_layer_combo.activated.emit(1)
    assert dialog.table.layer == "second" and len(dialog.preview.geometries) == 2

    csv = tmp_path / "mixed.csv"
    pd.DataFrame({"名称": ["甲", "乙"], "lon": [106.0, 106.1], "lat": [29.0, 29.1],
                  "所在镇": ["木洞镇", "界石镇"]}).to_csv(csv, index=False)
    dialog.path_edit.setText(str(csv))
    dialog.load(csv)
    assert "lon/lat columns: lon, lat" in dialog.detected_label.text()
    index = dialog.place_combo.findData("所在镇")
    dialog.place_combo.setCurrentIndex(index)
    dialog.place_combo.activated.emit(index)
    assert dialog.table.geocoded_column == "所在镇"
    assert [round(g.x, 3) for g in dialog.preview.geometries] == [106.847, 106.655]
    report = dialog.run_import()
    with Project.open(project.path) as p:
        rows = [p.feature(uid) for uid in report.imported]
    assert [r["location_precision"] for r in rows] == ["town", "town"]
    assert rows[0]["location_source"] == "imported from mixed.csv row 2; geocoded 木洞镇 (town)"


def test_new_layer_from_the_file_in_the_main_window(qtbot, tmp_path, project_copy):
    from gisplanner.layers import register_layer_definitions
    from gisplanner.ui.import_new_layer import NEW_LAYER
    from gisplanner.ui.main_window import MainWindow

    path = tmp_path / "地块 plots 2025.gpkg"
    pyogrio.write_dataframe(gpd.GeoDataFrame(
        {"名称": ["甲", "乙", "丙"], "用地面积": [1.5, 2.0, 0.5], "用地性质": ["M1", "M2", "A6"], "测量员": ["王", "李", "张"]},
        geometry=BANAN, crs=4326), path)
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    try:
        actions = install(window)
        window.open_project(project_copy, ask=False)
        actions[0].trigger()
        dialog = window.import_dialog
        dialog.load(path)
        assert not dialog.new_layer_panel.isVisibleTo(dialog)
        dialog.layer_combo.setCurrentIndex(dialog.layer_combo.findData(NEW_LAYER))
        panel = dialog.new_layer_panel
        assert panel.isVisibleTo(dialog)
        assert panel.name_edit.text() == "plots_2025" and panel.title_zh_edit.text() == "地块 plots 2025"
        assert panel.columns() == ["用地面积", "用地性质", "测量员"]  # 名称 goes to the name field
        assert dialog.mapping()["name_zh"] == "名称" and dialog.mapping()["kind"] is None
        assert [dialog.kind_combo.itemData(i) for i in range(dialog.kind_combo.count())] == ["other"]
        panel.name_edit.setText("Bad Name")
        dialog.check()
        assert "lower-case" in dialog.report_box.toPlainText() and not dialog.import_button.isEnabled()
        panel.name_edit.setText("facility_areas")
        dialog.check()
        assert "shipped layer" in dialog.report_box.toPlainText() and not dialog.import_button.isEnabled()
        panel.name_edit.setText("clauses")
        dialog.check()
        assert "already has a table named 'clauses'" in dialog.report_box.toPlainText()
        panel.name_edit.setText("land_plots")
        panel.title_zh_edit.setText("用地地块")
        panel.set_checked("测量员", False)
        report = dialog.run_import()
        assert report is not None and len(report.imported) == 3 and report.layer == "land_plots"
        assert "land_plots" in window.map_layers and [m.name for m in window.layer_list][-1] == "land_plots"
        assert len(window.map_layers["land_plots"].data.uid_index) == 3
        with Project.open(project_copy) as p:
            definition = next(d for d in p.layers() if d.name == "land_plots")
            assert definition.title_zh == "用地地块" and definition.field_names[-2:] == ["用地面积", "用地性质"]
            assert set(p.features("land_plots")["notes"]) == {"测量员: 王", "测量员: 李", "测量员: 张"}
        dialog.reject()
    finally:
        window.canvas.shutdown()
        window.set_project(None)
        register_layer_definitions(())
