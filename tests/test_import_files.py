"""Importing real files written through GDAL into a real project copy, one per format."""

from __future__ import annotations

import datetime as dt
import sqlite3
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon

from gisplanner.io.crs_guess import guess_crs
from gisplanner.io.detect import detect
from gisplanner.io.import_ import ImportOptions, import_file, prepare_import
from gisplanner.io.offsets import wgs84_to_gcj02
from gisplanner.io.readers import read_source
from gisplanner.store import Project

pytestmark = pytest.mark.filterwarnings("ignore:.crs. was not provided")

NAMES = ["木洞污水处理厂", "界石物流园", "国际生物城创新中心"]
POINTS = [(106.847, 29.570), (106.655, 29.410), (106.90, 29.52)]  # Banan, Chongqing


def _points(crs: int = 4326) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame({"名称": NAMES, "状态": ["在建", "planned", "规划"]},
                             geometry=[Point(p) for p in POINTS], crs=4326)
    return frame.to_crs(crs)


def _rows(path: Path, layer: str, where: str = "") -> list[dict]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(f'SELECT * FROM "{layer}" WHERE uid LIKE ? ORDER BY fid', [where + "%"])]
    finally:
        conn.close()


def test_gbk_shapefile_without_cpg_is_detected_and_read(tmp_path, project_copy):
    shp = tmp_path / "survey.shp"
    pyogrio.write_dataframe(_points(), shp, encoding="GBK")
    shp.with_suffix(".cpg").unlink()
    det = detect(shp)
    assert det.encoding == "gb18030" and det.encoding_source == "detected from the bytes"
    report = import_file(project_copy, shp, ImportOptions("facilities"))
    assert report.written and len(report.imported) == 3
    rows = _rows(project_copy, "facilities", "facilities.survey.")
    assert [r["name_zh"] for r in rows] == NAMES
    assert [r["status"] for r in rows] == ["under_construction", "planned", "planned"]
    assert rows[0]["location_source"] == "imported from survey.shp feature 1"
    assert rows[0]["location_precision"] == "site"


def test_shapefile_cpg_is_honoured(tmp_path):
    shp = tmp_path / "with_cpg.shp"
    pyogrio.write_dataframe(_points(), shp, encoding="GBK")
    assert shp.with_suffix(".cpg").read_text().strip().upper() == "GBK"
    det = detect(shp)
    assert (det.encoding, det.encoding_source) == ("gbk", ".cpg")
    assert list(read_source(shp).frame["名称"]) == NAMES


@pytest.mark.parametrize("epsg, prefixed", [(4524, True), (4545, False)])
def test_gauss_kruger_geopackage_with_and_without_zone_prefix(tmp_path, project_copy, epsg, prefixed):
    gk = _points(epsg)
    x = gk.geometry.x.to_numpy()
    assert (x > 36e6).all() == prefixed  # zone 36 in the easting, or central-meridian only
    with_crs = tmp_path / f"gk_{epsg}.gpkg"
    pyogrio.write_dataframe(gk, with_crs)
    report = import_file(project_copy, with_crs, ImportOptions("facilities"))
    assert report.crs == f"EPSG:{epsg}" and report.conversion == f"EPSG:{epsg} → WGS84"
    with Project.open(project_copy) as project:
        got = project.features("facilities", where=f"uid LIKE 'facilities.gk-{epsg}.%'")
    assert np.allclose(np.c_[got.geometry.x, got.geometry.y], POINTS, atol=1e-7)
    assert got.location_source.iloc[0] == f"imported from gk_{epsg}.gpkg feature 1; EPSG:{epsg} → WGS84"
    # the same coordinates with no CRS: the guess puts the right zone first
    bare = tmp_path / f"bare_{epsg}.gpkg"
    pyogrio.write_dataframe(gk.set_crs(None, allow_override=True), bare)
    table = read_source(bare)
    assert table.crs is None and table.crs_candidates[0].epsg == epsg


