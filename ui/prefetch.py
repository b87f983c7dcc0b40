"""Open the start-up project and read its layers in a thread while Qt builds the window.

Reading GeoPackage features is mostly GDAL work outside the GIL, so on two or more cores the
first map appears sooner. Errors are kept and re-raised where the window opens the project,
so the user sees the same clear dialog as for any other file.
"""

from __future__ import annotations

import threading
from pathlib import Path


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
            from gisplanner.ui.project_io import open_project_file

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
