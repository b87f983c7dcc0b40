"""Editing speed against raw sqlite3 doing the same writes, in the same run, on the same file.

1. One attribute edit to a durable commit (session: check, buffer, recovery file, one
   transaction with the journal row) vs raw ``UPDATE`` + journal ``INSERT`` + ``COMMIT``.
2. A bulk status change of 10k features (status, status date, status history, two journal
   rows each) vs raw ``executemany`` of the same rows in one transaction.
3. Opening the attribute table on 100k features, sorting it, and jumping to its end; then,
   while editing, sorting and filtering over unsaved values (one edit, a 10k-row buffer)
   against the same sort with an empty buffer.

Both sides use the same journal mode (rollback journal) and ``synchronous=FULL``.
Target: session ≤ 2× raw. Run: ``.venv/bin/python bench/bench_edit.py``.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from shapely.geometry import Point  # noqa: E402

from gisplanner.store import Project, build_project  # noqa: E402
from gisplanner.store.gpkg_geometry import encode  # noqa: E402
from gisplanner.store.gpkg_sql import connect_writer, register_gpkg_functions, write_transaction  # noqa: E402

N_FEATURES = 100_000
BULK = 10_000


def grow(path: Path, n: int) -> None:
    """Add synthetic facilities until the layer holds ``n`` rows (GDAL triggers keep the index)."""
    conn = connect_writer(path)
    have = conn.execute("SELECT count(*) FROM facilities").fetchone()[0]
    rng = random.Random(1)
    rows = [(encode(Point(106 + rng.random(), 29 + rng.random())), f"bench.f{i}", f"设施{i}", f"Facility {i}",
             "platform", rng.choice(["proposed", "planned", "approved"]), "2024-01-01", "site")
            for i in range(n - have)]
    with write_transaction(conn, path):
        conn.executemany("INSERT INTO facilities (geom, uid, name_zh, name_en, kind, status, status_date,"
                         " location_precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.close()


def raw_connection(path: Path) -> sqlite3.Connection:
    """Plain sqlite3; it needs GDAL's trigger functions even to update an attribute
    (SQLite prepares the R-tree triggers, which call ST_IsEmpty, on every UPDATE)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    register_gpkg_functions(conn)
    return conn


def bench_single(path: Path, raw_path: Path, rounds: int = 25) -> tuple[float, float]:
    """Interleaved rounds, raw on an identical copy (so disk noise hits both sides alike and
    raw's commits do not make the session re-read its index, as another writer would)."""
    project = Project.open(path)
    session = project.edit(editor="bench")
    t0 = time.perf_counter()
    session.set_value("bench.f1", "notes", "first")
    session.commit()
    print(f"first edit of a session on {N_FEATURES} features (finds its row by uid): "
          f"{(time.perf_counter() - t0) * 1000:.0f} ms")
    raw = raw_connection(raw_path)
    fid = raw.execute("SELECT fid FROM facilities WHERE uid = 'bench.f2'").fetchone()[0]  # raw knows its row
    ours, theirs = [], []
    for i in range(rounds):
        t0 = time.perf_counter()
        session.set_value("bench.f1", "notes", f"session {i}")
        session.commit()
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        old = raw.execute("SELECT notes FROM facilities WHERE fid = ?", [fid]).fetchone()[0]
        raw.execute("UPDATE facilities SET notes = ? WHERE fid = ?", [f"raw {i}", fid])
        raw.execute("INSERT INTO edits (at, editor, session, action, layer, uid, field, old, new)"
                    " VALUES (datetime('now'), 'bench', 'raw', 'set', 'facilities', 'bench.f2', 'notes', ?, ?)",
                    [old, f"raw {i}"])
        raw.execute("COMMIT")
        theirs.append(time.perf_counter() - t0)
    raw.close()
    session.close()
    project.close()
    return statistics.median(ours), statistics.median(theirs)


def bench_bulk(path: Path, rounds: int = 3) -> tuple[float, float, float]:
    """Medians of interleaved rounds, each on its own 10k features (session) and another 10k (raw)."""
    ours, theirs, bare = [], [], []
    for k in range(rounds):
        first = 10 + 2 * k * BULK
        ours.append(_bulk_session(path, [f"bench.f{i}" for i in range(first, first + BULK)]))
        raw, plain = _bulk_raw(path, [f"bench.f{i}" for i in range(first + BULK, first + 2 * BULK)])
        theirs.append(raw)
        bare.append(plain)
    return statistics.median(ours), statistics.median(theirs), statistics.median(bare)


def _bulk_session(path: Path, uids: list[str]) -> float:
    project = Project.open(path)
    session = project.edit(editor="bench")
    t0 = time.perf_counter()
    session.set_status(uids, "under_construction", "2025-03-01", "bench: district notice")
    session.commit()
    took = time.perf_counter() - t0
    session.close()
    project.close()
    return took


