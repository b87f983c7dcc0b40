"""Re-read changed layers in a worker thread, so the window keeps taking input meanwhile.

The GUI thread names the layers to re-read; one worker thread reads them (pyogrio opens its
own file handle, the project's sqlite connection allows other threads) and prepares their
drawable data (bounds, spatial index, style groups). Requests that arrive while a read runs
are merged and served by one more read afterwards, so the newest state always lands last and
no request is lost. The map keeps drawing the previous data until the new data is handed over.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from gisplanner.ui.map_layers import MapLayer, prepare_layer

log = logging.getLogger(__name__)
RETRIES = 2  # a read that met a save in progress ("database is locked") is tried again


class LayerLoader(QObject):
    loaded = Signal(object)  # dict: layer name -> MapLayer (model not yet attached)
    failed = Signal(str)  # why a layer could not be re-read
    _finished = Signal(int)  # worker → GUI thread: run id

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = None
        self._pending: set[str] = set()
        self._thread: threading.Thread | None = None
        self._run_id = 0
        self._result: tuple | None = None  # (run id, project, names, layers, error)
        self._failures = 0
        self._finished.connect(self._finish)

    def busy(self) -> bool:
        return self._thread is not None or bool(self._pending)

    def request(self, project, names) -> None:
        """Re-read ``names`` of ``project`` in the background; ``loaded`` delivers them."""
        if project is not self._project:  # another project: what the old one wanted is moot
            self._project, self._pending = project, set()
        self._pending |= set(names)
        if self._thread is None and self._pending:
            self._start()

    def cancel(self) -> None:
        """Forget pending work (the project closes); a running read is dropped when it ends."""
        self._project, self._pending = None, set()

    def wait(self) -> None:
        """Block until every request so far is delivered (for readers that need fresh data)."""
        while self._thread is not None:
            self._thread.join()
            self._finish(self._run_id)

    def _start(self) -> None:
        definitions = {d.name: d for d in self._project.layers()}
        wanted = [definitions[n] for n in sorted(self._pending) if n in definitions]
        self._pending = set()
        if not wanted:
            return
        self._run_id += 1
        self._thread = threading.Thread(target=self._run, name="layer-reload", daemon=True,
                                        args=(self._run_id, self._project, wanted))
        self._thread.start()

    def _run(self, run_id: int, project, definitions: list) -> None:
        out: dict[str, MapLayer] = {}
        error: BaseException | None = None
        try:
            for definition in definitions:
                out[definition.name] = prepare_layer(project, definition)
        except Exception as exc:  # noqa: BLE001 - reported on the GUI thread
            error = exc
        self._result = (run_id, project, [d.name for d in definitions], out, error)
        try:
            self._finished.emit(run_id)
        except RuntimeError:  # the window closed while reading: nobody is left to hand it to
            log.debug("layer reload finished after its loader was deleted")

    def _finish(self, run_id: int) -> None:
        result, thread = self._result, self._thread
        if thread is None or result is None or result[0] != run_id:
            return  # already handed over (wait() got there first)
        thread.join()
        self._thread, self._result = None, None
        _, project, names, out, error = result
        if project is not self._project:
            pass  # the project changed or closed meanwhile: this data belongs to no one
        elif error is not None:
            log.warning("layer reload failed: %s", error)
            self._failures += 1
            if self._failures <= RETRIES:
                self._pending |= set(names)
            else:
                self._failures = 0
                self.failed.emit(f"{', '.join(names)}: {error}")
        else:
            self._failures = 0
            self.loaded.emit(out)
        if self._pending and self._project is not None:
            self._start()
