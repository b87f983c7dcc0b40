"""Bring a file's geometries to the project's terms: WGS84, the layer's type, valid, in China.

Each step says what it did per row (the conversion applied, a repair) or why a row cannot be
taken (wrong type, invalid beyond a safe repair, outside China), so the import report can
list rows rather than fail on the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError
from shapely.geometry.base import BaseGeometry

from gisplanner.crs import transformer
from gisplanner.io import offsets
from gisplanner.io.crs_guess import in_china
from gisplanner.io.row_words import RowWords
from gisplanner.layers import LayerDef
from gisplanner.source_words import CUSTOM_CRS, CodedNote, SourceWords

_DIMENSION = {"Point": 0, "LineString": 1, "Polygon": 2}
# shapely type ids: (the layer's stored type, the single-part type wrapped into it)
_TYPE_IDS = {"point": (0, 0), "line": (5, 1), "polygon": (6, 3)}


@dataclass
class GeometryResult:
    geometries: list[BaseGeometry | None]  # WGS84, of the layer's type; None where rejected
    problems: dict[int, str] = field(default_factory=dict)  # row index -> why it was rejected
    repaired: dict[int, str] = field(default_factory=dict)  # row index -> what the repair did
    conversion: CodedNote = field(default_factory=lambda: CodedNote(()))  # "EPSG:4524 → WGS84; GCJ-02 → WGS84"


def conversion_note(crs: str | None, offset: str | None) -> CodedNote:
    """The steps that bring the file's coordinates to WGS84 (none for WGS84 itself), coded."""
    steps = []
    if crs and crs not in ("EPSG:4326",):
        steps.append(SourceWords("crs_step", crs=crs) if crs.startswith("EPSG:") else SourceWords("file_crs_step"))
    if offset:
        steps.append(SourceWords("offset_step", offset=offsets.LABELS[offset]))
    return CodedNote(steps)


def crs_name(crs: str | None) -> str | None:
    """How to name a coordinate system to a person: its EPSG code, else the name its definition
    gives (a .prj's "Xian_1980_3_Degree_GK_CM_114E"); None for a nameless custom one."""
    if not crs or crs.startswith("EPSG:"):
        return crs or None
    try:
        name = CRS.from_user_input(crs).name
    except CRSError:
        return None
    return None if not name or name.lower() in ("unknown", "unnamed", "undefined") else name


def crs_label(crs: str | None) -> str:
    """``crs_name``, or ``CUSTOM_CRS``: never a whole WKT or PROJ string."""
    return crs_name(crs) or CUSTOM_CRS


def to_wgs84(geoms: np.ndarray, crs: str, offset: str | None) -> np.ndarray:
    """Geometries moved from ``crs`` (then from the ``offset`` datum, if any) to WGS84 lon/lat."""
    out = geoms
    if crs != "EPSG:4326":
        forward = transformer(crs, "EPSG:4326")

        def project(coords: np.ndarray) -> np.ndarray:
            x, y = forward.transform(coords[:, 0], coords[:, 1])
            return np.column_stack([x, y])

        out = shapely.transform(out, project)
    if offset:
        out = offsets.geometry_to_wgs84(out, offset)
    return out


def _conform(geom: BaseGeometry, definition: LayerDef) -> BaseGeometry | str:
    """``geom`` as the layer's geometry type, or why it cannot be."""
    gtype = geom.geom_type
    if definition.is_point:
        if gtype == "Point":
            return geom
        if gtype == "MultiPoint" and len(geom.geoms) == 1:
            return geom.geoms[0]
        return RowWords("wrong_kind", got=gtype, layer=definition.name, wanted="points")
    if definition.is_line:
        if gtype == "LineString":
            return shapely.MultiLineString([geom])
        if gtype == "MultiLineString":
            return geom
        if gtype in ("Polygon", "MultiPolygon"):
            return RowWords("line_not_polygon", got=gtype, layer=definition.name)
        return RowWords("wrong_kind", got=gtype, layer=definition.name, wanted="lines")
    # polygon layers: CAD drawings give areas as closed polylines
    if gtype == "Polygon":
        return shapely.MultiPolygon([geom])
    if gtype == "MultiPolygon":
        return geom
    if gtype in ("LineString", "MultiLineString"):
        parts = [geom] if gtype == "LineString" else list(geom.geoms)
        if all(p.is_closed and len(p.coords) >= 4 for p in parts):
            return shapely.MultiPolygon([shapely.Polygon(p.coords) for p in parts])
        return RowWords("open_outline", got=gtype, layer=definition.name)
    return RowWords("wrong_kind", got=gtype, layer=definition.name, wanted="areas")


