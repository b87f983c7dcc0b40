"""Sync under faults on a real PostGIS server: SIGKILL at random moments, the server stopping
mid-sync, two copies pushing overlapping changes at the same moment."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from shapely.geometry import Point

from gisplanner.store import Project
from gisplanner.store.gpkg_sql import connect_writer, rtree_mismatches
from gisplanner.sync import SyncError, conflicts, resolve_all, sync, sync_state
from sync_helpers import copy_rows, edit, feature, published, server_rows, uids

NEW = {"name_zh": "新设施", "kind": "platform", "status": "proposed", "status_date": "2025-01-01",
       "location_precision": "site"}
CHILD = """
import os, signal, sys
from gisplanner.sync import sync

class KillAt:
    def progress(self, fraction, message=""):
        if message == sys.argv[2]:
            os.kill(os.getpid(), signal.SIGKILL)
    def is_canceled(self):
        return False

print("ready", flush=True)
sys.stdin.readline()
sync(sys.argv[1], KillAt())
print("done", flush=True)
"""
STAGES = ["collecting changes", "pushing", "pushed", "pulling", "pulling facilities", "saving"]


def _consistent(path) -> None:
    """The file is a sound GeoPackage project: integrity, R-trees, no half-written rows."""
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn = connect_writer(path)
    try:
        for (layer,) in conn.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'").fetchall():
            assert rtree_mismatches(conn, layer) == [], layer
    finally:
        conn.close()
    with Project.open(path) as p:
        assert p.layers()


def _no_duplicates(path) -> None:
    with Project.open(path) as p:
        db = p.db
        cols = "at, editor, session, action, layer, uid, field, old, new"
        assert db.execute("SELECT count(*) FROM edits").fetchone()[0] == \
            db.execute(f"SELECT count(*) FROM (SELECT DISTINCT {cols} FROM edits)").fetchone()[0]
        assert db.execute("SELECT count(*) FROM status_history").fetchone()[0] == db.execute(
            "SELECT count(*) FROM (SELECT DISTINCT feature_uid, status, date, source FROM status_history)").fetchone()[0]


def _round_edits(a, b, pool_a, pool_b, n):
    with edit(a, "alice") as s:
        for uid in pool_a:
            s.set_value(uid, "notes", f"round {n} {uid}")
        s.set_status(pool_a[n % len(pool_a)], "under_construction" if n % 2 else "planned",
                     f"2026-{1 + n % 12:02d}-01", f"visit {n}")
        s.add_feature("facilities", {**NEW, "uid": f"t.kill{n}"}, Point(106 + n / 100, 29.5))
        if n:
            s.delete(f"t.kill{n - 1}")
    with edit(b, "bob") as s:
        s.set_value(pool_b[n % len(pool_b)], "notes", f"bob round {n}")


@pytest.mark.slow
def test_sigkill_at_random_moments(built_project_path, tmp_path, pg_server):
    url = pg_server.url()
    schema, (a, b) = published(built_project_path, tmp_path, url)
    everyone = uids(a, "facilities", 50)
    pool_a, pool_b = everyone[:40], everyone[40:]
    rng = random.Random(20261130)
    duration = None
    rounds = 24
    killed = 0
    for n in range(rounds):
        _round_edits(a, b, pool_a, pool_b, n)
        sync(b)
        stage = rng.choice(STAGES) if n % 2 else "-"  # odd rounds: at a named step; even: at a random time
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(a), stage], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        started = time.perf_counter()
        child.stdin.write("go\n")
        child.stdin.flush()
        if stage == "-" and duration is not None:
            time.sleep(rng.uniform(0, duration * 1.2))
            child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=120)
        if duration is None and child.returncode == 0:
            duration = time.perf_counter() - started
        killed += child.returncode == -signal.SIGKILL
        _consistent(a)
        assert sync_state(a) is not None
        # a re-run finishes the work: nothing lost, nothing applied twice
        sync(a)
        sync(b)
        assert conflicts(a) == [] and conflicts(b) == []
        rows = server_rows(url, schema, a)
        assert copy_rows(a) == copy_rows(b) == rows
        for uid in pool_a:
            assert rows["facilities"][(uid,)]["notes"] == f"round {n} {uid}"
        assert (f"t.kill{n}",) in rows["facilities"] and (f"t.kill{n - 1}",) not in rows["facilities"]
        assert rows["facilities"][(pool_b[n % len(pool_b)],)]["notes"] == f"bob round {n}"
        _no_duplicates(a)
        _no_duplicates(b)
    assert killed >= rounds // 2
    journal = pg_server.sql(f"SELECT count(*) FROM {schema}.edits")[0][0]
    for path in (a, b):
        with Project.open(path) as p:
            assert p.db.execute("SELECT count(*) FROM edits").fetchone()[0] == journal


class StopServerAt:
    """Feedback that stops the whole cluster when sync reaches one step."""

    def __init__(self, cluster, stage: str) -> None:
        self.cluster, self.stage = cluster, stage

    def progress(self, fraction: float, message: str = "") -> None:
        if message == self.stage:
            self.cluster.stop("immediate")

    def is_canceled(self) -> bool:
        return False


@pytest.mark.parametrize("stage", ["pushing", "pulling", "pulling facilities"])
def test_server_stops_mid_sync(built_project_path, tmp_path, pg_server, stage):
    url = pg_server.url()
    schema, (a, b) = published(built_project_path, tmp_path, url)
    pool = uids(a, "facilities", 10)
    with edit(b) as s:
        s.set_value(pool[0], "notes", "from b")
    sync(b)
    with edit(a) as s:
        for uid in pool[1:]:
            s.set_value(uid, "notes", "from a")
    before = copy_rows(a)
    try:
        with pytest.raises(SyncError) as err:
            sync(a, StopServerAt(pg_server, stage))
        assert err.value.code in ("server_lost", "unreachable")
        assert "sync again" in str(err.value) or "cannot reach" in str(err.value)
        _consistent(a)
        assert copy_rows(a) == before  # not pulled: the copy is as it was
        with pytest.raises(SyncError) as err:
            sync(a)
        assert err.value.code == "unreachable"
    finally:
        pg_server.start()
    result = sync(a)
    assert result.conflicts == 0
    sync(b)
    assert copy_rows(a) == copy_rows(b) == server_rows(url, schema, a)
    assert feature(a, pool[0])["notes"] == "from b" and feature(b, pool[1])["notes"] == "from a"


def test_two_copies_push_overlapping_changes_at_once(built_project_path, tmp_path, pg_server):
    url = pg_server.url()
    schema, (a, b) = published(built_project_path, tmp_path, url)
    pool = uids(a, "facilities", 12)
    for n in range(10):
        with edit(a, "alice") as s:
            for uid in pool:
                s.set_value(uid, "notes", f"a{n}")           # same field both sides
                s.set_value(uid, "name_en", f"a-name{n}")    # only a
        with edit(b, "bob") as s:
            for uid in pool[::2]:
                s.set_value(uid, "notes", f"b{n}")
                s.set_value(uid, "aliases", f"b-alias{n}")   # only b
        start = threading.Barrier(2)
        errors = []

        def run(path, barrier=start, errors=errors):
            try:
                barrier.wait()
                sync(path)
            except Exception as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(p,)) for p in (a, b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not errors
        sync(a)
        sync(b)
        rows = server_rows(url, schema, a)
        assert copy_rows(a) == copy_rows(b) == rows
        lost = {"a": conflicts(a), "b": conflicts(b)}
        for uid in pool:
            server = rows["facilities"][(uid,)]
            assert server["name_en"] == f"a-name{n}"
            if uid in pool[::2]:
                assert server["aliases"] == f"b-alias{n}"
                # one side's note stands; the other's is kept as a conflict in that copy
                loser = "b" if server["notes"] == f"a{n}" else "a"
                assert server["notes"] in (f"a{n}", f"b{n}")
                assert any(c.uid == uid and c.field == "notes" and c.mine == f"{loser}{n}" for c in lost[loser])
            else:
                assert server["notes"] == f"a{n}"
        resolve_all(a, "theirs")
        resolve_all(b, "theirs")
        sync(a)
        sync(b)