def _bulk_raw(path: Path, other: list[str]) -> tuple[float, float]:
    raw = raw_connection(path)
    t0 = time.perf_counter()
    raw.execute("BEGIN IMMEDIATE")
    olds = {}
    for i in range(0, BULK, 500):  # uid has no index: look the rows up by uid in chunks, write by fid
        part = other[i:i + 500]
        olds.update({r[0]: r[1:] for r in raw.execute(
            f"SELECT uid, fid, status, status_date FROM facilities WHERE uid IN ({','.join('?' * len(part))})",
            part)})
    raw.executemany("UPDATE facilities SET status = 'under_construction', status_date = '2025-03-01' WHERE fid = ?",
                    [(olds[u][0],) for u in other])
    raw.executemany("INSERT INTO status_history (feature_uid, status, date, source) "
                    "VALUES (?, 'under_construction', '2025-03-01', 'bench: district notice')", [(u,) for u in other])
    journal = []
    for u in other:
        journal.append(("status", "status", u, olds[u][1], "under_construction"))
        journal.append(("set", "status_date", u, olds[u][2], "2025-03-01"))
    raw.executemany("INSERT INTO edits (at, editor, session, action, layer, uid, field, old, new)"
                    " VALUES (datetime('now'), 'bench', 'raw', ?, 'facilities', ?, ?, ?, ?)",
                    [(a, u, f, o, n) for a, f, u, o, n in journal])
    raw.execute("COMMIT")
    theirs = time.perf_counter() - t0
    t0 = time.perf_counter()
    raw.execute("BEGIN IMMEDIATE")
    raw.executemany("UPDATE facilities SET status = 'completed', status_date = '2025-04-01' WHERE fid = ?",
                    [(olds[u][0],) for u in other])
    raw.execute("COMMIT")
    bare = time.perf_counter() - t0
    raw.close()
    return theirs, bare


def bench_table(path: Path) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from gisplanner.ui.editing.attribute_table import AttributeTable
    from gisplanner.ui.editing.controller import EditController

    app = QApplication.instance() or QApplication([])
    project = Project.open(path)
    controller = EditController()
    controller.set_project(project)
    out = {}
    t0 = time.perf_counter()
    table = AttributeTable(controller, "facilities")
    table.show()
    app.processEvents()
    out["open (100k rows, first screen drawn)"] = time.perf_counter() - t0
    out["rows"] = table.model.rowCount()
    t0 = time.perf_counter()
    table.view.sortByColumn(1, table.view.horizontalHeader().sortIndicatorOrder())
    app.processEvents()
    out["sort by name (SQL ORDER BY)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    steps = 50
    for k in range(steps):
        table.view.scrollTo(table.model.index(int(k * (table.model.rowCount() - 1) / (steps - 1)), 0))
        app.processEvents()
    out[f"jump-scroll through the table ({steps} screens, per screen)"] = (time.perf_counter() - t0) / steps
    t0 = time.perf_counter()
    table.filter_edit.setText("设施9999")
    app.processEvents()
    out["filter by text"] = time.perf_counter() - t0
    out["pages read"] = table.model.pages_read
    out.update(bench_table_buffer(app, table, controller))
    table.close()
    controller.stop()
    project.close()
    return out


def bench_table_buffer(app, table, controller) -> dict[str, float]:
    """Sorting and filtering over unsaved edits (the buffer laid over the file in SQL), against
    the same sort with an empty buffer as the reference."""
    out = {}
    model = table.model
    table.filter_edit.setText("")
    controller.start("bench")
    status_col = [f.name for f in model.fields].index("status")
    name_col = [f.name for f in model.fields].index("name_zh")
    t0 = time.perf_counter()
    table.view.sortByColumn(name_col, Qt.SortOrder.DescendingOrder)
    app.processEvents()
    out["reference: sort by name, empty buffer"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    controller.apply(lambda s: s.set_value("bench.f5", "name_zh", "龘 first"))
    app.processEvents()
    out["one edit while sorted by name (row moves to its sorted place)"] = time.perf_counter() - t0
    assert model.uid_at(0) == "bench.f5", model.uid_at(0)
    uids = [f"bench.f{i}" for i in range(40_000, 40_000 + BULK)]
    t0 = time.perf_counter()
    controller.apply(lambda s: s.set_status(uids, "completed", "2025-05-01", "bench"))
    app.processEvents()
    out[f"bulk status change of {BULK} while sorted (buffer of {BULK} rows re-sorted)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    table.view.sortByColumn(status_col, Qt.SortOrder.AscendingOrder)
    app.processEvents()
    out[f"sort by status over a buffer of {BULK} rows"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    table.field_combo.setCurrentIndex(table.field_combo.findData("status"))
    table.filter_edit.setText("completed")
    app.processEvents()
    out[f"filter status=completed over a buffer of {BULK} rows"] = time.perf_counter() - t0
    out["rows shown by that filter"] = model.rowCount()
    controller.discard()
    controller.stop()
    return out


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.gpkg"
        build_project(path)
        t0 = time.perf_counter()
        grow(path, N_FEATURES)
        print(f"set-up: {N_FEATURES} facilities written in {time.perf_counter() - t0:.1f} s")
        raw_path = Path(tmp) / "raw.gpkg"
        shutil.copy2(path, raw_path)
        ours, raw = bench_single(path, raw_path)
        print(f"one attribute edit → durable commit: session {ours * 1000:.1f} ms, raw sqlite3 {raw * 1000:.1f} ms "
              f"(median of 25; ratio {ours / raw:.2f}×, target ≤ 2×)")
        ours, raw, bare = bench_bulk(path)
        print(f"bulk status change of {BULK} features: session {ours * 1000:.0f} ms, raw sqlite3 same writes "
              f"{raw * 1000:.0f} ms (medians of 3 interleaved rounds; ratio {ours / raw:.2f}×, target ≤ 2×); "
              f"bare UPDATE by fid only {bare * 1000:.0f} ms")
        for name, value in bench_table(path).items():
            print(f"attribute table: {name}: " + (f"{value * 1000:.0f} ms" if isinstance(value, float) else str(value)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
