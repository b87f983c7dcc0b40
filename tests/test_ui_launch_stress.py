"""Launch the window and quit, many times, four at once: it must never die of a signal.

One launch in about thirty under load used to die with SIGSEGV (or shiboken's "could not
initialize part 2"): the first-frame prefetch thread imported PySide6.QtGui while the GUI
thread was importing PySide6. GISPLANNER_LAUNCH_STRESS sets the number of launches (default 24).
"""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO

LAUNCHES = int(os.environ.get("GISPLANNER_LAUNCH_STRESS", "24"))
AT_ONCE = 4


def test_launch_and_quit_never_crashes(built_project_path, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONFAULTHANDLER": "1",
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    failures = []
    for start in range(0, LAUNCHES, AT_ONCE):
        procs = []
        for i in range(start, min(start + AT_ONCE, LAUNCHES)):
            args = [sys.executable, "main.py", "--project", str(built_project_path), "--lang", "zh",
                    "--exit-after-first-paint"]
            extra = {"GISPLANNER_EXIT_AFTER_OPEN": "1"} if i % 2 else {}
            procs.append(subprocess.Popen(args, cwd=REPO, env={**env, **extra}, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.PIPE, text=True))
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            if proc.returncode != 0 or "Fatal Python error" in err:
                failures.append((proc.returncode, err[-1500:]))
    assert not failures, failures


IMPORT_WATCH = """
import runpy, sys, threading

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name in sys.modules:
            return None
        thread = threading.current_thread().name
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            sys.stderr.write(f"import {name} on {thread}\\n")
        elif thread != "MainThread" and "PySide6.QtWidgets" not in sys.modules:
            sys.stderr.write(f"early {name} on {thread}\\n")  # may race shiboken's start-up
        return None

sys.meta_path.insert(0, Watch())
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path("main.py", run_name="__main__")
"""


def test_only_the_gui_thread_imports_pyside(built_project_path, tmp_path):
    """The cause of the crash, checked on every launch: no worker thread imports PySide6 first."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    out = subprocess.run([sys.executable, "-c", IMPORT_WATCH, "--project", str(built_project_path),
                          "--exit-after-first-paint"], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    imports = [line.split(" on ") for line in out.stderr.splitlines() if line.startswith("import ")]
    assert any("QtGui" in name for name, _ in imports)
    assert {thread for _, thread in imports} == {"MainThread"}, imports
    # nor does a worker import anything while the GUI thread may still be starting shiboken
    assert not [line for line in out.stderr.splitlines() if line.startswith("early ")], out.stderr[-2000:]


TYPE_WATCH = """
import runpy, sys

def made():
    return {n: set(vars(m)) for n, m in sys.modules.items() if n.startswith("PySide6.Qt")}

def watched(run):
    def wrapper(*args):
        before = made()
        run(*args)
        new = {n: sorted(names - before[n]) for n, names in made().items() if n in before and names - before[n]}
        if new:
            sys.stderr.write(f"made while a worker thread ran: {new}\\n")
    return wrapper

import gisplanner.ui.canvas as canvas, gisplanner.ui.quick_read as quick_read
canvas._RenderJob.run = watched(canvas._RenderJob.run)
quick_read.QuickPrefetch._run = watched(quick_read.QuickPrefetch._run)
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path("main.py", run_name="__main__")
"""


def test_no_worker_thread_makes_a_qt_type(built_project_path, tmp_path):
    """PySide6 makes its Python types on first use, and two threads making them at once left
    QBrush unusable in a launch that then hung: every type is made at import, on the GUI
    thread, so the map's render thread and the layer prefetch find them all made."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    out = subprocess.run([sys.executable, "-c", TYPE_WATCH, "--project", str(built_project_path),
                          "--exit-after-first-paint"], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "first-paint" in out.stdout
    assert "made while a worker thread ran" not in out.stderr, out.stderr[-2000:]


BROKEN_PREVIEW = """
import runpy, sys
import gisplanner.ui.main_window as main_window

def broken(self, path, layers):
    raise RuntimeError("preview broke")

main_window.MainWindow.show_preview = broken
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path("main.py", run_name="__main__")
"""


def test_a_failed_start_up_preview_still_opens_the_project(built_project_path, tmp_path):
    """The quick first frame is a shortcut: if it fails (a bug), the error is reported and the
    project opens the ordinary way, rather than leaving an empty window."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "GISPLANNER_EXIT_AFTER_OPEN": "1"}
    out = subprocess.run([sys.executable, "-c", BROKEN_PREVIEW, "--project", str(built_project_path)],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "project-open" in out.stdout
    assert "RuntimeError: preview broke" in out.stderr
