"""Saves across real processes: SIGKILL during saves, two instances on one file, a read-only file."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from gisplanner.store import Project
from gisplanner.store.gpkg_sql import rtree_mismatches
from gisplanner.store.recovery import find_recovery, roll_back_interrupted_save

PY = sys.executable
N_FEATURES = 20

SAVER = r"""
import sys
from gisplanner.store import Project
project = Project.open(sys.argv[1])
session = project.edit(editor="saver")
uids = [r[0] for r in project.db.execute("SELECT uid FROM facilities ORDER BY fid LIMIT {N}")]
value = int(project.db.execute("SELECT coalesce(max(cast(notes AS INTEGER)), 0) FROM facilities").fetchone()[0])
print("ready", flush=True)
while True:
    value += 1
    session.set_values("facilities", uids, "notes", str(value))
    session.move(uids[value % len(uids)], 0.0001, -0.0001)
    print("begin", value, flush=True)
    session.commit()
    print("done", value, flush=True)
    if len(sys.argv) > 2 and value >= int(sys.argv[2]):
        break
""".replace("{N}", str(N_FEATURES))


def _rest_of_output(child: subprocess.Popen, timeout: float) -> tuple[str, str]:
    """Everything the child writes after the lines already read, once it has ended.

    Read through the same buffered streams as ``readline()``: that call may have taken more
    than one line from the pipe into its buffer (a child faster than its reader, e.g. on a
    loaded machine), and ``communicate()`` reads the pipe itself, past that buffer, so those
    lines would be lost. The children here write little to stderr, so reading stdout first
    cannot leave one blocked on a full stderr pipe."""
    out, err = child.stdout.read(), child.stderr.read()
    child.wait(timeout=timeout)
    child.stdout.close()
    child.stderr.close()
    return out, err


def _saved_state(path: Path) -> tuple[set[str], int]:
    roll_back_interrupted_save(path)  # what any writer-capable open does first
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert rtree_mismatches(conn, "facilities") == []
        notes = {r[0] for r in conn.execute(f"SELECT notes FROM facilities ORDER BY fid LIMIT {N_FEATURES}")}
        journal = conn.execute("SELECT count(*) FROM edits WHERE field = 'notes'").fetchone()[0]
    return notes, journal


@pytest.mark.slow
def test_sigkill_during_saves_leaves_exactly_a_completed_save(project_copy):
    rng = random.Random(4)
    kills_mid_save = 0
    last_done = 0
    for _ in range(36):
        child = subprocess.Popen([PY, "-c", SAVER, str(project_copy)], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        time.sleep(rng.uniform(0.02, 0.5))
        child.send_signal(signal.SIGKILL)
        out, _ = _rest_of_output(child, timeout=30)
        lines = out.split()
        done = [int(v) for k, v in zip(lines[::2], lines[1::2], strict=False) if k == "done"]
        begun = [int(v) for k, v in zip(lines[::2], lines[1::2], strict=False) if k == "begin"]
        last_done = done[-1] if done else last_done
        in_flight = begun[-1] if begun and (not done or begun[-1] > done[-1]) else None
        kills_mid_save += in_flight is not None
        notes, journal = _saved_state(project_copy)
        assert len(notes) == 1, f"a save was half written: {notes}"
        value = int(notes.pop())
        # exactly the last completed save, or the one in flight if its COMMIT finished before the kill
        assert value == last_done or value == in_flight, (value, last_done, in_flight)
        assert journal == value * N_FEATURES  # the journal is written in the same transaction
        last_done = value
        recovery = find_recovery(project_copy)  # the recovery file is never half written
        assert recovery is None or all(c["kind"] in {"set", "geometry"} for c in recovery.changes)
    print(f"{last_done} saves completed; {kills_mid_save} of 36 kills landed between 'begin' and 'done'")
    assert last_done >= 20  # the children did save, repeatedly
    assert kills_mid_save >= 2  # and some kills did land inside saves
    with Project.open(project_copy) as project:
        assert len(project.features("facilities")) > N_FEATURES


TWO = r"""
import select, sys, time
from gisplanner.store import Project
from gisplanner.store.lock import ProjectLocked
project = Project.open(sys.argv[1])
try:
    session = project.edit(editor=sys.argv[2])
    print("editing", flush=True)
except ProjectLocked as exc:
    print("read-only:", exc, flush=True)
    session = None
