"""Map rendering speed against QGIS 3.22, in the same run, on the same GeoPackage.

For 10k and 100k synthetic polygons (status-coloured, 8 vertices each, spread over the
Chongqing area) it times, at 1600×1000:
  - our full-extent frame (gisplanner.ui.renderer.render), cold (first frame, no path cache)
    and warm (the redraw after any change), and QGIS's QgsMapRendererParallelJob frame;
  - a pan frame: ours is the canvas painting its cached frame shifted (what the user sees
    while dragging); QGIS's is a full render of the shifted extent.
Targets: our full redraw at 100k ≤ 0.1 × QGIS; a pan frame from cache ≤ 20 ms.

Run: .venv/bin/python bench/bench_render.py [--sizes 10000,100000] [--rounds 3]
QGIS runs in a subprocess of /usr/bin/python3 (python3-qgis); without it, only our figures print.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402

WIDTH, HEIGHT = 1600, 1000
REGION = (105.3, 28.6, 108.0, 31.0)
STATUSES = ["proposed", "planning_study", "planned", "approved", "under_construction", "completed"]
COLORS = {"proposed": "#9e9e9e", "planning_study": "#ab47bc", "planned": "#1e88e5", "approved": "#00897b",
          "under_construction": "#fb8c00", "completed": "#43a047"}

QGIS_SCRIPT = r"""
import json, sys, time
from qgis.core import (QgsApplication, QgsVectorLayer, QgsMapSettings, QgsMapRendererParallelJob,
    QgsRectangle, QgsCategorizedSymbolRenderer, QgsRendererCategory, QgsFillSymbol)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor
path, rounds, colors = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
app = QgsApplication([], False)
app.initQgis()
layer = QgsVectorLayer(f"{path}|layername=synthetic", "synthetic", "ogr")
assert layer.isValid(), path
cats = []
for status, color in colors.items():
    sym = QgsFillSymbol.createSimple({"color": color + "55", "outline_color": color, "outline_width": "0.4"})
    cats.append(QgsRendererCategory(status, sym, status))
layer.setRenderer(QgsCategorizedSymbolRenderer("status", cats))
def frame(extent):
    s = QgsMapSettings()
    s.setLayers([layer]); s.setOutputSize(QSize(1600, 1000)); s.setDestinationCrs(layer.crs())
    s.setExtent(extent); s.setBackgroundColor(QColor("#d6e4ef"))
    t = time.perf_counter(); job = QgsMapRendererParallelJob(s); job.start(); job.waitForFinished()
    return time.perf_counter() - t, s.visibleExtent()
full, pan, zoom = [], [], []
ext = layer.extent()
c = ext.center()
quarter = QgsRectangle(c.x() - ext.width() / 8, c.y() - ext.height() / 8, c.x() + ext.width() / 8, c.y() + ext.height() / 8)
for _ in range(rounds):
    dt, vis = frame(ext); full.append(dt)
    dt, _ = frame(quarter); zoom.append(dt)
    shifted = QgsRectangle(ext); shifted.setXMinimum(ext.xMinimum() + ext.width() * 0.1)
    shifted.setXMaximum(ext.xMaximum() + ext.width() * 0.1)
    dt, _ = frame(shifted); pan.append(dt)
