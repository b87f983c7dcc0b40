"""Coordinates typed as degrees-minutes-seconds in spreadsheets are read; odd ones are named."""

from __future__ import annotations

import pytest

from gisplanner.io.coords import parse_coordinate
from gisplanner.io.import_ import ImportOptions, import_file
from gisplanner.store import Project


@pytest.mark.parametrize("text, value", [
    ("106.847", 106.847), ("106°50′49.2″E", 106.847), ("106度50分49.2秒", 106.847),
    ("东经106°50'49.2\"", 106.847), ("106 50 49.2", 106.847), ("N29°34'12\"", 29.57),
    ("29°34.2'N", 29.57), ("W 10°30'", -10.5), ("-12.5", -12.5),
])
def test_forms_planners_type(text, value):
    assert parse_coordinate(text) == pytest.approx(value, abs=1e-9)


@pytest.mark.parametrize("text", ["106,8", "abc", "", "106°70'", "E106°N"])
def test_not_coordinates(text):
    with pytest.raises(ValueError):
        parse_coordinate(text)


def test_dms_table_imports_where_decimal_would(tmp_path, project_copy):
    path = tmp_path / "dms.csv"
    path.write_text("名称,经度,纬度\n木洞,106°50′49.2″E,29°34′12″N\n", encoding="utf-8")
    report = import_file(project_copy, path, ImportOptions("facilities"))
    with Project.open(project_copy) as project:
        geom = project.feature(report.imported[0])["geometry"]
    assert (round(geom.x, 6), round(geom.y, 6)) == (106.847, 29.57)


def test_one_column_holding_lng_lat_pairs(tmp_path, project_copy):
    path = tmp_path / "amap_pick.csv"
    path.write_text('名称,坐标\n木洞,"106.847000,29.570000"\n界石,106.655 29.41\n'
                    '三灶,"113°21′57.6″E，22°04′4.8″N"\n坏,106.8\n', encoding="utf-8")
    with pytest.raises(ValueError, match="row 5: column '坐标' holds '106.8', not a longitude,latitude pair"):
        import_file(project_copy, path, ImportOptions("facilities"))
    report = import_file(project_copy, path, ImportOptions("facilities", skip_bad=True))
    with Project.open(project_copy) as project:
        points = [project.feature(uid)["geometry"] for uid in report.imported]
        notes = [project.feature(uid)["notes"] for uid in report.imported]
    assert [(round(p.x, 4), round(p.y, 4)) for p in points] == [(106.847, 29.57), (106.655, 29.41), (113.366, 22.068)]
    assert notes == [None, None, None]  # the coordinates column is not repeated in notes


def test_offset_hints_from_column_and_file_names(tmp_path, qtbot, project_copy):
    from gisplanner.io.readers import read_source, suggest_offset
    from gisplanner.ui.import_dialog import ImportDialog

    baidu = tmp_path / "points.csv"
    baidu.write_text("名称,百度经度,百度纬度\n甲,106.85,29.58\n", encoding="utf-8")
    amap = tmp_path / "高德导出.csv"
    amap.write_text("名称,lng,lat\n甲,106.85,29.57\n", encoding="utf-8")
    geocoded = tmp_path / "高德地址.csv"
    geocoded.write_text("名称,地址\n甲,木洞镇\n", encoding="utf-8")
    assert [suggest_offset(read_source(p)) for p in (baidu, amap, geocoded)] == ["bd09", "gcj02", None]
    with Project.open(project_copy) as project:
        dialog = ImportDialog(project, None, baidu)
        qtbot.addWidget(dialog)
        assert dialog.offset_combo.currentData() == "bd09" and "BD-09" in dialog.detected_label.text()
        assert "BD-09 → WGS84" in dialog.report_box.toPlainText()
