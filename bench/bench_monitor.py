"""Monitoring speed on a large project: ``indicators``, ``overdue`` and the meeting brief.

The shipped project grown to 100k features (10k of them inside the Chongqing International
Bio-City, every one with a deadline, a kind and a status history of one to three entries)
and 10k indicator actual values (imported from a CSV through the edit session, also timed).

1. ``indicators --json`` and ``overdue --json`` (whole commands in this process, output
   discarded), each against the reference of plain sqlite3 reading the same rows
   (the actual values; the features' deadline columns and the status history).
2. The brief of the Bio-City (10k features) as HTML and as PDF, against the HTML map export
   of the same park (the map the HTML brief embeds).
3. The Progress panel (offscreen Qt) when the date slider moves one month with the map on
   that date: the panel's update, then the layers the canvas asks for its next frame
   (restyled by the statuses of that date), against the 50 ms frame budget.

Run: ``.venv/bin/python bench/bench_monitor.py``.
"""

from __future__ import annotations

import contextlib
import io
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from shapely.geometry import Point

from gisplanner.cli import main as cli_main
from gisplanner.export import ExportOptions, export_html
from gisplanner.store import Project, build_project
from gisplanner.store.gpkg_geometry import encode
from gisplanner.store.gpkg_sql import connect_writer, write_transaction

N_FEATURES = 100_000
IN_PARK = 10_000
N_ACTUALS = 10_000
PARK = "cq.biocity"
STATUSES = ["proposed", "planning_study", "planned", "approved", "under_construction", "completed"]