def test_crs_guess_ranges():
    lon, lat = np.array([p[0] for p in POINTS]), np.array([p[1] for p in POINTS])
    assert guess_crs(lon, lat)[0].epsg == 4326
    for epsg in (4524, 4545, 4496, 3857):  # 3° prefixed, 3° CM, 6° prefixed, Web Mercator
        x, y = _points(epsg).geometry.x, _points(epsg).geometry.y
        assert guess_crs(x, y)[0].epsg == epsg
    assert guess_crs([2.35e6], [48.85e6]) == []  # nowhere in China
    gk = _points(4524).geometry
    # the same zone on the older datums follows: numbers alone cannot tell them apart
    assert [c.epsg for c in guess_crs(gk.x, gk.y)][:3] == [4524, 2360, 2412]


def test_csv_of_addresses_is_geocoded_and_the_unplaceable_row_listed(tmp_path, project_copy):
    csv = tmp_path / "项目清单.csv"
    pd.DataFrame({"项目名称": ["疫苗基地", "物流中心", "健康港平台", "月球基地"],
                  "地址": ["重庆市巴南区木洞镇", "巴南区界石镇", "珠海市金湾区三灶镇", "月球背面环形山"],
                  "状态": ["在建", "规划", "proposed", "规划"]}).to_csv(csv, index=False, encoding="gb18030")
    table = read_source(csv)
    assert table.detected.encoding == "gb18030" and table.geocoded_column == "地址"
    assert [str(p) for p in table.problems] == [
        "row 5: 地址 '月球背面环形山' is not in the gazetteer; place it by hand"]
    before = project_copy.read_bytes()
    with pytest.raises(ValueError, match="row 5"):
        import_file(project_copy, csv, ImportOptions("facilities"))
    assert project_copy.read_bytes() == before
    report = import_file(project_copy, csv, ImportOptions("facilities", skip_bad=True))
    assert len(report.imported) == 3 and [p.row for p in report.rejected] == ["row 5"]
    rows = _rows(project_copy, "facilities", "facilities.import.")  # non-ASCII stem
    assert [r["location_precision"] for r in rows] == ["town", "town", "town"]
    assert rows[0]["location_source"] == "imported from 项目清单.csv row 2; geocoded 木洞镇 (town)"
    assert rows[2]["location_source"].endswith("geocoded 三灶镇 (town)")


def test_gcj02_points_are_converted_and_the_conversion_recorded(tmp_path, project_copy):
    lon, lat = wgs84_to_gcj02(np.array([p[0] for p in POINTS]), np.array([p[1] for p in POINTS]))
    csv = tmp_path / "amap.csv"
    pd.DataFrame({"name": NAMES, "lng": lon, "lat": lat}).to_csv(csv, index=False)
    report = import_file(project_copy, csv, ImportOptions("facilities", offset="gcj02"))
    assert report.conversion == "GCJ-02 → WGS84"
    with Project.open(project_copy) as project:
        got = project.features("facilities", where="uid LIKE 'facilities.amap.%'")
    metres = np.hypot((got.geometry.x - [p[0] for p in POINTS]) * 96_700, (got.geometry.y - [p[1] for p in POINTS]) * 111_000)
    assert metres.max() < 0.5
    assert got.location_source.iloc[1] == "imported from amap.csv row 3; GCJ-02 → WGS84"


def test_dxf_lines_in_a_gauss_kruger_zone(tmp_path, project_copy):
    gk = gpd.GeoSeries([LineString([(106.80, 29.50), (106.85, 29.55)]), LineString([(106.70, 29.40), (106.9, 29.6)])],
                       crs=4326).to_crs(4545)
    dxf = tmp_path / "road.dxf"
    pyogrio.write_dataframe(gpd.GeoDataFrame({"Layer": ["ROAD", "ROAD"]}, geometry=gk.values), dxf, driver="DXF")
    table = read_source(dxf)
    assert table.crs is None and table.crs_candidates[0].epsg == 4545
    assert table.rows[0].startswith("entity ")
    with pytest.raises(ValueError, match="--crs EPSG:4545"):
        import_file(project_copy, dxf, ImportOptions("transport_lines"))
    report = import_file(project_copy, dxf, ImportOptions("transport_lines", crs="EPSG:4545",
                                                          defaults={"kind": "road"}))
    assert len(report.imported) == 2
    with Project.open(project_copy) as project:
        got = project.features("transport_lines", where="uid LIKE 'transport_lines.road.%'")
    assert got.geom_type.eq("MultiLineString").all()
    assert np.allclose(shapely.get_coordinates(got.geometry.values)[0], (106.80, 29.50), atol=1e-7)


