"""What to export: layers, statuses, an area, a title; checked against the project first."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gisplanner.export.errors import ExportError
from gisplanner.export.words import LANGS, layer_title, status_word, word
from gisplanner.layers import STATUS_IDS, layer_definition
from gisplanner.paths import EXPORTS_DIR

DEFAULT_TITLE = word("title", "zh")
MAX_DECIMALS = 6


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
    title: str | None = None
    """None: the default title in the export's language."""
    decimals: int | None = None
    """Coordinate decimals; None picks what the exported extent needs (6 at most)."""
    simplify_m: float = 0.0
    """Douglas-Peucker tolerance in metres for lines and outlines; 0 keeps every vertex."""
    basemap: bool = True
    """Draw the offline vector basemap (the default background)."""
    online_tiles: bool = False
    """Also offer OpenStreetMap tiles as a background (they need network)."""
    lang: str = "zh"
    """Language of the page's own words (legend, popups, panels): ``zh`` or ``en``."""
    export_date: dt.date = field(default_factory=dt.date.today)
    progress: bool = False
    """Add the progress panel (indicators, charts, overdue list as of ``export_date``) and mark
    overdue features."""

    @property
    def title_text(self) -> str:
        return word("title", self.lang) if self.title is None else self.title

    def validate(self, available_layers: Sequence[str]) -> None:
        """Raise ``ExportError`` naming the first option that cannot be used."""
        if self.lang not in LANGS:
            raise ExportError("unknown_lang", lang=self.lang, langs=", ".join(LANGS))
        for name in self.layers or ():
            if name not in available_layers:
                raise ExportError("unknown_layer", layer=name, layers=", ".join(available_layers))
        for sid in self.statuses or ():
            if sid not in STATUS_IDS:
                raise ExportError("unknown_status", status=sid, statuses=", ".join(STATUS_IDS))
        if self.bbox is not None:
            if len(self.bbox) != 4 or not all(math.isfinite(v) for v in self.bbox):
                raise ExportError("bad_bbox", bbox=self.bbox)
            x0, y0, x1, y1 = self.bbox
            if not (x0 < x1 and y0 < y1 and -180 <= x0 and x1 <= 180 and -90 <= y0 and y1 <= 90):
                raise ExportError("empty_bbox", bbox=self.bbox)
        if self.decimals is not None and not 0 <= self.decimals <= MAX_DECIMALS:
            raise ExportError("bad_decimals", limit=MAX_DECIMALS, decimals=self.decimals)
        if self.simplify_m < 0 or not math.isfinite(self.simplify_m):
            raise ExportError("bad_simplify", simplify=self.simplify_m)

    def describe(self, park_name: str | None = None, lang: str | None = None) -> list[tuple[str, str]]:
        """The filters as (label, value) lines for the map's title block, in ``lang`` (default:
        the export's language)."""
        lang = lang or self.lang
        sep = "、" if lang == "zh" else ", "
        layers, states = self.layers or (), self.statuses or ()
        lines = [(word("layers", lang), sep.join(layer_title(layer_definition(n), lang) for n in layers)
                  if layers else word("all", lang)),
                 (word("status", lang), sep.join(status_word(s, lang) for s in states) if states else word("all", lang))]
        if self.park:
            lines.append((word("park", lang), park_name or self.park))
        if self.bbox:
            lines.append((word("extent", lang), ", ".join(f"{v:.4f}" for v in self.bbox)))
        if self.uids is not None:
            lines.append((word("selection", lang), word("n_features", lang) % len(self.uids)))
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
