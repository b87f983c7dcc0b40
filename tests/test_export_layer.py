"""Layer exports read back by GDAL: every format, every layer with features, same rows."""

from __future__ import annotations

import json
import subprocess

import pyogrio
import pytest
import shapely

from conftest import PYTHON, REPO
from gisplanner.io.export_layer import ExportError, export_layer
from gisplanner.store import Project

FORMATS = [".gpkg", ".geojson", ".csv", ".shp"]


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("layer", ["parks", "facilities", "transport_lines"])
def test_round_trip_through_gdal(built_project_path, tmp_path, layer, suffix):
    with Project.open(built_project_path) as project:
        source = project.features(layer).sort_values("uid").reset_index(drop=True)
    if source.empty:
        pytest.skip(f"the shipped data has no {layer} yet")
    out = tmp_path / f"{layer}{suffix}"
    report = export_layer(built_project_path, layer, out)
    assert report.count == len(source)
    back = pyogrio.read_dataframe(out, layer=layer if suffix == ".gpkg" else None).sort_values("uid").reset_index(drop=True)
    assert list(back.uid) == list(source.uid)
    if suffix == ".gpkg":  # the layer and its QGIS style
        assert [name for name, _ in pyogrio.list_layers(out)] == [layer, "layer_styles"]
    assert list(back.name_zh) == list(source.name_zh)  # Chinese text survives every format
    if suffix == ".csv":
        if layer == "facilities":
            assert back.lon.astype(float).round(6).tolist() == source.geometry.x.round(6).tolist()
        else:
            geoms = shapely.from_wkt(back.WKT.tolist())
            assert (shapely.hausdorff_distance(geoms, source.geometry.values) < 1e-6).all()
        return
    assert back.crs.to_epsg() == 4326
    assert (shapely.hausdorff_distance(back.geometry.values, source.geometry.values) < 1e-6).all()
    if suffix == ".shp":
        assert out.with_suffix(".cpg").read_text().strip() == "UTF-8"
        for cut, full in zip(back.loc_source, source.location_source, strict=True):
            assert full.startswith(cut) and len(cut) >= min(len(full), 80)  # field renamed, text kept


def test_geojson_is_rfc7946(built_project_path, tmp_path):
    out = tmp_path / "parks.geojson"
    export_layer(built_project_path, "parks", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "crs" not in data and len(data["bbox"]) == 4
    for feature in data["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            exterior = shapely.LinearRing(polygon[0])
            assert exterior.is_ccw, feature["properties"]["uid"]  # right-hand rule
            for hole in polygon[1:]:
                assert not shapely.LinearRing(hole).is_ccw
        assert isinstance(feature["properties"]["deadline"], int | None)


def test_export_replaces_an_old_file_whole_and_refuses_unknown_things(built_project_path, tmp_path):
    out = tmp_path / "f.shp"
    out.with_suffix(".qix").write_bytes(b"stale")
    export_layer(built_project_path, "facilities", out)
    export_layer(built_project_path, "facilities", out)  # again, over the first
    assert pyogrio.read_info(out)["features"] > 0
    with pytest.raises(ExportError, match="unknown export format '.xyz'"):
        export_layer(built_project_path, "facilities", tmp_path / "f.xyz")
    with pytest.raises(ExportError, match="no layer 'roads'"):
        export_layer(built_project_path, "roads", tmp_path / "r.gpkg")
    with pytest.raises(ExportError, match="does not exist"):
        export_layer(built_project_path, "parks", tmp_path / "missing" / "p.gpkg")
    assert not list(tmp_path.glob(".export-*"))


def test_cli_export_layer(built_project_path, tmp_path):
    out = tmp_path / "facilities.csv"
    run = subprocess.run([PYTHON, str(REPO / "main.py"), "export-layer", "facilities", "--out", str(out),
                          "--project", str(built_project_path)], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("exported ")
    assert out.read_bytes().startswith(b"\xef\xbb\xbfuid,name_zh")  # BOM: Excel reads the Chinese
