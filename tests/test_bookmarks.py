"""Spatial bookmarks in the project file: the parks at build, the verbs, GDAL's view, rebuilds."""

from __future__ import annotations

import sqlite3

import pyogrio
import pytest

from gisplanner.store import Project, ProjectHasEdits, build_project
from gisplanner.store.bookmarks import PARK_BOOKMARKS, BookmarkError

VIEW = (106.80, 29.55, 106.86, 29.59)


def test_the_three_parks_are_bookmarks_that_frame_them(project):
    marks = project.bookmarks()
    assert [b.name for b in marks] == ["重庆国际生物城", "珠海国际健康港", "秦巴生物医药产业园"]
    for bookmark, uid in zip(marks, PARK_BOOKMARKS, strict=True):
        x0, y0, x1, y1 = project.feature(uid)["geometry"].bounds
        a, b, c, d = bookmark.bounds
        assert a < x0 and b < y0 and c > x1 and d > y1  # the whole park, with a margin
        assert (c - a) < 2 * (x1 - x0)  # and not much more


def test_gdal_lists_the_table_as_attributes_with_an_integer_key(built_project_path):
    assert "bookmarks" in [name for name, _geom in pyogrio.list_layers(built_project_path)]
    frame = pyogrio.read_dataframe(built_project_path, layer="bookmarks", read_geometry=False, fid_as_index=True)
    assert list(frame["name"])[:1] == ["重庆国际生物城"] and frame.index.name == "fid"
    with sqlite3.connect(built_project_path) as conn:
        assert conn.execute("SELECT data_type FROM gpkg_contents WHERE table_name='bookmarks'").fetchone() == (
            "attributes",)
        columns = {row[1]: (row[2], row[5]) for row in conn.execute("PRAGMA table_info(bookmarks)")}
    assert columns["fid"] == ("INTEGER", 1)


def test_add_rename_remove_persist_and_are_journaled(project_copy):
    with Project.open(project_copy, "rw") as p:
        added = p.add_bookmark("  木洞  会场 ", VIEW)
        assert added.name == "木洞 会场" and added.bounds == VIEW
        p.rename_bookmark("木洞 会场", "Mudong venue")
        p.remove_bookmark("珠海国际健康港")
    with Project.open(project_copy, "r") as p:  # closed and opened again
        names = [b.name for b in p.bookmarks()]
        assert names == ["重庆国际生物城", "秦巴生物医药产业园", "Mudong venue"]
        assert p.bookmarks()[-1].bounds == pytest.approx(VIEW)
        actions = [(r["action"], r["uid"], r["old"], r["new"]) for r in p.db.query(
            "SELECT * FROM edits WHERE layer = 'bookmarks' ORDER BY id")]
    assert [a[0] for a in actions] == ["bookmark_add", "bookmark_rename", "bookmark_delete"]
    assert actions[1][2:] == ("木洞 会场", "Mudong venue")


@pytest.mark.parametrize("name, bounds, code", [
    ("", VIEW, "empty_name"), ("   ", VIEW, "empty_name"), ("x" * 81, VIEW, "name_too_long"),
    ("重庆国际生物城", VIEW, "name_taken"), ("bad", (106.9, 29.5, 106.8, 29.6), "bad_extent"),
    ("bad", (float("nan"), 0, 1, 1), "bad_extent"), ("bad", (1, 2, 3), "bad_extent"),
])
def test_refusals_carry_codes_and_change_nothing(project_copy, name, bounds, code):
    with Project.open(project_copy, "rw") as p:
        before = p.bookmarks()
        with pytest.raises(BookmarkError) as err:
            p.add_bookmark(name, bounds)
        assert err.value.code == code
        assert p.bookmarks() == before
        assert p.db.execute("SELECT count(*) FROM edits").fetchone()[0] == 0


def test_rename_onto_a_taken_name_and_unknown_names_are_refused(project_copy):
    with Project.open(project_copy, "rw") as p:
        with pytest.raises(BookmarkError) as err:
            p.rename_bookmark("珠海国际健康港", "重庆国际生物城")
        assert err.value.code == "name_taken" and err.value.params["name"] == "重庆国际生物城"
        with pytest.raises(BookmarkError) as err:
            p.remove_bookmark("nowhere")
        assert err.value.code == "unknown"


def test_a_read_only_project_refuses_with_its_path(project_copy):
    with Project.open(project_copy, "r") as p:
        with pytest.raises(BookmarkError) as err:
            p.add_bookmark("x", VIEW)
    assert err.value.code == "read_only" and err.value.params["path"] == str(project_copy)


def test_user_bookmarks_keep_the_project_from_being_rebuilt(project_copy):
    with Project.open(project_copy, "rw") as p:
        p.add_bookmark("mine", VIEW)
    with pytest.raises(ProjectHasEdits):
        build_project(project_copy)


def test_an_older_project_gets_the_table_and_the_parks_when_opened_for_writing(project_copy):
    with sqlite3.connect(project_copy) as conn:
        conn.execute("DROP TABLE bookmarks")
        conn.execute("DELETE FROM gpkg_contents WHERE table_name = 'bookmarks'")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm010_bookmarks'")
    project_copy.chmod(0o444)  # marked read-only: not upgraded behind the planner's back
    with pytest.raises(Exception, match="schema upgrade"):
        Project.open(project_copy, "r")
    project_copy.chmod(0o644)
    with Project.open(project_copy, "r") as p:  # a reader upgrades a writable file once, then reads
        assert len(p.bookmarks()) == 3 and p.read_only
    with Project.open(project_copy, "rw") as p:
        assert len(p.bookmarks()) == 3
