"""How one feature looks, derived from the layer definitions alone.

The desktop canvas, the HTML export and legends all ask ``style_for`` so a status colour,
a dash or a kind's line width is decided in one place (the TOML files), never per face.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from gisplanner.layers.defs import LayerDef, StatusDef, statuses

FALLBACK_COLOR = "#616161"
DEFAULT_LINE_WIDTH = 1.5
DEFAULT_MARKER_SIZE = 9.0
DEFAULT_FILL_OPACITY = 0.3
POINT_OUTLINE = "#ffffff"
POINT_OUTLINE_WIDTH = 1.3


@dataclass(frozen=True)
class FeatureStyle:
    """Face-neutral drawing instructions; sizes are in screen pixels."""

    color: str
    """Outline colour: the status colour, white around point symbols."""
    fill_color: str
    fill_opacity: float
    line_width: float
    dashed: bool
    symbol: str
    marker_size: float

    def dash_pattern(self) -> tuple[float, ...]:
        """Dash and gap lengths in pixels (empty when solid), scaled to the line width."""
        if not self.dashed:
            return ()
        return (max(4.0, 3 * self.line_width), max(3.0, 2 * self.line_width))


def _status(status_id: str | None) -> StatusDef | None:
    return next((s for s in statuses() if s.id == status_id), None)


def style_for(layer: LayerDef, status_id: str | None, kind_id: str | None = None) -> FeatureStyle:
    """The style of a feature of ``layer`` with this status and kind.

    An unknown status draws in a neutral grey so bad data stays visible instead of failing
    the whole map. Point symbols are filled with the status colour inside a white outline.
    """
    st = _status(status_id)
    kind = layer.kind(kind_id) if kind_id else None
    color = st.color if st else FALLBACK_COLOR
    line_width = float((kind.line_width if kind and kind.line_width else None)
                       or layer.style.get("line_width") or DEFAULT_LINE_WIDTH)
    if layer.is_point:
        return FeatureStyle(
            color=POINT_OUTLINE, fill_color=color, fill_opacity=1.0, line_width=POINT_OUTLINE_WIDTH,
            dashed=False, symbol=kind.symbol if kind else "circle",
            marker_size=float(layer.style.get("marker_size") or DEFAULT_MARKER_SIZE),
        )
    fill_opacity = float(layer.style.get("fill_opacity", DEFAULT_FILL_OPACITY)) if layer.is_polygon else 0.0
    return FeatureStyle(
        color=color,
        fill_color=color,
        fill_opacity=fill_opacity,
        line_width=line_width,
        dashed=st.dashed if st else False,
        symbol="area" if layer.is_polygon else "line",
        marker_size=float(layer.style.get("marker_size") or DEFAULT_MARKER_SIZE),
    )


DEFAULT_LABEL_PRIORITY = 5


def label_priority(layer: LayerDef) -> int:
    """How much the layer's labels matter, as QGIS ranks them: 0 to 10, higher placed first
    where labels compete for room (``label_priority`` in the definition's style; 5 if unset)."""
    value = layer.style.get("label_priority", DEFAULT_LABEL_PRIORITY)
    return min(max(int(value), 0), 10)


def symbol_outline(symbol: str, size: float) -> list[tuple[float, float]] | None:
    """Vertices of a point symbol centred on (0, 0), ``size`` pixels across, y down.

    None means a circle of diameter ``size``. Any face that draws kind symbols uses these
    shapes, so a triangle is the same triangle on the canvas and in an exported map.
    """
    r = size / 2
    if symbol == "square":
        s = r * 0.85
        return [(-s, -s), (s, -s), (s, s), (-s, s)]
    if symbol == "diamond":
        return [(0, -r), (r, 0), (0, r), (-r, 0)]
    if symbol in {"triangle", "triangle_down"}:
        d = -1 if symbol == "triangle" else 1
        return [(0, d * r), (r, -d * r * 0.8), (-r, -d * r * 0.8)]
    if symbol == "cross":
        t = r * 0.38
        return [(-t, -r), (t, -r), (t, -t), (r, -t), (r, t), (t, t), (t, r), (-t, r), (-t, t), (-r, t),
                (-r, -t), (-t, -t)]
    if symbol in {"pentagon", "star"}:
        n = 5 if symbol == "pentagon" else 10
        points = []
        for k in range(n):
            a = -math.pi / 2 + k * 2 * math.pi / n
            rr = r if symbol == "pentagon" or k % 2 == 0 else r * 0.45
            points.append((rr * math.cos(a), rr * math.sin(a)))
        return points
    if symbol == "house":
        return [(0, -r), (r, -r * 0.1), (r * 0.75, -r * 0.1), (r * 0.75, r), (-r * 0.75, r),
                (-r * 0.75, -r * 0.1), (-r, -r * 0.1)]
    if symbol == "tree":
        return [(0, -r), (r * 0.8, r * 0.45), (r * 0.2, r * 0.45), (r * 0.2, r), (-r * 0.2, r),
                (-r * 0.2, r * 0.45), (-r * 0.8, r * 0.45)]
    return None
