"""Reshaping lines and polygons vertex by vertex (the map's vertex tool), without Qt.

A feature's vertices are addressed as ``(part, index)``: the parts are its lines, or its
polygons' rings (each polygon's exterior, then its holes), in order. A ring's closing
vertex is not listed; it follows the first. Each function returns the whole new geometry
of the same type, which the session checks (validity, lon/lat range) and keeps as one
undoable ``SetGeometry`` — so a save writes it, and the R-tree follows, like any move.
"""

from __future__ import annotations

from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from gisplanner.store.changes import EditRefused

XY = tuple[float, float]


def is_ringed(geom: BaseGeometry) -> bool:
    return geom.geom_type in ("Polygon", "MultiPolygon")


def _polygons(geom: BaseGeometry) -> list[Polygon]:
    return list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]


def _lines(geom: BaseGeometry) -> list[LineString]:
    return list(geom.geoms) if geom.geom_type == "MultiLineString" else [geom]


def parts(geom: BaseGeometry) -> list[list[XY]]:
    """The vertex lists of a (multi)line or (multi)polygon; rings without their closing vertex."""
    if is_ringed(geom):
        out = []
        for poly in _polygons(geom):
            for ring in (poly.exterior, *poly.interiors):
                out.append([(x, y) for x, y, *_ in ring.coords][:-1])
        return out
    if geom.geom_type in ("LineString", "MultiLineString"):
        return [[(x, y) for x, y, *_ in line.coords] for line in _lines(geom)]
    raise EditRefused("no_vertices", geometry=geom.geom_type)


def rebuild(geom: BaseGeometry, new_parts: list[list[XY]]) -> BaseGeometry:
    """``geom``'s type and structure with ``new_parts`` as its vertices."""
    if not is_ringed(geom):
        lines = [LineString(p) for p in new_parts]
        return MultiLineString(lines) if geom.geom_type == "MultiLineString" else lines[0]
    polys, k = [], 0
    for poly in _polygons(geom):
        rings = new_parts[k:k + 1 + len(poly.interiors)]
        k += len(rings)
        polys.append(Polygon(rings[0], rings[1:]))
    return MultiPolygon(polys) if geom.geom_type == "MultiPolygon" else polys[0]


def _check(geom: BaseGeometry, part: int, index: int, plist: list[list[XY]]) -> None:
    if not (0 <= part < len(plist) and 0 <= index < len(plist[part])):
        raise EditRefused("no_vertex", index=index, part=part, geometry=geom.geom_type)


def move_vertex(geom: BaseGeometry, part: int, index: int, xy: XY) -> BaseGeometry:
    plist = parts(geom)
    _check(geom, part, index, plist)
    plist[part][index] = (float(xy[0]), float(xy[1]))
    return rebuild(geom, plist)


def insert_vertex(geom: BaseGeometry, part: int, after: int, xy: XY) -> BaseGeometry:
    """A new vertex on the segment from vertex ``after`` to the next (a ring's last wraps to its first)."""
    plist = parts(geom)
    _check(geom, part, after, plist)
    if not is_ringed(geom) and after == len(plist[part]) - 1:
        raise EditRefused("last_vertex")
    plist[part].insert(after + 1, (float(xy[0]), float(xy[1])))
    return rebuild(geom, plist)


def delete_vertex(geom: BaseGeometry, part: int, index: int) -> BaseGeometry:
    plist = parts(geom)
    _check(geom, part, index, plist)
    least = 3 if is_ringed(geom) else 2
    if len(plist[part]) <= least:
        raise EditRefused("ring_vertices" if least == 3 else "line_vertices")
    del plist[part][index]
    return rebuild(geom, plist)


def segment_ends(plist: list[list[XY]], ringed: bool) -> list[tuple[int, int, XY, XY]]:
    """Every segment as (part, index of its first vertex, start, end)."""
    out = []
    for p, verts in enumerate(plist):
        n = len(verts)
        for i in range(n if ringed else n - 1):
            out.append((p, i, verts[i], verts[(i + 1) % n]))
    return out
