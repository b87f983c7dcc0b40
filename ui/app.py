"""Start the desktop app: ``run(argv)`` parses its options, sets up Qt, opens the window.

  --project FILE   open this project (else the last one, else the shipped one, built on
                   first launch with a progress dialog)
  --lang zh|en     UI language (else the saved choice, else the system locale)
  --feature UID    zoom to a feature and show its plan clauses
GISPLANNER_STARTUP_TRACE=1 prints where start-up time goes. Hidden options for benchmarks and
docs: --exit-after-first-paint (print seconds to the first painted map, quit) and
--screenshot PNG (save the window once the map is drawn, quit).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

T0 = time.perf_counter()
TRACE = bool(os.environ.get("GISPLANNER_STARTUP_TRACE"))


def _mark(label: str) -> None:
    """With GISPLANNER_STARTUP_TRACE=1, say how long start-up took to reach ``label``."""
    if TRACE:
        sys.stderr.write(f"startup {1000 * (time.perf_counter() - T0):7.1f} ms  {label}  (epoch {time.time():.3f})\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gisplanner", description="gisplanner desktop window")
    parser.add_argument("--project", type=Path, help="project GeoPackage to open")
    parser.add_argument("--lang", choices=["zh", "en"], help="UI language (default: system locale)")
    parser.add_argument("--feature", metavar="UID", help="zoom to this feature and show its plan clauses")
    # For bench/bench_launch.py: print seconds to the first painted map and quit.
    parser.add_argument("--exit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--screenshot", type=Path, help=argparse.SUPPRESS)
    return parser


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    from gisplanner.paths import BASEMAP_FILE
    from gisplanner.ui.prefetch import BasemapPrefetch, ProjectPrefetch

    prefetch = ProjectPrefetch(args.project) if args.project else None
    basemap = BasemapPrefetch(BASEMAP_FILE)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from gisplanner.paths import default_project_path
    from gisplanner.ui import settings as prefs
    from gisplanner.ui.i18n import install_qt_translations, set_lang, system_lang

    _mark("Qt imported")
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "gisplanner"])
    _mark("QApplication")
    app.setOrganizationName(prefs.ORG)
    app.setApplicationName(prefs.APP)
    font = app.font()
    font.setFamilies(["Noto Sans CJK SC", "Noto Sans SC", *font.families()])
    app.setFont(font)
    settings = prefs.app_settings()
    code = args.lang or prefs.language(settings) or system_lang()
    set_lang(code)
    install_qt_translations(app, code)

    from gisplanner.ui.main_window import MainWindow

    _mark("main window module imported")
    window = MainWindow(settings, basemap_frames=basemap.result)
    _mark("main window built")
    window.canvas.frame_ready.connect(lambda: _mark("frame rendered"))
    if args.exit_after_first_paint:
        floor: list[int] = []

        def painted(job: int) -> None:
            if floor and job > floor[0]:  # a frame rendered with the project's layers
                print(f"first-paint {time.perf_counter() - T0:.3f}", flush=True)
                app.quit()  # before anything queued after the first frame (add-ons) runs

        window.project_changed.connect(lambda _p: floor.append(window.canvas.last_job_id()))
        window.canvas.frame_painted.connect(painted)
    if args.screenshot:
        shot_floor: list[int] = []

        def shoot_when_drawn(job: int) -> None:
            if shot_floor and job > shot_floor[0] and window.canvas.frame_is_current():
                QTimer.singleShot(600, lambda: _shoot(window, args.screenshot, app))

        window.canvas.frame_painted.connect(shoot_when_drawn)
    if args.screenshot:
        window.resize(1600, 1000)
    window.canvas.set_paused(True)  # draw once the project is open, not the empty map first
    window.show()
    app.sendPostedEvents()  # settle the dock layout now, so the first frame has the final size

    def open_initial() -> None:
        try:
            _mark("opening the project")
            open_first()
            _mark("project open")
            if args.feature and window.project is not None:
                window.show_feature(args.feature)
        finally:
            window.canvas.set_paused(False)
            if args.screenshot:
                shot_floor.append(window.canvas.last_job_id())

    def open_first() -> None:
        if args.project:
            window.open_project(args.project, prefetch=prefetch)
            return
        last = prefs.last_project(settings)
        if last is not None and last.exists():
            window.open_project(last)
        elif default_project_path().exists():
            window.open_project(default_project_path())
        else:
            window.build_default_project()

    QTimer.singleShot(0, open_initial)
    return app.exec()


def _shoot(window, path: Path, app) -> None:
    if getattr(window, "_shot", False):
        return
    window._shot = True
    window.grab().save(str(path))
    print(f"screenshot {path}", flush=True)
    window.close()
    app.quit()
