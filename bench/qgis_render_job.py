"""QGIS 3.22 side of bench_render.py; runs under /usr/bin/python3 (python3-qgis), not the venv.

argv: GeoPackage path, JSON {status: "#rrggbb"}. A worker that stays up so that each QGIS frame
is timed right beside ours (the same machine load for both): it reads one JSON command per line
on stdin and answers one JSON line on stdout.
  {"make": "gpkg"}    open the layer afresh from the GeoPackage
  {"make": "memory"}  copy the GeoPackage layer's features into a memory provider with a
                      spatial index (a fresh layer object)
  {"frame": [lon0, lat0, lon1, lat1]}  draw the current layer: {"wall": s, "cpu": s}
  {"rss": true}       this process's peak resident memory: {"rss_mb": ...}
The first frame after "make" is the cold one; the same frame again is warm.
"""

import json
import os
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

path, colors = sys.argv[1], json.loads(sys.argv[2])
app = QgsApplication([], False)
app.initQgis()


def styled(layer):
    cats = []
    for status, color in colors.items():
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
    t, c = time.perf_counter(), time.process_time()  # process time: the job's own threads too
    job = QgsMapRendererParallelJob(s)
    job.start()
    job.waitForFinished()
    return {"wall": time.perf_counter() - t, "cpu": time.process_time() - c}


layer = None
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    command = json.loads(line)
    if "make" in command:
        layer = None  # the previous layer goes first: one copy in memory at a time
        t = time.perf_counter()
        layer = gpkg_layer() if command["make"] == "gpkg" else memory_layer()
        answer = {"made": time.perf_counter() - t}
    elif "frame" in command:
        answer = frame(layer, command["frame"])
    else:
        answer = {"rss_mb": peak_rss_mb()}
    print(json.dumps(answer), flush=True)
os._exit(0)  # exitQgis() may crash on the way out; nothing is left to save
