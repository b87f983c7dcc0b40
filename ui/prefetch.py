"""Opening a project file, and reading the basemap in a thread while Qt builds the window.

(No Qt here: importing Qt in this thread would only queue behind the GUI thread's imports.)
The start-up project's layers are read ahead by ``gisplanner.ui.quick_read``.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


def open_project_file(path: Path):
    """Open for writing when the file allows it (edits, migrations), else read-only."""
    from gisplanner.store import Project

    path = Path(path)
    mode = "rw" if path.is_file() and os.access(path, os.W_OK) else "r"
    return Project.open(path, mode)


class BasemapPrefetch:
    """Read the basemap file's layers (sqlite and shapely, no Qt) while the window is being built."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.frames: dict | None = None
        self._thread = threading.Thread(target=self._run, name="basemap-prefetch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            if self.path.exists():
                from gisplanner.ui.quick_read import read_raw

                self.frames = read_raw(self.path, None, ("name_zh",))  # every layer: Qt-free here
        except Exception:  # noqa: BLE001 - the basemap reader reports it when it reads again
            self.frames = None

    def result(self) -> dict | None:
        """Layers by name, or None (then the basemap is read the ordinary way)."""
        self._thread.join()
        return self.frames
