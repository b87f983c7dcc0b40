"""Team projects on a real PostGIS server: publish, two checkouts, edits on both, sync, same rows."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from shapely.geometry import Point

from gisplanner.store import Project
from gisplanner.sync import SyncError, checkout, conflicts, publish, sync, sync_state
from sync_helpers import copy_rows, edit, feature, published, server_rows

A_UID = "cq.biocity.vaccine-incubator"
B_UID = "cq.biocity.antibody-incubator"
GONE = "cq.biocity.peptide-rd-centre"
NEW = {"name_zh": "新设施", "kind": "platform", "status": "proposed", "status_date": "2025-01-01",
       "location_precision": "site"}


def test_two_copies_meet_on_the_server(built_project_path, tmp_path, pg_server):
    url = pg_server.url()
    schema, (a, b) = published(built_project_path, tmp_path, url)
    clause = "004:四/(二)/4"
    with Project.open(a) as p:
        linked = p.db.execute("SELECT feature_uid, clause_id, relation FROM links LIMIT 1").fetchone()
        moved = p.feature(B_UID)["geometry"]
    with edit(a, "alice") as s:
        s.set_value(A_UID, "name_en", "Vaccine incubator (alice)")
        s.set_status(A_UID, "under_construction", "2026-03-01", "site visit")
        s.add_feature("facilities", {**NEW, "uid": "t.alice"}, Point(106.6, 29.5))
        s.link(A_UID, clause)
        s.unlink(*linked)
    with edit(b, "bob") as s:
        s.set_value(A_UID, "notes", "checked by bob")          # same feature, another field: merges
        s.set_geometry(B_UID, Point(moved.x + 0.01, moved.y))
        s.delete(GONE)
        s.add_feature("facilities", {**NEW, "uid": "t.bob"}, Point(106.7, 29.4))
    assert sync_state(a).local_changes > 0
    ra, rb, ra2 = sync(a), sync(b), sync(a)
    assert ra.pushed > 0 and rb.pushed > 0 and ra2.pulled > 0
    assert ra.conflicts == rb.conflicts == ra2.conflicts == 0
    assert conflicts(a) == [] and conflicts(b) == []
    rows_a, rows_b, rows_s = copy_rows(a), copy_rows(b), server_rows(url, schema, a)
    assert rows_a == rows_b == rows_s
    for path in (a, b):
        f = feature(path, A_UID)
        assert (f["name_en"], f["notes"], f["status"]) == ("Vaccine incubator (alice)", "checked by bob",
                                                           "under_construction")
        assert feature(path, GONE) is None and feature(path, "t.alice") and feature(path, "t.bob")
        assert feature(path, B_UID)["geometry"].x == pytest.approx(moved.x + 0.01)
        with Project.open(path) as p:
            history = p.status_history(A_UID)
            assert ("under_construction", "2026-03-01", "site visit") in [
                (h["status"], h["date"], h["source"]) for h in history]
            assert clause in [c["clause_id"] for c in p.clauses_for(A_UID)]
            assert not p.db.execute("SELECT 1 FROM links WHERE feature_uid = ? AND clause_id = ? AND relation = ?",
                                    list(linked)).fetchone()
            # the journal travels: each copy knows who changed what on the other
            editors = {r[0] for r in p.db.execute("SELECT DISTINCT editor FROM edits")}
            assert {"alice", "bob"} <= editors
        state = sync_state(path)
        assert state.local_changes == 0 and state.last_sync is not None
    assert sync(a).pushed == 0 and sync(b).pulled == 0  # in step: nothing moves


def test_many_offline_saves_sync_in_one_go(built_project_path, tmp_path, pg_server):
    url = pg_server.url()
    schema, (a, b) = published(built_project_path, tmp_path, url)
    with Project.open(a) as p:
        layer_uids = [r[0] for r in p.db.execute("SELECT uid FROM facilities ORDER BY uid LIMIT 20")]
    for i in range(25):  # 25 separate saves while offline
        with edit(a) as s:
            s.set_value(layer_uids[i % len(layer_uids)], "notes", f"visit {i}")
            if i % 5 == 0:
                s.add_feature("facilities", {**NEW, "uid": f"t.offline{i}"}, Point(106 + i / 100, 29.5))
    result = sync(a)
    # 20 changed features, 5 new ones and their first status-history rows, each row once
    assert result.conflicts == 0 and result.pushed == len(layer_uids) + 5 + 5
    sync(b)
    assert copy_rows(a) == copy_rows(b) == server_rows(url, schema, a)
    assert feature(b, layer_uids[24 % 20])["notes"] == "visit 24"


def test_publish_refuses_an_existing_schema_and_names(built_project_path, tmp_path, pg_server):
    url = pg_server.url()
    schema, _ = published(built_project_path, tmp_path, url, copies=0)
    again = tmp_path / "again.gpkg"
    shutil.copy2(built_project_path, again)
    before = pg_server.sql(f"SELECT count(*) FROM {schema}.facilities")
    with pytest.raises(SyncError) as err:
        publish(again, url, schema)
    assert err.value.code == "schema_exists" and err.value.params["schema"] == schema
    assert pg_server.sql(f"SELECT count(*) FROM {schema}.facilities") == before
    assert sync_state(again) is None  # the refused project did not become a copy
    pg_server.sql("CREATE DATABASE plain", dbname="postgres")
    with pytest.raises(SyncError) as err:
        publish(again, pg_server.url(dbname="plain"), "fresh")
    assert err.value.code == "no_postgis"
    with pytest.raises(SyncError) as err:
        publish(again, url, "Bad-Name;drop")
    assert err.value.code == "bad_name"
    with pytest.raises(SyncError) as err:
        sync(again)
    assert err.value.code == "not_a_copy"
    with pytest.raises(SyncError) as err:
        checkout(url, "no_such_schema", tmp_path / "x.gpkg")
    assert err.value.code == "no_schema" and not (tmp_path / "x.gpkg").exists()
    copy = checkout(url, schema, tmp_path / "orphan.gpkg")
    pg_server.sql(f"DROP SCHEMA {schema} CASCADE")
    with pytest.raises(SyncError) as err:
        sync(copy)
    assert err.value.code == "no_schema" and err.value.params["schema"] == schema


def test_password_stays_out_of_the_copy(built_project_path, tmp_path, pg_server, monkeypatch):
    import pg_cluster

    pg_server.sql(f"GRANT CREATE ON DATABASE {pg_server.dbname} TO {pg_cluster.SECRET_ROLE}")
    url = pg_server.url(pg_cluster.SECRET_ROLE, pg_cluster.SECRET_PASSWORD) + "?sslmode=disable"
    schema, (a,) = published(built_project_path, tmp_path, url, copies=1)
    for path in tmp_path.glob("*.gpkg"):
        assert pg_cluster.SECRET_PASSWORD.encode() not in path.read_bytes()
    state = sync_state(a)
    assert pg_cluster.SECRET_PASSWORD not in repr(state) and state.url_display.startswith(pg_cluster.SECRET_ROLE)
    with Project.open(a) as p:
        stored = p.db.execute("SELECT value FROM sync_meta WHERE key = 'url'").fetchone()[0]
    assert "sslmode=disable" in stored and pg_cluster.SECRET_PASSWORD not in stored
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(SyncError) as err:
        sync(a)
    assert err.value.code == "auth_failed"
    assert sync(a, password=pg_cluster.SECRET_PASSWORD).conflicts == 0  # asked by a face, used once
    monkeypatch.setenv("PGPASSWORD", pg_cluster.SECRET_PASSWORD)  # libpq's own means
    assert sync(a).conflicts == 0
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"127.0.0.1:{pg_server.port}:*:{pg_cluster.SECRET_ROLE}:{pg_cluster.SECRET_PASSWORD}\n")
    passfile.chmod(0o600)
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    assert sync(a).pushed == 0


QGIS_POSTGIS = """
import sys
from qgis.core import QgsApplication, QgsDataSourceUri, QgsVectorLayer
app = QgsApplication([], False); app.initQgis()
port, schema = sys.argv[1], sys.argv[2]
for name in sys.argv[3:]:
    uri = QgsDataSourceUri()
    uri.setConnection("127.0.0.1", port, "team", "gisadmin", "")
    uri.setDataSource(schema, name, "geom", "", "fid")
    layer = QgsVectorLayer(uri.uri(False), name, "postgres")
    assert layer.isValid(), name
    print(name, layer.featureCount(), layer.crs().authid(), flush=True)