def grow(path: Path) -> None:
    """Synthetic facilities (10k inside the park), each with a deadline, a kind and history."""
    with Project.open(path) as project:
        park = project.feature(PARK)["geometry"]
    x0, y0, x1, y1 = park.bounds
    rng = random.Random(7)
    conn = connect_writer(path)
    if "deadline_kind" not in {r[1] for r in conn.execute("PRAGMA table_info(facilities)")}:  # older builds
        conn.execute("ALTER TABLE facilities ADD COLUMN deadline_kind TEXT")
    have = conn.execute("SELECT count(*) FROM facilities").fetchone()[0]
    rows, history = [], []
    inside = 0
    for i in range(N_FEATURES - have):
        if inside < IN_PARK:
            while not park.contains(point := Point(rng.uniform(x0, x1), rng.uniform(y0, y1))):
                pass
            inside += 1
        else:
            point = Point(103 + 10 * rng.random(), 22 + 10 * rng.random())
        steps = sorted(rng.sample(range(len(STATUSES)), rng.randint(1, 3)))
        dates = sorted(f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-01" for _ in steps)
        for step, date in zip(steps, dates, strict=True):
            history.append((f"bench.f{i}", STATUSES[step], date, "bench"))
        rows.append((encode(point), f"bench.f{i}", f"设施{i}", f"Facility {i}", "platform", STATUSES[steps[-1]],
                     dates[-1], "site", rng.randint(2022, 2027), rng.choice(["start", "complete", "study"])))
    with write_transaction(conn, path):
        conn.executemany("INSERT INTO facilities (geom, uid, name_zh, name_en, kind, status, status_date,"
                         " location_precision, deadline, deadline_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.executemany("INSERT INTO status_history (feature_uid, status, date, source) VALUES (?, ?, ?, ?)",
                         history)
    conn.close()


def actuals_csv(path: Path, folder: Path) -> Path:
    with Project.open(path) as project:
        ids = [r[0] for r in project.db.execute("SELECT id FROM indicators WHERE kind != 'statistic'")]
    rng = random.Random(3)
    out = folder / "actuals.csv"
    lines = ["indicator,date,value,source"]
    for i in range(N_ACTUALS):
        lines.append(f"{ids[i % len(ids)]},{2019 + i % 7}-{1 + i % 12:02d},{rng.uniform(0, 2500):.1f},统计月报{i}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def timed(func, rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run_cli(*args: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = cli_main(list(args))
    if code != 0:
        raise SystemExit(f"command {args} failed with {code}")


def raw_reads(path: Path) -> tuple[float, float]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    actuals = timed(lambda: conn.execute("SELECT * FROM indicator_actuals ORDER BY indicator_id, date").fetchall())

    def features():
        for (layer,) in conn.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'").fetchall():
            conn.execute(f'SELECT uid, status, status_date, deadline FROM "{layer}"').fetchall()
        conn.execute("SELECT feature_uid, status, date FROM status_history").fetchall()

    overdue = timed(features)
    conn.close()
    return actuals, overdue


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "bench.gpkg"
        started = time.perf_counter()
        build_project(path)
        grow(path)
        print(f"project: {N_FEATURES} features ({IN_PARK} in {PARK}), made in {time.perf_counter() - started:.1f} s")
        csv_path = actuals_csv(path, folder)
        started = time.perf_counter()
        run_cli("import-actuals", str(csv_path), "--project", str(path))
        print(f"import-actuals {N_ACTUALS} rows (checked, one transaction, journaled): "
              f"{time.perf_counter() - started:.2f} s")
        with Project.open(path) as project:
            n_actuals = project.db.execute("SELECT count(*) FROM indicator_actuals").fetchone()[0]
        raw_actuals, raw_overdue = raw_reads(path)
        t_ind = timed(lambda: run_cli("indicators", "--json", "--project", str(path)))
        t_over = timed(lambda: run_cli("overdue", "--as-of", "2025-06-30", "--json", "--project", str(path)))
        print(f"indicators --json ({n_actuals} actual values): {t_ind * 1000:.0f} ms "
              f"(reference: sqlite3 reading the actual values {raw_actuals * 1000:.0f} ms)")
        print(f"overdue --json ({N_FEATURES} features): {t_over * 1000:.0f} ms "
              f"(reference: sqlite3 reading deadlines and status history {raw_overdue * 1000:.0f} ms)")
        with Project.open(path) as project:
            t_map = timed(lambda: export_html(project, folder / "map.html",
                                              ExportOptions(park=PARK, online_tiles=False)), rounds=1)
        t_html = timed(lambda: run_cli("report", "--park", PARK, "--out", str(folder / "b.html"),
                                       "--since", "2020", "--project", str(path)), rounds=1)
        t_pdf = timed(lambda: run_cli("report", "--park", PARK, "--out", str(folder / "b.pdf"),
                                      "--since", "2020", "--project", str(path)), rounds=1)
        size_html = (folder / "b.html").stat().st_size / 1e6
        size_pdf = (folder / "b.pdf").stat().st_size / 1e6
        print(f"report --park {PARK} ({IN_PARK}+ features) HTML: {t_html:.2f} s, {size_html:.1f} MB; "
              f"PDF: {t_pdf:.2f} s, {size_pdf:.1f} MB (reference: export-html of the same park {t_map:.2f} s)")
        slider_step(path, folder)
    return 0


def slider_step(path: Path, folder: Path) -> None:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gisplanner.ui.main_window import MainWindow
    from gisplanner.ui.monitor_progress import install

    app = QApplication.instance() or QApplication([])
    window = MainWindow(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    window.open_project(path, ask=False)
    window.map_layers  # noqa: B018 - waits for the layers to be read
    panel = install(window)
    panel.map_check.setChecked(True)
    panel_ms, frame_ms = [], []
    for value in range(panel.slider.maximum() - 36, panel.slider.maximum() + 1, 3):
        started = time.perf_counter()
        panel.slider.setValue(value)
        panel_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        window._render_layers()
        frame_ms.append((time.perf_counter() - started) * 1000)
    marks_ms = overdue_marks_paint(window, panel)
    window.canvas.shutdown()
    app.processEvents()
    both = [a + b for a, b in zip(panel_ms, frame_ms, strict=True)]
    print(f"date slider step, {N_FEATURES} features, {len(panel.overdue_uids)} overdue: panel "
          f"{statistics.median(panel_ms):.0f} ms + map restyle {statistics.median(frame_ms):.0f} ms = "
          f"{statistics.median(both):.0f} ms median, {max(both):.0f} ms max (reference: 50 ms frame budget)")
    print(f"overdue marks over the whole map ({len(panel.late_uids)} overdue): first repaint {marks_ms[0]:.0f} ms, "
          f"then {statistics.median(marks_ms[1:]):.0f} ms median (reference: 50 ms frame budget)")


def overdue_marks_paint(window, panel) -> list[float]:
    """Repaints of the overdue marks at full extent: the first builds each layer's mask."""
    from PySide6.QtGui import QImage, QPainter

    from gisplanner.ui.overdue_marks import paint_overdue

    window.zoom_full()
    view = window.canvas.view
    image = QImage(view.width, view.height, QImage.Format.Format_ARGB32_Premultiplied)
    cache: dict = {}
    out = []
    for _ in range(6):
        painter = QPainter(image)
        started = time.perf_counter()
        paint_overdue(painter, view, window.canvas.hit_source(), panel.late_uids, cache)
        out.append((time.perf_counter() - started) * 1000)
        painter.end()
    return out


if __name__ == "__main__":
    sys.exit(main())
