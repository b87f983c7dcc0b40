"""Layer model (installed as ``gisplanner.layers``): definitions and evented layers, no Qt."""

from gisplanner.layers.defs import (
    STATUS_IDS,
    FieldDef,
    KindDef,
    LayerDef,
    StatusDef,
    layer_definition,
    layer_definitions,
    status,
    statuses,
)
from gisplanner.layers.model import Layer, LayerList

__all__ = [
    "STATUS_IDS", "FieldDef", "KindDef", "Layer", "LayerDef", "LayerList", "StatusDef",
    "layer_definition", "layer_definitions", "status", "statuses",
]
