"""The project GeoPackage: built from the sources, read by GDAL, safe to build again."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pyogrio
import pytest

from gisplanner.features import SourceError
from gisplanner.layers import layer_definitions
from gisplanner.paths import LAYER_SOURCES_DIR, PLANS_DIR
from gisplanner.store import NewerSchemaError, Project, ProjectError, ProjectHasEdits, build_project


def test_gdal_reads_every_layer(built_project_path):
    layers = dict(pyogrio.list_layers(built_project_path))
    for definition in layer_definitions():
        assert definition.name in layers
        info = pyogrio.read_info(built_project_path, layer=definition.name)
        assert info["crs"] == "EPSG:4326"
        assert set(f.name for f in definition.fields) <= set(info["fields"])
    # the non-spatial tables are registered attribute tables
    assert {"plans", "clauses", "links", "status_history", "edits"} <= set(layers)


def test_geopackage_version_is_1_3(built_project_path):
    with sqlite3.connect(built_project_path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 10300
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_rebuild_is_idempotent(tmp_path):
    path = tmp_path / "p.gpkg"
    first = build_project(path)
    assert first.built
    stamp = path.stat().st_mtime_ns
    again = build_project(path)
    assert not again.built and "up to date" in again.message
    assert path.stat().st_mtime_ns == stamp


def test_build_never_overwrites_user_edits(tmp_path):
    path = tmp_path / "p.gpkg"
    build_project(path)
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO edits (at, editor, action, layer, uid, field, old, new)"
                     " VALUES ('2026-01-01', 'test', 'set', 'parks', 'x', 'status', 'planned', 'completed')")
    with pytest.raises(ProjectHasEdits, match="1 user edits"):
        build_project(path, force=False)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM edits").fetchone()[0] == 1
    report = build_project(path, force=True)
    assert report.built and path.with_suffix(".gpkg.bak").exists()


def test_bad_layer_source_names_file_and_feature_and_writes_nothing(tmp_path):
    layers = tmp_path / "layers"
    shutil.copytree(LAYER_SOURCES_DIR, layers)
    source = layers / "facilities.geojson"
    data = json.loads(source.read_text(encoding="utf-8"))
    data["features"][1]["properties"]["status"] = "finished-ish"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    path = tmp_path / "p.gpkg"
    build_project(path)  # a good project first
    before = path.read_bytes()
    with pytest.raises(SourceError) as err:
        build_project(path, layers_dir=layers, force=True)
    assert "facilities.geojson" in str(err.value) and "feature 2" in str(err.value)
    assert "finished-ish" in str(err.value)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".*building*"))


def test_truncated_layer_source_is_reported(tmp_path):
    layers = tmp_path / "layers"
    shutil.copytree(LAYER_SOURCES_DIR, layers)
    text = (layers / "parks.geojson").read_text(encoding="utf-8")
    (layers / "parks.geojson").write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(SourceError, match=r"parks.geojson: not valid JSON at line"):
        build_project(tmp_path / "p.gpkg", layers_dir=layers)
    assert not (tmp_path / "p.gpkg").exists()


def test_unknown_plan_structure_still_builds_with_warning(tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS_DIR, plans)
    meta = (plans / "plans.toml").read_text(encoding="utf-8")
    (plans / "plain.txt").write_text("一段没有任何编号的文字。\n另一段。\n", encoding="utf-8")
    meta += '\n[[plan]]\nid = "900"\nfile = "plain.txt"\ntitle = "无结构文件"\n'
    (plans / "plans.toml").write_text(meta, encoding="utf-8")
    report = build_project(tmp_path / "p.gpkg", plans_dir=plans)
    assert any("plain.txt" in w for w in report.warnings)
    with Project.open(tmp_path / "p.gpkg") as p:
        assert [c["path"] for c in p.clauses("900")] == ["p1", "p2"]


def test_open_refuses_missing_and_foreign_files(tmp_path):
    with pytest.raises(ProjectError, match="no such project file"):
        Project.open(tmp_path / "nope.gpkg")
    text = tmp_path / "notes.gpkg"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(ProjectError, match="not a GeoPackage"):
        Project.open(text)
    plain = tmp_path / "plain.sqlite"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ProjectError, match="not a GeoPackage"):
        Project.open(plain)


def test_newer_schema_is_refused(project_copy):
    with sqlite3.connect(project_copy) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                     " VALUES ('gisplanner', 'm999_from_the_future', '2030-01-01')")
    with pytest.raises(NewerSchemaError, match="newer gisplanner"):
        Project.open(project_copy)


def test_links_both_ways(project):
    station = [f for f in project.features_for("001:重點任務/(四)/14") if f["layer"] == "transport_points"]
    assert station, "task 14 links the HSR station"
    uid = station[0]["uid"]
    clauses = project.clauses_for(uid)
    assert any(c["clause_id"] == "001:重點任務/(四)/14" and c["plan_date"] == "2021-12-31" for c in clauses)
    # a section lists the features of the clauses under it
    assert uid in {f["uid"] for f in project.features_for("001:重點任務/(四)")}
    feature = project.feature(uid)
    assert feature["layer"] == "transport_points" and feature["geometry"].geom_type == "Point"


def test_features_by_bbox(project):
    all_parks = project.features("parks")
    chongqing = project.features("parks", bbox=(105.5, 28.5, 108.0, 30.5))
    assert 0 < len(chongqing) < len(all_parks)


QGIS_CHECK = """
import sys
from qgis.core import QgsApplication, QgsVectorLayer
app = QgsApplication([], False); app.initQgis()
path = sys.argv[1]
for name in sys.argv[2:]:
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert layer.isValid(), name
    print(name, layer.featureCount(), layer.crs().authid(), flush=True)
