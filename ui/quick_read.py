"""Read a project's feature layers for the first frame with sqlite3 and shapely alone.

A GeoPackage geometry is a small header followed by WKB, so the columns the map draws can be
read without GDAL, pandas or geopandas — libraries that take longer to import than the whole
first frame takes to draw. The project itself (``gisplanner.store.Project``, which needs them)
opens right after the map is on screen. Anything unexpected returns None and start-up falls
back to the ordinary open, which explains problems in a dialog.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely

if TYPE_CHECKING:
    from gisplanner.ui.layer_data import LayerData

DRAW_COLUMNS = ("uid", "name_zh", "name_en", "kind", "status", "deadline")
CHUNK = 5000  # rows per fetch
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def wkb_of(blob: bytes | None) -> bytes | None:
    """The WKB inside a GeoPackage geometry blob; None for NULL or an empty geometry."""
    if not blob or blob[:2] != b"GP" or blob[3] & 0b10000:
        return None
    return bytes(blob[8 + _ENVELOPE_BYTES[(blob[3] >> 1) & 0b111]:])


def read_layers(path: Path, names: list[str]) -> dict[str, LayerData]:
    """Drawable data of the feature layers ``names`` present in the GeoPackage at ``path``."""
    raw = read_raw(path, names)  # before importing Qt here: the GUI thread is importing it now
    from gisplanner.ui.layer_data import LayerData

    return {name: LayerData(name, geoms, data) for name, (geoms, data) in raw.items()}


def read_raw(path: Path, names: list[str] | None, wanted=DRAW_COLUMNS) -> dict[str, tuple[np.ndarray, dict[str, np.ndarray]]]:
    """Geometries and the ``wanted`` attribute columns per layer (``names``, or all), straight
    from sqlite."""
    conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        geometry_column = dict(conn.execute("SELECT table_name, column_name FROM gpkg_geometry_columns"))
        out: dict[str, tuple[np.ndarray, dict[str, np.ndarray]]] = {}
        for name in geometry_column if names is None else names:
            if name not in geometry_column:
                continue
            present = {row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')}
            columns = [c for c in wanted if c in present]
            select = ", ".join(f'"{c}"' for c in [geometry_column[name], *columns])
            cursor = conn.execute(f'SELECT {select} FROM "{name}" ORDER BY fid')
            parts: list[np.ndarray] = []
            values: list[list] = [[] for _ in columns]
            # In chunks: no single call holds the GIL for long, so a GUI thread beside keeps running.
            while rows := cursor.fetchmany(CHUNK):
                parts.append(shapely.from_wkb(np.array([wkb_of(r[0]) for r in rows], dtype=object)))
                for k, column in enumerate(values):
                    column += [r[k + 1] for r in rows]
            geoms = np.concatenate(parts) if parts else np.zeros(0, dtype=object)
            data = {c: np.array(values[k], dtype=object) for k, c in enumerate(columns)}
            out[name] = (np.asarray(geoms, dtype=object), data)
        return out
    finally:
        conn.close()


# Set once the GUI thread has imported PySide6. Two threads importing PySide6 modules for the
# first time at once race inside shiboken's start-up (a SIGSEGV, or "libshiboken/signature:
# could not initialize part 2", about once in 30 launches under load); the prefetch reads the
# file meanwhile and builds its Qt-backed layer data only after this is set.
QT_IMPORTED = threading.Event()
QT_WAIT_S = 60.0


def qt_imported() -> None:
    """The GUI thread calls this after importing PySide6 (QtCore, QtGui, QtWidgets)."""
    QT_IMPORTED.set()


class QuickPrefetch:
    """``read_layers`` in a thread while Qt builds the window; ``result()`` is None on failure."""

    def __init__(self, path: Path, names: list[str] | None = None) -> None:
        if "PySide6.QtWidgets" in sys.modules and "PySide6.QtGui" in sys.modules:
            qt_imported()  # already imported (a second window, tests): nothing to race with
        self.path = Path(path)
        self.layers: dict[str, LayerData] | None = None
        if names is None:  # imported here, not in the thread: no import may race shiboken's start-up
            from gisplanner.layers import layer_definitions

            names = [d.name for d in layer_definitions()]
        self._thread = threading.Thread(target=self._run, args=(names,), name="first-frame-read", daemon=True)
        self._thread.start()

    def _run(self, names: list[str]) -> None:
        try:
            if self.path.is_file():
                raw = read_raw(self.path, names)
                if not QT_IMPORTED.wait(QT_WAIT_S):
                    return  # the window never got as far: the ordinary open reads the file
                from gisplanner.ui.layer_data import LayerData

                self.layers = {name: LayerData(name, geoms, data) for name, (geoms, data) in raw.items()}
        except Exception:  # noqa: BLE001 - the ordinary open reports it properly
            self.layers = None

    def result(self) -> dict[str, LayerData] | None:
        self._thread.join()
        return self.layers or None
