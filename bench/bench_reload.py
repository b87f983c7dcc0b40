"""Layer reload after an edit or import: how long the window stops handling events.

A copy of the shipped project gets 100k extra facility points. Measured in the same run:
  blocking  — re-reading every layer on the GUI thread (what a reload used to do, through
              GDAL/geopandas; and with the sqlite reader used now);
  worker    — ``reload_layers(layers=["facilities"])`` and ``reload_layers()``: time until the
              new data is drawn, and the longest pause of the event loop meanwhile (a 1 ms
              QTimer's largest gap between ticks).
Run: .venv/bin/python bench/bench_reload.py [--n 100000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from gisplanner.store import build_project
    from gisplanner.ui.main_window import MainWindow
    from gisplanner.ui.map_layers import load_map_layers
    from test_ui_reload import add_synthetic_points

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "built.gpkg"
        build_project(built)
        path = Path(tmp) / "bench.gpkg"
        shutil.copy2(built, path)
        add_synthetic_points(path, args.n)
        window = MainWindow(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1400, 900)
        window.show()
        window.open_project(path, ask=False)

        def settle() -> None:  # the frame of the previous round drawn, start-up work done
            while not (window.canvas.frame_is_current() and window.extensions is not None):
                app.processEvents()
                time.sleep(0.01)

        settle()

        def worker_round(**kwargs) -> tuple[float, float]:
            ticks: list[float] = []
            timer = QTimer()
            timer.setInterval(1)
            timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
            loop = QEventLoop()
            window.layers_reloaded.connect(loop.quit)
            timer.start()
            t = time.perf_counter()
            ticks.append(t)
            window.reload_layers(**kwargs)
            loop.exec()
            done = time.perf_counter()
            ticks.append(done)
            timer.stop()
            window.layers_reloaded.disconnect(loop.quit)
            gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
            return done - t, max(gaps)

        blocking, gdal, one, every = [], [], [], []
        for _ in range(args.rounds):
            t = time.perf_counter()
            load_map_layers(window.project, window.layer_list)
            blocking.append(time.perf_counter() - t)
            t = time.perf_counter()  # as round one did it: GeoDataFrames from GDAL
            load_map_layers(window.project, window.layer_list,
                            {d.name: window.project.features(d.name) for d in window.project.layers()})
            gdal.append(time.perf_counter() - t)
            settle()
            one.append(worker_round(layers=["facilities"]))
            settle()
            every.append(worker_round())
        window.canvas.shutdown()
        window.set_project(None)

    def ms(x: float) -> str:
        return f"{x * 1000:6.0f} ms"

    print(f"layer reload, {args.n} extra facility points, median of {args.rounds} (offscreen)")
    print(f"  blocking re-read of every layer, GDAL/geopandas read     {ms(statistics.median(gdal))}"
          "   (round one: event loop paused all along)")
    print(f"  blocking re-read of every layer, sqlite read             {ms(statistics.median(blocking))}")
    for label, runs in (("worker: the changed layer only", one), ("worker: every layer (old call)", every)):
        print(f"  {label:<40} done after {ms(statistics.median(r[0] for r in runs))},"
              f" longest event-loop pause {ms(statistics.median(r[1] for r in runs))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
