"""The project's feature layers as the map holds them: drawable data plus the evented
``Layer`` model (visibility, opacity) that the layer panel edits and the canvas observes."""

from __future__ import annotations

import numpy as np

from gisplanner.layers import Layer, LayerDef, LayerList, label_priority
from gisplanner.layers.style import DEFAULT_LABEL_PRIORITY
from gisplanner.ui.layer_data import LayerData
from gisplanner.ui.renderer import RenderLayer
from gisplanner.ui.styles import feature_style

DRAW_COLUMNS = ["uid", "name_zh", "name_en", "kind", "status", "deadline"]


def style_groups(data: LayerData, layer: str) -> tuple[np.ndarray, list]:
    """Style index per feature and the styles, one per (status, kind) present."""
    keys = [(_text(s), _text(k)) for s, k in zip(data.column("status"), data.column("kind"), strict=True)]
    uniq = sorted(set(keys))
    lookup = {key: n for n, key in enumerate(uniq)}
    group = np.fromiter((lookup[k] for k in keys), dtype=np.intp, count=len(keys))
    return group, [feature_style(layer, s or None, k or None) for s, k in uniq]


def styles_for_codes(codes: np.ndarray, labels: list[str], kinds: tuple[np.ndarray, list], layer: str,
                     ) -> tuple[np.ndarray, list]:
    """``style_groups`` for other statuses (the map on a past date), given as integer codes into
    ``labels`` (-1: none) and the layer's factorised kinds: a few milliseconds for 100k features
    while the date slider moves."""
    k_codes, k_uniq = kinds
    nk = max(1, len(k_uniq))
    key = (codes.astype(np.int64) + 1) * nk + k_codes
    present = np.bincount(key, minlength=(len(labels) + 1) * nk) > 0
    group = (np.cumsum(present) - 1)[key]
    styles = []
    for k in np.flatnonzero(present):
        s_code, k_code = divmod(int(k), nk)
        label = labels[s_code - 1] if s_code > 0 else None
        styles.append(feature_style(layer, label, _text(k_uniq[k_code]) or None if len(k_uniq) else None))
    return group.astype(np.intp), styles


def _text(value) -> str:
    return value if isinstance(value, str) else ""  # None, or NaN where a file left it empty


class MapLayer:
    """One project layer: its model, its drawable data and its style groups."""

    def __init__(self, definition: LayerDef, data: LayerData, model: Layer | None = None) -> None:
        self.definition = definition
        self.model = model or Layer(definition)
        self.data = data
        self.group, self.styles = style_groups(data, definition.name)
        self._kinds: tuple[np.ndarray, list] | None = None  # factorised once, for restyling by date

    @property
    def name(self) -> str:
        return self.definition.name

    def render_layer(self, mask: np.ndarray | None, label_column: str = "name_zh",
                     statuses: tuple[np.ndarray, list[str]] | None = None) -> RenderLayer:
        """What the canvas draws; ``statuses`` (codes per feature, their labels) restyles it, e.g. as on a past date."""
        priority = {"point": 0.0, "line": 10.0, "polygon": 20.0}[self.data.kind] + 100.0 * (
            DEFAULT_LABEL_PRIORITY - label_priority(self.definition))  # a more important layer's labels first
        group, styles = self.group, self.styles
        if statuses is not None:
            if self._kinds is None:
                import pandas as pd

                codes, uniq = pd.factorize(pd.Series(self.data.column("kind"), dtype=object).fillna(""))
                self._kinds = (codes.astype(np.int64), list(uniq))
            group, styles = styles_for_codes(statuses[0], statuses[1], self._kinds, self.name)
        return RenderLayer(
            data=self.data, group=group, styles=styles, opacity=self.model.opacity, mask=mask,
            label_column=label_column, label_priority=priority, label_min_px=40.0,
            label_color="#1a1a1a", label_size=9.5 if self.data.kind != "polygon" else 10.0,
        )


def prepare_layer(project, definition: LayerDef, frame=None) -> MapLayer:
    """Read one layer (unless ``frame``, a GeoDataFrame or LayerData, holds it) and prepare it to draw. No Qt widgets or
    event loop involved, so a worker thread may call it; the caller attaches the model."""
    if frame is None:
        frame = _read(project, definition.name)
    if isinstance(frame, LayerData):  # prepared already (the start-up read)
        return MapLayer(definition, frame)
    return MapLayer(definition, LayerData.from_frame(definition.name, frame, DRAW_COLUMNS))


def _read(project, name: str):
    """The saved layer straight from sqlite when ``project`` is a plain Project: about a
    third quicker than GDAL for 100k features, and it never holds the GIL for long, so the
    GUI thread keeps running beside a worker. Anything else (an edit session's view) reads
    through ``features()``."""
    from gisplanner.store import Project
    from gisplanner.ui.quick_read import read_layers

    if type(project) is Project:
        got = read_layers(project.path, [name])
        if name in got:
            return got[name]
    return project.features(name)


def load_map_layers(project, previous: LayerList | None = None,
                    frames: dict | None = None) -> tuple[LayerList, dict[str, MapLayer]]:
    """Read every feature layer of ``project`` (or take it from ``frames``); keep the
    visibility, opacity and order of ``previous``."""
    by_name: dict[str, MapLayer] = {}
    for definition in project.layers():
        ml = prepare_layer(project, definition, (frames or {}).get(definition.name))
        if previous is not None and definition.name in previous:
            ml.model = previous[definition.name]
        by_name[definition.name] = ml
    if previous is not None:
        order = [m.name for m in previous if m.name in by_name]
        order += [n for n in by_name if n not in order]
    else:
        order = list(by_name)
    return LayerList([by_name[n].model for n in order]), by_name
