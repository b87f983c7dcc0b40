"""Layer model (installed as ``gisplanner.layers``): definitions and evented layers, no Qt."""

from gisplanner.layers.defs import (
    STATUS_IDS,
    FieldDef,
    KindDef,
    LayerDef,
    RelationDef,
    StatusDef,
    builtin_layer_definitions,
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
from gisplanner.layers.style import FeatureStyle, style_for, symbol_outline

__all__ = [
    "STATUS_IDS", "FeatureStyle", "FieldDef", "KindDef", "Layer", "LayerDef", "LayerList", "RelationDef", "StatusDef",
    "builtin_layer_definitions", "layer_definition", "layer_definitions", "register_layer_definitions",
    "registered_layer_definitions", "relation_label", "relations", "status", "statuses", "style_for",
    "symbol_outline",
]