def test_closed_cad_outlines_become_areas_and_a_bowtie_is_repaired(tmp_path, project_copy):
    ring = [(106.80, 29.50), (106.82, 29.50), (106.82, 29.52), (106.80, 29.52), (106.80, 29.50)]
    bowtie = Polygon([(106.83, 29.50), (106.85, 29.52), (106.85, 29.50), (106.83, 29.52)])
    path = tmp_path / "areas.geojson"
    pyogrio.write_dataframe(gpd.GeoDataFrame({"name": ["outline", "bowtie"]},
                                             geometry=[LineString(ring), bowtie], crs=4326), path)
    prepared = prepare_import(read_source(path), ImportOptions("facility_areas"))
    assert [str(p) for p in prepared.report.repaired] == [
        "feature 2: repaired with make_valid (Self-intersection[106.84 29.51])"]
    assert [g.geom_type for g in prepared.geometries] == ["MultiPolygon", "MultiPolygon"]
    report = import_file(project_copy, path, ImportOptions("facility_areas"))
    assert report.written and len(report.imported) == 2


def test_kml_and_kmz(tmp_path, project_copy):
    kml = tmp_path / "sites.kml"
    pyogrio.write_dataframe(_points()[["名称", "geometry"]].rename(columns={"名称": "Name"}), kml, driver="KML")
    kmz = tmp_path / "sites.kmz"
    with zipfile.ZipFile(kmz, "w") as zf:
        zf.write(kml, "doc.kml")
    for path in (kml, kmz):
        report = import_file(project_copy, path, ImportOptions("facilities"))
        assert len(report.imported) == 3, path
    rows = _rows(project_copy, "facilities", "facilities.sites.")
    assert sorted({r["name_zh"] for r in rows}) == sorted(NAMES)


def test_xlsx_with_longitude_latitude_columns(tmp_path, project_copy):
    xlsx = tmp_path / "table.xlsx"
    frame = pd.DataFrame({"名称": NAMES, "经度": [str(p[0]) for p in POINTS], "纬度": [str(p[1]) for p in POINTS],
                          "完成年份": ["2025", "2024", "2026"]})
    pyogrio.write_dataframe(gpd.GeoDataFrame(frame), xlsx, driver="XLSX")
    report = import_file(project_copy, xlsx, ImportOptions("facilities"))
    assert report.notes == ["table.xlsx does not name its coordinate system; the values are degrees: read as WGS84"]
    rows = _rows(project_copy, "facilities", "facilities.table.")
    assert [r["deadline"] for r in rows] == [2025, 2024, 2026]
    assert [r["uid"] for r in rows] == ["facilities.table.2", "facilities.table.3", "facilities.table.4"]


def test_imported_features_are_read_by_gdal_and_the_spatial_index(project_copy, tmp_path):
    path = tmp_path / "p.geojson"
    _points().to_file(path)
    import_file(project_copy, path, ImportOptions("facilities"))
    near = pyogrio.read_dataframe(project_copy, layer="facilities", bbox=(106.84, 29.56, 106.85, 29.58))
    assert "facilities.p.1" in set(near.uid)
    assert pyogrio.read_info(project_copy, layer="facilities")["features"] == len(
        pyogrio.read_dataframe(project_copy, layer="facilities"))
    with Project.open(project_copy) as project:
        assert project.status_history("facilities.p.1")[0]["source"] == "imported from p.geojson"
        assert [(e["action"], e["new"]) for e in project.edits_for("facilities.p.1")] == [
            ("import", "imported from p.geojson feature 1")]


