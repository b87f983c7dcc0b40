"""The project file and every GeoPackage we write pass GDAL's GeoPackage validator."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely
from shapely.geometry import Point

from gisplanner.io.export_layer import export_layer
from gisplanner.io.import_ import ImportOptions, import_file
from gisplanner.io.new_layer import NewLayer
from gisplanner.layers import register_layer_definitions
from gisplanner.store import Project
from gpkg_validator import validator_problems

UID = "cq.biocity.vaccine-incubator"
OTHER = "cq.biocity.antibody-incubator"


@pytest.fixture(autouse=True)
def _forget_user_layers():
    yield
    register_layer_definitions(())  # later tests see the shipped layers only


@pytest.fixture(scope="module")
def worked_project(tmp_path_factory, built_project_path) -> Path:
    """A project after an edit session, a set-status command, an import and a new layer."""
    from gisplanner.cli import main

    folder = tmp_path_factory.mktemp("worked")
    path = folder / "worked.gpkg"
    path.write_bytes(built_project_path.read_bytes())
    with Project.open(path, "rw") as project, project.edit(editor="王工") as session:
        session.set_status(UID, "under_construction", "2025-03-01", "现场踏勘")
        session.set_value(OTHER, "notes", "一期")
        session.add_feature("facilities", {"uid": "t.lab", "name_zh": "新实验室", "kind": "laboratory",
                                           "status": "planned", "status_date": "2025-01-01",
                                           "location_precision": "site"}, Point(106.62, 29.41))
        session.move(UID, 0.01, 0.0)
        session.link("t.lab", project.clauses()[3]["id"], "mentions")
        session.commit()
    assert main(["set-status", "--project", str(path), OTHER, "--status", "completed",
                 "--date", "2025-06-01", "--source", "竣工验收", "--editor", "脚本"]) == 0
    csv = folder / "sites.csv"
    csv.write_text("name_zh,kind,status,status_date,location_precision,lon,lat\n"
                   "检测中心,laboratory,planned,2025-02-01,site,106.63,29.42\n", encoding="utf-8")
    assert import_file(path, csv, ImportOptions("facilities")).written
    boxes = [shapely.box(106.60 + 0.01 * i, 29.40, 106.605 + 0.01 * i, 29.405) for i in range(2)]
    shp = folder / "plots.shp"
    pyogrio.write_dataframe(gpd.GeoDataFrame({"名称": ["一号地块", "二号地块"], "用地面积": [1.5, 2.0]},
                                             geometry=boxes, crs="EPSG:4490"), shp, encoding="GBK")
    report = import_file(path, shp, ImportOptions("", new_layer=NewLayer("plots", "规划地块", "Planned plots")))
    assert report.written and report.layer == "plots"
    return path


def test_a_built_project_is_conformant(built_project_path):
    assert validator_problems(built_project_path) == []


def test_a_project_after_edits_and_imports_is_conformant(worked_project):
    with Project.open(worked_project) as project:
        assert project.feature(UID)["status"] == "under_construction"
        assert project.feature(OTHER)["status"] == "completed"
        assert "plots" in [d.name for d in project.layers()]
        assert len(project.features("plots")) == 2
        assert project.db.execute("SELECT count(*) FROM edits").fetchone()[0] > 0
    assert validator_problems(worked_project) == []


def test_every_exported_geopackage_is_conformant(worked_project, tmp_path):
    with Project.open(worked_project) as project:
        names = [d.name for d in project.layers()]
    assert "plots" in names
    for name in names:
        out = tmp_path / f"{name}.gpkg"
        export_layer(worked_project, name, out)
        assert validator_problems(out) == [], name
