"""Fuzzing the readers and the project store with damaged inputs (fixed seed, about a minute).

Every import format is truncated, bit-flipped and (for the text formats) nested deeply; every
mutant must be read or refused with an ImportFileError naming the file: any other exception,
a crash or a hang fails. The readers run in a child process so a crash inside GDAL is
reported with the file that caused it. Damaged copies of a project must give one error line
naming the file (exit 1) or a correct answer (exit 0), never a traceback, and a refused
write must leave the file as it was.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import LineString, Point

from conftest import REPO
from hostile import run

pytestmark = pytest.mark.filterwarnings("ignore:.crs. was not provided")

SEED = 20261130
MUTANTS_PER_FORMAT = 60

KML = ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>{}'
       '</Document></kml>')
PLACEMARK = "<Placemark><name>站点{}</name><Point><coordinates>106.{},29.5</coordinates></Point></Placemark>"

READER = """
import json, sys
from gisplanner.io.detect import ImportFileError
from gisplanner.io.readers import read_source
for path in sys.argv[1:]:
    print(json.dumps({"start": path}), flush=True)
    try:
        table = read_source(path)
        outcome = {"path": path, "ok": len(table.frame)}
    except ImportFileError as exc:
        outcome = {"path": path, "refused": str(exc)}
    except BaseException as exc:
        outcome = {"path": path, "crash": f"{type(exc).__name__}: {exc}"[:300]}
    print(json.dumps(outcome), flush=True)
