"""The R-tree packed in one pass by a bulk import is one SQLite itself accepts and keeps up."""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from gisplanner.io.import_ import ImportOptions, import_file
from gisplanner.io.rtree_bulk import bulk_insert, round_down, round_up
from gisplanner.store import Project
from gisplanner.store.gpkg_sql import connect_writer, rtree_mismatches, write_transaction


def test_rounding_matches_sqlites_own():
    rng = np.random.default_rng(3)
    values = np.concatenate([rng.uniform(-180, 180, 2000), [0.0, 1e-9, -1e-9, 106.5, 29.123456789]])
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING rtree(id, minx, maxx, miny, maxy)")
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, 0, 0)", ((i, v, v) for i, v in enumerate(values.tolist())))
    stored = np.array(conn.execute("SELECT minx, maxx FROM t ORDER BY id").fetchall())
    assert np.array_equal(stored[:, 0], round_down(values).astype(np.float64))
    assert np.array_equal(stored[:, 1], round_up(values).astype(np.float64))


@pytest.mark.parametrize("n", [1, 51, 52, 2700])
def test_packed_tree_passes_rtreecheck_and_answers_like_a_scan(n):
    rng = np.random.default_rng(n)
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE VIRTUAL TABLE t USING rtree(id, minx, maxx, miny, maxy)")
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [(i, 106 + i / 10, 106.01 + i / 10, 29, 29.01)
                                                              for i in range(1, 8)])  # entries already there
    x, y = rng.uniform(106.6, 107.0, n), rng.uniform(29.3, 29.7, n)
    bounds = np.column_stack([x, y, x + rng.uniform(0, 0.01, n), y + rng.uniform(0, 0.01, n)])
    assert bulk_insert(conn, "t", np.arange(100, 100 + n), bounds)
    assert conn.execute("SELECT rtreecheck('t')").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == n + 7
    box = (106.7, 29.4, 106.8, 29.5)
    hits = {r[0] for r in conn.execute("SELECT id FROM t WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?",
                                       [box[2], box[0], box[3], box[1]])}
    truth = {100 + i for i in np.flatnonzero((bounds[:, 0] <= box[2]) & (bounds[:, 2] >= box[0])
                                             & (bounds[:, 1] <= box[3]) & (bounds[:, 3] >= box[1])).tolist()}
    assert hits == truth
    # SQLite keeps the packed tree up through its own inserts and deletes
    conn.executemany("DELETE FROM t WHERE id = ?", [(i,) for i in range(100, 100 + n, 2)])
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [(10**6 + i, 106.5, 106.6, 29.5, 29.6) for i in range(300)])
    assert conn.execute("SELECT rtreecheck('t')").fetchone()[0] == "ok"
    # an id already indexed: nothing touched, the caller inserts row by row
    assert not bulk_insert(conn, "t", np.array([1]), bounds[:1])


def test_bulk_import_then_edits_keep_the_index_right(tmp_path, project_copy):
    rng = np.random.default_rng(1)
    path = tmp_path / "bulk.csv"
    pd.DataFrame({"name": [f"点{i}" for i in range(3000)], "lon": rng.uniform(106.6, 107.0, 3000),
                  "lat": rng.uniform(29.3, 29.7, 3000)}).to_csv(path, index=False)
    report = import_file(project_copy, path, ImportOptions("facilities"))
    with connect_writer(project_copy) as conn:
        assert conn.execute("SELECT rtreecheck('rtree_facilities_geom')").fetchone()[0] == "ok"
        assert rtree_mismatches(conn, "facilities") == []
    moved, gone = report.imported[0], report.imported[1]
    with Project.open(project_copy) as project:
        session = project.edit(editor="王工")
        try:
            session.set_geometry(moved, shapely.Point(106.55, 29.35))
            session.delete(gone)
            session.commit()
        finally:
            session.close()
    with connect_writer(project_copy) as conn, write_transaction(conn):
        assert conn.execute("SELECT rtreecheck('rtree_facilities_geom')").fetchone()[0] == "ok"
        assert rtree_mismatches(conn, "facilities") == []
    near = pyogrio.read_dataframe(project_copy, layer="facilities", bbox=(106.549, 29.349, 106.551, 29.351))
    assert list(near["uid"]) == [moved]


def test_blobs_built_in_bulk_match_the_one_by_one_encoding():
    from gisplanner.io.gpkg_write import encode_many
    from gisplanner.store.gpkg_geometry import decode, encode

    shapes = [shapely.Point(106.5, 29.5), shapely.MultiPolygon([shapely.box(106, 29, 106.2, 29.1)]),
              shapely.MultiLineString([[(106, 29), (106.1, 29.3), (106.4, 29.2)]])]
    blobs = encode_many(shapes)
    assert blobs == [encode(s) for s in shapes]
    assert all(decode(b).equals(s) for b, s in zip(blobs, shapes, strict=True))
    assert encode_many([]) == []


def test_columns_of_one_value_are_written_as_they_were(tmp_path, project_copy):
    path = tmp_path / "same.csv"
    pd.DataFrame({"name": [f"点{i}" for i in range(1200)], "lon": 106.8, "lat": 29.5, "备注": "王工's 测量",
                  "完成年份": 2027, "状态": "在建"}).to_csv(path, index=False)
    import_file(project_copy, path, ImportOptions("facilities"))
    with Project.open(project_copy) as project:
        rows = project.db.execute("SELECT notes, deadline, typeof(deadline), status, name_en FROM facilities "
                                  "WHERE uid LIKE 'facilities.same.%'").fetchall()
    assert len(rows) == 1200
    assert set(rows) == {("王工's 测量", 2027, "integer", "under_construction", None)}
