"""QGIS 3.22 side of bench_render.py; runs under /usr/bin/python3 (python3-qgis), not the venv.

argv: GeoPackage path, rounds, JSON {"colors": {status: "#rrggbb"}, "views": [[name, lon0, lat0,
lon1, lat1], ...]}. Prints one JSON line: seconds per (source, view, cold|warm) and peak RSS.
Cold is the first frame of a layer object made just before it (GeoPackage: opened; memory: the
features copied into a memory provider with a spatial index); warm is the same frame again.
"""

import json
import sys
import time

from qgis.core import (
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsRectangle,
    QgsRendererCategory,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

path, rounds, spec = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
app = QgsApplication([], False)
app.initQgis()


def styled(layer):
    cats = []
    for status, color in spec["colors"].items():
        sym = QgsFillSymbol.createSimple({"color": color + "55", "outline_color": color, "outline_width": "0.4"})
        cats.append(QgsRendererCategory(status, sym, status))
    layer.setRenderer(QgsCategorizedSymbolRenderer("status", cats))
    return layer



def peak_rss_mb():
    """This process's peak resident memory (VmHWM; getrusage would count the parent's across exec)."""
    with open("/proc/self/status") as f:
        return next(int(ln.split()[1]) for ln in f if ln.startswith("VmHWM")) / 1024


def gpkg_layer():
    layer = QgsVectorLayer(f"{path}|layername=synthetic", "synthetic", "ogr")
    assert layer.isValid(), path
    return styled(layer)


source = gpkg_layer()


def memory_layer():
    mem = source.materialize(QgsFeatureRequest())
    mem.dataProvider().createSpatialIndex()
    return styled(mem)


def frame(layer, extent):
    s = QgsMapSettings()
    s.setLayers([layer])
    s.setOutputSize(QSize(1600, 1000))
    s.setDestinationCrs(layer.crs())
    s.setExtent(QgsRectangle(*extent))
    s.setBackgroundColor(QColor("#d6e4ef"))
    s.setFlag(QgsMapSettings.Antialiasing, True)
    t = time.perf_counter()
    job = QgsMapRendererParallelJob(s)
    job.start()
    job.waitForFinished()
    return time.perf_counter() - t


out = {}
for kind, make in (("gpkg", gpkg_layer), ("memory", memory_layer)):
    for name, *extent in spec["views"]:
        for _ in range(rounds):
            layer = make()
            out.setdefault(f"{kind}/{name}/cold", []).append(frame(layer, extent))
            out.setdefault(f"{kind}/{name}/warm", []).append(frame(layer, extent))
            del layer
out["rss_mb"] = peak_rss_mb()
print(json.dumps(out), flush=True)
app.exitQgis()
