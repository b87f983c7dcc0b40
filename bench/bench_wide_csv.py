"""A CSV with many columns made into a new layer: time must grow with the columns, not their square.

Reads, checks and writes CSVs of 20 rows with 500, 1000 and 1900 columns as a new layer of a
fresh copy of the shipped project, and compares each time with the linear reference: the
500-column time scaled by the column count. Ratios near 1 mean linear; a quadratic cost shows
as a ratio near the column factor (2, 3.8).

Run: .venv/bin/python bench/bench_wide_csv.py
"""

from __future__ import annotations

import csv
import shutil
import tempfile
import time
from pathlib import Path

from gisplanner.io.import_ import ImportOptions, prepare_import, write_import
from gisplanner.io.new_layer import NewLayer
from gisplanner.io.readers import read_source
from gisplanner.store import build_project


def wide_csv(path: Path, columns: int, rows: int = 20) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["name", "lon", "lat", *(f"c{i}" for i in range(columns))])
        for r in range(rows):
            out.writerow([f"site {r}", 106.5 + r / 100, 29.5, *(str(i * r) for i in range(columns))])


def timed(project: Path, source: Path) -> float:
    start = time.perf_counter()
    table = read_source(source)
    prepared = prepare_import(table, ImportOptions("wide", new_layer=NewLayer("wide", "", "", None)))
    write_import(project, prepared)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.gpkg"
        build_project(base)
        results = {}
        for columns in (500, 1000, 1900):
            source = Path(tmp) / f"wide{columns}.csv"
            wide_csv(source, columns)
            project = Path(tmp) / f"p{columns}.gpkg"
            shutil.copy2(base, project)
            results[columns] = timed(project, source)
        unit = results[500] / 500
        for columns, seconds in results.items():
            linear = unit * columns
            print(f"{columns:>5} columns: {seconds:6.2f} s  linear reference {linear:6.2f} s  "
                  f"ratio {seconds / linear:4.2f}")


if __name__ == "__main__":
    main()
