"""What to export: layers, statuses, an area, a title; checked against the project first."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gisplanner.layers import STATUS_IDS, layer_definition, status
from gisplanner.paths import EXPORTS_DIR

DEFAULT_TITLE = "生物医药产业园区规划图 Biomedicine park plan map"
MAX_DECIMALS = 6


class ExportError(ValueError):
    """Options or data that cannot make a map; the message names the value and why."""


@dataclass(frozen=True)
class ExportOptions:
    """Filters and presentation of one HTML export. ``None`` filters mean "everything"."""

    layers: Sequence[str] | None = None
    statuses: Sequence[str] | None = None
    park: str | None = None
    """uid of a park: only features that touch it (and the park itself)."""
    bbox: tuple[float, float, float, float] | None = None
    """WGS84 min lon, min lat, max lon, max lat."""
    uids: Sequence[str] | None = None
    """Only these features (e.g. the selection on the desktop map)."""
    title: str = DEFAULT_TITLE
    decimals: int | None = None
    """Coordinate decimals; None picks what the exported extent needs (6 at most)."""
    simplify_m: float = 0.0
    """Douglas-Peucker tolerance in metres for lines and outlines; 0 keeps every vertex."""
    basemap: bool = True
    online_tiles: bool = True
    export_date: dt.date = field(default_factory=dt.date.today)
    progress: bool = False
    """Add the progress panel (indicators, charts, overdue list as of ``export_date``) and mark
    overdue features."""

    def validate(self, available_layers: Sequence[str]) -> None:
        """Raise ``ExportError`` naming the first option that cannot be used."""
        for name in self.layers or ():
            if name not in available_layers:
                raise ExportError(f"unknown layer {name!r}; the project has: {', '.join(available_layers)}")
        for sid in self.statuses or ():
            if sid not in STATUS_IDS:
                raise ExportError(f"unknown status {sid!r}; statuses are: {', '.join(STATUS_IDS)}")
        if self.bbox is not None:
            if len(self.bbox) != 4 or not all(math.isfinite(v) for v in self.bbox):
                raise ExportError(f"bounding box must be four numbers min_lon,min_lat,max_lon,max_lat, not {self.bbox!r}")
            x0, y0, x1, y1 = self.bbox
            if not (x0 < x1 and y0 < y1 and -180 <= x0 and x1 <= 180 and -90 <= y0 and y1 <= 90):
                raise ExportError(f"bounding box {self.bbox!r} is empty or outside WGS84 longitude/latitude")
        if self.decimals is not None and not 0 <= self.decimals <= MAX_DECIMALS:
            raise ExportError(f"decimals must be between 0 and {MAX_DECIMALS}, not {self.decimals}")
        if self.simplify_m < 0 or not math.isfinite(self.simplify_m):
            raise ExportError(f"simplification tolerance must be 0 or more metres, not {self.simplify_m}")

    def describe(self, park_name: str | None = None) -> list[tuple[str, str]]:
        """The filters as (label, value) lines for the map's title block."""
        lines = []
        layers = self.layers or ()
        lines.append(("图层 Layers", "、".join(layer_definition(n).title_zh for n in layers) if layers else "全部 all"))
        states = self.statuses or ()
        lines.append(("状态 Status", "、".join(status(s).label_zh for s in states) if states else "全部 all"))
        if self.park:
            lines.append(("园区 Park", park_name or self.park))
        if self.bbox:
            lines.append(("范围 Extent", ", ".join(f"{v:.4f}" for v in self.bbox)))
        if self.uids is not None:
            lines.append(("选择 Selection", f"{len(self.uids)} 个要素 features"))
        return lines


def decimals_for(extent_deg: float) -> int:
    """Decimals that keep coordinates finer than a millionth of the exported extent.

    At the fitted view the extent spans about a thousand pixels, so rounding stays below a
    pixel even when zoomed in a thousand times (from all three regions down to one street);
    never more than 6 decimals (about 0.1 m).
    """
    if extent_deg <= 0 or not math.isfinite(extent_deg):
        return MAX_DECIMALS
    return max(0, min(MAX_DECIMALS, math.ceil(-math.log10(extent_deg / 1e6))))


def default_output(today: dt.date | None = None) -> Path:
    """Where an export goes unless told otherwise: exports/gisplanner-map-DATE.html."""
    return EXPORTS_DIR / f"gisplanner-map-{(today or dt.date.today()).isoformat()}.html"
