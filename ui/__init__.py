"""The PySide6 front end (installed as ``gisplanner.ui``): a thin face over the core."""

import os

# Qt's raster engine splits every fill of 96 spans or more across its GUI thread pool and
# waits for the pieces: a map frame at detail made about a thousand thread hand-offs, which
# cost more than the fills themselves and stalled whenever another process held a core
# (bench/bench_render.py, 1M polygons at 64x). Qt reads this once, when it first wants the
# pool, so it is set before anything is painted; fills then stay on the painting thread.
os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