errors, reads = 0, 0
end = time.time() + float(sys.argv[3])
until_told = end == float("inf")  # then until a line comes on stdin
value = 0
while True:  # at least one round, however slowly the process was scheduled
    try:
        if session is not None:
            value += 1
            session.set_value("cq.biocity.vaccine-incubator", "notes", f"n{value}")
            session.commit()
        else:
            project.feature("cq.biocity.vaccine-incubator")
            project.features("facilities")
            reads += 1
    except Exception as exc:
        errors += 1
        print("error:", type(exc).__name__, exc, flush=True)
    if time.time() >= end or (until_told and select.select([sys.stdin], [], [], 0)[0]):
        break
print("errors", errors, "reads", reads, "saves", value, flush=True)
"""


def test_second_instance_gets_read_only_mode_and_no_lock_errors(project_copy):
    # the first keeps editing until the second has finished (not for a fixed time: a second
    # process slow to start on a loaded machine would find the first already gone)
    first = subprocess.Popen([PY, "-c", TWO, str(project_copy), "王工", "inf"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert first.stdout.readline().strip() == "editing"
    second = subprocess.run([PY, "-c", TWO, str(project_copy), "张工", "1.5"], capture_output=True,
                            text=True, timeout=60)
    first.stdin.write("stop\n")
    first.stdin.close()
    out1, err1 = _rest_of_output(first, timeout=60)
    assert first.returncode == 0, err1
    assert second.returncode == 0, second.stderr
    assert "read-only:" in second.stdout and "being edited by 王工" in second.stdout
    assert "errors 0" in second.stdout and "reads 0" not in second.stdout, second.stdout
    assert "errors 0" in out1 and "saves 0" not in out1, out1
    assert "database is locked" not in second.stdout + second.stderr + out1 + err1
    with sqlite3.connect(project_copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the first window has closed: the lock is gone and the next instance may edit
    with Project.open(project_copy) as project, project.edit(editor="张工") as session:
        assert not session.dirty


READ_ONLY = r"""
import sys
from gisplanner.store import Project
from gisplanner.store.gpkg_sql import WriteError
project = Project.open(sys.argv[1])
session = project.edit(editor="field laptop")
session.set_status("cq.biocity.vaccine-incubator", "completed", "2025-07-01", "site visit")
print("edited", flush=True)
sys.stdin.readline()
try:
    session.commit()
    print("saved?!", flush=True)
except WriteError as exc:
    print("refused:", exc, "| still dirty:", session.dirty, flush=True)
sys.stdin.readline()
session.commit()
print("saved", session.project.feature("cq.biocity.vaccine-incubator")["status"], flush=True)
"""


def test_read_only_file_gives_a_clear_message_and_keeps_the_buffer(built_project_path):
    """The file turns read-only while edits are pending (e.g. a write-protected USB stick).

    Root ignores file permissions, so as root the editing process runs without the
    capabilities that override them (``setpriv``); the permission bits then bind it.
    """
    folder = Path(tempfile.mkdtemp(prefix="gisplanner-ro-"))
    try:
        path = folder / "p.gpkg"
        shutil.copy2(built_project_path, path)
        prefix = []
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.skip("running as root without setpriv: permissions cannot be made to bind")
            prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]
        child = subprocess.Popen([*prefix, PY, "-c", READ_ONLY, str(path)], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "edited", child.stderr.read()
        path.chmod(0o444)
        folder.chmod(0o555)
        child.stdin.write("\n")
        child.stdin.flush()
        refused = child.stdout.readline()
        assert "refused:" in refused and "read-only" in refused and "still dirty: True" in refused, refused
        path.chmod(0o644)
        folder.chmod(0o755)
        child.stdin.write("\n")
        child.stdin.flush()
        out, err = child.communicate(timeout=60)
        assert out.strip() == "saved completed", err
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


HALF_SAVE = r"""
import os, signal, sys
from gisplanner.store.gpkg_sql import connect_writer
conn = connect_writer(sys.argv[1])
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE facilities SET notes = 'half written'")
for i in range(300):  # more than the page cache holds: pages reach the file, the journal is hot
    conn.execute("INSERT INTO edits (at, editor, action, new) VALUES ('t', 'crash', 'set', ?)", ["x" * 5000])
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_read_only_open_after_a_crash_mid_save_sees_the_previous_save(project_copy):
    out = subprocess.run([PY, "-c", HALF_SAVE, str(project_copy)], capture_output=True)
    assert out.returncode == -signal.SIGKILL
    assert project_copy.with_name(project_copy.name + "-journal").exists()  # a hot journal was left
    with Project.open(project_copy, "r") as project:  # a viewer, e.g. `main.py info`, opens it read-only
        assert project.db.execute("SELECT count(*) FROM edits").fetchone()[0] == 0
        assert project.db.execute(
            "SELECT count(*) FROM facilities WHERE notes = 'half written'").fetchone()[0] == 0
    with sqlite3.connect(project_copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
