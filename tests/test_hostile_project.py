"""A hostile user against the project file: nothing destroyed, damage reported, no traceback, no hang.

Each command runs as a user runs it (``python main.py …`` in a subprocess); the files are
compared byte for byte before and after.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from hostile import damage, integrity_ok, no_traceback, run


def _user_geopackage(path: Path) -> None:
    import geopandas as gpd
    from shapely.geometry import Point

    gpd.GeoDataFrame({"name": ["a"]}, geometry=[Point(106.5, 29.5)], crs=4326).to_file(path, driver="GPKG")


def _plain_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE survey (id INTEGER PRIMARY KEY, note TEXT)")
        conn.execute("INSERT INTO survey (note) VALUES ('field notes')")
    conn.close()


@pytest.mark.parametrize("make", ["geopackage", "sqlite", "text"])
def test_build_never_replaces_a_file_it_did_not_write(tmp_path, make):
    path = tmp_path / "survey.gpkg"
    {"geopackage": _user_geopackage, "sqlite": _plain_sqlite,
     "text": lambda p: p.write_text("my notes\n", encoding="utf-8")}[make](path)
    before = path.read_bytes()
    for args in (["build"], ["build", "--force"]):
        out = run(*args, "--project", str(path))
        no_traceback(out)
        assert str(path) in out.stderr and "did not write" in out.stderr
        assert path.read_bytes() == before
    out = run("build", env={"GISPLANNER_PROJECT": str(path)})
    no_traceback(out)
    assert path.read_bytes() == before


def test_damaged_project_is_reported_never_up_to_date_and_moved_aside_on_force(tmp_path, built_project_path):
    path = tmp_path / "p.gpkg"
    shutil.copy2(built_project_path, path)
    damage(path)
    assert not integrity_ok(path)
    before = path.read_bytes()
    out = run("build", "--project", str(path))
    no_traceback(out)
    assert "damaged" in out.stderr and "up to date" not in out.stdout
    assert "Page " in out.stderr or "tree page" in out.stderr  # integrity_check's own lines
    assert path.read_bytes() == before
    out = run("build", "--force", "--project", str(path))
    assert out.returncode == 0, out.stderr
    aside = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == before
    assert integrity_ok(path)


@pytest.mark.parametrize("command", [
    ["set-status", "cq.biocity", "--status", "built", "--date", "2026-01-01", "--source", "visit"],
    ["import", "IMPORT", "--layer", "facilities"],
])
def test_no_write_into_a_damaged_project(tmp_path, built_project_path, command):
    path = tmp_path / "p.gpkg"
    shutil.copy2(built_project_path, path)
    damage(path)
    before = path.read_bytes()
    csv = tmp_path / "points.csv"
    csv.write_text("name,lon,lat\nA,106.6,29.5\n", encoding="utf-8")
    out = run(*[str(csv) if a == "IMPORT" else a for a in command], "--project", str(path))
    no_traceback(out)
    assert "damaged" in out.stderr and str(path) in out.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("command", [["info"], ["search", "高铁"], ["feature", "cq.biocity"],
                                     ["journal", "cq.biocity"], ["export-html", "--out", "OUT"]])
def test_every_command_reports_a_damaged_project(tmp_path, built_project_path, command):
    path = tmp_path / "p.gpkg"
    shutil.copy2(built_project_path, path)
    damage(path, count=200)
    args = [str(tmp_path / "map.html") if a == "OUT" else a for a in command]
    out = run(*args, "--project", str(path))
    if out.returncode == 0:  # the command never touched a damaged page; then it is right
        assert "Traceback" not in out.stderr
        return
    no_traceback(out)
    assert str(path) in out.stderr


def _fill_disk(project: Path, csv: Path | None, headroom: int) -> subprocess.CompletedProcess:
    """Import (or ``build --force`` when ``csv`` is None) with no file able to grow past the
    project's size + ``headroom``: a full disk, as SQLite and GDAL meet it."""
    command = ["import", str(csv), "--layer", "facilities"] if csv else ["build", "--force"]
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({project.stat().st_size + headroom}, "
        "resource.RLIM_INFINITY))\n"
        "sys.argv = ['main.py', *sys.argv[1:]]\n"
        "import runpy; runpy.run_path('main.py', run_name='__main__')\n")
    return subprocess.run([sys.executable, "-c", script, *command, "--project", str(project)],
                          capture_output=True, text=True, cwd=REPO, timeout=300)


def test_failed_import_on_a_full_disk_leaves_the_file_as_it_was(tmp_path, built_project_path):
    path = tmp_path / "p.gpkg"
    shutil.copy2(built_project_path, path)
    csv = tmp_path / "many.csv"
    rows = "".join(f"site {i},{106.5 + i * 1e-5:.6f},29.5,{'x' * 40}\n" for i in range(20000))
    csv.write_text("name,lon,lat,note\n" + rows, encoding="utf-8")
    before = path.read_bytes()
    out = _fill_disk(path, csv, 96 * 1024)
    no_traceback(out)
    assert "nothing was saved" in out.stderr
    assert not path.with_name(path.name + "-journal").exists()  # no hot journal left
    assert path.read_bytes() == before  # size (space given back) and content
    assert integrity_ok(path)


def test_build_force_on_a_full_disk_keeps_the_project(tmp_path, built_project_path):
    path = tmp_path / "p.gpkg"
    shutil.copy2(built_project_path, path)
    before = path.read_bytes()
    out = _fill_disk(path, None, -len(before) + 64 * 1024)  # no file may grow past 64 KB
    no_traceback(out)
    assert str(path) in out.stderr and "nothing was replaced" in out.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.gpkg"]  # no half-built file left


