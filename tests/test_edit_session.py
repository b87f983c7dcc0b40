"""Edit sessions on a real project file: checked changes, undo/redo, one-transaction save, journal."""

from __future__ import annotations

import sqlite3
import subprocess

import pyogrio
import pytest
from shapely.geometry import LineString, Point, Polygon

from gisplanner.store import Project
from gisplanner.store.changes import EditRefused
from gisplanner.store.gpkg_sql import WriteError, connect_writer, rtree_mismatches
from gisplanner.store.lock import ProjectLocked
from gisplanner.store.recovery import find_recovery, recovery_path

UID = "cq.biocity.vaccine-incubator"
OTHER = "cq.biocity.antibody-incubator"
NEW = {"name_zh": "新设施", "kind": "platform", "status": "proposed", "status_date": "2025-01-01",
       "location_precision": "site"}


@pytest.fixture
def session(project_copy):
    project = Project.open(project_copy)
    s = project.edit(editor="王工")
    yield s
    s.close()
    project.close()


def test_a_status_set_in_the_window_is_dated_to_the_day(session, project_copy):
    market = "bz.herb-market"  # plan 004 is dated by its year only
    assert session.value(market, "status_date_precision") == "year"
    session.set_status(market, "under_construction", "2024-06-15", "区经信局通报")
    assert session.value(market, "status_date_precision") == "day"
    session.undo()
    assert session.value(market, "status_date_precision") == "year"
    session.redo()
    session.commit()
    with Project.open(project_copy) as again:
        assert again.feature(market)["status_date_precision"] == "day"
        assert again.status_history(market)[-1] == {"status": "under_construction", "date": "2024-06-15",
                                                     "date_precision": "day", "source": "区经信局通报",
                                                     "source_code": None}


def test_status_change_undo_redo_save_and_journal(session, project_copy):
    before = session.project.feature(UID)
    session.set_status(UID, "under_construction", "2025-03-01", "现场踏勘")
    assert session.value(UID, "status") == "under_construction"
    assert session.project.feature(UID)["status"] == before["status"]  # nothing on disk yet
    session.undo()
    assert session.value(UID, "status") == before["status"] and not session.dirty
    session.redo()
    assert session.status_history(UID)[-1]["source"] == "现场踏勘"
    report = session.commit()
    assert report.updated == 1 and report.history == 1 and not session.dirty
    with Project.open(project_copy) as again:
        assert again.feature(UID)["status"] == "under_construction"
        assert again.feature(UID)["status_date"] == "2025-03-01"
        assert again.status_history(UID)[-1] == {"status": "under_construction", "date": "2025-03-01",
                                                   "date_precision": "day", "source": "现场踏勘",
                                                   "source_code": None}
        journal = {(e["field"], e["old"], e["new"], e["editor"], e["action"]) for e in again.edits_for(UID)}
        assert ("status", before["status"], "under_construction", "王工", "status") in journal
        assert ("status_date", before["status_date"], "2025-03-01", "王工", "set") in journal


@pytest.mark.parametrize(("field", "value", "words"), [
    ("deadline", 1800, "at least 2000"),
    ("deadline", "soon", "must be a year"),
    ("name_zh", "", "required"),
    ("kind", "spaceport", "not one of"),
    ("status_date", "2025-02-30", "not a calendar date"),
    ("uid", "x", "kept by the system"),
    ("status", "completed", "need a date"),
    ("nonsense", 1, "no field"),
])
def test_invalid_values_are_refused_naming_the_field(session, field, value, words):
    with pytest.raises(EditRefused, match=words) as err:
        session.set_value(UID, field, value)
    if field != "nonsense":
        assert field in str(err.value)
    assert not session.dirty and session.buffer.empty


def test_status_change_needs_a_source_and_a_real_date(session):
    with pytest.raises(EditRefused, match="source"):
        session.set_status(UID, "completed", "2025-01-01", "  ")
    with pytest.raises(EditRefused, match="status_date"):
        session.set_status(UID, "completed", "yesterday", "note")
    with pytest.raises(EditRefused, match="not a status"):
        session.set_status(UID, "finished-ish", "2025-01-01", "note")
    assert not session.dirty


def test_discard_restores_the_saved_values(session, project_copy):
    before = session.record(UID)
    session.set_value(UID, "notes", "临时")
    session.delete(OTHER)
    assert session.record(OTHER) is None
    session.discard()
    assert session.record(UID) == before and session.record(OTHER) is not None
    assert not recovery_path(project_copy).exists()
    with sqlite3.connect(project_copy) as conn:
        assert conn.execute("SELECT count(*) FROM edits").fetchone()[0] == 0


