"""A project written before the integer-key migration opens, migrates and keeps its data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely
from sqlite_utils.migrations import Migrations

from gisplanner.io.import_ import ImportOptions, import_file
from gisplanner.io.new_layer import NewLayer
from gisplanner.layers import register_layer_definitions
from gisplanner.store import Project, build_project
from gisplanner.store import build as build_module
from gisplanner.store import project as project_module
from gisplanner.store.schema import TEXT_KEYS, migrations
from gpkg_validator import validator_problems

FIRST_NEW_STEP = "m006_integer_primary_keys"


UNDER_TEST = (FIRST_NEW_STEP, "m007_layer_styles")


def _schema_before_integer_keys() -> Migrations:
    """The migration set without the steps under test. Later steps that only add columns or
    tables stay in, since today's build writes those columns."""
    old = Migrations(migrations.name)
    for step in migrations._migrations:
        if step.name not in UNDER_TEST:
            old(name=step.name, transactional=step.transactional)(step.fn)
    return old


@pytest.fixture(autouse=True)
def _forget_user_layers():
    yield
    register_layer_definitions(())  # later tests see the shipped layers only


@pytest.fixture
def old_project(tmp_path, monkeypatch) -> Path:
    """A project as the version before wrote it: built, a layer made from a shapefile, then a
    journal entry and a link of the user's own."""
    path = tmp_path / "old.gpkg"
    with monkeypatch.context() as patch:
        old = _schema_before_integer_keys()
        patch.setattr(build_module, "migrations", old)
        patch.setattr(project_module, "migrations", old)
        build_project(path)
        shp = tmp_path / "plots.shp"
        pyogrio.write_dataframe(gpd.GeoDataFrame({"名称": ["一号地块"]}, geometry=[shapely.box(106.6, 29.4, 106.61, 29.41)],
                                                 crs="EPSG:4326"), shp)
        assert import_file(path, shp, ImportOptions("", new_layer=NewLayer("plots", "规划地块", "Plots"))).written
    register_layer_definitions(())
    with sqlite3.connect(path) as conn:  # what users did with it: journal, own links
        conn.execute("INSERT INTO edits (at, editor, session, action, layer, uid, field, old, new)"
                     " VALUES ('2025-01-02T03:04:05', '王工', 's1', 'status', 'facilities',"
                     " 'cq.biocity.vaccine-incubator', 'status', 'planned', 'completed')")
        clause = conn.execute("SELECT id FROM clauses ORDER BY rowid LIMIT 1 OFFSET 7").fetchone()[0]
        conn.execute("INSERT INTO links (feature_uid, clause_id, relation, quote) VALUES (?, ?, 'mentions', NULL)",
                     ["cq.biocity.vaccine-incubator", clause])
    return path


def _snapshot(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        return {
            "plans": conn.execute("SELECT id, title, date FROM plans ORDER BY id").fetchall(),
            "clauses": conn.execute("SELECT rowid, id, plan_id, text FROM clauses ORDER BY id").fetchall(),
            "links": conn.execute("SELECT feature_uid, clause_id, relation, quote FROM links ORDER BY 1, 2, 3").fetchall(),
            "edits": conn.execute("SELECT * FROM edits ORDER BY id").fetchall(),
            "meta": conn.execute("SELECT key, value FROM project_meta ORDER BY key").fetchall(),
            "user_layers": conn.execute("SELECT name, definition, created_at FROM user_layers").fetchall(),
            "plots": conn.execute("SELECT uid, name_zh FROM plots").fetchall(),
            "search": conn.execute("SELECT rowid FROM clauses_fts WHERE clauses_fts MATCH ? ORDER BY rowid", ['"疫 苗"']).fetchall(),
        }


def _primary_keys(path: Path, table: str) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return [(r[1], r[2]) for r in conn.execute(f'PRAGMA table_info("{table}")') if r[5]]


def test_old_projects_migrate_with_links_journal_and_search_intact(old_project):
    assert _primary_keys(old_project, "plans") == [("id", "TEXT")]
    assert _primary_keys(old_project, "user_layers") == [("name", "TEXT")]
    assert any("Req 119" in p for p in validator_problems(old_project))
    before = _snapshot(old_project)
    assert before["search"] and len(before["links"]) > 1 and len(before["edits"]) > 1
    assert [row[0] for row in before["user_layers"]] == ["plots"] and len(before["plots"]) == 1

    with Project.open(old_project, "rw") as project:
        assert FIRST_NEW_STEP in project.schema_steps()
        hits = project.search("疫苗")
        assert hits and all(project.clause(h.clause_id) for h in hits)
        uid = "cq.biocity.vaccine-incubator"
        assert "mentions" in {c["relation"] for c in project.clauses_for(uid)}
        assert "plots" in [d.name for d in project.layers()]

    assert _snapshot(old_project) == before
    for table in TEXT_KEYS:
        assert _primary_keys(old_project, table) == [("fid", "INTEGER")], table
    with sqlite3.connect(old_project) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO clauses_fts(clauses_fts) VALUES ('integrity-check')")
        with pytest.raises(sqlite3.IntegrityError):  # the text keys stay unique
            conn.execute("INSERT INTO links (feature_uid, clause_id, relation) SELECT feature_uid, clause_id,"
                         " relation FROM links LIMIT 1")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO plans (id) SELECT id FROM plans LIMIT 1")
    assert validator_problems(old_project) == []


def test_a_new_build_has_integer_keys(built_project_path):
    for table in TEXT_KEYS:
        assert _primary_keys(built_project_path, table) == [("fid", "INTEGER")], table
