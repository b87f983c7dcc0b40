"""QGIS layer styles (QML) derived from the layer definitions, so QGIS draws our map.

One categorized renderer on ``status`` per layer: the status colour, dashed outlines and
lines for what is not built yet, the kind's line width and point symbol through
data-defined properties, labels on ``name_zh``. Every value comes from ``style_for`` and
the TOML definitions, the same source the canvas and the HTML export read. Written as XML
here (no Qt, no QGIS); QGIS 3.22 reads it from the GeoPackage's ``layer_styles`` table.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

from gisplanner.layers.defs import LayerDef, statuses
from gisplanner.layers.style import FeatureStyle, label_priority, style_for
from gisplanner.source_words import LOCATION_CODE

QGIS_VERSION = "3.22.0-Białowieża"
QML_DOCTYPE = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
LABEL_FONT = "Noto Sans CJK SC"
LABEL_COLOR = "#212121"
LABEL_SIZE_PT = 9.0
# Our point symbols by their QGIS simple-marker name and rotation in degrees.
QGIS_MARKERS: dict[str, tuple[str, int]] = {
    "circle": ("circle", 0), "square": ("square", 0), "diamond": ("diamond", 0),
    "triangle": ("triangle", 0), "triangle_down": ("triangle", 180), "cross": ("cross_fill", 0),
    "pentagon": ("pentagon", 0), "star": ("star", 0), "house": ("shield", 180), "tree": ("arrow", 0),
}
FALLBACK_LABEL = "其他"  # a status outside the list (or none): drawn grey, as on the canvas


def qgis_color(color: str, opacity: float = 1.0) -> str:
    """``#rrggbb`` as QGIS's ``r,g,b,a``."""
    value = color.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return f"{r},{g},{b},{round(255 * opacity)}"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _literal(value: object) -> str:
    return _quote(value) if isinstance(value, str) else f"{value:g}" if isinstance(value, float) else str(value)


def _case_on_kind(layer: LayerDef, value_of, default: object) -> str | None:
    """A QGIS expression choosing a value by ``kind``; None when every kind has the default.

    QGIS knows only the searched form (``CASE WHEN cond THEN …``); kinds sharing a value are
    listed together with ``IN``.
    """
    groups: dict[object, list[str]] = {}
    for kind in layer.kinds:
        value = value_of(kind.id)
        if value != default:
            groups.setdefault(value, []).append(_quote(kind.id))
    if not groups:
        return None
    body = " ".join(f'WHEN "kind" IN ({", ".join(ids)}) THEN {_literal(v)}' for v, ids in groups.items())
    return f"CASE {body} ELSE {_literal(default)} END"


def _option_map(parent: ET.Element, values: Mapping[str, str], name: str | None = None) -> ET.Element:
    node = ET.SubElement(parent, "Option", {"type": "Map", **({"name": name} if name else {})})
    for key, value in values.items():
        ET.SubElement(node, "Option", {"type": "QString", "name": key, "value": value})
    return node


def _data_defined(parent: ET.Element, expressions: Mapping[str, str | None]) -> None:
    top = ET.SubElement(ET.SubElement(parent, "data_defined_properties"), "Option", {"type": "Map"})
    ET.SubElement(top, "Option", {"type": "QString", "name": "name", "value": ""})
    active = {k: v for k, v in expressions.items() if v}
    props = ET.SubElement(top, "Option", {"type": "Map", "name": "properties"} if active else {"name": "properties"})
    for key, expression in active.items():
        prop = ET.SubElement(props, "Option", {"type": "Map", "name": key})
        ET.SubElement(prop, "Option", {"type": "bool", "name": "active", "value": "true"})
        ET.SubElement(prop, "Option", {"type": "QString", "name": "expression", "value": expression})
        ET.SubElement(prop, "Option", {"type": "int", "name": "type", "value": "3"})
    ET.SubElement(top, "Option", {"type": "QString", "name": "type", "value": "collection"})


