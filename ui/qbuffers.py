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


def polygons(xy: np.ndarray, starts: list[int], ends: list[int]) -> list[QPolygonF]:
    """One QPolygonF per [start, end) row range of ``xy``, each filled by one memmove."""
    xy = np.ascontiguousarray(xy, dtype=np.float64)
    base = xy.__array_interface__["data"][0]
    move, address = ctypes.memmove, shiboken6.getCppPointer
    out = []
    for start, end in zip(starts, ends, strict=True):
        poly = QPolygonF()
        n = end - start
        if n > 0:
            poly.resize(n)
            move(address(poly.data())[0], base + start * 16, n * 16)
        out.append(poly)
    return out
