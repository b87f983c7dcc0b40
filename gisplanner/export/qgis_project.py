"""A QGIS project (.qgz) that opens the project GeoPackage as gisplanner shows it.

The layers in our drawing order, each with the style of ``gisplanner.layers.qml`` (the one
written to ``layer_styles``), and the three parks as spatial bookmarks. The .qgs XML is
written here (no Qt, no QGIS) for QGIS 3.22 and later. Layers point at the GeoPackage by a
path relative to the .qgz when there is one, so the two can be moved together.
"""

from __future__ import annotations

import os
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pyproj import CRS

from gisplanner.layers import LayerDef
from gisplanner.layers.qml import QGIS_VERSION, QML_DOCTYPE, layer_style_element
from gisplanner.store import Project

PARK_BOOKMARKS = ("cq.biocity", "zh.health-port", "bz.qinba-park")
BOOKMARK_MARGIN = 0.15  # of the park's width and height on each side
TITLE = "gisplanner 生物医药产业园区规划"


class QgisProjectError(RuntimeError):
    """A QGIS project that could not be written; the message names the file and why."""


@dataclass
class QgisProjectReport:
    path: Path
    layers: list[str]
    bookmarks: list[str]
    notes: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        return (f"wrote {self.path}: {len(self.layers)} layers ({', '.join(self.layers)}), "
                f"{len(self.bookmarks)} bookmarks")


def _srs(parent: ET.Element) -> None:
    crs = CRS.from_epsg(4326)
    node = ET.SubElement(parent, "spatialrefsys")
    for tag, text in (("wkt", crs.to_wkt()), ("proj4", "+proj=longlat +datum=WGS84 +no_defs"), ("srid", "4326"),
                      ("authid", "EPSG:4326"), ("description", crs.name), ("projectionacronym", "longlat"),
                      ("ellipsoidacronym", "EPSG:7030"), ("geographicflag", "true")):
        ET.SubElement(node, tag).text = text


def _extent(parent: ET.Element, tag: str, bounds: tuple[float, float, float, float]) -> None:
    node = ET.SubElement(parent, tag)
    for name, value in zip(("xmin", "ymin", "xmax", "ymax"), bounds, strict=True):
        ET.SubElement(node, name).text = repr(float(value))


def _layer_id(definition: LayerDef) -> str:
    return f"gisplanner_{definition.name}"


def _source(gpkg: Path, out: Path, layer: str) -> str:
    try:
        path = os.path.relpath(gpkg.resolve(), out.resolve().parent)
        path = "./" + Path(path).as_posix()
    except ValueError:  # another drive: only an absolute path reaches it
        path = gpkg.resolve().as_posix()
    return f"{path}|layername={layer}"


def _map_layer(parent: ET.Element, definition: LayerDef, source: str) -> None:
    style = layer_style_element(definition)
    geometry = "Point" if definition.is_point else "Line" if definition.is_line else "Polygon"
    node = ET.SubElement(parent, "maplayer", {**style.attrib, "type": "vector", "geometry": geometry,
                                              "wkbType": definition.geometry})
    ET.SubElement(node, "id").text = _layer_id(definition)
    ET.SubElement(node, "datasource").text = source
    ET.SubElement(node, "layername").text = definition.title_zh
    _srs(ET.SubElement(node, "srs"))
    ET.SubElement(node, "provider", {"encoding": "UTF-8"}).text = "ogr"
    node.extend(list(style))


Bounds = tuple[float, float, float, float]


def _bookmarks(root: ET.Element, project: Project, notes: list[str]) -> list[tuple[str, Bounds]]:
    node = ET.SubElement(root, "Bookmarks")
    marks = []
    for uid in PARK_BOOKMARKS:
        feature = project.feature(uid)
        if feature is None or feature["geometry"] is None:
            notes.append(f"no feature {uid}: no bookmark for it")
            continue
        x0, y0, x1, y1 = feature["geometry"].bounds
        dx, dy = max(x1 - x0, 0.01) * BOOKMARK_MARGIN, max(y1 - y0, 0.01) * BOOKMARK_MARGIN
        x0, y0, x1, y1 = x0 - dx, y0 - dy, x1 + dx, y1 + dy
        ring = ", ".join(f"{x!r} {y!r}" for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)))
        mark = ET.SubElement(node, "Bookmark", {"id": f"gisplanner_{uid}", "name": feature["name_zh"], "group": "",
                                                "extent": f"POLYGON(({ring}))"})
        _srs(mark)
        marks.append((feature["name_zh"], (x0, y0, x1, y1)))
    return marks


