"""Conflicts on a real PostGIS server: each kind detected, listed by `conflicts`, resolved both ways;
a viewer's push is refused by the database with nothing written."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from gisplanner.cli import main
from gisplanner.store import Project
from gisplanner.sync import SyncError, checkout, conflicts, resolve, resolve_all, sync, sync_state
from sync_helpers import copy_rows, edit, feature, published, server_rows

X = "cq.biocity.vaccine-incubator"
Y = "cq.biocity.antibody-incubator"
NEW = {"name_zh": "新设施", "kind": "platform", "status": "proposed", "status_date": "2025-01-01",
       "location_precision": "site"}


@pytest.fixture
def pair(built_project_path, tmp_path, pg_server):
    url = pg_server.url()
    schema, (a, b) = published(built_project_path, tmp_path, url)
    return url, schema, a, b


def _journal(path, action="resolve"):
    with Project.open(path) as p:
        return p.db.execute("SELECT uid, field, old, new FROM edits WHERE action = ?", [action]).fetchall()


def test_same_field_both_sides_then_mine_theirs_and_a_value(pair, capsys):
    url, schema, a, b = pair
    base_name = feature(a, X)["name_en"]
    with edit(a, "alice") as s:
        s.set_value(X, "name_en", "alice's name")
        s.set_value(Y, "name_en", "alice's other")
        s.set_geometry(Y, Point(106.50, 29.40))
        s.set_value(X, "notes", "alice's note")
    with edit(b, "bob") as s:
        s.set_value(X, "name_en", "bob's name")
        s.set_value(Y, "name_en", "bob's other")
        s.set_geometry(Y, Point(106.60, 29.45))
        s.set_value(X, "aliases", "bob's alias")  # a field only bob changed: merges
    assert sync(a).conflicts == 0
    result = sync(b)
    assert result.conflicts == 3
    found = {(c.uid, c.field): c for c in conflicts(b)}
    assert set(found) == {(X, "name_en"), (Y, "name_en"), (Y, "geom")}
    c = found[(X, "name_en")]
    assert (c.kind, c.base, c.mine, c.theirs) == ("field", base_name, "bob's name", "alice's name")
    assert found[(Y, "geom")].mine.equals(Point(106.60, 29.45))
    # the server value stands until bob chooses; the other fields merged
    assert (feature(b, X)["name_en"], feature(b, X)["notes"], feature(b, X)["aliases"]) == \
        ("alice's name", "alice's note", "bob's alias")
    assert main(["conflicts", "--project", str(b)]) == 0
    out = capsys.readouterr().out
    assert f"#{c.id} facilities {X}: name_en" in out and "bob's name" in out and "alice's name" in out
    assert "POINT (106.6 29.45)" in out

    resolve(b, c.id, "mine", editor="bob")
    assert main(["resolve", str(found[(Y, "name_en")].id), "--theirs", "--project", str(b)]) == 0
    resolve(b, found[(Y, "geom")].id, "value", "POINT (106.55 29.42)")
    assert conflicts(b) == []
    assert feature(b, X)["name_en"] == "bob's name"
    assert {(r[0], r[1]) for r in _journal(b)} == {(X, "name_en"), (Y, "name_en"), (Y, "geom")}
    with pytest.raises(SyncError) as err:
        resolve(b, c.id, "mine")
    assert err.value.code == "no_conflict"
    assert sync(b).conflicts == 0 and sync(a).conflicts == 0
    assert copy_rows(a) == copy_rows(b) == server_rows(url, schema, a)
    assert feature(a, X)["name_en"] == "bob's name" and feature(a, Y)["name_en"] == "alice's other"
    assert feature(a, Y)["geometry"].equals(Point(106.55, 29.42))
    assert {(r[0], r[1]) for r in _journal(a)} == {(X, "name_en"), (Y, "name_en"), (Y, "geom")}


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_deleted_here_changed_there(pair, choice):
    url, schema, a, b = pair
    with edit(a) as s:
        s.delete(X)
    with edit(b) as s:
        s.set_value(X, "notes", "still needed")
    sync(b)
    assert sync(a).conflicts == 1
    (c,) = conflicts(a)
    assert (c.kind, c.uid, c.mine) == ("deleted_changed", X, None)
    assert c.theirs["notes"] == "still needed" and c.base["notes"] != "still needed"
    assert feature(a, X)["notes"] == "still needed"  # the server's row stands (back in the copy)
    resolve(a, c.id, choice)
    sync(a)
    sync(b)
    assert copy_rows(a) == copy_rows(b) == server_rows(url, schema, a)
    assert (feature(b, X) is None) == (choice == "mine")


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_changed_here_deleted_there(pair, choice):
    url, schema, a, b = pair
    with edit(a) as s:
        s.set_value(Y, "notes", "moved to phase 2")
    with edit(b) as s:
        s.delete(Y)
    sync(b)
    assert sync(a).conflicts == 1
    (c,) = conflicts(a)
    assert (c.kind, c.uid, c.theirs) == ("changed_deleted", Y, None)
    assert c.mine["notes"] == "moved to phase 2"
    assert feature(a, Y) is None
    resolve(a, c.id, choice)
    sync(a)
    sync(b)
    assert copy_rows(a) == copy_rows(b) == server_rows(url, schema, a)
    restored = feature(b, Y)
    assert (restored is not None and restored["notes"] == "moved to phase 2") == (choice == "mine")


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_two_new_features_with_one_uid(pair, choice):
    url, schema, a, b = pair
    with edit(a) as s:
        s.add_feature("facilities", {**NEW, "uid": "t.same", "name_en": "from a"}, Point(106.6, 29.5))
    with edit(b) as s:
        s.add_feature("facilities", {**NEW, "uid": "t.same", "name_en": "from b"}, Point(106.7, 29.6))
    sync(a)
    assert sync(b).conflicts == 1
    (c,) = conflicts(b)
    assert (c.kind, c.base, c.mine["name_en"], c.theirs["name_en"]) == ("both_added", None, "from b", "from a")
    assert feature(b, "t.same")["name_en"] == "from a"
    assert main(["resolve", "--all", f"--{choice}", "--project", str(b)]) == 0
    sync(b)
    sync(a)
    assert copy_rows(a) == copy_rows(b) == server_rows(url, schema, a)
    assert feature(a, "t.same")["name_en"] == ("from b" if choice == "mine" else "from a")


def test_resolve_all_and_bad_choices(pair):
    _, _, a, b = pair
    for path, who in ((a, "a"), (b, "b")):
        with edit(path) as s:
            s.set_value(X, "notes", who)
            s.set_value(Y, "notes", who)
    sync(a)
    sync(b)
    assert len(conflicts(b)) == 2
    with pytest.raises(SyncError) as err:
        resolve(b, conflicts(b)[0].id, "both")
    assert err.value.code == "bad_choice"
    with pytest.raises(SyncError) as err:
        resolve(b, 9999, "mine")
    assert err.value.code == "no_conflict"
    assert len(resolve_all(b, "mine")) == 2 and conflicts(b) == []
    sync(b)
    sync(a)
    assert feature(a, X)["notes"] == feature(a, Y)["notes"] == "b"


def test_viewer_push_is_refused_by_the_database(built_project_path, tmp_path, pg_server):
    url = pg_server.url()
    schema, (a,) = published(built_project_path, tmp_path, url, copies=1)
    pg_server.sql(f"CREATE ROLE {schema}_v LOGIN IN ROLE {schema}_viewer")
    pg_server.sql(f"CREATE ROLE {schema}_e LOGIN IN ROLE {schema}_editor")
    viewer = checkout(pg_server.url(f"{schema}_v"), schema, tmp_path / "viewer.gpkg")
    editor = checkout(pg_server.url(f"{schema}_e"), schema, tmp_path / "editor.gpkg")
    with edit(a) as s:
        s.set_value(X, "notes", "from the owner")
    sync(a)
    assert sync(viewer).pulled == 1  # a viewer reads and pulls
    before = server_rows(url, schema, a)
    changesets = pg_server.sql(f"SELECT count(*) FROM {schema}._changesets")
    with edit(viewer) as s:
        s.set_value(X, "notes", "viewer's change")
        s.add_feature("facilities", {**NEW, "uid": "t.viewer"}, Point(106.6, 29.5))
    with pytest.raises(SyncError) as err:
        sync(viewer)
    assert err.value.code == "permission_denied" and err.value.params["server"].startswith(f"{schema}_v@")
    assert "nothing was written" in str(err.value) and "permission denied" in str(err.value)
    assert server_rows(url, schema, a) == before
    assert pg_server.sql(f"SELECT count(*) FROM {schema}._changesets") == changesets
    assert feature(viewer, X)["notes"] == "viewer's change" and sync_state(viewer).local_changes >= 2
    with edit(editor) as s:
        s.set_value(Y, "notes", "editor's change")
    assert sync(editor).pushed == 1
    assert feature(a, Y)["notes"] != "editor's change" and sync(a).pulled == 1