def _symbol_layer(layer: LayerDef, style: FeatureStyle) -> tuple[str, str, dict[str, str], dict[str, str | None]]:
    """Symbol type, symbol-layer class, its properties and its data-defined expressions."""
    if layer.is_point:
        shape, angle = QGIS_MARKERS.get(style.symbol, ("circle", 0))
        props = {"name": shape, "angle": str(angle), "color": qgis_color(style.fill_color),
                 "outline_color": qgis_color(style.color), "outline_style": "solid",
                 "outline_width": f"{style.line_width:g}", "outline_width_unit": "Pixel",
                 "size": f"{style.marker_size:g}", "size_unit": "Pixel", "joinstyle": "miter"}
        symbol_of = {k.id: k.symbol for k in layer.kinds}
        return "marker", "SimpleMarker", props, {
            "name": _case_on_kind(layer, lambda kid: QGIS_MARKERS.get(symbol_of[kid], ("circle", 0))[0], shape),
            "angle": _case_on_kind(layer, lambda kid: QGIS_MARKERS.get(symbol_of[kid], ("circle", 0))[1], angle),
        }
    dash = "dash" if style.dashed else "solid"
    if layer.is_line:
        props = {"line_color": qgis_color(style.color), "line_style": dash, "line_width": f"{style.line_width:g}",
                 "line_width_unit": "Pixel", "capstyle": "round", "joinstyle": "round"}
        width = _case_on_kind(layer, lambda kid: style_for(layer, None, kid).line_width, style.line_width)
        return "line", "SimpleLine", props, {"outlineWidth": width}
    props = {"color": qgis_color(style.fill_color, style.fill_opacity), "style": "solid",
             "outline_color": qgis_color(style.color), "outline_style": dash,
             "outline_width": f"{style.line_width:g}", "outline_width_unit": "Pixel", "joinstyle": "miter"}
    return "fill", "SimpleFill", props, {}


def _symbol(parent: ET.Element, name: str, layer: LayerDef, style: FeatureStyle) -> None:
    kind, cls, props, expressions = _symbol_layer(layer, style)
    symbol = ET.SubElement(parent, "symbol", {"type": kind, "name": name, "alpha": "1", "clip_to_extent": "1",
                                              "force_rhr": "0"})
    _data_defined(symbol, {})
    sl = ET.SubElement(symbol, "layer", {"class": cls, "enabled": "1", "locked": "0", "pass": "0"})
    _option_map(sl, props)
    _data_defined(sl, expressions)


def _renderer(root: ET.Element, layer: LayerDef) -> None:
    renderer = ET.SubElement(root, "renderer-v2", {"type": "categorizedSymbol", "attr": "status", "symbollevels": "0",
                                                   "enableorderby": "0", "forceraster": "0"})
    categories = ET.SubElement(renderer, "categories")
    symbols = ET.SubElement(renderer, "symbols")
    entries = [(s.id, s.label_zh, s.id) for s in statuses()] + [("", FALLBACK_LABEL, None)]
    for i, (value, label, status_id) in enumerate(entries):
        ET.SubElement(categories, "category", {"value": value, "label": label, "symbol": str(i), "render": "true"})
        _symbol(symbols, str(i), layer, style_for(layer, status_id))


def _labeling(root: ET.Element, layer: LayerDef) -> None:
    settings = ET.SubElement(ET.SubElement(root, "labeling", {"type": "simple"}), "settings", {"calloutType": "simple"})
    style = ET.SubElement(settings, "text-style", {
        "fieldName": "name_zh", "isExpression": "0", "fontFamily": LABEL_FONT, "fontSize": f"{LABEL_SIZE_PT:g}",
        "fontSizeUnit": "Point", "textColor": qgis_color(LABEL_COLOR), "textOpacity": "1",
        "fontWeight": "75" if layer.is_polygon else "50", "namedStyle": "", "allowHtml": "0"})
    ET.SubElement(style, "text-buffer", {"bufferDraw": "1", "bufferSize": "1", "bufferSizeUnits": "MM",
                                         "bufferColor": "255,255,255,230", "bufferOpacity": "1", "bufferNoFill": "1",
                                         "bufferJoinStyle": "128"})
    ET.SubElement(settings, "text-format", {"multilineAlign": "3", "wrapChar": "", "autoWrapLength": "0"})
    if layer.is_point:
        placement = {"placement": "6", "dist": "1.5", "distUnits": "MM"}  # ordered positions around the symbol
    elif layer.is_line:
        placement = {"placement": "2", "placementFlags": "10", "dist": "1", "distUnits": "MM"}  # along the line
    else:
        placement = {"placement": "1", "dist": "0", "distUnits": "MM"}  # over the centroid
    ET.SubElement(settings, "placement", {**placement, "priority": str(label_priority(layer)),
                                          "overlapHandling": "PreventOverlap"})
    ET.SubElement(settings, "rendering", {"drawLabels": "1", "obstacle": "1", "obstacleType": "1",
                                          "displayAll": "0", "upsidedownLabels": "0", "labelPerPart": "0",
                                          "mergeLines": "0", "scaleVisibility": "0", "zIndex": "0"})


