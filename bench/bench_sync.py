"""Team sync speed against plain writers of the same rows, in the same run, on a 100k project.

On a throwaway PostgreSQL + PostGIS cluster (the tests' ``pg_cluster``: initdb + pg_ctl in a
temp folder, as the ``postgres`` user when run as root) and a project of 100k facilities:

1. checkout of the published project vs ``ogr2ogr`` PostGIS → GeoPackage of the same
   tables (target ≤ 1.5×);
2. push (a sync of a copy holding 10k changed and 1k new features, each change journaled,
   each status change with its history row) vs psycopg writing the same rows in one
   transaction, by ``COPY`` and by ``executemany`` (the faster is the reference; target ≤ 2×);
3. pull of the same into a second copy vs a raw ``sqlite3`` write of those rows into the
   file in one transaction (target ≤ 2×).

Run: ``.venv/bin/python bench/bench_sync.py [N]`` (N facilities, default 100k; 10 % changed, 1 % new).
A missed target is said with where our time went: a sampler looks at the stack every 5 ms
(``psycopg … wait`` at the leaf is time the server spends on our statements).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg
from psycopg import sql
from shapely.geometry import Point

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
from bench_edit import grow, raw_connection  # noqa: E402

from gisplanner.feedback import NullFeedback  # noqa: E402
from gisplanner.store import Project, build_project  # noqa: E402
from pg_cluster import start_cluster, stop_cluster  # noqa: E402  (the tests' throwaway cluster)

N_FEATURES = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
CHANGED, NEW = N_FEATURES // 10, N_FEATURES // 100
SCHEMA = "bench"
SRID = 4326
FEATURE_COLUMNS = ["uid", "name_zh", "name_en", "kind", "status", "status_date", "location_precision", "notes"]


def timed(func):
    t0 = time.perf_counter()
    result = func()
    return time.perf_counter() - t0, result


class Sampler:
    """Where the calling thread spends its time: a look at its stack every few milliseconds
    from another thread (no tracing, so the timing it watches stays nearly unchanged). Each
    sample is named by the innermost frame in our package and the innermost frame overall."""

    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self.counts: Counter = Counter()
        self._stop = threading.Event()
        self._target = threading.get_ident()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            frame = sys._current_frames().get(self._target)
            leaf, ours = frame, None
            while frame is not None and ours is None:
                if f"{os.sep}gisplanner{os.sep}" in frame.f_code.co_filename:
                    ours = frame
                frame = frame.f_back
            self.counts[(_where(ours), _where(leaf))] += 1

    def lines(self, top: int = 6) -> str:
        total = sum(self.counts.values()) or 1
        return "\n".join(f"    {100 * n / total:3.0f}%  {ours}  ← {leaf}" for (ours, leaf), n in self.counts.most_common(top))


def _where(frame) -> str:
    if frame is None:
        return "-"
    path = re.sub(r".*/(site-packages|lib/python3\.\d+)/", "", frame.f_code.co_filename).replace(f"{HERE.parent}/", "")
    return f"{path}:{frame.f_lineno} {frame.f_code.co_name}"


_last_sample: list[Sampler] = []


def ours_timed(func):
    """``timed`` for our side, with a ``Sampler`` watching (kept for ``report``)."""
    with Sampler() as sampler:
        took, result = timed(func)
    _last_sample[:] = [sampler]
    return took, result


# -- the edits a planner made offline ---------------------------------------------------------
def edit_copy(path: Path) -> None:
    """10k status changes (with history and journal) and a note each, and 1k new features."""
    uids = [f"bench.f{i}" for i in range(CHANGED)]
    with Project.open(path) as project:
        session = project.edit(editor="bench")
        session.set_status(uids, "under_construction", "2026-11-01", "bench: district notice")
        session.set_values("facilities", uids, "notes", "checked on site")
        for i in range(NEW):
            session.add_feature("facilities", {"uid": f"bench.new{i}", "name_zh": f"新设施{i}", "name_en": f"New {i}",
                                               "kind": "platform", "status": "planned", "status_date": "2026-11-01",
                                               "location_precision": "site"},
                                Point(106.2 + i * 1e-4, 29.4))
        session.commit()
        session.close()


def changed_rows(path: Path, base_journal: int) -> dict[str, list[tuple]]:
    """What the edits wrote, read back from the copy: the rows both references write again."""
    conn = sqlite3.connect(path)
    cols = ", ".join(FEATURE_COLUMNS)
    out = {
        "update": conn.execute("SELECT status, status_date, notes, uid FROM facilities WHERE uid >= 'bench.f' "
                               "AND uid < 'bench.g' AND notes = 'checked on site'").fetchall(),
        "insert": conn.execute(f"SELECT {cols}, geom FROM facilities WHERE uid LIKE 'bench.new%'").fetchall(),
        "history": conn.execute("SELECT feature_uid, status, date, source FROM status_history "
                                "WHERE source = 'bench: district notice'").fetchall(),
        "journal_ids": conn.execute("SELECT id, at, editor, session, action, layer, uid, field, old, new "
                                    "FROM edits WHERE id > ?", [base_journal]).fetchall(),
    }
    out["journal"] = [row[1:] for row in out["journal_ids"]]
    conn.close()
    return out


# -- references ------------------------------------------------------------------------------
def ogr_pg(conninfo: str, schema: str) -> str:
    return f"PG:{conninfo} schemas={schema}"


def copy_schema(conninfo: str, source: str, target: str, tables: list[str]) -> None:
    """``target`` with the tables of ``source`` (same columns, indexes, rows) for a reference to write to."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(target)))
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(target)))
        for table in tables:
            src, dst = sql.Identifier(source, table), sql.Identifier(target, table)
            conn.execute(sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING ALL)").format(dst, src))
            cols = sql.SQL(", ").join(sql.Identifier(r[0]) for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s"
                " AND is_generated = 'NEVER' ORDER BY ordinal_position", [source, table]))
            conn.execute(sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {}").format(dst, cols, cols, src))
            for (column,) in conn.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = %s"
                                          " AND table_name = %s AND is_identity = 'YES'", [target, table]):
                top = conn.execute(sql.SQL("SELECT coalesce(max({}), 0) + 1 FROM {}").format(
                    sql.Identifier(column), dst)).fetchone()[0]
                conn.execute(sql.SQL("ALTER TABLE {} ALTER COLUMN {} RESTART WITH {}").format(
                    dst, sql.Identifier(column), sql.Literal(top)))
            if conn.execute("SELECT 1 FROM information_schema.columns WHERE table_schema = %s AND table_name = %s"
                            " AND column_name = 'uid'", [target, table]).fetchone():
                conn.execute(sql.SQL("CREATE INDEX ON {} (uid)").format(dst))  # as a hand-made schema would have
        conn.execute("VACUUM ANALYZE")


