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

from gisplanner.export.collect import LayerSelection, Selection
from gisplanner.export.encode import Grid, encode, simplify
from gisplanner.export.popups import LABELS, clause_html, esc, kind_labels, leaflet_style, status_table
from gisplanner.layers import STATUS_IDS, style_for


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


def layer_payload(selection: LayerSelection, grid: Grid, simplify_m: float,
                  clause_index: dict[tuple[str, str, str | None], int],
                  clause_rows: dict[str, list[dict[str, Any]]], clause_list: list[str]) -> LayerPayload:
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
                clause_list.append(clause_html(row))
            refs.append(clause_index[key])
        status_index = STATUS_IDS.index(sid) if sid in STATUS_IDS else -1
        records.append([esc(uid), style, zh, en, kinds.get(kid, -1), status_index, date, deadline, refs, geom])
    style_list = [leaflet_style(style_for(d, sid, kid)) for (sid, kid) in styles]
    data = {"name": d.name, "geom": _geometry_kind(selection), "grid": grid.as_json(), "styles": style_list,
            "kinds": kind_labels(d), "features": records}
    return LayerPayload(d.name, f"{d.title_zh} {d.title_en}", len(records), data, list(styles))


def build_payloads(selection: Selection, grid: Grid, simplify_m: float) -> tuple[list[LayerPayload], dict[str, Any]]:
    """Per-layer payloads and the shared tables (labels, statuses, clauses)."""
    clause_index: dict[tuple[str, str, str | None], int] = {}
    clause_list: list[str] = []
    layers = [layer_payload(s, grid, simplify_m, clause_index, selection.clauses, clause_list)
              for s in selection.layers if len(s.frame)]
    shared = {"labels": {k: esc(v) for k, v in LABELS.items()}, "statuses": status_table(), "clauses": clause_list}
    return layers, shared


def to_script_json(data: Any) -> str:
    """Compact JSON that is also safe inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
