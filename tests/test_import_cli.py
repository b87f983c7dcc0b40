"""``python main.py import`` headless: dry run, confirm a CRS, map a column, offsets."""

from __future__ import annotations

import subprocess

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Point

from conftest import PYTHON, REPO
from gisplanner.io.offsets import wgs84_to_bd09
from gisplanner.store import Project

pytestmark = pytest.mark.filterwarnings("ignore:.crs. was not provided")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, str(REPO / "main.py"), *args], capture_output=True, text=True, cwd=REPO)


def test_dry_run_then_import_with_confirmed_crs_and_mapping(tmp_path, project_copy):
    path = tmp_path / "survey.gpkg"
    frame = gpd.GeoDataFrame({"项目": ["甲", "乙"], "类型": ["实验室", "医院"]},
                             geometry=[Point(106.847, 29.57), Point(106.655, 29.41)], crs=4326).to_crs(4545)
    pyogrio.write_dataframe(frame.set_crs(None, allow_override=True), path)
    before = project_copy.read_bytes()
    refused = _run("import", str(path), "--project", str(project_copy))
    assert refused.returncode == 1 and "--crs EPSG:4545" in refused.stderr
    dry = _run("import", str(path), "--crs", "EPSG:4545", "--map", "name_zh=项目", "--dry-run",
               "--project", str(project_copy))
    assert dry.returncode == 0, dry.stderr
    assert "dry run: 2 of 2 rows would be imported; nothing written" in dry.stdout
    assert "name_zh←项目" in dry.stdout and "kind←类型" in dry.stdout
    assert project_copy.read_bytes() == before
    done = _run("import", str(path), "--crs", "4545", "--map", "name_zh=项目", "--status", "planned",
                "--project", str(project_copy))
    assert done.returncode == 0, done.stderr
    assert "survey.gpkg: imported 2 of 2 rows into facilities" in done.stdout
    with Project.open(project_copy) as project:
        record = project.feature("facilities.survey.1")
    assert (record["name_zh"], record["kind"], record["status"]) == ("甲", "laboratory", "planned")
    assert record["location_source"] == "imported from survey.gpkg feature 1; EPSG:4545 → WGS84"
    assert abs(record["geometry"].x - 106.847) < 1e-7


def test_baidu_points_with_offset(tmp_path, project_copy):
    lon, lat = wgs84_to_bd09(np.array([106.847]), np.array([29.57]))
    path = tmp_path / "baidu.csv"
    pd.DataFrame({"name": ["木洞"], "lng": lon, "lat": lat}).to_csv(path, index=False)
    done = _run("import", str(path), "--offset", "bd09", "--project", str(project_copy))
    assert done.returncode == 0, done.stderr
    with Project.open(project_copy) as project:
        record = project.feature("facilities.baidu.2")
    assert record["location_source"] == "imported from baidu.csv row 2; BD-09 → WGS84"
    assert abs(record["geometry"].x - 106.847) < 5e-6 and abs(record["geometry"].y - 29.57) < 5e-6


def test_unknown_layer_and_bad_map(tmp_path, project_copy):
    path = tmp_path / "p.geojson"
    gpd.GeoDataFrame({"name": ["a"]}, geometry=[Point(106.8, 29.5)], crs=4326).to_file(path)
    assert "no layer 'roads'" in _run("import", str(path), "--layer", "roads", "--project", str(project_copy)).stderr
    bad = _run("import", str(path), "--map", "colour=name", "--project", str(project_copy))
    assert bad.returncode == 1 and "expected FIELD=COLUMN" in bad.stderr
    bad = _run("import", str(path), "--status", "built", "--project", str(project_copy))
    assert bad.returncode == 1 and "--status 'built' is not one of proposed, planning_study" in bad.stderr
