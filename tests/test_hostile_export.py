"""Exports that must not attack their reader, nor mislead on a full disk."""

from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

import pytest

from gisplanner.io.export_layer import ExportError, export_layer
from gisplanner.store import Project
from gisplanner.store.gpkg_sql import connect_writer
from hostile import no_traceback, run

FORMULAS = ["=HYPERLINK(\"http://x\",\"a\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tTAB", "\rCR"]


def test_csv_export_neutralises_formulas(tmp_path, project_copy):
    conn = connect_writer(project_copy)
    with conn:
        uids = [r[0] for r in conn.execute("SELECT uid FROM facilities ORDER BY fid LIMIT ?", [len(FORMULAS)])]
        for uid, text in zip(uids, FORMULAS, strict=True):
            conn.execute("UPDATE facilities SET name_zh = ?, notes = ? WHERE uid = ?", [text, text, uid])
    conn.close()
    out = tmp_path / "facilities.csv"
    export_layer(project_copy, "facilities", out)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = {r["uid"]: r for r in csv.DictReader(fh)}
    for uid, text in zip(uids, FORMULAS, strict=True):
        assert rows[uid]["name_zh"] == "'" + text
        assert rows[uid]["notes"] == "'" + text
    numbers = [r["lon"] for r in rows.values()]
    assert all(not n.startswith("'") for n in numbers)  # numbers stay numbers
    other = next(r for u, r in rows.items() if u not in uids)
    assert not other["name_zh"].startswith("'")


@pytest.fixture
def tiny_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root and permission to mount)")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_full_disk_during_export_is_called_a_full_disk(tiny_disk, built_project_path):
    out = tiny_disk / "parks.gpkg"
    with pytest.raises(ExportError) as info:
        export_layer(built_project_path, "parks", out)
    assert "the disk is full" in str(info.value) and str(out) in str(info.value)
    assert not out.exists() and os.listdir(tiny_disk) == []
    result = run("export-layer", "parks", "--out", str(out), "--project", str(built_project_path))
    no_traceback(result)
    assert "the disk is full" in result.stderr


def test_export_to_a_name_with_uri_characters(tmp_path, built_project_path):
    with Project.open(built_project_path) as project:
        parks = len(project.features("parks"))
    for name in ("a!b.gpkg", "x;y.shp", "q?.geojson"):
        out = tmp_path / name
        report = export_layer(built_project_path, "parks", out)
        assert out.exists() and report.count == parks, name
    assert Path(tmp_path / "x;y.dbf").exists()


def test_export_and_import_of_a_damaged_project_raise_their_own_errors(tmp_path, built_project_path):
    """The window's dialogs catch ExportError and ImportFileError: a damaged project must be one."""
    import shutil

    from gisplanner.io.detect import ImportFileError
    from gisplanner.io.import_ import ImportOptions, import_file
    from hostile import damage

    path = tmp_path / "p.gpkg"
    shutil.copy2(built_project_path, path)
    damage(path, count=200)
    with pytest.raises(ImportFileError) as info:
        csv_file = tmp_path / "a.csv"
        csv_file.write_text("name,lon,lat\nA,106.6,29.5\n", encoding="utf-8")
        import_file(path, csv_file, ImportOptions("facilities"))
    assert "damaged" in str(info.value) and str(path) in str(info.value)
    for layer in ("parks", "facilities", "transport_lines"):
        try:
            export_layer(path, layer, tmp_path / f"{layer}.geojson")
        except ExportError as exc:
            assert str(path) in str(exc)