def _repair(geom: BaseGeometry, definition: LayerDef) -> tuple[BaseGeometry | None, str]:
    """A valid version of ``geom`` when make_valid keeps its dimension; else None and why."""
    reason = shapely.is_valid_reason(geom)
    fixed = shapely.make_valid(geom)
    dim = 2 if definition.is_polygon else 1 if definition.is_line else 0
    parts = [p for p in getattr(fixed, "geoms", [fixed]) if not p.is_empty]
    keep = [p for p in parts if _DIMENSION.get(p.geom_type.replace("Multi", ""), -1) == dim]
    if not keep:
        return None, RowWords("not_repairable", reason=reason)
    dropped = len(parts) - len(keep)
    merged = shapely.union_all(keep) if len(keep) > 1 else keep[0]
    conformed = _conform(merged, definition)
    if isinstance(conformed, str):
        return None, RowWords("repaired_wrong", reason=reason, shape=conformed)
    if dropped:
        return conformed, RowWords("repaired_dropped", reason=reason, dropped=dropped)
    return conformed, RowWords("repaired", reason=reason)


def prepare_geometries(geoms, definition: LayerDef, crs: str, offset: str | None) -> GeometryResult:
    """Every row's geometry in WGS84 as the layer's type, valid and inside China."""
    arr = np.asarray(geoms, dtype=object)
    result = GeometryResult([None] * len(arr), conversion=conversion_note(crs, offset))
    present = ~(shapely.is_missing(arr) | shapely.is_empty(arr))
    for i in np.flatnonzero(~present):
        result.problems[int(i)] = RowWords("no_geometry")
    if not present.any():
        return result
    idx = np.flatnonzero(present)
    taken = arr[idx]
    if shapely.has_z(taken).any():
        taken = shapely.force_2d(taken)
    moved = to_wgs84(taken, crs, offset)
    bounds = shapely.bounds(moved)
    finite = np.all(np.isfinite(bounds), axis=1)
    inside = finite & in_china(bounds[:, 0], bounds[:, 1]) & in_china(bounds[:, 2], bounds[:, 3])
    valid = shapely.is_valid(moved)
    # the common case, valid shapes in China already of the layer's type (or its single-part
    # form), is conformed for all rows at once; the rest go row by row below
    types = shapely.get_type_id(moved)
    label = crs_label(crs)
    family = "point" if definition.is_point else "line" if definition.is_line else "polygon"
    ready, single = _TYPE_IDS[family]
    fast = inside & valid & ((types == ready) | (types == single))
    conformed = moved.copy()
    wrap = fast & (types == single) & (single != ready)
    if wrap.any():
        make = shapely.multilinestrings if definition.is_line else shapely.multipolygons
        conformed[wrap] = make(moved[wrap], indices=np.arange(int(wrap.sum())))
    out = np.empty(len(arr), dtype=object)
    out[:] = None
    out[idx[fast]] = conformed[fast]
    result.geometries = out.tolist()
    for k in np.flatnonzero(~fast).tolist():
        i = int(idx[k])
        geom = moved[k]
        if not inside[k]:
            result.problems[i] = RowWords("outside_china", where=f"{bounds[k, 0]:.4f}, {bounds[k, 1]:.4f}", crs=label) \
                if finite[k] else RowWords("outside_nowhere", crs=label)
            continue
        if not valid[k]:
            fixed, note = _repair(geom, definition)
            if fixed is None:
                result.problems[i] = note
                continue
            result.repaired[i] = note
            result.geometries[i] = fixed
            continue
        shaped = _conform(geom, definition)
        if isinstance(shaped, str):
            result.problems[i] = shaped
        else:
            result.geometries[i] = shaped
    return result
