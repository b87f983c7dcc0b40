"""Launch time: start to the first painted map, against merely importing the big libraries.

Both run as fresh processes in the same run (offscreen Qt), timed from spawn to exit:
  reference: python -c "import PySide6.QtWidgets, geopandas, pyogrio"
  gisplanner: python main.py --project P --exit-after-first-paint (opens the window, renders
              the project's layers over the basemap, paints, quits)
  also, for the record: the same until the project itself is open (clause browser, identify),
              which start-up does right after the first frame (GISPLANNER_EXIT_AFTER_OPEN=1)
Target: gisplanner ≤ 1.3 × reference.  Run: .venv/bin/python bench/bench_launch.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    elapsed = time.perf_counter() - t
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stderr[-2000:]}")
    return elapsed, out.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": tmp, "XDG_DATA_HOME": tmp}
        project = Path(tmp) / "bench.gpkg"
        from gisplanner.store import build_project

        build_project(project)
        ref_cmd = [sys.executable, "-c", "import PySide6.QtWidgets, geopandas, pyogrio"]
        app_cmd = [sys.executable, "main.py", "--project", str(project), "--exit-after-first-paint", "--lang", "zh"]
        timed(ref_cmd, env)  # warm the OS file cache for both
        timed(app_cmd, env)
        open_cmd = [c for c in app_cmd if c != "--exit-after-first-paint"]
        open_env = {**env, "GISPLANNER_EXIT_AFTER_OPEN": "1"}
        ref, app, inner, full, opened = [], [], [], [], []
        for _ in range(args.rounds):
            ref.append(timed(ref_cmd, env)[0])
            elapsed, out = timed(app_cmd, env)
            app.append(elapsed)
            inner += [float(line.split()[1]) for line in out.splitlines() if line.startswith("first-paint")]
            elapsed, out = timed(open_cmd, open_env)
            full.append(elapsed)
            opened += [float(line.split()[1]) for line in out.splitlines() if line.startswith("project-open")]
    r, a = statistics.median(ref), statistics.median(app)
    print(f"launch, median of {args.rounds} fresh processes (offscreen)")
    print(f"  import PySide6.QtWidgets, geopandas, pyogrio   {r * 1000:7.0f} ms")
    print(f"  gisplanner to first painted map, then exit      {a * 1000:7.0f} ms"
          f"   (in-process to first paint {statistics.median(inner) * 1000:.0f} ms after ui.app import)")
    print(f"  ratio                                           {a / r:7.2f}   target <= 1.3")
    print(f"  (until the project is open and add-ons loaded, then exit {statistics.median(full) * 1000:5.0f} ms,"
          f" ratio {statistics.median(full) / r:.2f}; project open {statistics.median(opened) * 1000:.0f} ms"
          " in-process)")
    print("  rounds (ref / first paint / project open, ms): " + "  ".join(
        f"{x * 1000:.0f}/{y * 1000:.0f}/{z * 1000:.0f}" for x, y, z in zip(ref, app, full, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
