"""numpy → Qt geometry without Python loops: a QPolygonF filled by one memmove."""

from __future__ import annotations

import ctypes

import numpy as np
import shiboken6
from PySide6.QtGui import QPolygonF


def polygonf(xy: np.ndarray) -> QPolygonF:
    """A QPolygonF holding the (N, 2) float coordinates ``xy``."""
    xy = np.ascontiguousarray(xy, dtype=np.float64)
    poly = QPolygonF()
    if len(xy):
        poly.resize(len(xy))
        address = shiboken6.getCppPointer(poly.data())[0]
        ctypes.memmove(address, xy.ctypes.data, xy.nbytes)
    return poly