def _fields(root: ET.Element, layer: LayerDef) -> None:
    """Field names as labelled in the forms; enum fields as drop-down lists of their values."""
    config = ET.SubElement(root, "fieldConfiguration")
    labels = {s.id: s.label_zh for s in statuses()} | {k.id: k.label_zh for k in layer.kinds}
    for f in layer.fields:
        field = ET.SubElement(config, "field", {"name": f.name, "configurationFlags": "None"})
        widget = ET.SubElement(field, "editWidget", {"type": "ValueMap" if f.values else "TextEdit"})
        options = ET.SubElement(ET.SubElement(widget, "config"), "Option", {"type": "Map"})
        if f.values:
            listing = ET.SubElement(options, "Option", {"type": "List", "name": "map"})
            for value in f.values:
                _option_map(listing, {labels.get(value, value): value})
    # The location note's twin of codes is for gisplanner's faces; QGIS shows the note itself.
    hidden = ET.SubElement(config, "field", {"name": LOCATION_CODE, "configurationFlags": "None"})
    ET.SubElement(ET.SubElement(hidden, "editWidget", {"type": "Hidden"}), "config")
    aliases = ET.SubElement(root, "aliases")
    for i, f in enumerate(layer.fields):
        ET.SubElement(aliases, "alias", {"field": f.name, "index": str(i + 1), "name": f.label_zh})


def _attribute_table(root: ET.Element) -> None:
    """The twin column hidden in the attribute table; QGIS adds every other field after it, shown."""
    config = ET.SubElement(root, "attributetableconfig", {"actionWidgetStyle": "dropDown", "sortExpression": "",
                                                          "sortOrder": "0"})
    columns = ET.SubElement(config, "columns")
    ET.SubElement(columns, "column", {"type": "field", "name": LOCATION_CODE, "hidden": "1", "width": "-1"})


def layer_style_element(layer: LayerDef, labels: bool = True) -> ET.Element:
    """The style of ``layer`` as a QML ``<qgis>`` element (a QGIS project embeds its children)."""
    root = ET.Element("qgis", {"version": QGIS_VERSION, "styleCategories": "AllStyleCategories",
                               "labelsEnabled": "1" if labels else "0", "hasScaleBasedVisibilityFlag": "0",
                               "minScale": "100000000", "maxScale": "0", "readOnly": "0"})
    _renderer(root, layer)
    _labeling(root, layer)
    _fields(root, layer)
    _attribute_table(root)
    ET.SubElement(root, "layerOpacity").text = "1"
    ET.SubElement(root, "previewExpression").text = '"name_zh"'
    ET.SubElement(root, "layerGeometryType").text = "0" if layer.is_point else "1" if layer.is_line else "2"
    return root


def layer_qml(layer: LayerDef, labels: bool = True) -> str:
    """The QML document for ``layer``: symbology by status, kind symbols and widths, labels."""
    return QML_DOCTYPE + "\n" + ET.tostring(layer_style_element(layer, labels), encoding="unicode")


__all__ = ["QGIS_MARKERS", "QML_DOCTYPE", "layer_qml", "layer_style_element", "qgis_color"]
