"""Layer model (installed as ``gisplanner.layers``): definitions and evented layers, no Qt."""

from gisplanner.layers.defs import (
    PROBLEMS,
    STATUS_IDS,
    FieldDef,
    FieldProblem,
    KindDef,
    LayerDef,
    RelationDef,
    StatusDef,
    builtin_layer_definitions,
    field_label,
    layer_definition,
    layer_definitions,
    register_layer_definitions,
    registered_layer_definitions,
    relation_label,
    relations,
    status,
    statuses,
)
from gisplanner.layers.model import Layer, LayerList
from gisplanner.layers.style import FeatureStyle, label_priority, style_for, symbol_outline

__all__ = [
    "PROBLEMS", "STATUS_IDS", "FeatureStyle", "FieldDef", "FieldProblem", "KindDef", "Layer", "LayerDef", "LayerList", "RelationDef", "StatusDef",
    "builtin_layer_definitions", "field_label", "label_priority", "layer_definition", "layer_definitions", "register_layer_definitions",
    "registered_layer_definitions", "relation_label", "relations", "status", "statuses", "style_for",
    "symbol_outline",
]
