"""A project as a planner leaves it: edited in a session, changed from the command line,
data imported into a shipped layer and a new layer made from a shapefile."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely
from shapely.geometry import Point

from gisplanner.io.import_ import ImportOptions, import_file
from gisplanner.io.new_layer import NewLayer
from gisplanner.store import Project

EDITED = "cq.biocity.vaccine-incubator"
SET_BY_COMMAND = "cq.biocity.antibody-incubator"
USER_LAYER = "plots"


def make_worked_project(folder: Path, built: Path) -> Path:
    from gisplanner.cli import main

    path = folder / "worked.gpkg"
    path.write_bytes(built.read_bytes())
    with Project.open(path, "rw") as project, project.edit(editor="王工") as session:
        session.set_status(EDITED, "under_construction", "2025-03-01", "现场踏勘")
        session.set_value(SET_BY_COMMAND, "notes", "一期")
        session.add_feature("facilities", {"uid": "t.lab", "name_zh": "新实验室", "kind": "laboratory",
                                           "status": "planned", "status_date": "2025-01-01",
                                           "location_precision": "site"}, Point(106.62, 29.41))
        session.move(EDITED, 0.01, 0.0)
        session.link("t.lab", project.clauses()[3]["id"], "mentions")
        session.commit()
    assert main(["set-status", "--project", str(path), SET_BY_COMMAND, "--status", "completed",
                 "--date", "2025-06-01", "--source", "竣工验收", "--editor", "脚本"]) == 0
    csv = folder / "sites.csv"
    csv.write_text("name_zh,kind,status,status_date,location_precision,lon,lat\n"
                   "检测中心,laboratory,planned,2025-02-01,site,106.63,29.42\n", encoding="utf-8")
    assert import_file(path, csv, ImportOptions("facilities")).written
    boxes = [shapely.box(106.60 + 0.01 * i, 29.40, 106.605 + 0.01 * i, 29.405) for i in range(2)]
    shp = folder / "plots.shp"
    pyogrio.write_dataframe(gpd.GeoDataFrame({"名称": ["一号地块", "二号地块"], "用地面积": [1.5, 2.0]},
                                             geometry=boxes, crs="EPSG:4490"), shp, encoding="GBK")
    report = import_file(path, shp, ImportOptions("", new_layer=NewLayer(USER_LAYER, "规划地块", "Planned plots")))
    assert report.written and report.layer == USER_LAYER
    return path
