"""Run by the system Python with QGIS 3.22, offscreen: open a .qgz and report what QGIS sees.

    python3 qgis_project_probe.py PROJECT.qgz [PNG]

Prints JSON: the layer tree (top first) with each layer's validity, renderer and feature count,
the bookmarks with their extents, and (with PNG) renders the first bookmark to that file.
"""

import json
import os
import sys

from qgis.core import QgsApplication, QgsMapRendererSequentialJob, QgsMapSettings, QgsProject
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

app = QgsApplication([], False)
app.initQgis()
project = QgsProject.instance()
ok = project.read(sys.argv[1])
tree = project.layerTreeRoot()
layers = []
for node in tree.findLayers():
    layer = node.layer()
    layers.append({"name": node.name(), "id": node.layerId(), "valid": bool(layer and layer.isValid()),
                   "renderer": layer.renderer().type() if layer and layer.renderer() else None,
                   "features": layer.featureCount() if layer else None,
                   "source": layer.source() if layer else None,
                   "labels": bool(layer and layer.labelsEnabled())})
marks = [{"name": b.name(), "extent": [b.extent().xMinimum(), b.extent().yMinimum(), b.extent().xMaximum(),
                                        b.extent().yMaximum()], "crs": b.extent().crs().authid()}
         for b in project.bookmarkManager().bookmarks()]
if len(sys.argv) > 2 and marks:
    settings = QgsMapSettings()
    settings.setLayers(tree.layerOrder())
    settings.setDestinationCrs(project.crs())
    settings.setOutputSize(QSize(1200, 900))
    settings.setBackgroundColor(QColor("white"))
    bookmark = project.bookmarkManager().bookmarks()[int(os.environ.get("BOOKMARK", "0"))]
    settings.setExtent(bookmark.extent())
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage().save(sys.argv[2])
print(json.dumps({"read": ok, "crs": project.crs().authid(), "layers": layers, "bookmarks": marks,
                  "order": [layer.id() for layer in tree.layerOrder()]}, ensure_ascii=False), flush=True)
os._exit(0)  # QGIS 3.22's Python bindings can crash in exitQgis() at interpreter exit