def _journal_columns() -> str:
    return "at, editor, session, action, layer, uid, field, old, new"


def _server_journal(rows: dict) -> list[tuple]:
    """Journal rows as the server keeps them: named by the copy they came from and their local id."""
    return [("bench-copy", *row) for row in rows["journal_ids"]]


def psycopg_executemany(conninfo: str, schema: str, rows: dict, srid: int) -> float:
    """The same rows by ``executemany`` in one transaction; seconds."""
    cols = ", ".join(FEATURE_COLUMNS)
    marks = ", ".join(["%s"] * len(FEATURE_COLUMNS))
    with psycopg.connect(conninfo, options=f"-c search_path={schema},public") as conn:
        t0 = time.perf_counter()
        with conn.cursor() as cur:
            cur.executemany("UPDATE facilities SET status = %s, status_date = %s, notes = %s WHERE uid = %s",
                            rows["update"])
            cur.executemany(f"INSERT INTO facilities ({cols}, geom) VALUES ({marks}, "
                            f"ST_SetSRID(ST_GeomFromWKB(%s), {srid}))",
                            [(*r[:-1], _wkb(r[-1])) for r in rows["insert"]])
            cur.executemany("INSERT INTO status_history (feature_uid, status, date, source) VALUES (%s, %s, %s, %s)",
                            rows["history"])
            cur.executemany(f"INSERT INTO edits (origin, local_id, {_journal_columns()}) "
                            f"VALUES ({', '.join(['%s'] * 11)})", _server_journal(rows))
        conn.commit()
        return time.perf_counter() - t0


