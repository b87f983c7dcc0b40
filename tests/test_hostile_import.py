"""A hostile user against the importers: odd names, mismatched files, bombs, deep nesting.

Each file is either read as it is (the rows of that very file) or refused with a message
naming it; the project is never touched by a refused import.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import Point

from gisplanner.io.detect import ImportFileError
from gisplanner.io.import_ import ImportOptions, import_file, prepare_import
from gisplanner.io.readers import read_source
from hostile import no_traceback, run

KML = ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
       '<Placemark><name>站点</name><Point><coordinates>106.6,29.5</coordinates></Point></Placemark>'
       '</Document></kml>')


def _points(path: Path, names: list[str]) -> None:
    """Written under a plain name, then renamed (GDAL's writer would misread the odd name too)."""
    frame = gpd.GeoDataFrame({"name": names}, geometry=[Point(106.5 + i / 100, 29.5) for i in range(len(names))],
                             crs=4326)
    plain = path.with_name("plain" + path.suffix)
    pyogrio.write_dataframe(frame, plain)
    for part in plain.parent.glob("plain.*"):
        part.rename(path.with_suffix(part.suffix))


def test_exclamation_mark_in_a_name_reads_that_file_and_records_it(tmp_path, project_copy):
    # GDAL would read "survey.zip!pts.geojson" as the member pts.geojson of survey.zip
    inner = tmp_path / "pts.geojson"
    _points(inner, ["other 1", "other 2", "other 3"])
    with zipfile.ZipFile(tmp_path / "survey.zip", "w") as zf:
        zf.write(inner, "pts.geojson")
    odd = tmp_path / "survey.zip!pts.geojson"
    _points(odd, ["mine"])
    table = read_source(odd)
    assert table.frame["name"].tolist() == ["mine"]
    report = import_file(project_copy, odd, ImportOptions("facilities"))
    assert len(report.imported) == 1
    out = run("feature", report.imported[0], "--project", str(project_copy))
    assert "imported from survey.zip!pts.geojson feature 1" in out.stdout, out.stdout


@pytest.mark.parametrize("name", ["a;b.geojson", "what?.geojson", "x#1.shp", "a;b.shp"])
def test_semicolons_and_uri_characters_in_names(tmp_path, name):
    path = tmp_path / name
    _points(path, ["one", "two"])
    table = read_source(path)
    assert table.frame["name"].tolist() == ["one", "two"]


def test_shapefile_with_fewer_attribute_rows_than_shapes_warns(tmp_path, project_copy):
    path = tmp_path / "survey.shp"
    _points(path, ["a", "b", "c"])
    short = tmp_path / "short" / "survey.shp"
    short.parent.mkdir()
    _points(short, ["a", "b"])
    path.with_suffix(".dbf").write_bytes(short.with_suffix(".dbf").read_bytes())
    table = read_source(path)
    assert any(".shp holds 3 shapes but the .dbf 2 attribute rows" in n for n in table.notes), table.notes
    out = run("import", str(path), "--layer", "facilities", "--dry-run", "--project", str(project_copy))
    assert "the .shp holds 3 shapes but the .dbf 2 attribute rows" in out.stdout + out.stderr


def _kmz(path: Path, member: str, text: str) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, text)
    return path


@pytest.mark.parametrize("case", ["dotdot", "broken", "bomb", "not_zip"])
def test_unreadable_kmz_gives_a_message_not_a_traceback(tmp_path, project_copy, case):
    if case == "dotdot":
        path = _kmz(tmp_path / "dotdot.kmz", "../evil.kml", KML)
    elif case == "broken":
        path = _kmz(tmp_path / "broken.kmz", "doc.kml", KML[:90])
    elif case == "bomb":
        path = _kmz(tmp_path / "bomb.kmz", "doc.kml", KML[:-30] + " " * (65 * 2**20) + KML[-30:])
        assert path.stat().st_size < 2**20
    else:
        path = tmp_path / "not_zip.kmz"
        path.write_bytes(b"PK\x03\x04" + os.urandom(200))
    before = project_copy.read_bytes()
    with pytest.raises(ImportFileError) as info:
        import_file(project_copy, path, ImportOptions("facilities"))
    assert path.name in str(info.value)
    out = run("import", str(path), "--layer", "facilities", "--project", str(project_copy))
    no_traceback(out)
    assert path.name in out.stderr
    assert project_copy.read_bytes() == before


