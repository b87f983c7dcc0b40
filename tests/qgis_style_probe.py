"""Run by the system Python with QGIS 3.22 (Debian python3-qgis), offscreen.

    python3 qgis_style_probe.py PROJECT.gpkg REQUEST.json

REQUEST: {"layers": [names, bottom first], "probes": [[layer, uid, x, y], ...], "png": optional path,
"png_extent": optional [xmin, ymin, xmax, ymax]}. Prints JSON: each layer's renderer and the style
QGIS loaded by default, and for each probe the colour of the rendered pixel at the feature.
"""

import json
import os
import sys

from qgis.core import (
    QgsApplication,
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeatureRequest,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize, Qt
from qgis.PyQt.QtGui import QColor

app = QgsApplication([], False)
app.initQgis()
path, request = sys.argv[1], json.loads(open(sys.argv[2], encoding="utf-8").read())
layers = {name: QgsVectorLayer(f"{path}|layername={name}", name, "ogr") for name in request["layers"]}
out = {"layers": {}, "probes": []}
for name, layer in layers.items():
    renderer = layer.renderer()
    info = {"valid": layer.isValid(), "renderer": renderer.type() if renderer else None, "categories": {},
            "expression_errors": []}
    if renderer and renderer.type() == "categorizedSymbol":
        info["attr"] = renderer.classAttribute()
        for cat in renderer.categories():
            sl = cat.symbol().symbolLayer(0)
            dashed = None
            if hasattr(sl, "strokeStyle"):
                dashed = sl.strokeStyle() not in (Qt.SolidLine, Qt.NoPen)
            elif hasattr(sl, "penStyle"):
                dashed = sl.penStyle() not in (Qt.SolidLine, Qt.NoPen)
            props = sl.dataDefinedProperties()
            for key in props.propertyKeys():
                expression = QgsExpression(props.property(key).expressionString())
                if expression.hasParserError():
                    info["expression_errors"].append(expression.parserErrorString())
            info["categories"][cat.value() or ""] = {"label": cat.label(), "color": cat.symbol().color().name(),
                                                     "dashed": dashed, "class": sl.layerType()}
    info["labels"] = bool(layer.labelsEnabled())
    info["label_priority"] = layer.labeling().settings().priority if layer.labeling() else None
    info["hidden_columns"] = [c.name for c in layer.attributeTableConfig().columns() if c.hidden]
    code = layer.fields().indexOf("location_source_code")
    info["code_widget"] = layer.editorWidgetSetup(code).type() if code >= 0 else None
    out["layers"][name] = info


def render(extent, size, labels):
    settings = QgsMapSettings()
    settings.setLayers([layers[n] for n in reversed(request["layers"])])  # first is drawn on top
    settings.setDestinationCrs(next(iter(layers.values())).crs())
    settings.setOutputSize(QSize(*size))
    settings.setExtent(extent)
    settings.setBackgroundColor(QColor("white"))
    settings.setFlag(QgsMapSettings.DrawLabeling, labels)
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    return settings, job.renderedImage()


for name, uid, x, y in request["probes"]:
    feature = next(layers[name].getFeatures(QgsFeatureRequest().setFilterExpression(f"\"uid\" = '{uid}'")))
    half = 0.005
    settings, image = render(QgsRectangle(x - half, y - half, x + half, y + half), (200, 200), labels=False)
    pixel = settings.mapToPixel().transform(x, y)
    color = image.pixelColor(int(round(pixel.x())), int(round(pixel.y())))
    probe = {"layer": name, "uid": uid, "status": feature["status"], "kind": feature["kind"], "color": color.name()}
    if layers[name].geometryType() == 0:  # points: the marker shape QGIS draws for this feature
        categories = layers[name].renderer().categories()
        symbol = next(c.symbol() for c in categories if c.value() == feature["status"])
        marker = symbol.symbolLayer(0)
        context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layers[name]))
        context.setFeature(feature)
        shape = marker.dataDefinedProperties().valueAsString(marker.PropertyName, context, marker.encodeShape(marker.shape()))
        probe["shape"] = shape[0] if isinstance(shape, tuple) else shape
    out["probes"].append(probe)

if request.get("png"):
    extent = QgsRectangle(*request["png_extent"]) if request.get("png_extent") else None
    if extent is None:
        extent = QgsRectangle()
        for layer in layers.values():
            if layer.featureCount():
                extent.combineExtentWith(layer.extent())
    _, image = render(extent, request.get("png_size", (1200, 900)), labels=True)
    image.save(request["png"])
print(json.dumps(out, ensure_ascii=False), flush=True)
os._exit(0)  # QGIS 3.22's Python bindings can crash in exitQgis() at interpreter exit
