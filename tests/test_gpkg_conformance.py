"""The project file and every GeoPackage we write pass GDAL's GeoPackage validator."""

from __future__ import annotations

from pathlib import Path

import pytest

from gisplanner.io.export_layer import export_layer
from gisplanner.layers import register_layer_definitions
from gisplanner.store import Project
from gpkg_validator import validator_problems
from worked_project import EDITED, SET_BY_COMMAND, USER_LAYER, make_worked_project


@pytest.fixture(autouse=True)
def _forget_user_layers():
    yield
    register_layer_definitions(())  # later tests see the shipped layers only


@pytest.fixture(scope="module")
def worked_project(tmp_path_factory, built_project_path) -> Path:
    return make_worked_project(tmp_path_factory.mktemp("worked"), built_project_path)


def test_a_built_project_is_conformant(built_project_path):
    assert validator_problems(built_project_path) == []


def test_a_project_after_edits_and_imports_is_conformant(worked_project):
    with Project.open(worked_project) as project:
        assert project.feature(EDITED)["status"] == "under_construction"
        assert project.feature(SET_BY_COMMAND)["status"] == "completed"
        assert USER_LAYER in [d.name for d in project.layers()]
        assert len(project.features(USER_LAYER)) == 2
        assert project.db.execute("SELECT count(*) FROM edits").fetchone()[0] > 0
    assert validator_problems(worked_project) == []


def test_every_exported_geopackage_is_conformant(worked_project, tmp_path):
    with Project.open(worked_project) as project:
        names = [d.name for d in project.layers()]
    assert USER_LAYER in names
    for name in names:
        out = tmp_path / f"{name}.gpkg"
        export_layer(worked_project, name, out)
        assert validator_problems(out) == [], name