import os
os._exit(0)
"""


QGIS_EDIT_COPY = """
import sys
from qgis.core import QgsApplication, QgsVectorLayer
app = QgsApplication([], False); app.initQgis()
layer = QgsVectorLayer(f"{sys.argv[1]}|layername=facilities", "facilities", "ogr")
assert layer.isValid()
feature = next(layer.getFeatures(f"uid = '{sys.argv[2]}'"))
layer.startEditing()
layer.changeAttributeValue(feature.id(), layer.fields().indexOf("notes"), "edited in QGIS")
assert layer.commitChanges(), layer.commitErrors()
print("ok", flush=True)
import os
os._exit(0)
"""


def test_qgis_edits_in_a_copy_are_synced(built_project_path, tmp_path, pg_server):
    url = pg_server.url()
    schema, (a, b) = published(built_project_path, tmp_path, url)
    out = subprocess.run(["/usr/bin/python3", "-c", QGIS_EDIT_COPY, str(a), A_UID], capture_output=True, text=True,
                         timeout=120, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0 and "ok" in out.stdout, out.stderr[-2000:]
    assert sync_state(a).local_changes == 1
    assert sync(a).pushed == 1
    sync(b)
    assert feature(b, A_UID)["notes"] == "edited in QGIS"


def test_qgis_reads_the_published_layers(built_project_path, tmp_path, pg_server):
    system_python = Path("/usr/bin/python3")
    probe = subprocess.run([system_python, "-c", "import qgis.core"], capture_output=True)
    assert probe.returncode == 0, "QGIS (Debian python3-qgis) is needed; scripts/setup.sh installs it"
    schema, _ = published(built_project_path, tmp_path, pg_server.url(), copies=0)
    with Project.open(built_project_path) as p:
        counts = {d.name: p.db.execute(f'SELECT count(*) FROM "{d.name}"').fetchone()[0] for d in p.layers()}
    out = subprocess.run([system_python, "-c", QGIS_POSTGIS, str(pg_server.port), schema, *counts],
                         capture_output=True, text=True, timeout=120,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    seen = {line.split()[0]: line.split()[1:] for line in out.stdout.strip().splitlines()}
    assert seen == {name: [str(n), "EPSG:4326"] for name, n in counts.items()}
    with psycopg.connect(pg_server.url()) as pg:
        index = pg.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = %s AND tablename = 'parks'",
                           [schema]).fetchall()
    assert any("gist" in i[0] for i in index)


def test_new_local_layer_and_lost_triggers(built_project_path, tmp_path, pg_server):
    """A layer made in the copy stays local (sync names it); a table rebuilt by a schema upgrade
    loses its triggers, and sync puts them back before any change can go unnoticed."""
    from gisplanner.cli import main
    from gisplanner.store.gpkg_sql import connect_writer

    url = pg_server.url()
    schema, (a, b) = published(built_project_path, tmp_path, url)
    survey = tmp_path / "survey.geojson"
    survey.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
                      '{"name": "井"}, "geometry": {"type": "Point", "coordinates": [106.6, 29.5]}}]}')
    assert main(["import", str(survey), "--new-layer", "wells", "--project", str(a)]) == 0
    conn = connect_writer(a)
    conn.execute('DROP TRIGGER "sync_facilities_update"')  # as a table rebuild would
    conn.close()
    result = sync(a)
    assert result.local_only == ["wells"] and result.conflicts == 0
    assert pg_server.sql(f"SELECT count(*) FROM {schema}.user_layers") == [(0,)]
    with edit(a) as s:
        s.set_value(A_UID, "notes", "after the upgrade")
    assert sync(a).pushed == 1
    sync(b)
    assert feature(b, A_UID)["notes"] == "after the upgrade"
    assert copy_rows(b) == server_rows(url, schema, b)


def test_edits_made_on_the_server_reach_the_copies(built_project_path, tmp_path, pg_server):
    """Someone edits the PostGIS layers directly (QGIS, SQL): copies pull it like a push."""
    url = pg_server.url()
    schema, (a, b) = published(built_project_path, tmp_path, url)
    with edit(b) as s:
        s.set_value(B_UID, "notes", "from b")
    pg_server.sql(f"UPDATE {schema}.facilities SET notes = 'edited on the server' WHERE uid = '{A_UID}'")
    pg_server.sql(f"INSERT INTO {schema}.facilities (uid, name_zh, kind, status, geom) VALUES"
                  f" (NULL, '服务器', 'platform', 'proposed', ST_SetSRID(ST_MakePoint(106.6, 29.5), 4326))")
    pg_server.sql(f"DELETE FROM {schema}.facilities WHERE uid = '{GONE}'")
    assert sync(a).pulled == 3 and sync(b).conflicts == 0
    assert sync(a).pulled == 1  # b's own edit
    rows = server_rows(url, schema, a)
    assert copy_rows(a) == copy_rows(b) == rows
    assert feature(a, A_UID)["notes"] == "edited on the server" and feature(b, GONE) is None
    added = [uid for (uid,), r in rows["facilities"].items() if r["name_zh"] == "服务器"]
    assert len(added) == 1 and added[0].startswith("server.facilities.") and feature(b, added[0])


def test_actual_values_and_bookmarks_travel_like_other_tables(built_project_path, tmp_path, pg_server):
    url = pg_server.url()
    schema, (a, b) = published(built_project_path, tmp_path, url)
    with edit(a, "alice") as s:
        s.add_actual("000.output", "2022", 1020, "统计年鉴2023", actual_id="a.2022")
    with Project.open(a, "rw") as p:
        p.add_bookmark("木洞镇", (106.80, 29.53, 106.88, 29.60), editor="alice")
    assert sync(a).pushed >= 2
    assert sync(b).pulled >= 2
    assert copy_rows(a) == copy_rows(b) == server_rows(url, schema, a)
    with Project.open(b) as p:
        assert p.db.execute("SELECT value, source FROM indicator_actuals WHERE id = 'a.2022'").fetchone() == (
            1020, "统计年鉴2023")
        assert "木洞镇" in [m.name for m in p.bookmarks()]
    with edit(b, "bob") as s:
        s.set_actual("a.2022", "value", 1030)
    sync(b)
    sync(a)
    with Project.open(a) as p:
        assert p.db.execute("SELECT value FROM indicator_actuals WHERE id = 'a.2022'").fetchone() == (1030,)