def psycopg_copy(conninfo: str, schema: str, rows: dict, srid: int) -> float:
    """The same rows by ``COPY`` (updates through a temporary table) in one transaction; seconds."""
    cols = ", ".join(FEATURE_COLUMNS)
    with psycopg.connect(conninfo, options=f"-c search_path={schema},public") as conn:
        t0 = time.perf_counter()
        with conn.cursor() as cur:
            cur.execute("CREATE TEMP TABLE changed (status text, status_date text, notes text, uid text) ON COMMIT DROP")
            with cur.copy("COPY changed FROM STDIN") as copy:
                for row in rows["update"]:
                    copy.write_row(row)
            cur.execute("UPDATE facilities f SET status = c.status, status_date = c.status_date, notes = c.notes "
                        "FROM changed c WHERE f.uid = c.uid")
            with cur.copy(f"COPY facilities ({cols}, geom) FROM STDIN") as copy:
                for r in rows["insert"]:
                    copy.write_row((*r[:-1], f"SRID={srid};" + _wkb(r[-1]).hex()))
            with cur.copy("COPY status_history (feature_uid, status, date, source) FROM STDIN") as copy:
                for row in rows["history"]:
                    copy.write_row(row)
            with cur.copy(f"COPY edits (origin, local_id, {_journal_columns()}) FROM STDIN") as copy:
                for row in _server_journal(rows):
                    copy.write_row(row)
        conn.commit()
        return time.perf_counter() - t0


def _wkb(gpkg_blob: bytes) -> bytes:
    from gisplanner.store.gpkg_geometry import decode

    return decode(gpkg_blob).wkb


def sqlite_write(path: Path, rows: dict) -> float:
    """The same rows into a copy by plain sqlite3 in one transaction (R-tree triggers run); seconds."""
    conn = raw_connection(path)
    cols = ", ".join(FEATURE_COLUMNS)
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("UPDATE facilities SET status = ?, status_date = ?, notes = ? WHERE uid = ?", rows["update"])
    conn.executemany(f"INSERT INTO facilities ({cols}, geom) VALUES ({', '.join('?' * (len(FEATURE_COLUMNS) + 1))})",
                     rows["insert"])
    conn.executemany("INSERT INTO status_history (feature_uid, status, date, source) VALUES (?, ?, ?, ?)",
                     rows["history"])
    conn.executemany(f"INSERT INTO edits ({_journal_columns()}) VALUES ({', '.join('?' * 9)})", rows["journal"])
    conn.execute("COMMIT")
    took = time.perf_counter() - t0
    conn.close()
    return took


def ogr_checkout(conninfo: str, schema: str, tables: list[str], out: Path) -> float:
    out.unlink(missing_ok=True)
    t0 = time.perf_counter()
    subprocess.run(["ogr2ogr", "-f", "GPKG", str(out), ogr_pg(conninfo, schema), *tables],
                   check=True, capture_output=True)
    return time.perf_counter() - t0


def server_tables(conninfo: str, schema: str) -> list[str]:
    with psycopg.connect(conninfo) as conn:
        return [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s AND table_type = 'BASE TABLE' "
            "ORDER BY table_name", [schema])]


