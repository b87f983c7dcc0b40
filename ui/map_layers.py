"""The project's feature layers as the map holds them: drawable data plus the evented
``Layer`` model (visibility, opacity) that the layer panel edits and the canvas observes."""

from __future__ import annotations

import numpy as np

from gisplanner.layers import Layer, LayerDef, LayerList
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


def styles_for_statuses(statuses: np.ndarray, kinds: np.ndarray, layer: str) -> tuple[np.ndarray, list]:
    """``style_groups`` for other statuses (the map on a past date), hashed in pandas: a few
    milliseconds for 100k features while the date slider moves."""
    import pandas as pd

    s_codes, s_uniq = pd.factorize(pd.Series(statuses, dtype=object).fillna(""))
    k_codes, k_uniq = pd.factorize(pd.Series(kinds, dtype=object).fillna(""))
    combined = s_codes.astype(np.int64) * max(1, len(k_uniq)) + k_codes
    keys, group = np.unique(combined, return_inverse=True)
    nk = max(1, len(k_uniq))
    styles = [feature_style(layer, _text(s_uniq[c // nk]) or None, _text(k_uniq[c % nk]) or None) for c in keys]
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

    @property
    def name(self) -> str:
        return self.definition.name

    def render_layer(self, mask: np.ndarray | None, label_column: str = "name_zh",
                     statuses: np.ndarray | None = None) -> RenderLayer:
        """What the canvas draws; ``statuses`` (one per feature) restyles it, e.g. as on a past date."""
        priority = {"point": 0.0, "line": 10.0, "polygon": 20.0}[self.data.kind]
        group, styles = self.group, self.styles
        if statuses is not None:
            group, styles = styles_for_statuses(statuses, self.data.column("kind"), self.name)
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