print(json.dumps({"full": full, "pan": pan, "zoom": zoom}))
app.exitQgis()
"""


def synthetic_gpkg(n: int, folder: Path) -> Path:
    """n small octagons with a status each, written with pyogrio (cached between runs)."""
    import geopandas as gpd
    import shapely

    path = folder / f"synthetic_{n}.gpkg"
    if path.exists():
        return path
    rng = np.random.default_rng(n)
    cx = rng.uniform(REGION[0], REGION[2], n)
    cy = rng.uniform(REGION[1], REGION[3], n)
    r = rng.lognormal(np.log(0.002), 0.6, n)
    angles = np.linspace(0, 2 * np.pi, 9)[:-1]
    xs = cx[:, None] + r[:, None] * np.cos(angles)[None, :] * rng.uniform(0.7, 1.3, (n, 8))
    ys = cy[:, None] + r[:, None] * np.sin(angles)[None, :] * rng.uniform(0.7, 1.3, (n, 8))
    rings = np.stack([xs, ys], axis=-1)
    rings = np.concatenate([rings, rings[:, :1]], axis=1)
    geoms = shapely.polygons(rings)
    frame = gpd.GeoDataFrame({"uid": [f"s{i}" for i in range(n)], "name_zh": [f"地块{i}" for i in range(n)],
                              "status": rng.choice(STATUSES, n), "kind": "industrial_park"},
                             geometry=geoms, crs="EPSG:4326")
    frame.to_file(path, layer="synthetic", driver="GPKG", engine="pyogrio")
    return path


def ours(path: Path, rounds: int) -> dict:
    import pyogrio
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from gisplanner.ui.canvas import MapCanvas
    from gisplanner.ui.geo import View
    from gisplanner.ui.layer_data import LayerData
    from gisplanner.ui.map_layers import style_groups
    from gisplanner.ui.renderer import RenderLayer, new_image, render

    app = QApplication.instance() or QApplication([])
    t = time.perf_counter()
    frame = pyogrio.read_dataframe(path, layer="synthetic")
    data = LayerData.from_frame("synthetic", frame, ["uid", "name_zh", "status", "kind"])
    group, styles = style_groups(data, "parks")
    load = time.perf_counter() - t
    layer = RenderLayer(data=data, group=group, styles=styles, label_column="name_zh", label_min_px=40)
    view = View(0, 0, 1, WIDTH, HEIGHT).fit(data.total_bounds, margin=0.0)
    full = []
    for _ in range(rounds):
        data._paths.clear()  # cold: no simplified path cached yet
        image = new_image(view)
        t = time.perf_counter()
        stats = render(image, view, [layer])
        full.append(time.perf_counter() - t)
    warm = []
    for _ in range(rounds):
        image = new_image(view)
        t = time.perf_counter()
        render(image, view, [layer])
        warm.append(time.perf_counter() - t)
    # zoomed in 4× (a quarter of the width): far fewer features, most drawn as real shapes
    zview = View(view.cx, view.cy, view.res / 4, WIDTH, HEIGHT)
    zoom = []
    for _ in range(rounds):
        data._paths.clear()
        image = new_image(zview)
        t = time.perf_counter()
        render(image, zview, [layer])
        zoom.append(time.perf_counter() - t)
    # pan: the canvas paints its cached frame shifted by the drag
    canvas = MapCanvas(threaded=False)
    canvas.resize(WIDTH, HEIGHT)
    canvas.layer_source = lambda: [layer]
    canvas.set_view(View(view.cx, view.cy, view.res, WIDTH, HEIGHT))
    canvas._timer.stop()
    canvas._start_render()
    app.processEvents()
    target = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
    pan = []
    for k in range(1, 21):
        v = canvas.view
        canvas._view = View(v.cx + 7 * v.res, v.cy, v.res, WIDTH, HEIGHT)  # what a drag step does
        t = time.perf_counter()
        canvas.render(target, QPoint(0, 0))
        pan.append(time.perf_counter() - t)
        del k
    canvas.shutdown()
    return {"load": load, "full_cold": full, "full_warm": warm, "zoom": zoom, "pan": pan, "dots": stats.dots, "drawn": stats.drawn}


def qgis(path: Path, rounds: int) -> dict | None:
    if not Path("/usr/bin/python3").exists():
        return None
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(["/usr/bin/python3", "-c", QGIS_SCRIPT, str(path), str(rounds), json.dumps(COLORS)],
                         capture_output=True, text=True, env=env, timeout=900)
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if not lines:  # QGIS may crash while exiting after printing; the figures stand
        print(f"  QGIS did not run: {out.stderr.strip()[-400:]}")
        return None
    return json.loads(lines[-1])


def ms(values) -> str:
    return f"{statistics.median(values) * 1000:8.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "gisplanner-bench")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    print(f"render {WIDTH}x{HEIGHT}, median of {args.rounds} rounds (pan: 20 drag steps)")
    for n in [int(s) for s in args.sizes.split(",")]:
        path = synthetic_gpkg(n, args.folder)
        o = ours(path, args.rounds)
        q = qgis(path, args.rounds)
        print(f"\n{n:,} polygons ({o['drawn']:,} in view, {o['dots']:,} under 1.5 px; up to 4 px drawn as blobs)")
        print(f"  gisplanner load + index      {o['load'] * 1000:8.1f} ms")
        print(f"  gisplanner full frame cold   {ms(o['full_cold'])}")
        print(f"  gisplanner full frame warm   {ms(o['full_warm'])}")
        print(f"  gisplanner 4x zoom frame cold {ms(o['zoom'])}")
        print(f"  gisplanner pan frame (cache) {ms(o['pan'])}   max {max(o['pan']) * 1000:.1f} ms  target <= 20 ms")
        if q:
            qf, qp = statistics.median(q["full"]), statistics.median(q["pan"])
            print(f"  QGIS 3.22 full frame         {ms(q['full'])}")
            print(f"  QGIS 3.22 4x zoom frame      {ms(q['zoom'])}")
            print(f"  QGIS 3.22 pan frame          {ms(q['pan'])}")
            for label, ours_t in (("cold", statistics.median(o["full_cold"])), ("warm", statistics.median(o["full_warm"]))):
                print(f"  ratio full {label} ours/QGIS     {ours_t / qf:8.3f}   target <= 0.1 at 100k")
            print(f"  ratio pan ours/QGIS          {statistics.median(o['pan']) / qp:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