"""


def _seeds(folder: Path) -> dict[str, Path]:
    """One small valid file per format."""
    frame = gpd.GeoDataFrame({"name": [f"站点{i}" for i in range(5)], "note": ["a,b", "c", "", "e", "f"]},
                             geometry=[Point(106.5 + i / 50, 29.5) for i in range(5)], crs=4326)
    out = {}
    for fmt, name, driver in (("gpkg", "s.gpkg", "GPKG"), ("shp", "s.shp", "ESRI Shapefile"),
                              ("geojson", "s.geojson", "GeoJSON")):
        pyogrio.write_dataframe(frame, folder / name, driver=driver)
        out[fmt] = folder / name
    lines = gpd.GeoDataFrame({"Layer": ["0"]}, geometry=[LineString([(0, 0), (100, 50)])])
    pyogrio.write_dataframe(lines, folder / "s.dxf", driver="DXF")
    out["dxf"] = folder / "s.dxf"
    pyogrio.write_dataframe(gpd.GeoDataFrame(frame.drop(columns="geometry").assign(
        lon=[106.5 + i / 50 for i in range(5)], lat=29.5)), folder / "s.xlsx", driver="XLSX")
    out["xlsx"] = folder / "s.xlsx"
    (folder / "s.csv").write_text("name,lon,lat,note\n" + "".join(f"站点{i},106.{i},29.5,\"x,{i}\"\n"
                                                                  for i in range(5)), encoding="utf-8")
    out["csv"] = folder / "s.csv"
    kml = KML.format("".join(PLACEMARK.format(i, i) for i in range(5)))
    (folder / "s.kml").write_text(kml, encoding="utf-8")
    out["kml"] = folder / "s.kml"
    with zipfile.ZipFile(folder / "s.kmz", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("doc.kml", kml)
    out["kmz"] = folder / "s.kmz"
    return out


def _nested(fmt: str, depth: int) -> bytes | None:
    if fmt == "geojson":
        return json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}}]}
                          ).replace('{}', "[" * depth + "]" * depth).encode()
    if fmt == "kml":
        return KML.format("<Folder>" * depth + PLACEMARK.format(0, 0) + "</Folder>" * depth).encode()
    if fmt == "csv":
        return ("name,lon,lat\n" + '"' * depth + ",106.5,29.5\n").encode()
    return None


def _mutants(seed: Path, fmt: str, rng: random.Random, folder: Path) -> list[Path]:
    data = seed.read_bytes()
    made = []
    for k in range(MUTANTS_PER_FORMAT):
        kind = ("truncate", "flip", "flip", "truncate", "nest", "flip")[k % 6]
        blob = bytearray(data)
        if kind == "truncate":
            blob = blob[:rng.randrange(1, max(2, len(blob)))]
        elif kind == "flip":
            for _ in range(rng.randrange(1, 40)):
                blob[rng.randrange(len(blob))] ^= 1 << rng.randrange(8)
        else:
            nested = _nested(fmt, rng.choice([2_000, 50_000, 200_000]))
            if nested is None:
                blob = blob[: len(blob) // 2]
            else:
                blob = bytearray(nested)
        target = folder / f"{fmt}-{k}-{kind}{seed.suffix}"
        target.write_bytes(bytes(blob))
        if fmt == "shp":  # the sidecars go along; the .dbf or .shx is what gets damaged half the time
            for suffix in (".shx", ".dbf", ".prj", ".cpg"):
                if seed.with_suffix(suffix).exists():
                    shutil.copy2(seed.with_suffix(suffix), target.with_suffix(suffix))
            if k % 2:
                side = target.with_suffix(rng.choice([".dbf", ".shx"]))
                side_blob = bytearray(side.read_bytes())
                for _ in range(10):
                    side_blob[rng.randrange(len(side_blob))] ^= 0xFF
                side.write_bytes(bytes(side_blob))
                shutil.copy2(seed, target)
        made.append(target)
    return made


def test_readers_survive_truncated_flipped_and_nested_files(tmp_path):
    rng = random.Random(SEED)
    seeds = _seeds(tmp_path)
    mutants = []
    for fmt, seed in seeds.items():
        (tmp_path / fmt).mkdir()
        mutants += _mutants(seed, fmt, rng, tmp_path / fmt)
    out = subprocess.run([sys.executable, "-c", READER, *map(str, mutants)], capture_output=True, text=True,
                         cwd=REPO, timeout=240)
    lines = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    finished = {r["path"]: r for r in lines if "start" not in r}
    started = [r["start"] for r in lines if "start" in r]
    assert out.returncode == 0, f"reader process died (code {out.returncode}) on {started[-1:]}: {out.stderr[-2000:]}"
    crashes = {p: r["crash"] for p, r in finished.items() if "crash" in r}
    assert not crashes, crashes
    for path, result in finished.items():
        if "refused" in result:
            assert Path(path).name in result["refused"], result
    assert len(finished) == len(mutants)
    assert any("ok" in r for r in finished.values()) and any("refused" in r for r in finished.values())
    print(f"{len(mutants)} mutants: {sum('ok' in r for r in finished.values())} read, "
          f"{sum('refused' in r for r in finished.values())} refused with a message")


def _damage_project(path: Path, rng: random.Random, kind: str) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    if kind == "truncate":
        data = data[: rng.randrange(page * 2, len(data) - page)]
    else:
        pages = len(data) // page
        for _ in range(rng.randrange(5, 300)):
            n = rng.randrange(1, pages)
            offset = n * page + (rng.randrange(0, 16) if kind == "headers" else rng.randrange(page))
            data[offset] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("variant", range(5))
def test_damaged_projects_give_one_line_never_a_traceback(tmp_path, built_project_path, variant):
    rng = random.Random(SEED + variant)
    path = tmp_path / "fuzzed.gpkg"
    shutil.copy2(built_project_path, path)
    _damage_project(path, rng, ("headers", "anywhere", "truncate", "headers", "anywhere")[variant])
    before = path.read_bytes()
    for command in (["info"], ["search", "生物"], ["feature", "cq.biocity"],
                    ["set-status", "cq.biocity", "--status", "completed", "--date", "2026-01-01", "--source", "x"]):
        out = run(*command, "--project", str(path), timeout=120)
        assert "Traceback" not in out.stderr, (command, out.stderr)
        assert out.returncode in (0, 1), (command, out.returncode, out.stderr)
        if out.returncode == 1:
            errors = [line for line in out.stderr.splitlines() if line.startswith("error:")]
            assert len(errors) == 1 and str(path) in errors[0], (command, out.stderr)
            if command[0] == "set-status":
                assert path.read_bytes() == before
