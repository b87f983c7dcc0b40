"""The PySide6 front end (installed as ``gisplanner.ui``): a thin face over the core."""

import os

# Qt's raster engine splits every fill of 96 spans or more across its GUI thread pool and
# waits for the pieces: a map frame at detail made about a thousand thread hand-offs, which
# cost more than the fills themselves and stalled whenever another process held a core
# (bench/bench_render.py, 1M polygons at 64x). Qt reads this once, when it first wants the
# pool, so it is set before anything is painted; fills then stay on the painting thread.
os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")

# PySide6 makes a module's Python types on first use, and not safely from two threads at once:
# the map renders in a worker thread while the window is being built, and one launch of 24 in
# a CI run (four at once on two cores) was left with QBrush unusable on the GUI thread
# ("QGradient has no attribute Preset"), never drew its layers and hung. With lazy types off,
# every type is made at import, on the GUI thread, which imports PySide6 first
# (gisplanner.ui.quick_read). It costs start-up about 0.1 s (bench/bench_launch.py: first
# paint 828 against 708 ms, median of 7; target still met). Read once, at PySide6's import.
os.environ.setdefault("PYSIDE6_OPTION_LAZY", "0")