def test_build_refuses_a_folder_a_read_only_project_and_a_read_only_folder(tmp_path, built_project_path):
    folder = tmp_path / "folder.gpkg"
    folder.mkdir()
    out = run("build", "--project", str(folder))
    no_traceback(out)
    assert "is a folder" in out.stderr
    ro = tmp_path / "ro.gpkg"
    shutil.copy2(built_project_path, ro)
    ro.chmod(0o444)
    before = ro.read_bytes()
    out = run("build", "--force", "--project", str(ro))
    no_traceback(out)
    assert "read-only" in out.stderr and ro.read_bytes() == before
    locked = tmp_path / "locked"
    locked.mkdir()
    target = locked / "p.gpkg"
    shutil.copy2(built_project_path, target)
    locked.chmod(0o555)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("root ignores folder permissions")
        out = run("build", "--force", "--project", str(target))
        no_traceback(out)
        assert str(target) in out.stderr and "nothing was replaced" in out.stderr
    finally:
        locked.chmod(0o755)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.parametrize("command", [["info"], ["build"], ["search", "x"]])
def test_a_named_pipe_as_project_is_refused_at_once(tmp_path, command):
    fifo = tmp_path / "p.gpkg"
    os.mkfifo(fifo)
    out = run(*command, "--project", str(fifo), timeout=60)
    no_traceback(out)
    assert "not a regular file" in out.stderr


def test_broken_user_layers_row_missing_table_and_broken_fts(tmp_path, built_project_path):
    cases = {
        "user_layers": "INSERT INTO user_layers (name, definition) VALUES ('bad', '{not json')",
        "clauses": "PRAGMA foreign_keys = OFF; DROP TABLE clauses",
        "fts": "DELETE FROM clauses_fts_data WHERE id > 1",
    }
    for name, sql in cases.items():
        path = tmp_path / f"{name}.gpkg"
        shutil.copy2(built_project_path, path)
        with sqlite3.connect(path) as conn:
            conn.executescript(sql)
        conn.close()
        for command in (["info"], ["search", "高铁"]):
            out = run(*command, "--project", str(path))
            if name == "fts" and command == ["info"]:
                assert out.returncode == 0, out.stderr
                continue
            no_traceback(out)
            assert str(path) in out.stderr
            if name == "user_layers":
                assert "user_layers" in out.stderr and "'bad'" in out.stderr
            if name == "clauses":
                assert "table clauses is missing" in out.stderr


def test_undecodable_geometry_and_empty_kind(tmp_path, built_project_path):
    path = tmp_path / "p.gpkg"
    shutil.copy2(built_project_path, path)
    from gisplanner.store.gpkg_sql import connect_writer

    conn = connect_writer(path)
    with conn:
        # a valid header and envelope (the R-tree trigger reads those), then WKB that is garbage
        blob = b"GP\x00\x03" + struct.pack("<i4d", 4326, 106.5, 106.6, 29.5, 29.6) + b"\x01\xde\xad\xbe\xef"
        conn.execute("UPDATE facilities SET geom = ? WHERE uid = "
                     "(SELECT uid FROM facilities ORDER BY fid LIMIT 1)", [blob])
        conn.execute("UPDATE facilities SET kind = NULL WHERE fid = (SELECT max(fid) FROM facilities)")
        conn.execute("UPDATE transport_points SET kind = NULL, status = NULL")
    conn.close()
    uid = sqlite3.connect(path).execute("SELECT uid FROM facilities ORDER BY fid LIMIT 1").fetchone()[0]
    out = run("feature", uid, "--project", str(path))
    assert "Traceback" not in out.stderr
    assert out.returncode == 0 and "geometry: unreadable" in out.stdout, out.stdout + out.stderr
    out = run("export-html", "--out", str(tmp_path / "m.html"), "--project", str(path))
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr


def test_search_limit_huge_and_project_option_before_the_command(built_project_path):
    out = run("search", "高铁", "--limit", "99999999999999999999999", "--project", str(built_project_path))
    assert out.returncode == 0 and "001:" in out.stdout, out.stderr
    out = run("--project", str(built_project_path), "info", env={"QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0 and "layer parks" in out.stdout, out.stderr


def test_info_into_a_closed_pipe_exits_quietly(built_project_path):
    cmd = f"{sys.executable} main.py info --project {built_project_path} | head -2"
    out = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True, cwd=REPO,
                         timeout=120)
    assert out.stdout.count("\n") == 2
    assert out.stderr == "" and out.returncode == 0, out.stderr


def test_journal_and_feature_print_control_characters_escaped(tmp_path, built_project_path):
    path = tmp_path / "p.gpkg"
    shutil.copy2(built_project_path, path)
    evil = "x\x1b[2J\x1b]0;pwned\x07\nfake: line"
    out = run("set-status", "cq.biocity", "--status", "completed", "--date", "2026-01-01",
              "--source", evil, "--editor", evil, "--project", str(path))
    assert out.returncode == 0, out.stderr
    for command in (["journal", "cq.biocity"], ["feature", "cq.biocity"]):
        out = run(*command, "--project", str(path))
        assert out.returncode == 0, out.stderr
        assert "\x1b" not in out.stdout and "\x07" not in out.stdout
        assert "\\x1b[2J" in out.stdout
        assert not any(line.startswith("fake: line") for line in out.stdout.splitlines())