def qgis_project_xml(project: Project, out: Path) -> tuple[str, QgisProjectReport]:
    """The .qgs document for ``project`` as it will sit at ``out``, and what it holds."""
    definitions = project.layers()  # drawing order: the first is drawn at the bottom
    root = ET.Element("qgis", {"projectname": TITLE, "version": QGIS_VERSION})
    ET.SubElement(root, "homePath", {"path": ""})
    ET.SubElement(root, "title").text = TITLE
    _srs(ET.SubElement(root, "projectCrs"))
    tree = ET.SubElement(root, "layer-tree-group")
    ET.SubElement(tree, "customproperties")
    for definition in reversed(definitions):  # the layer tree lists the top layer first
        ET.SubElement(tree, "layer-tree-layer", {
            "id": _layer_id(definition), "name": definition.title_zh, "providerKey": "ogr", "expanded": "1",
            "checked": "Qt::Checked", "source": _source(project.path, out, definition.name)})
    layers = ET.SubElement(root, "projectlayers")
    for definition in definitions:
        _map_layer(layers, definition, _source(project.path, out, definition.name))
    order = ET.SubElement(root, "layerorder")
    for definition in reversed(definitions):
        ET.SubElement(order, "layer", {"id": _layer_id(definition)})
    properties = ET.SubElement(root, "properties")
    paths = ET.SubElement(ET.SubElement(properties, "Paths"), "Absolute", {"type": "bool"})
    paths.text = "false"
    projections = ET.SubElement(ET.SubElement(properties, "SpatialRefSys"), "ProjectionsEnabled", {"type": "int"})
    projections.text = "1"  # QGIS reads projectCrs only with this set
    report = QgisProjectReport(out, [d.name for d in reversed(definitions)], [])
    marks = _bookmarks(root, project, report.notes)
    report.bookmarks = [name for name, _ in marks]
    if marks:  # open on the first park
        canvas = ET.SubElement(root, "mapcanvas", {"name": "theMapCanvas", "annotationsVisible": "1"})
        ET.SubElement(canvas, "units").text = "degrees"
        _extent(canvas, "extent", marks[0][1])
        ET.SubElement(canvas, "rotation").text = "0"
        _srs(ET.SubElement(canvas, "destinationsrs"))
    ET.indent(root, space=" ")
    return QML_DOCTYPE + "\n" + ET.tostring(root, encoding="unicode") + "\n", report


def write_qgis_project(project: Project, out: str | Path) -> QgisProjectReport:
    """Write the .qgz (a zip holding the .qgs) to ``out``, replacing a file there only when complete."""
    out = Path(out)
    if out.suffix.lower() != ".qgz":
        raise QgisProjectError(f"{out.name}: a QGIS project file must end in .qgz")
    if not out.parent.is_dir():
        raise QgisProjectError(f"{out}: the folder {out.parent} does not exist")
    text, report = qgis_project_xml(project, out)
    try:
        with tempfile.NamedTemporaryFile(dir=out.parent, prefix=f".{out.stem}-", suffix=".qgz", delete=False) as tmp:
            staged = Path(tmp.name)
        try:
            with zipfile.ZipFile(staged, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(f"{out.stem}.qgs", text.encode("utf-8"))
            os.replace(staged, out)
        finally:
            staged.unlink(missing_ok=True)
    except OSError as exc:
        raise QgisProjectError(f"{out}: could not be written ({exc.strerror or exc})") from exc
    return report


__all__ = ["PARK_BOOKMARKS", "QgisProjectError", "QgisProjectReport", "qgis_project_xml", "write_qgis_project"]
