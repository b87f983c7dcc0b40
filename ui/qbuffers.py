"""numpy → Qt geometry without Python loops: a QPolygonF filled by one memmove, or rings
drawn straight from a numpy buffer through QPainter's pointer-and-count overloads."""

from __future__ import annotations

import ctypes
import logging

import numpy as np
import shiboken6
from PySide6.QtGui import QPainter, QPolygonF

log = logging.getLogger(__name__)
ODD_EVEN_FILL = 0  # Qt::OddEvenFill, QPainter::drawPolygon's default


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


def _painter_functions():
    """QPainter::drawPolygon(const QPointF *, int, Qt::FillRule) and drawPolyline(const QPointF *,
    int), which Python cannot reach: they draw from a pointer, so no QPolygonF is built per shape
    (half the cost of a frame of 10,000 small polygons). None if this Qt does not export them."""
    try:
        gui = ctypes.CDLL("libQt6Gui.so.6")  # already loaded by PySide6.QtGui: the same library
        polygon = gui._ZN8QPainter11drawPolygonEPK7QPointFiN2Qt8FillRuleE
        polyline = gui._ZN8QPainter12drawPolylineEPK7QPointFi
    except (OSError, AttributeError):
        log.info("QPainter's pointer overloads are not reachable; shapes go through QPolygonF")
        return None, None
    polygon.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
    polyline.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
    polygon.restype = polyline.restype = None
    return polygon, polyline


_DRAW_POLYGON, _DRAW_POLYLINE = _painter_functions()


def draw_rings(painter: QPainter, xy: np.ndarray, starts: np.ndarray, ends: np.ndarray, closed: bool) -> None:
    """Draw each [start, end) row range of the (N, 2) float64 C-contiguous ``xy`` as a polygon
    (``closed``) or a polyline, with the painter's current pen and brush."""
    if not len(starts):
        return
    if xy.dtype != np.float64 or not xy.flags.c_contiguous or xy.ndim != 2 or xy.shape[1] != 2:
        raise ValueError("draw_rings needs (N, 2) C-contiguous float64 coordinates")
    if int(ends.max()) > len(xy) or int(starts.min()) < 0:
        raise IndexError("a ring reaches beyond the coordinate array")
    fn = _DRAW_POLYGON if closed else _DRAW_POLYLINE
    if fn is None:
        draw = painter.drawPolygon if closed else painter.drawPolyline
        for poly in polygons(xy, starts.tolist(), ends.tolist()):
            draw(poly)
        return
    this = shiboken6.getCppPointer(painter)[0]
    addresses = (xy.ctypes.data + starts.astype(np.int64) * 16).tolist()
    counts = (ends - starts).tolist()
    if closed:
        for address, n in zip(addresses, counts, strict=True):
            fn(this, address, n, ODD_EVEN_FILL)
    else:
        for address, n in zip(addresses, counts, strict=True):
            fn(this, address, n)
