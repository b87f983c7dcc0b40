"""Import of 100k point features from GeoPackage and from GeoJSON, against pyogrio's Arrow read.

For each source file it times, in the same run: pyogrio's own Arrow read of the file (the
reference), our read of it (``read_source``), checking every row (``prepare_import``) and the
one-transaction write into a fresh project copy (``write_import``: features, R-tree, status
history and journal rows), and the same write into a new layer made from the file. Prints the
figures and the ratio of the whole import to the reference (target ≤ 1.5×).
Run: .venv/bin/python bench/bench_import.py [N]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio

from gisplanner.io.import_ import ImportOptions, prepare_import, write_import
from gisplanner.io.new_layer import NewLayer
from gisplanner.io.readers import read_source
from gisplanner.layers import register_layer_definitions
from gisplanner.store import build_project

STATUSES = np.array(["proposed", "planned", "在建", "completed"])


def sample(n: int) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(6)
    lon = rng.uniform(106.6, 107.0, n)
    lat = rng.uniform(29.3, 29.7, n)
    return gpd.GeoDataFrame(
        {"名称": [f"项目{i}" for i in range(n)], "状态": STATUSES[rng.integers(0, 4, n)],
         "完成年份": rng.integers(2022, 2030, n), "备注": ["测量点"] * n},
        geometry=gpd.points_from_xy(lon, lat), crs=4326)


def best(func, rounds: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        t0 = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - t0)
    return min(times), result


def run(path: Path, base_project: Path, work: Path) -> None:
    reference, table = best(lambda: pyogrio.read_arrow(path))
    n = table[1].num_rows
    frame_ref, _ = best(lambda: pyogrio.read_dataframe(path, use_arrow=True))
    read_s, source = best(lambda: read_source(path))
    prep_s, prepared = best(lambda: prepare_import(source, ImportOptions("facilities")))
    write_times = []
    for i in range(3):
        project = work / f"p{i}.gpkg"
        shutil.copy2(base_project, project)
        prepared = prepare_import(source, ImportOptions("facilities"))
        t0 = time.perf_counter()
        report = write_import(project, prepared)
        write_times.append(time.perf_counter() - t0)
        assert len(report.imported) == n
    write_s = min(write_times)
    new_times = []  # the same rows into a new layer made from the file (table created in the transaction)
    for i in range(3):
        project = work / f"n{i}.gpkg"
        shutil.copy2(base_project, project)
        fresh = prepare_import(source, ImportOptions("", new_layer=NewLayer("survey_points", "测量点")))
        t0 = time.perf_counter()
        assert len(write_import(project, fresh).imported) == n
        new_times.append(time.perf_counter() - t0)
    register_layer_definitions(())
    gdal_times = []  # GDAL appending the same rows itself: no checks, no history, its own commits
    for i in range(3):
        project = work / f"g{i}.gpkg"
        shutil.copy2(base_project, project)
        records = gpd.GeoDataFrame(prepared.columns, geometry=prepared.geometries, crs=4326)
        t0 = time.perf_counter()
        pyogrio.write_dataframe(records, project, layer="facilities", append=True)
        gdal_times.append(time.perf_counter() - t0)
    total = read_s + prep_s + write_s
    print(f"{path.name} ({n} rows)\n"
          f"  reference  pyogrio.read_arrow {reference:6.3f} s   read_dataframe(use_arrow=True) {frame_ref:6.3f} s\n"
          f"  import     read {read_s:6.3f} s + check {prep_s:6.3f} s + write {write_s:6.3f} s = {total:6.3f} s"
          f"   (GDAL's own append of the checked rows: {min(gdal_times):6.3f} s)\n"
          f"  new layer  write into a new layer made from the file {min(new_times):6.3f} s\n"
          f"  ratio to read_arrow: import {total / reference:6.1f}×, read alone {read_s / reference:5.1f}×;"
          f"  to read_dataframe(arrow): import {total / frame_ref:5.1f}×, read alone {read_s / frame_ref:4.1f}×"
          "  (target ≤ 1.5×)")


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base = work / "base.gpkg"
        build_project(base)
        frame = sample(n)
        for name in ("points.gpkg", "points.geojson"):
            pyogrio.write_dataframe(frame, work / name)
            run(work / name, base, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
