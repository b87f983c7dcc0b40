"""Paint one layer's shapes on two threads: the top half of the frame on this thread, the bottom
half on a helper thread.

Qt rasterises on the thread that calls the painter, and drawing from numpy buffers (qbuffers)
lets go of the GIL inside each QPainter call, so two painters fill at the same time. Each half
draws, in the frame's order, every shape that reaches into it, so overlaps blend as in one pass.
Both painters work on the whole frame's pixels, each clipped to its own half, so no pixel is
written by both. The clip, unlike a shorter image, leaves the geometry as it is: Qt's stroker
restarts a dash pattern where a line enters the drawing area, so an outline cut by the edge of
an image would have its dashes shifted; clipped, it is stroked whole and only its pixels in the
half are written. The picture is the one a single painter makes, pixel for pixel. Small frames,
and frames that no split shares out (a shape across the seam costs both halves its setting up),
stay on one thread: the hand-off would cost more than it saves.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter

MIN_SHAPES = 200  # fewer shapes in a frame: one thread
SHAPE_COST = 2000.0  # what a shape costs to draw besides its pixels, in pixels (measured: ~5 us vs ~2.5 ns)
MAX_SHARE = 0.75  # split only if the busier half gets at most this share of the frame's work
# Split only if filling pixels is most of the work. Each QPainter call lets go of the GIL and takes
# it back, so two threads that each make many short calls hand the GIL to and fro, and the
# hand-off costs more than the call. Measured at 1M polygons, idle cores, one thread vs two:
# pixel share 0.38 (16x) 52 vs 60 ms; 0.57: 31 vs 35; 0.70: 24 vs 27; 0.84: 17.6 vs 17.6;
# 0.90 (64x): 15.0 vs 13.4; 0.95: 11.3 vs 10.0.
MIN_PIXEL_SHARE = 0.85

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
            and device.height() >= 64 and device.depth() == 32 and painter.transform().isIdentity()
            and not painter.hasClipping())


def choose_seam(boxes: np.ndarray, width: int, height: int, margin: float) -> int | None:
    """The row to split the frame at so that the busier half has the least work, or None when
    even the best split leaves one half most of it (a shape across the seam costs both halves
    its setting up, though each fills only its own part). ``boxes``: each shape's (left, top,
    right, bottom) in pixels."""
    clipped = np.clip(boxes, 0, [width, height, width, height])
    widths, tops, bottoms = clipped[:, 2] - clipped[:, 0], clipped[:, 1], clipped[:, 3]
    area = widths * (bottoms - tops)
    total = SHAPE_COST * len(boxes) + area.sum()
    if area.sum() < MIN_PIXEL_SHARE * total:  # mostly Python's work per shape, which one thread does at a time
        return None
    seams = np.arange(height // 4, height * 3 // 4 + 1, max(1, height // 64))
    # Per pixel row: how many shapes start (top) or end (bottom) there, and how wide they are.
    top_rows = np.clip(boxes[:, 1] + margin, 0, height).astype(np.intp)
    bottom_rows = np.clip(boxes[:, 3] - margin, 0, height).astype(np.intp)
    above = _area_above(tops, bottoms, widths, seams, height)
    upper = SHAPE_COST * np.cumsum(np.bincount(top_rows, minlength=height + 1))[seams] + above
    lower = SHAPE_COST * (len(boxes) - np.cumsum(np.bincount(bottom_rows, minlength=height + 1))[seams - 1]) \
        + area.sum() - above
    busier = np.maximum(upper, lower)
    best = int(np.argmin(busier))
    return int(seams[best]) if busier[best] <= MAX_SHARE * total else None


def _area_above(tops: np.ndarray, bottoms: np.ndarray, widths: np.ndarray, seams: np.ndarray,
                height: int) -> np.ndarray:
    """For each seam, the shapes' area above it: width × (rows from top to the seam, less the
    rows from bottom to the seam), summed per pixel row in one pass (no sort)."""
    def rows_before(starts: np.ndarray) -> np.ndarray:
        rows = starts.astype(np.intp)  # clipped to [0, height] already
        weight = np.cumsum(np.bincount(rows, widths, minlength=height + 1))
        moment = np.cumsum(np.bincount(rows, widths * starts, minlength=height + 1))
        return seams * weight[seams - 1] - moment[seams - 1]

    return rows_before(tops) - rows_before(bottoms)


def paint_in_bands(painter: QPainter, boxes: np.ndarray, margin: float,
                   paint: Callable[[QPainter, np.ndarray], None]) -> bool:
    """Call ``paint(half_painter, keep)`` for each half of ``painter``'s image, on two threads;
    ``keep`` marks the shapes (by their pixel ``boxes``, (left, top, right, bottom), which
    drawing may overstep by ``margin``) that reach into that half. False, having drawn nothing,
    when no split shares the work out. The half painters take ``painter``'s opacity;
    ``painter`` itself is not used meanwhile."""
    image: QImage = painter.device()
    width, height = image.width(), image.height()
    seam = choose_seam(boxes, width, height, margin)
    if seam is None:
        return False
    # The pixels the painter writes to; constBits, unlike bits, never copies them.
    base = np.frombuffer(image.constBits(), np.uint8).__array_interface__["data"][0]
    pixels = (ctypes.c_ubyte * (height * image.bytesPerLine())).from_address(base)
    opacity = painter.opacity()

    def half(keep: np.ndarray, own: QRect) -> None:
        target = QImage(pixels, width, height, image.bytesPerLine(), image.format())  # the same pixels
        half_painter = QPainter(target)
        try:
            half_painter.setOpacity(opacity)
            half_painter.setClipRect(own)  # no pixel outside it is written
            paint(half_painter, keep)
        finally:
            half_painter.end()

    bottom = _pool().submit(half, boxes[:, 3] >= seam - margin, QRect(0, seam, width, height - seam))
    try:
        half(boxes[:, 1] <= seam + margin, QRect(0, 0, width, seam))
    finally:
        bottom.result()
    return True