def test_geometry_edits_keep_the_spatial_index_consistent(session, project_copy):
    session.move(UID, 0.5, 0.25)
    moved = session.geometry(UID)
    session.add_feature("facilities", {**NEW, "uid": "t.point"}, Point(107.1, 29.2))
    kinds = {d.name: d.kinds[0].id for d in session.project.layers()}
    session.add_feature("parks", {**NEW, "uid": "t.park", "kind": kinds["parks"]},
                        Polygon([(106.0, 29.0), (106.1, 29.0), (106.1, 29.1)]))
    session.add_feature("transport_lines", {**NEW, "uid": "t.line", "kind": kinds["transport_lines"]},
                        LineString([(106.0, 29.0), (106.3, 29.2)]))
    session.delete(OTHER)
    # the map view already shows the buffer
    shown = session.features("facilities", bbox=(moved.x - 0.01, moved.y - 0.01, moved.x + 0.01, moved.y + 0.01))
    assert list(shown["uid"]) == [UID]
    session.commit()
    assert session.project.status_history("t.point") == [
        {"status": "proposed", "date": "2025-01-01", "date_precision": "day", "source": "added in gisplanner by 王工",
         "source_code": '[{"code": "added", "editor": "王工"}]'}]
    bbox = (moved.x - 0.001, moved.y - 0.001, moved.x + 0.001, moved.y + 0.001)
    assert list(pyogrio.read_dataframe(project_copy, layer="facilities", bbox=bbox)["uid"]) == [UID]
    lines = pyogrio.read_dataframe(project_copy, layer="transport_lines", bbox=(106.1, 29.05, 106.2, 29.15))
    assert "t.line" in set(lines["uid"])
    assert pyogrio.read_info(project_copy, layer="facilities")["features"] == len(
        pyogrio.read_dataframe(project_copy, layer="facilities"))
    with sqlite3.connect(project_copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for layer in ("facilities", "parks", "transport_lines"):
            assert rtree_mismatches(conn, layer) == []
        assert conn.execute("SELECT count(*) FROM links WHERE feature_uid = ?", [OTHER]).fetchone()[0] == 0
    out = subprocess.run(["ogrinfo", "-ro", "-so", "-al", str(project_copy)], capture_output=True, text=True)
    assert out.returncode == 0 and "t.point" not in out.stderr
    assert "Feature Count" in out.stdout


def test_wrong_geometry_type_is_refused(session):
    with pytest.raises(EditRefused, match="Point"):
        session.add_feature("facilities", NEW, LineString([(106, 29), (107, 30)]))
    with pytest.raises(EditRefused, match="longitude/latitude"):
        session.add_feature("facilities", NEW, Point(500000, 3300000))
    with pytest.raises(EditRefused, match="already used"):
        session.add_feature("facilities", {**NEW, "uid": UID}, Point(106, 29))


def test_links_added_and_removed(session, project_copy):
    clause = session.project.clauses()[3]["id"]
    linked = session.project.clauses_for(UID)[0]
    session.link(UID, clause, "mentions")
    session.unlink(UID, linked["clause_id"], linked["relation"])
    ids = {r["clause_id"] for r in session.clauses_for(UID)}
    assert clause in ids and linked["clause_id"] not in ids
    with pytest.raises(EditRefused, match="already linked"):
        session.link(UID, clause, "mentions")
    with pytest.raises(EditRefused, match="not in the project"):
        session.link(UID, "999:nowhere", "mentions")
    session.commit()
    with Project.open(project_copy) as again:
        ids = {r["clause_id"] for r in again.clauses_for(UID)}
        assert clause in ids and linked["clause_id"] not in ids
        actions = [e["action"] for e in again.edits_for(UID)]
        assert "link" in actions and "unlink" in actions


def test_recovery_file_offered_and_restored(project_copy):
    project = Project.open(project_copy)
    s = project.edit(editor="李工")
    s.set_value(UID, "notes", "未保存")
    s.set_status(OTHER, "completed", "2025-05-01", "验收")
    s.close()  # ends without saving or discarding, like a crash would
    found = find_recovery(project_copy)
    assert found is not None and len(found.changes) == 2 and found.editor == "李工"
    s2 = project.edit(editor="李工")
    assert s2.leftover is not None and not recovery_path(project_copy).exists()
    assert s2.restore(s2.leftover) == []
    assert s2.value(UID, "notes") == "未保存" and s2.value(OTHER, "status") == "completed"
    assert recovery_path(project_copy).exists() and len(list(project_copy.parent.glob("*.recovery*"))) == 1
    s2.commit()
    assert find_recovery(project_copy) is None
    s2.close()
    project.close()


def test_second_session_on_the_same_file_is_refused_with_who(session, project_copy):
    with Project.open(project_copy) as other, pytest.raises(ProjectLocked, match="王工"):
        other.edit(editor="张工")


def test_full_disk_keeps_the_buffer_and_writes_nothing(session, project_copy):
    session.set_status(UID, "completed", "2025-06-01", "竣工")
    session.add_feature("facilities", {**NEW, "notes": "x" * 200_000}, Point(106.5, 29.5))
    conn = session._conn = connect_writer(project_copy)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite now answers SQLITE_FULL, as on a full disk
    with pytest.raises(WriteError, match="disk is full"):
        session.commit()
    assert session.dirty and session.value(UID, "status") == "completed"
    with sqlite3.connect(project_copy) as check:
        assert check.execute("SELECT count(*) FROM edits").fetchone()[0] == 0
        assert check.execute("SELECT status FROM facilities WHERE uid = ?", [UID]).fetchone()[0] != "completed"
    session.commit()  # space freed (a fresh connection has no page limit): the same buffer saves
    assert session.project.feature(UID)["status"] == "completed"


QGIS_FIND = """
import sys
from qgis.core import QgsApplication, QgsVectorLayer, QgsFeatureRequest, QgsRectangle
app = QgsApplication([], False); app.initQgis()
path, x, y = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
layer = QgsVectorLayer(f"{path}|layername=facilities", "facilities", "ogr")
assert layer.isValid()
request = QgsFeatureRequest().setFilterRect(QgsRectangle(x - 0.001, y - 0.001, x + 0.001, y + 0.001))
print(layer.featureCount(), ",".join(sorted(f["uid"] for f in layer.getFeatures(request))), flush=True)
import os
os._exit(0)  # QGIS 3.22's bindings can crash in exitQgis() at interpreter exit
"""


def test_saved_geometry_edits_open_in_qgis(session, project_copy):
    from pathlib import Path

    if not Path("/usr/bin/python3").exists() or subprocess.run(
            ["/usr/bin/python3", "-c", "import qgis.core"], capture_output=True).returncode != 0:
        pytest.skip("QGIS (Debian python3-qgis) is not installed; scripts/setup.sh installs it")
    session.move(UID, -0.3, 0.2)
    session.add_feature("facilities", {**NEW, "uid": "t.qgis"}, Point(106.2, 29.9))
    session.commit()
    moved = session.project.feature(UID)["geometry"]
    count = len(session.project.features("facilities"))
    for (x, y), expected in (((moved.x, moved.y), UID), ((106.2, 29.9), "t.qgis")):
        out = subprocess.run(["/usr/bin/python3", "-c", QGIS_FIND, str(project_copy), str(x), str(y)],
                             capture_output=True, text=True, timeout=120,
                             env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
        assert out.returncode == 0, out.stderr[-2000:]
        assert out.stdout.split() == [str(count), expected]


def test_set_status_and_journal_commands(project_copy, capsys):
    from gisplanner.cli import main

    assert main(["set-status", "--project", str(project_copy), UID, OTHER, "--status", "completed",
                 "--date", "2025-06-01", "--source", "竣工验收", "--editor", "脚本"]) == 0
    assert "2 changed" in capsys.readouterr().out
    assert main(["journal", "--project", str(project_copy), UID]) == 0
    out = capsys.readouterr().out
    assert "脚本" in out and "status" in out and "→ completed" in out
    assert "source: 竣工验收" in out  # the status change's source is journaled beside it
    assert main(["set-status", "--project", str(project_copy), UID, "--status", "done",
                 "--date", "2025-06-01", "--source", "x"]) == 1
    assert "not a status" in capsys.readouterr().err
    with Project.open(project_copy) as project, project.edit(editor="窗口"):
        assert main(["set-status", "--project", str(project_copy), UID, "--status", "planned",
                     "--date", "2025-07-01", "--source", "x"]) == 1
        assert "being edited by 窗口" in capsys.readouterr().err


def test_unanswered_recovery_is_offered_again(project_copy):
    project = Project.open(project_copy)
    with project.edit(editor="李工") as s:
        s.set_value(UID, "notes", "未保存")
    with project.edit(editor="脚本") as s:  # e.g. a set-status run that never looks at leftovers
        assert s.leftover is not None and not recovery_path(project_copy).exists()
    again = find_recovery(project_copy)
    assert again is not None and again.editor == "李工" and len(again.changes) == 1
    project.close()


def test_values_changed_by_another_program_are_not_overwritten_silently(session, project_copy):
    from gisplanner.store.save import SaveConflict

    session.set_value(UID, "notes", "mine")
    other = connect_writer(project_copy)  # e.g. an import run from a script while the window edits
    other.execute("UPDATE facilities SET notes = 'theirs' WHERE uid = ?", [UID])
    other.close()
    with pytest.raises(SaveConflict, match="notes: now 'theirs'"):
        session.commit()
    assert session.project.feature(UID)["notes"] == "theirs" and session.dirty
    session.commit()  # told once; saving again overwrites knowingly
    assert session.project.feature(UID)["notes"] == "mine"
    assert session.project.edits_for(UID)[-1]["old"] == "theirs"
