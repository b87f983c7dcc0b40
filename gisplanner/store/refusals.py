"""Refused edits as codes with parameters: each face words the code in its own language.

``str()`` of a refusal is its English sentence, what the CLI prints. Parameters name things by
their id (``layer``, ``field``, ``relation``, ``status``); :func:`labelled` turns them into the
labels of one language, and value problems (``problem``, ``problems``: the layer model's
``FieldProblem``) are worded by the caller's own function, so a face words them the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gisplanner.errors import CodedError
from gisplanner.layers import FieldProblem, field_label, layer_definition, relation_label, status

# English templates; braces are the refusal's params (as :func:`labelled` words them).
REFUSALS: dict[str, str] = {
    "no_geometry": "{layer}: a feature needs a geometry",
    "wrong_geometry": "{layer} holds {wanted} features, not {got}",
    "not_lonlat": "{layer}: coordinates {bounds} are not longitude/latitude",
    "invalid_geometry": "{layer}: the geometry is not valid ({reason}[{at}])",
    "no_feature": "feature {uid}: not in the project (or deleted in this session)",
    "wrong_layer": "feature {uid} is in layer {found}, not {layer}",
    "no_field": "layer {layer} has no field {field}",
    "no_fields": "{layer} has no field(s) {fields}",
    "system_field": "{field} ({name}) is kept by the system and cannot be edited",
    "status_by_change": "Status changes need a date and a source: use a status change",
    "bad_value": "{feature}: {problem}",
    "bad_values": "{problems}",
    "bad_status": "{value!r} is not a status (field status); one of {values}",
    "date_too_far": "status date {date} is too far in the future (field status_date)",
    "no_source": "a status change needs a source or note saying why (field source)",
    "no_features": "no features chosen for the status change",
    "no_uid": "{layer}: a new feature needs an ID (field uid)",
    "uid_taken": "ID {uid} is already used by another feature (field uid)",
    "no_clause": "clause {clause} is not in the project (field clause)",
    "bad_relation": "{value!r} is not a link relation (field relation); one of {values}",
    "linked": "{uid} is already linked to clause {clause} ({relation})",
    "not_linked": "{uid} is not linked to clause {clause} ({relation})",
    "nothing_to_move": "feature {uid} has no geometry to move",
    "no_vertices": "{geometry} has no vertices to reshape (points are moved instead)",
    "no_vertex": "vertex {index} of part {part} is not in this {geometry}",
    "last_vertex": "a line's last vertex starts no segment; pick a segment to insert a vertex on",
    "ring_vertices": "cannot delete the vertex: a ring keeps at least 3 vertices (delete the feature instead)",
    "line_vertices": "cannot delete the vertex: a line keeps at least 2 vertices (delete the feature instead)",
    "actual_not_number": "{value!r} is not a number (field value)",
    "actual_bad_date": "{detail} (field date)",
    "actual_no_source": "an actual value needs a source: the statistical table, report or clause (field source)",
    "no_indicator": "indicator {value!r} is not in the project (field indicator)",
    "actual_fixed": "{name} of an actual value cannot be edited",
    "no_actuals": "no actual values to add",
    "actual_exists": "actual value {id} already exists (field id)",
    "no_actual": "actual value {id} is not in the project (or deleted in this session)",
    "unknown_change": "unknown change kind {kind!r} in the recovery file",
    "incomplete_change": "a {kind} change in the recovery file is incomplete ({detail})",
}


def english_problem(problem: FieldProblem) -> str:
    """A value problem as the CLI prints it: the sentence and the field's name."""
    return f"{problem} (field {problem.params.get('field')})"


def labelled(params: dict[str, Any], lang: str, problem_text: Callable[[FieldProblem], str],
             separator: str = "; ") -> dict[str, Any]:
    """``params`` as ``lang`` shows them: layer titles, field, relation and status labels,
    value problems worded by ``problem_text``."""
    out = dict(params)
    layer = params.get("layer")
    try:
        definition = layer_definition(layer) if layer else None
    except KeyError:
        definition = None
    for key in ("layer", "found"):
        try:
            if params.get(key):
                out[key] = layer_definition(params[key]).title(lang)
        except KeyError:
            pass
    if "field" in params:
        out["field"] = field_label(layer, str(params["field"]), lang)
    if "fields" in params:
        out["fields"] = ", ".join(field_label(layer, f, lang) for f in params["fields"])
    if "relation" in params:
        out["relation"] = relation_label(params["relation"], lang)
    if "feature" in params and params["feature"] == layer and definition is not None:
        out["feature"] = definition.title(lang)  # a change of many features names their layer
    if "problem" in params:
        out["problem"] = problem_text(params["problem"])
    if "problems" in params:
        out["problems"] = separator.join(problem_text(p) for p in params["problems"])
    if "status" in params:
        try:
            out["status"] = status(params["status"]).label(lang)
        except KeyError:
            pass
    return out


class EditRefused(CodedError):
    """A change that cannot enter the buffer: ``code`` and ``params`` (naming the feature and
    field) for a face; ``str()`` is the English sentence."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, **params)
        template = REFUSALS.get(code, code)
        self.args = (template.format_map(labelled(params, "en", english_problem)),)
