"""QGIS 3.22 shows our map: default styles from the GeoPackage's layer_styles, and a .qgz
with our layer order, styles and the three parks as bookmarks."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest

from gisplanner.cli import main
from gisplanner.export.qgis_project import PARK_BOOKMARKS, write_qgis_project
from gisplanner.layers import (
    label_priority,
    layer_definition,
    register_layer_definitions,
    statuses,
    style_for,
)
from gisplanner.layers.qml import QGIS_MARKERS
from gisplanner.store import Project
from gpkg_validator import SYSTEM_PYTHON, need_system_module
from worked_project import USER_LAYER, make_worked_project

HERE = Path(__file__).resolve().parent
# A probe renders 0.01° around a point at 200 px: markers are 9-11 px (about 0.0005°) across.
ALONE_WITHIN_DEG = 0.001


@pytest.fixture(autouse=True)
def _forget_user_layers():
    yield
    register_layer_definitions(())


@pytest.fixture(scope="module")
def worked_project(tmp_path_factory, built_project_path) -> Path:
    return make_worked_project(tmp_path_factory.mktemp("styled"), built_project_path)


def run_qgis(script: str, *args: str) -> dict:
    need_system_module("qgis.core", "python3-qgis")
    with tempfile.TemporaryDirectory(prefix="qgis-home-") as home:  # QGIS writes its profile there
        run = subprocess.run([SYSTEM_PYTHON, str(HERE / script), *args], capture_output=True, text=True,
                             timeout=300, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": home})
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def _hex_rgb(color: str) -> np.ndarray:
    return np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)])


def probes_by_status(project: Project) -> dict[str, tuple[str, str, float, float]]:
    """For each status, a point (or a spot inside an area) where nothing else is drawn nearby,
    so the rendered colour there is that feature's own. A marker is opaque: only other markers
    and layers drawn above it can change its colour."""
    features = []
    thin: set[str] = set()
    for level, d in enumerate(project.layers()):  # drawing order, bottom first
        frame = project.features(d.name)
        features += [(level, d, uid, status, geom) for uid, status, geom in
                     zip(frame.uid, frame.status, frame.geometry, strict=True) if geom is not None]
        if d.is_point:  # a cross's arms are a few pixels wide: its centre may be antialiased
            thin |= {uid for uid, kind in zip(frame.uid, frame.kind, strict=True)
                     if kind and d.kind(kind).symbol == "cross"}
    # A solid marker's colour is the plainest to check.
    features.sort(key=lambda f: (not f[1].is_point, f[2] in thin))
    chosen: dict[str, tuple[str, str, float, float]] = {}
    for level, d, uid, status, geom in features:
        if status in chosen or d.is_line:
            continue
        spot = geom if d.is_point else geom.point_on_surface()
        if not d.is_point and geom.boundary.distance(spot) <= ALONE_WITHIN_DEG:
            continue
        near = [other for other_level, other_def, _, _, other in features if other is not geom
                and (not d.is_point or other_def.is_point or other_level > level)
                and other.distance(spot) <= ALONE_WITHIN_DEG]
        if not near:
            chosen[status] = (d.name, uid, spot.x, spot.y)
    return chosen


def expected_colour(layer: str, status: str) -> np.ndarray:
    """The status colour; for an area its translucent fill over the white background."""
    style = style_for(layer_definition(layer), status)
    colour = _hex_rgb(style.fill_color)
    if layer_definition(layer).is_point:
        return colour
    alpha = round(255 * style.fill_opacity) / 255
    return colour * alpha + 255 * (1 - alpha)


def test_qgis_draws_each_status_in_its_colour_from_the_stored_styles(worked_project, tmp_path):
    with Project.open(worked_project) as project:
        names = [d.name for d in project.layers()]
        present = {s for name in names for s in project.features(name).status}
        probes = probes_by_status(project)
    assert USER_LAYER in names
    assert set(probes) == present, f"no isolated point for statuses {present - set(probes)}"
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"layers": names, "probes": list(probes.values())}), encoding="utf-8")
    seen = run_qgis("qgis_style_probe.py", str(worked_project), str(request))

    colours = {s.id: s.color for s in statuses()}
    for name in names:
        info = seen["layers"][name]
        assert info["valid"] and info["renderer"] == "categorizedSymbol" and info["attr"] == "status", name
        assert info["labels"] and info["expression_errors"] == [], name
        assert info["label_priority"] == label_priority(layer_definition(name)), name
        # the location note's twin of codes is neither a table column nor a form field in QGIS
        assert info["code_widget"] == "Hidden" and info["hidden_columns"] == ["location_source_code"], name
        assert {k: v["color"] for k, v in info["categories"].items() if k} == colours, name
        if not layer_definition(name).is_point:  # dashed outlines and lines for what is not built
            assert {k: v["dashed"] for k, v in info["categories"].items() if k} == {
                s.id: s.dashed for s in statuses()}, name
    assert len(seen["probes"]) == len(probes)
    for probe in seen["probes"]:
        got, want = _hex_rgb(probe["color"]), expected_colour(probe["layer"], probe["status"])
        assert np.abs(got - want).max() <= 3, (probe, want)
        definition = layer_definition(probe["layer"])
        if definition.is_point:  # the kind's symbol
            assert probe["shape"] == QGIS_MARKERS[definition.kind(probe["kind"]).symbol][0], probe
    assert {p["status"] for p in seen["probes"]} == present


def test_the_qgis_project_opens_with_our_layers_styles_and_park_bookmarks(worked_project, tmp_path):
    out = tmp_path / "maps" / "规划.qgz"
    out.parent.mkdir()
    with Project.open(worked_project) as project:
        report = write_qgis_project(project, out)
        layers = list(reversed(project.layers()))  # top first, as the layer tree lists them
        counts = {d.name: len(project.features(d.name)) for d in layers}
        parks = {uid: project.feature(uid) for uid in PARK_BOOKMARKS}
    assert report.bookmarks == [parks[uid]["name_zh"] for uid in PARK_BOOKMARKS]
    seen = run_qgis("qgis_project_probe.py", str(out))
    assert seen["read"] and seen["crs"] == "EPSG:4326"
    assert [node["name"] for node in seen["layers"]] == [d.title_zh for d in layers]
    assert seen["order"] == [node["id"] for node in seen["layers"]]
    for node, definition in zip(seen["layers"], layers, strict=True):
        assert node["valid"] and node["renderer"] == "categorizedSymbol" and node["labels"], node
        assert node["features"] == counts[definition.name]
        assert Path(node["source"].split("|")[0]) == worked_project.resolve()
    assert [b["name"] for b in seen["bookmarks"]] == report.bookmarks
    for mark, uid in zip(seen["bookmarks"], PARK_BOOKMARKS, strict=True):
        x0, y0, x1, y1 = parks[uid]["geometry"].bounds
        ex0, ey0, ex1, ey1 = mark["extent"]
        assert mark["crs"] == "EPSG:4326" and ex0 < x0 < x1 < ex1 and ey0 < y0 < y1 < ey1


def test_qgis_project_command(built_project_path, tmp_path, capsys):
    out = tmp_path / "gisplanner.qgz"
    assert main(["qgis-project", "--project", str(built_project_path), "--out", str(out)]) == 0
    assert "3 bookmarks" in capsys.readouterr().out and out.exists()
    assert main(["qgis-project", "--project", str(built_project_path), "--out", str(tmp_path / "x.qgs")]) == 1
    assert ".qgz" in capsys.readouterr().err


def test_an_exported_geopackage_opens_in_qgis_with_our_style(worked_project, tmp_path):
    from gisplanner.io.export_layer import export_layer

    out = tmp_path / f"{USER_LAYER}.gpkg"
    export_layer(worked_project, USER_LAYER, out)
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"layers": [USER_LAYER], "probes": []}), encoding="utf-8")
    info = run_qgis("qgis_style_probe.py", str(out), str(request))["layers"][USER_LAYER]
    assert info["renderer"] == "categorizedSymbol" and info["attr"] == "status"
    assert {k: v["color"] for k, v in info["categories"].items() if k} == {s.id: s.color for s in statuses()}
