"""Paint one layer's shapes on two threads: the top half of the frame on this thread, the bottom
half on a helper thread.

Qt rasterises on the thread that calls the painter, and drawing from numpy buffers (qbuffers)
lets go of the GIL inside each QPainter call, so two painters fill at the same time. Each half
draws, in the frame's order, every shape that reaches into it, so overlaps blend as in one pass.
A shape across the seam must not be cut there: Qt's stroker restarts a dash pattern where a line
enters the drawing area, so its dashes would shift. So each half draws on an image tall enough to
hold its shapes whole (the top half straight into the frame, the bottom half into a copy of the
frame's lower rows), and only the bottom half's own rows are copied back. The picture is the one
a single painter makes, pixel for pixel. Small frames, and frames that no split shares out (a
shape across the seam costs both halves), stay on one thread: the hand-off would cost more.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PySide6.QtGui import QImage, QPainter

MIN_SHAPES = 200  # fewer shapes in a frame: one thread
SHAPE_COST = 2000.0  # what a shape costs to draw besides its pixels, in pixels (measured: ~5 us vs ~2.5 ns)
MAX_SHARE = 0.75  # split only if the busier half gets at most this share of the frame's work

_helper: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    global _helper
    if _helper is None:
        _helper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="map-band")
    return _helper


def can_split(painter: QPainter, count: int) -> bool:
    """Halves suit a plain screen frame: an image at device ratio 1, no transform or clip set."""
    device = painter.device()
    return (count >= MIN_SHAPES and isinstance(device, QImage) and device.devicePixelRatio() == 1
            and device.height() >= 2 and device.depth() == 32 and painter.transform().isIdentity()
            and not painter.hasClipping())


def choose_seam(boxes: np.ndarray, width: int, height: int, margin: float) -> int | None:
    """The row to split the frame at so that the busier half has the least work, or None when
    even the best split leaves one half most of it (a shape across the seam is drawn by both
    halves). ``boxes``: each shape's (left, top, right, bottom) in pixels."""
    clipped = np.clip(boxes, 0, [width, height, width, height])
    work = SHAPE_COST + (clipped[:, 2] - clipped[:, 0]) * (clipped[:, 3] - clipped[:, 1])
    tops, bottoms = boxes[:, 1], boxes[:, 3]
    seams = np.linspace(height / 4, height * 3 / 4, 33).round()
    by_top = np.argsort(tops, kind="stable")
    upper = np.concatenate([[0.0], np.cumsum(work[by_top])])[np.searchsorted(tops[by_top], seams + margin, "right")]
    by_bottom = np.argsort(bottoms, kind="stable")
    below = np.concatenate([np.cumsum(work[by_bottom][::-1])[::-1], [0.0]])
    lower = below[np.searchsorted(bottoms[by_bottom], seams - margin, "left")]
    busier = np.maximum(upper, lower)
    best = int(np.argmin(busier))
    return int(seams[best]) if busier[best] <= MAX_SHARE * work.sum() else None


def paint_in_bands(painter: QPainter, boxes: np.ndarray, margin: float,
                   paint: Callable[[QPainter, np.ndarray], None]) -> bool:
    """Call ``paint(half_painter, keep)`` for each half of ``painter``'s image, on two threads;
    ``keep`` marks the shapes (by their pixel ``boxes``, (left, top, right, bottom), which
    drawing may overstep by ``margin``) that reach into that half. False, having drawn nothing,
    when no split shares the work out. The half painters take ``painter``'s opacity;
    ``painter`` itself is not used meanwhile."""
    image: QImage = painter.device()
    height, stride = image.height(), image.bytesPerLine()
    seam = choose_seam(boxes, image.width(), height, margin)
    if seam is None:
        return False
    tops, bottoms = boxes[:, 1], boxes[:, 3]
    upper = tops <= seam + margin
    lower = bottoms >= seam - margin
    upper_end = min(height, max(seam, math.ceil(float(bottoms[upper].max(initial=0)) + margin) + 1))
    lower_start = max(0, min(seam, math.floor(float(tops[lower].min(initial=height)) - margin) - 1))
    # The pixels the painter writes to; constBits, unlike bits, never copies them.
    base = np.frombuffer(image.constBits(), np.uint8).__array_interface__["data"][0]
    frame = np.ctypeslib.as_array((ctypes.c_ubyte * (height * stride)).from_address(base)).reshape(height, stride)
    below = frame[lower_start:].copy()  # before the top half draws over its rows
    opacity = painter.opacity()

    def half(address: int, first_row: int, rows: int, keep: np.ndarray) -> None:
        target = QImage((ctypes.c_ubyte * (rows * stride)).from_address(address), image.width(), rows, stride,
                        image.format())
        half_painter = QPainter(target)
        try:
            half_painter.setOpacity(opacity)
            half_painter.translate(0, -first_row)
            paint(half_painter, keep)
        finally:
            half_painter.end()

    bottom = _pool().submit(half, below.ctypes.data, lower_start, height - lower_start, lower)
    try:
        half(base, 0, upper_end, upper)
    finally:
        bottom.result()
    frame[seam:] = below[seam - lower_start:]
    return True