def test_bulk_import_keeps_the_spatial_index_and_counts_exact(tmp_path, project_copy):
    rng = np.random.default_rng(1)
    path = tmp_path / "bulk.csv"
    pd.DataFrame({"name": [f"点{i}" for i in range(1500)], "lon": rng.uniform(106.6, 107.0, 1500),
                  "lat": rng.uniform(29.3, 29.7, 1500)}).to_csv(path, index=False)
    import_file(project_copy, path, ImportOptions("facilities"))
    conn = sqlite3.connect(project_copy)
    try:
        from gisplanner.store.gpkg_sql import register_gpkg_functions, rtree_mismatches

        register_gpkg_functions(conn)
        assert rtree_mismatches(conn, "facilities") == []
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'rtree_facilities_geom_insert'"
                            ).fetchone()[0] == 1  # the trigger set aside for the bulk fill is back
        count = conn.execute("SELECT count(*) FROM facilities").fetchone()[0]
        assert conn.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'facilities'"
                            ).fetchone()[0] == count
    finally:
        conn.close()
    assert pyogrio.read_info(project_copy, layer="facilities")["features"] == count


def test_geopackage_nullable_numbers_and_dates_map_onto_fields(tmp_path, project_copy):
    path = tmp_path / "typed.gpkg"
    frame = gpd.GeoDataFrame({"名称": NAMES, "完成年份": pd.array([2025, None, 2027], dtype="Int64"),
                              "日期": pd.to_datetime(["2024-05-01", None, "2023-12-31"]),
                              "状态": ["在建", None, "Completed / operational"]},
                             geometry=[Point(p) for p in POINTS], crs=4326)
    pyogrio.write_dataframe(frame, path)
    report = import_file(project_copy, path, ImportOptions("facilities", defaults={"status": "planned"}))
    assert len(report.imported) == 3
    rows = _rows(project_copy, "facilities", "facilities.typed.")
    assert [r["deadline"] for r in rows] == [2025, None, 2027]
    assert [r["status"] for r in rows] == ["under_construction", "planned", "completed"]
    assert rows[0]["status_date"] == "2024-05-01" and rows[2]["status_date"] == "2023-12-31"
    assert rows[1]["status_date"] == dt.date.today().isoformat()  # an empty date takes the default


def test_unmapped_columns_are_kept_in_notes(tmp_path, project_copy):
    path = tmp_path / "extra.csv"
    pd.DataFrame({"名称": ["甲", "乙"], "lon": [106.8, 106.7], "lat": [29.5, 29.4], "备注": ["一期", ""],
                  "投资额(亿元)": ["12.5", ""], "建设单位": ["巴南区政府", "生物城公司"]}).to_csv(path, index=False)
    import_file(project_copy, path, ImportOptions("facilities"))
    rows = _rows(project_copy, "facilities", "facilities.extra.")
    assert [r["notes"] for r in rows] == ["一期; 投资额(亿元): 12.5; 建设单位: 巴南区政府", "建设单位: 生物城公司"]
    import_file(project_copy, path, ImportOptions("facilities", keep_other_columns=False))
    again = [r for r in _rows(project_copy, "facilities", "facilities.extra.") if r["uid"].endswith("-2")]
    assert [(r["uid"], r["notes"]) for r in again] == [("facilities.extra.2-2", "一期"), ("facilities.extra.3-2", None)]


@pytest.mark.parametrize("sep", [";", "\t"])
def test_semicolon_and_tab_separated_tables(tmp_path, project_copy, sep):
    path = tmp_path / "sep.txt"
    path.write_text(sep.join(["名称", "经度", "纬度"]) + "\n" + sep.join(["甲", "106.8", "29.5"]) + "\n",
                    encoding="utf-8")
    report = import_file(project_copy, path, ImportOptions("facilities"))
    assert len(report.imported) == 1
    assert _rows(project_copy, "facilities", "facilities.sep.")[0]["name_zh"] == "甲"
