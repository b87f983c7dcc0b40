"""Start the desktop app: ``run(argv)`` parses its options, sets up Qt, opens the window.

  --project FILE   open this project (else the last one, else the shipped one, built on
                   first launch with a progress dialog)
  --lang zh|en     UI language (else the saved choice, else the system locale)
  --feature UID    zoom to a feature and show its plan clauses
GISPLANNER_STARTUP_TRACE=1 prints where start-up time goes. Hidden options for benchmarks and
docs: --exit-after-first-paint (print seconds to the first painted map, quit) and
--screenshot PNG (save the window once the map is drawn, quit); GISPLANNER_EXIT_AFTER_OPEN=1
prints seconds until the project is open and quits.

Start-up draws the map first from a sqlite-only read of the project (``quick_read``), then
opens the project (which imports geopandas/GDAL) and loads the add-ons.
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
    from gisplanner.ui.prefetch import BasemapPrefetch
    from gisplanner.ui.quick_read import QuickPrefetch

    quick = QuickPrefetch(args.project) if args.project else None  # the first frame's layers
    basemap = BasemapPrefetch(BASEMAP_FILE)
    from PySide6 import QtGui  # noqa: F401 - the prefetch thread builds QtGui data: import it here first
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from gisplanner.ui.quick_read import qt_imported

    qt_imported()

    from gisplanner.ui import settings as prefs
    from gisplanner.ui.i18n import install_qt_translations, set_lang, system_lang

    _mark("Qt imported")
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "gisplanner"])
    _mark("QApplication")
    from gisplanner.ui.unexpected_error import install as show_unexpected_errors

    show_unexpected_errors(app)
    app.setOrganizationName(prefs.ORG)
    app.setApplicationName(prefs.APP)
    font = app.font()
    font.setFamilies(["Noto Sans CJK SC", "Noto Sans SC", *font.families()])
    app.setFont(font)
    settings = prefs.app_settings()
    start_path = args.project or _start_project(settings)
    if quick is None and start_path is not None:
        quick = QuickPrefetch(start_path)
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
                # What is queued after the first frame may still run before the loop ends:
                # make it a no-op (no project open, no add-ons that might ask a question).
                window.after_first_frame.clear()
                window.extensions = {}
                app.quit()

        # The project's layers are in place (a start-up preview or the opened project).
        window.layers_reloaded.connect(lambda _n: floor.append(window.canvas.last_job_id()))
        window.canvas.frame_painted.connect(painted)
    if os.environ.get("GISPLANNER_EXIT_AFTER_OPEN"):  # bench: until the panels can be used too
        def opened(project) -> None:
            if project is not None:
                print(f"project-open {time.perf_counter() - T0:.3f}", flush=True)
                QTimer.singleShot(0, app.quit)

        window.project_changed.connect(opened)
    if args.screenshot:
        shot_floor: list[int] = []

        def shoot_when_drawn(job: int) -> None:
            if shot_floor and job > shot_floor[0] and window.canvas.frame_is_current() and window.project:
                QTimer.singleShot(600, lambda: _shoot(window, args.screenshot, app))

        window.canvas.frame_painted.connect(shoot_when_drawn)
    window.canvas.set_paused(True)  # draw once the project is open, not the empty map first
    if args.screenshot:
        window.resize(1600, 1000)
        window.show()
    else:
        window.show_first()
    app.sendPostedEvents()  # settle the dock layout now, so the first frame has the final size

    def open_initial() -> None:
        try:
            _mark("opening the project")
            open_first()
            _mark("project open" if window.project is not None else "map preview ready")
            if args.feature and window.project is not None:
                window.show_feature(args.feature)
        finally:
            window.canvas.set_paused(False)
            if args.screenshot:
                shot_floor.append(window.canvas.last_job_id())

    def open_first() -> None:
        layers = quick.result() if quick is not None else None
        if layers is not None:  # draw the map now, open the project once it is on screen
            try:
                window.show_preview(start_path, layers)
            except Exception:  # noqa: BLE001 - a bug: shown in the error dialog; the ordinary open follows
                sys.excepthook(*sys.exc_info())
                window.open_project(start_path)
                return
            window.after_first_frame.append(lambda: open_after_preview(layers))
        elif start_path is not None:
            window.open_project(start_path)
        else:
            window.build_default_project()

    def open_after_preview(layers: dict) -> None:
        if window.project is None:
            window.open_project(start_path, frames=layers)
            _mark("project open")
            if args.feature and window.project is not None:
                window.show_feature(args.feature)

    QTimer.singleShot(0, open_initial)
    return app.exec()


def _start_project(settings) -> Path | None:
    """The project to open without --project: the last one, else the shipped one if built."""
    from gisplanner.paths import default_project_path
    from gisplanner.ui import settings as prefs

    last = prefs.last_project(settings)
    if last is not None and last.exists():
        return last
    return default_project_path() if default_project_path().exists() else None


def _shoot(window, path: Path, app) -> None:
    if getattr(window, "_shot", False):
        return
    window._shot = True
    window.grab().save(str(path))
    print(f"screenshot {path}", flush=True)
    window.close()
    app.quit()