def test_geojson_nested_200k_deep_is_refused(tmp_path):
    path = tmp_path / "deep.geojson"
    deep = "[" * 200_000 + "]" * 200_000
    path.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":' + deep
                    + '},"geometry":{"type":"Point","coordinates":[106.6,29.5]}}]}', encoding="utf-8")
    try:
        read_source(path)
    except ImportFileError as exc:
        assert "deep.geojson" in str(exc)
    out = run("import", str(path), "--layer", "facilities", "--dry-run", "--project", "/nonexistent.gpkg")
    assert "Traceback" not in out.stderr and "RecursionError" not in out.stderr


def test_utf16_csv_is_read(tmp_path):
    path = tmp_path / "unicode.csv"
    path.write_text("名称,经度,纬度\n疫苗基地,106.6,29.5\n", encoding="utf-16")
    table = read_source(path)
    assert table.frame["名称"].tolist() == ["疫苗基地"]
    assert table.detected.encoding.startswith("utf-16")


def test_a_crs_on_another_planet_is_refused_with_a_message(tmp_path):
    path = tmp_path / "pts.csv"
    path.write_text("name,lon,lat\nA,106.6,29.5\n", encoding="utf-8")
    table = read_source(path)
    with pytest.raises(ImportFileError) as info:
        prepare_import(table, ImportOptions("facilities", crs="+proj=longlat +a=1 +b=1"))
    assert "pts.csv" in str(info.value) and "WGS84" in str(info.value)
    out = run("import", str(path), "--layer", "facilities", "--crs", "+proj=longlat +a=1 +b=1", "--dry-run",
              "--project", "/nonexistent.gpkg")
    no_traceback(out)


def test_a_named_pipe_as_import_source_is_refused(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(ImportFileError, match="not a regular file"):
        read_source(fifo)


def test_geojson_feature_list_damage_names_the_feature(tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [1]}), encoding="utf-8")
    with pytest.raises(ImportFileError, match="bad.geojson"):
        read_source(path)


def _wide(path: Path, columns: int) -> Path:
    header = ",".join(["name", "lon", "lat", *(f"c{i}" for i in range(columns))])
    rows = [",".join([f"site {r}", f"{106.5 + r / 100}", "29.5", *(str(i) for i in range(columns))]) for r in range(5)]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_5000_column_csv_as_a_new_layer_is_refused_with_a_way_out(tmp_path, project_copy):
    path = _wide(tmp_path / "wide.csv", 5000)
    before = project_copy.read_bytes()
    out = run("import", str(path), "--new-layer", "wide", "--project", str(project_copy), timeout=120)
    no_traceback(out)
    assert "wide.csv: 5000 columns" in out.stderr and "--fields" in out.stderr
    assert project_copy.read_bytes() == before
    out = run("import", str(path), "--new-layer", "wide", "--fields", "c1,c4999", "--project", str(project_copy),
              timeout=120)
    assert out.returncode == 0 and "imported 5 of 5 rows" in out.stdout, out.stderr


def test_a_1500_column_csv_becomes_a_layer(tmp_path, project_copy):
    path = _wide(tmp_path / "wide.csv", 1500)
    out = run("import", str(path), "--new-layer", "wide", "--project", str(project_copy), timeout=300)
    assert out.returncode == 0 and "imported 5 of 5 rows" in out.stdout, out.stderr
    out = run("info", "--project", str(project_copy))
    assert "layer wide" in out.stdout
