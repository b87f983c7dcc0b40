"""Open the start-up project and read its layers in a thread while Qt builds the window.

(No Qt here: importing Qt in this thread would only queue behind the GUI thread's imports.)

Reading GeoPackage features is mostly GDAL work outside the GIL, so on two or more cores the
first map appears sooner. Errors are kept and re-raised where the window opens the project,
so the user sees the same clear dialog as for any other file.
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


class ProjectPrefetch:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.project = None
        self.frames: dict = {}
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="project-prefetch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.project = open_project_file(self.path)
            self.frames = {d.name: self.project.features(d.name) for d in self.project.layers()}
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self.error = exc

    def result(self):
        """(project, frames by layer); raises what opening the file raised."""
        self._thread.join()
        if self.error is not None:
            raise self.error
        return self.project, self.frames


class BasemapPrefetch:
    """Read the basemap file's layers (GDAL work, no Qt) while the window is being built."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.frames: dict | None = None
        self._thread = threading.Thread(target=self._run, name="basemap-prefetch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            import pyogrio

            if self.path.exists():
                names = [str(n) for n, _ in pyogrio.list_layers(self.path)]
                self.frames = {n: pyogrio.read_dataframe(self.path, layer=n) for n in names}
        except Exception:  # noqa: BLE001 - the basemap reader reports it when it reads again
            self.frames = None

    def result(self) -> dict | None:
        """Frames by layer name, or None (then the basemap is read the ordinary way)."""
        self._thread.join()
        return self.frames