def journal_size(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT coalesce(max(id), 0) FROM edits").fetchone()[0]
    finally:
        conn.close()


# -- the run ---------------------------------------------------------------------------------
def report(label: str, ours: float, reference: float, target: float, why: str = "") -> None:
    ratio = ours / reference
    verdict = "met" if ratio <= target else f"NOT met{': ' + why if why else ''}"
    print(f"{label}: ours {ours:.2f} s, reference {reference:.2f} s → {ratio:.2f}× (target ≤ {target}×: {verdict})")
    if ratio > target:
        print("  where our time goes (share of stack samples: our innermost frame ← innermost frame):")
        print(_last_sample[0].lines() if _last_sample else "    (not sampled)")
    _last_sample.clear()


def main() -> int:
    import gisplanner.sync as core

    cluster = start_cluster()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp_s:
            run(Path(tmp_s), cluster.url(), f"host=127.0.0.1 port={cluster.port} dbname={cluster.dbname} user=gisadmin",
                core)
    finally:
        stop_cluster(cluster)
    return 0


def run(tmp: Path, url: str, conninfo: str, core) -> None:
    """``url`` for gisplanner, the same server as a conninfo string for ogr2ogr and psycopg."""
    base = tmp / "base.gpkg"
    build_project(base)
    took, _ = timed(lambda: grow(base, N_FEATURES))
    with psycopg.connect(conninfo) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
    print(f"set-up: project of {N_FEATURES} facilities in {took:.1f} s; PostgreSQL {version} (fsync off)")
    took, _ = timed(lambda: core.publish(base, url, SCHEMA, NullFeedback()))
    print(f"set-up: publish {took:.1f} s")
    tables = [t for t in server_tables(conninfo, SCHEMA) if not t.startswith("_")]  # not the server's bookkeeping
    mine, theirs = tmp / "mine.gpkg", tmp / "theirs.gpkg"
    bench_checkout(tmp, url, conninfo, tables, core, (mine, theirs))
    rows = bench_push(url, conninfo, tables, core, mine)
    bench_pull(tmp, core, theirs, rows)


def bench_checkout(tmp: Path, url: str, conninfo: str, tables: list[str], core, outs) -> None:
    ref = min(ogr_checkout(conninfo, SCHEMA, tables, tmp / f"ogr{i}.gpkg") for i in range(2))
    ours = min(ours_timed(lambda out=out: core.checkout(url, SCHEMA, out, NullFeedback()))[0] for out in outs)
    report(f"checkout of {N_FEATURES} features ({len(tables)} tables) vs ogr2ogr PostGIS → GPKG", ours, ref, 1.5)


def bench_push(url: str, conninfo: str, tables: list[str], core, mine: Path) -> dict:
    before = journal_size(mine)
    took, _ = timed(lambda: edit_copy(mine))
    rows = changed_rows(mine, before)
    print(f"set-up: offline edits saved in {took:.1f} s: {len(rows['update'])} changed, {len(rows['insert'])} new, "
          f"{len(rows['history'])} history rows, {len(rows['journal'])} journal rows")
    copy_schema(conninfo, SCHEMA, "ref_many", tables)
    copy_schema(conninfo, SCHEMA, "ref_copy", tables)
    many = psycopg_executemany(conninfo, "ref_many", rows, SRID)
    copied = psycopg_copy(conninfo, "ref_copy", rows, SRID)
    print(f"psycopg, one transaction: executemany {many:.2f} s, COPY {copied:.2f} s")
    ours, result = ours_timed(lambda: core.sync(mine, NullFeedback()))
    print(f"sync of the edited copy: {result}")
    report(f"push of {CHANGED} changed + {NEW} new features vs psycopg", ours, min(many, copied), 2.0)
    return rows


def bench_pull(tmp: Path, core, theirs: Path, rows: dict) -> None:
    raw_copy = tmp / "raw.gpkg"
    shutil.copy2(theirs, raw_copy)
    ref = sqlite_write(raw_copy, rows)
    ours, result = ours_timed(lambda: core.sync(theirs, NullFeedback()))
    print(f"sync of the other copy: {result}")
    report("pull of the same into a copy vs raw sqlite3", ours, ref, 2.0)


if __name__ == "__main__":
    sys.exit(main())
