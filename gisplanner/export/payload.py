"""The data the page's script draws: per layer a style table and compact feature records.

A feature record is ``[uid, style, name_zh, name_en, kind, status, status_date, deadline,
clauses, geometry]`` with ``style``/``kind``/``status`` indexes into shared tables and
``clauses`` indexes into the export's clause list, so a clause linked to twenty features is
stored once. All text is already escaped (see popups.esc).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely

from gisplanner.export.collect import LayerSelection, Selection
from gisplanner.export.encode import Grid, encode, simplify
from gisplanner.export.popups import clause_html, esc, kind_labels, leaflet_style, popup_labels, status_table
from gisplanner.export.words import layer_title
from gisplanner.layers import STATUS_IDS, label_priority, style_for


@dataclass
class LayerPayload:
    name: str
    title: str
    count: int
    data: dict[str, Any]
    used_styles: list[tuple[str, str | None]]
    """(status, kind) pairs present, for the legend."""


def _geometry_kind(selection: LayerSelection) -> str:
    d = selection.definition
    return "point" if d.is_point else "line" if d.is_line else "polygon"


def _text(values: Any) -> list[str]:
    return [esc(v) if v is not None and v == v else "" for v in values]


LABEL_ZOOM = {"polygon": 9, "line": 11, "point": 13}
"""Zoom from which a layer's features carry their names on the map (areas first, points last);
where labels still overlap, the page keeps the first of each overlapping pair."""


def label_anchors(geoms: np.ndarray, kind: str, grid: Grid) -> list[list[int]]:
    """Per feature, in the order names win a collision (areas smallest first: a park before
    the cluster around it; lines longest first), ``[index, x, y]``: where its name goes (on
    ``grid``), or just ``[index]`` where the page can take the middle of its bounds (a point's
    marker, an area that covers its bounding box's centre: most of them, so most cost no
    coordinates)."""
    if kind == "point" or not len(geoms):
        return [[i] for i in range(len(geoms))]
    if kind == "polygon":
        centres = shapely.points(shapely.bounds(geoms).reshape(-1, 2, 2).mean(axis=1))
        at = np.where(shapely.contains_properly(geoms, centres), None, shapely.point_on_surface(geoms))
        order = np.argsort(shapely.area(geoms), kind="stable")
    else:
        at = shapely.line_interpolate_point(geoms, 0.5, normalized=True)
        order = np.argsort(-shapely.length(geoms), kind="stable")
    placed = np.nonzero(at != None)[0]  # noqa: E711 (elementwise)
    xy = dict(zip(placed.tolist(), encode(at[placed].astype(object), grid), strict=True)) if len(placed) else {}
    return [[int(i), *xy[i]] if i in xy else [int(i)] for i in order]


def layer_payload(selection: LayerSelection, grid: Grid, simplify_m: float,
                  clause_index: dict[tuple[str, str, str | None], int],
                  clause_rows: dict[str, list[dict[str, Any]]], clause_list: list[str],
                  lang: str = "zh") -> LayerPayload:
    d, frame = selection.definition, selection.frame
    styles: dict[tuple[str, str | None], int] = {}
    kinds = {k.id: i for i, k in enumerate(d.kinds)}
    geoms = encode(simplify(np.asarray(frame.geometry.values), 0 if d.is_point else simplify_m), grid)
    records = []
    uids = frame["uid"].tolist()
    status_ids, kind_ids = frame["status"].tolist(), frame["kind"].tolist()
    deadlines = [str(int(v)) if v is not None and v == v else "" for v in frame["deadline"]]
    for uid, sid, kid, zh, en, date, deadline, geom in zip(
            uids, status_ids, kind_ids, _text(frame["name_zh"]), _text(frame["name_en"]),
            _text(frame["status_date"]), deadlines, geoms, strict=True):
        style = styles.setdefault((sid, kid), len(styles))
        refs = []
        for row in clause_rows.get(uid, ()):
            key = (row["clause_id"], row["relation"], row["quote"])
            if key not in clause_index:
                clause_index[key] = len(clause_list)
                clause_list.append(clause_html(row, lang))
            refs.append(clause_index[key])
        status_index = STATUS_IDS.index(sid) if sid in STATUS_IDS else -1
        records.append([esc(uid), style, zh, en, kinds.get(kid, -1), status_index, date, deadline, refs, geom])
    style_list = [leaflet_style(style_for(d, sid, kid)) for (sid, kid) in styles]
    kind = _geometry_kind(selection)
    data = {"name": d.name, "geom": kind, "grid": grid.as_json(), "styles": style_list,
            "kinds": kind_labels(d, lang), "features": records, "labelZoom": LABEL_ZOOM[kind],
            "labelPriority": label_priority(d),
            "labelAt": label_anchors(np.asarray(frame.geometry.values), kind, grid)}
    return LayerPayload(d.name, layer_title(d, lang), len(records), data, list(styles))


def build_payloads(selection: Selection, grid: Grid, simplify_m: float,
                   lang: str = "zh") -> tuple[list[LayerPayload], dict[str, Any]]:
    """Per-layer payloads and the shared tables (labels, statuses, clauses) in ``lang``."""
    clause_index: dict[tuple[str, str, str | None], int] = {}
    clause_list: list[str] = []
    layers = [layer_payload(s, grid, simplify_m, clause_index, selection.clauses, clause_list, lang)
              for s in selection.layers if len(s.frame)]
    shared = {"labels": popup_labels(lang), "statuses": status_table(lang), "clauses": clause_list, "lang": lang}
    return layers, shared


def to_script_json(data: Any) -> str:
    """Compact JSON that is also safe inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