import os
os._exit(0)  # QGIS 3.22's Python bindings can crash in exitQgis() at interpreter exit
"""


def test_opens_in_qgis(built_project_path):
    system_python = Path("/usr/bin/python3")
    probe = subprocess.run([system_python, "-c", "import qgis.core"], capture_output=True) if system_python.exists() else None
    if probe is None or probe.returncode != 0:
        pytest.skip("QGIS (Debian python3-qgis) is not installed; scripts/setup.sh installs it")
    names = [d.name for d in layer_definitions()]
    out = subprocess.run([system_python, "-c", QGIS_CHECK, str(built_project_path), *names],
                         capture_output=True, text=True, timeout=120, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in out.stdout.strip().splitlines())
    assert set(lines) == set(names)
    assert all(v.endswith("EPSG:4326") for v in lines.values())
    with Project.open(built_project_path) as p:
        for name in names:
            assert int(lines[name].split()[0]) == len(p.features(name))


def test_feature_uids_are_indexed_and_unique(project_copy):
    from gisplanner.store.gpkg_sql import connect_writer

    with connect_writer(project_copy) as conn:
        for definition in layer_definitions():
            plan = conn.execute(f'EXPLAIN QUERY PLAN SELECT * FROM "{definition.name}" WHERE uid = ?', ["x"]).fetchall()
            assert any(f"{definition.name}_uid" in row[-1] for row in plan), plan
        uid = conn.execute("SELECT uid FROM facilities LIMIT 1").fetchone()[0]
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE facilities SET uid = ? WHERE uid != ?", [uid, uid])


def test_a_project_built_before_date_precision_is_upgraded_on_open(project_copy):
    with sqlite3.connect(project_copy) as conn:
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm008_status_date_precision'")
        conn.execute("ALTER TABLE status_history DROP COLUMN date_precision")
        conn.execute("ALTER TABLE facilities DROP COLUMN deadline_kind")
        conn.execute("ALTER TABLE facilities DROP COLUMN status_date_precision")
    project_copy.chmod(0o444)
    with pytest.raises(ProjectError, match="needs a schema upgrade"):
        Project.open(project_copy)
    project_copy.chmod(0o644)
    with Project.open(project_copy) as upgraded:  # a reader upgrades a writable file first
        assert upgraded.read_only
        assert "m008_status_date_precision" in upgraded.schema_steps()
        assert upgraded.status_history("cq.biocity.vaccine-incubator")[-1]["date_precision"] == "day"
        frame = upgraded.features("facilities")
        assert {"deadline_kind", "status_date_precision"} <= set(frame.columns)
        assert frame["deadline_kind"].isna().all()
