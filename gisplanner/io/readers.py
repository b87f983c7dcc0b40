"""Read a planner's file into one table of rows with geometries, still in the file's coordinates.

Every row keeps a label a planner can find in the original ("row 12" of a spreadsheet,
"feature 3" of a GeoJSON, "entity 2F" of a drawing), so later problems name the row.
Tables (CSV/XLSX) are placed by longitude/latitude columns, or by an address column looked
up in the offline gazetteer; rows that cannot be placed are listed, never dropped silently.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from gisplanner.io.coords import parse_coordinate
from gisplanner.io.crs_guess import CrsCandidate, guess_crs
from gisplanner.io.detect import Detected, ImportFileError, detect
from gisplanner.io.gdal_path import literal_path
from gisplanner.io.row_words import RowWords
from gisplanner.source_words import SourceWords

LON_NAMES = ("lon", "lng", "long", "longitude", "x", "经度", "經度", "东经", "lon_wgs84", "lng_wgs84",
             "lng_gcj02", "lon_gcj02", "gcj_lng", "高德经度", "lng_bd09", "bd_lng", "百度经度")
LAT_NAMES = ("lat", "latitude", "y", "纬度", "緯度", "北纬", "lat_wgs84", "lat_gcj02", "gcj_lat", "高德纬度",
             "lat_bd09", "bd_lat", "百度纬度")
# Words in column or file names that say which web map the coordinates were copied from.
OFFSET_HINTS = (("bd09", ("bd09", "bd_", "百度", "baidu")), ("gcj02", ("gcj", "高德", "amap", "腾讯", "tencent")))
PAIR_NAMES = ("经纬度", "坐标", "lnglat", "lonlat", "lng,lat", "lon,lat", "coordinates", "coords", "位置坐标")
ADDRESS_NAMES = ("address", "addr", "地址", "详细地址", "位置", "地点", "所在地", "location", "place",
                 "名称", "name", "项目名称", "name_zh")


@dataclass(frozen=True)
class RowProblem:
    row: str
    message: str  # English, the parts joined
    parts: tuple[str, ...] = ()  # each a RowWords where the check worded it by code


    def __str__(self) -> str:
        return f"{self.row}: {self.message}"


@dataclass
class SourceTable:
    """The rows of a file: attributes, geometries (file coordinates) and where each came from."""

    detected: Detected
    layer: str
    frame: gpd.GeoDataFrame  # file columns + geometry; index 0..n-1
    rows: list[str]  # label of each row in the original file
    crs: str | None  # the file's own CRS (EPSG:n or WKT), None when it does not say
    precision: list[str] = field(default_factory=list)  # per row: "site" or the geocoder's precision
    placed_by: list[str] = field(default_factory=list)  # per row: how it was placed, for location_source
    problems: list[RowProblem] = field(default_factory=list)  # rows that could not be read or placed
    crs_candidates: list[CrsCandidate] = field(default_factory=list)
    geocoded_column: str | None = None
    lonlat_columns: tuple[str, str] | None = None  # the columns a table was placed by
    file_layers: list[str] = field(default_factory=list)  # layers or sheets the file offers
    notes: list[str] = field(default_factory=list)  # what the planner should know about the whole file

    @property
    def name(self) -> str:
        return self.detected.path.name

    @property
    def columns(self) -> list[str]:
        geometry = self.frame.geometry.name  # once: each ``frame.geometry`` builds a GeoSeries
        return [c for c in self.frame.columns if c != geometry]


KMZ_MAX_BYTES = 64 * 1024 * 1024  # a KML document larger than this unpacked is refused (zip bombs)


def _fail(path: Path, exc: Exception, code: str = "unreadable") -> ImportFileError:
    return ImportFileError(code, file=path.name, detail=str(exc).strip() or type(exc).__name__)


def _layers(source: str | Path, where: Path) -> list[tuple[str, str]]:
    """Layers of ``source`` (what GDAL opens); errors name ``where`` (the planner's file)."""
    try:
        return [(str(n), str(g)) for n, g in pyogrio.list_layers(source)]
    except Exception as exc:  # pyogrio raises DataSourceError and friends
        raise _fail(where, exc) from exc


def _read(source: str | Path, where: Path, layer: str | None = None, **kwargs) -> gpd.GeoDataFrame:
    try:
        return pyogrio.read_dataframe(source, layer=layer, use_arrow=True, **kwargs)
    except Exception as exc:
        raise _fail(where, exc) from exc


def _file_crs(frame: gpd.GeoDataFrame) -> str | None:
    if frame.crs is None:
        return None
    epsg = frame.crs.to_epsg(min_confidence=70)
    return f"EPSG:{epsg}" if epsg else frame.crs.to_wkt()


def _check_geojson(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError("not_utf8", file=path.name, byte=exc.start) from exc
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise ImportFileError("too_nested", file=path.name) from exc
    except json.JSONDecodeError as exc:
        code = "cut_json" if exc.pos >= len(text.rstrip()) - 1 else "bad_json"
        raise ImportFileError(code, file=path.name, line=exc.lineno, column=exc.colno, detail=exc.msg) from exc
    if not isinstance(data, dict) or data.get("type") not in ("FeatureCollection", "Feature"):
        raise ImportFileError("not_geojson", file=path.name)
    for index, feat in enumerate(data.get("features", []), start=1):
        if not isinstance(feat, dict) or not isinstance(feat.get("geometry"), dict | None):
            raise ImportFileError("bad_feature", file=path.name, row=index)
        geom = feat.get("geometry")
        if geom is not None and "coordinates" not in geom and geom.get("type") != "GeometryCollection":
            raise ImportFileError("no_coordinates", file=path.name, row=index)


def _read_layers(det: Detected, source, layer: str | None, kwargs: dict):
    path = det.path
    if det.format == "geojson" and layer is None:  # one layer; listing it would parse the whole file again
        return [path.stem], [path.stem], [_read(source, path, None, **kwargs)]
    layers = _layers(source, path)
    spatial = [name for name, gtype in layers if gtype not in ("None", "")] or [n for n, _ in layers]
    if not spatial:
        raise ImportFileError("no_layers", file=path.name)
    if layer is not None and layer not in [n for n, _ in layers]:
        raise ImportFileError("no_layer", file=path.name, layer=layer, layers=", ".join(n for n, _ in layers))
    chosen = [layer] if layer else (spatial if det.format in ("kml", "kmz") else spatial[:1])
    frames = []
    for name in chosen:
        frame = _read(source, path, name, **kwargs)
        if det.format in ("kml", "kmz") and len(chosen) > 1:
            frame["kml_folder"] = name
        frames.append(frame)
    return [n for n, _ in layers], chosen, frames


def _vector(det: Detected, layer: str | None, gdal_path: Path) -> SourceTable:
    path = det.path
    kwargs: dict = {}
    notes: list[str] = []
    if det.format == "shp":
        stem_files = {p.suffix.lower() for p in path.parent.glob(path.stem + ".*")}
        for needed, role in ((".shx", "index"), (".dbf", "attribute table")):
            if needed not in stem_files:
                raise ImportFileError("shapefile_part", file=path.name, part=needed, role=role, stem=path.stem)
        kwargs["encoding"] = det.encoding
        notes += _shapefile_counts(path)
    source: str | Path = gdal_path
    if det.format == "kmz":
        source = f"/vsizip/{gdal_path}/{_kmz_document(path)}"
    try:
        names, chosen, frames = _read_layers(det, source, layer, kwargs)
    except ImportFileError:
        if det.format == "geojson":
            _check_geojson(path)  # a precise message: line, column, cut off
        raise
    frame = frames[0] if len(frames) == 1 else gpd.GeoDataFrame(
        pd.concat(frames, ignore_index=True), geometry=frames[0].geometry.name, crs=frames[0].crs)
    frame = frame.reset_index(drop=True)
    if frame.geometry.name != "geometry":
        frame = frame.rename_geometry("geometry")
    if len(frame) == 0:
        raise ImportFileError("no_entities" if det.format == "dxf" else "no_features", file=path.name, layer=chosen[0])
    if det.format == "dxf":
        frame["geometry"] = shapely.force_2d(frame.geometry.values)
        handles = frame["EntityHandle"] if "EntityHandle" in frame else pd.Series(range(1, len(frame) + 1))
        rows = [RowWords("entity", n=h) for h in handles]
    else:
        rows = [RowWords("feature", n=i) for i in range(1, len(frame) + 1)]
    crs = _file_crs(frame)
    if det.format in ("geojson", "kml", "kmz") and crs is None:
        crs = "EPSG:4326"  # both formats are WGS84 by definition
    return SourceTable(det, ", ".join(chosen), frame, rows, crs, precision=["site"] * len(frame),
                       placed_by=[""] * len(frame), file_layers=names, notes=notes)


def _kmz_document(path: Path) -> str:
    """The KML inside a KMZ, checked: a plain member name, a sane unpacked size."""
    try:
        with zipfile.ZipFile(path) as zf:
            inner = [i for i in zf.infolist() if i.filename.lower().endswith(".kml")]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _fail(path, exc, "bad_kmz") from exc
    if not inner:
        raise ImportFileError("kmz_without_kml", file=path.name)
    doc = inner[0]
    parts = doc.filename.replace("\\", "/").split("/")
    if doc.filename.startswith("/") or ".." in parts or ":" in doc.filename:
        raise ImportFileError("kmz_outside", file=path.name, member=doc.filename)
    if doc.file_size > KMZ_MAX_BYTES:
        raise ImportFileError("kmz_too_big", file=path.name, size_mb=f"{doc.file_size / 2**20:.0f}",
                              limit_mb=KMZ_MAX_BYTES // 2**20)
    return doc.filename


def _shapefile_counts(path: Path) -> list[str]:
    """A note when the .shp index and the .dbf table hold different numbers of rows (GDAL reads
    the shorter silently): the planner should know rows were left out."""
    shx = next((p for p in path.parent.glob(path.stem + ".*") if p.suffix.lower() == ".shx"), None)
    dbf = next((p for p in path.parent.glob(path.stem + ".*") if p.suffix.lower() == ".dbf"), None)
    if shx is None or dbf is None:
        return []
    with dbf.open("rb") as fh:
        head = fh.read(8)
    shapes = max(0, (shx.stat().st_size - 100) // 8)
    records = int.from_bytes(head[4:8], "little") if len(head) == 8 else 0
    if shapes == records:
        return []
    return [RowWords("shapefile_counts", file=path.name, shapes=shapes, records=records, read=min(shapes, records))]


def _find(columns: list[str], names: tuple[str, ...]) -> str | None:
    folded = {str(c).strip().lower(): c for c in columns}
    return next((folded[n] for n in names if n in folded), None)


def _delimiter(path: Path, encoding: str | None) -> str:
    """Comma unless the header line is clearly split by semicolons, tabs or bars (Excel exports)."""
    with path.open(encoding=encoding or "utf-8", errors="replace") as fh:
        header = fh.readline()
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _table_frame(det: Detected, layer: str | None, gdal_path: Path) -> tuple[pd.DataFrame, int, list[str]]:
    """The rows of a CSV or XLSX as text, and the sheet/file row number of the first one."""
    path = det.path
    if det.format == "csv":
        try:
            frame = pd.read_csv(path, dtype=str, encoding=det.encoding, keep_default_na=False,
                                skipinitialspace=True, sep=_delimiter(path, det.encoding))
        except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
            raise _fail(path, exc, "bad_csv") from exc
        return frame, 2, []
    sheets = [n for n, _ in _layers(gdal_path, path)]
    sheet = layer or (sheets[0] if sheets else None)
    if sheet not in sheets:
        raise ImportFileError("no_sheet", file=path.name, sheet=layer, sheets=", ".join(sheets))
    try:
        frame = pyogrio.read_dataframe(gdal_path, layer=sheet, read_geometry=False,
                                       HEADERS="FORCE", FIELD_TYPES="STRING")
    except Exception as exc:
        raise _fail(path, exc) from exc
    frame = pd.DataFrame(frame).fillna("").astype(str)
    return frame, 2, sheets


def _table(det: Detected, layer: str | None, geocode_column: str | None, gdal_path: Path) -> SourceTable:
    from gisplanner.geocode import geocode

    path = det.path
    frame, first_row, sheets = _table_frame(det, layer, gdal_path)
    if frame.empty:
        raise ImportFileError("no_rows", file=path.name)
    rows = [RowWords("row", n=first_row + i) for i in range(len(frame))]
    columns = [str(c) for c in frame.columns]
    lon_col, lat_col = _find(columns, LON_NAMES), _find(columns, LAT_NAMES)
    problems: list[RowProblem] = []
    precision: list[str] = ["site"] * len(frame)
    placed_by: list[str] = [""] * len(frame)
    geoms: list = [None] * len(frame)
    crs: str | None = None
    used = None
    pair_col = _find(columns, PAIR_NAMES) if not (lon_col and lat_col) else None
    if (lon_col and lat_col or pair_col) and not geocode_column:
        if pair_col:  # AMap's coordinate picker copies "lng,lat" into one cell
            pairs = [_split_pair(str(v)) for v in frame[pair_col]]
            xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
            lon_col = lat_col = pair_col
        else:
            xs, ys = frame[lon_col], frame[lat_col]
        for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
            try:
                geoms[i] = shapely.Point(parse_coordinate(x), parse_coordinate(y))
            except ValueError:
                if pair_col:
                    said = RowWords("not_pair", column=pair_col, value=frame[pair_col].iloc[i])
                    problems.append(RowProblem(rows[i], said, (said,)))
                    continue
                bad = lon_col if not _is_number(x) else lat_col
                value = x if bad == lon_col else y
                said = RowWords("empty_cell", column=bad) if not str(value).strip() \
                    else RowWords("not_number", column=bad, value=value)
                problems.append(RowProblem(rows[i], said, (said,)))
        crs = None  # numbers alone do not say which system; guessed below
    else:
        used = geocode_column or _find(columns, ADDRESS_NAMES)
        if used is None or used not in columns:
            raise ImportFileError("no_place_columns", file=path.name, lon_names="/".join(LON_NAMES[:4]),
                                  lat_names="/".join(LAT_NAMES[:3]), address_names="/".join(ADDRESS_NAMES[:6]))
        for i, text in enumerate(frame[used]):
            result = geocode(str(text)) if str(text).strip() else None
            if result is None:
                said = RowWords("not_in_gazetteer", column=used, value=text)
                problems.append(RowProblem(rows[i], said, (said,)))
                continue
            geoms[i] = shapely.Point(result.lon, result.lat)
            precision[i] = result.precision
            placed_by[i] = SourceWords("geocoded", place=result.place.name_zh, precision=result.precision)
        crs = "EPSG:4326"
    gdf = gpd.GeoDataFrame(frame.copy(), geometry=gpd.GeoSeries(geoms), crs=None)
    return SourceTable(det, layer or path.stem, gdf, rows, crs, precision, placed_by, problems,
                       geocoded_column=used, lonlat_columns=None if used else (lon_col, lat_col),
                       file_layers=sheets)


def suggest_offset(table: SourceTable) -> str | None:
    """"gcj02" or "bd09" when a table placed by coordinate columns names AMap/Tencent or Baidu
    in those columns or in its file name (geocoded rows are WGS84 already: no hint)."""
    if table.lonlat_columns is None:
        return None
    names = [*table.lonlat_columns, table.detected.path.stem]
    text = " ".join(names).lower()
    for offset, words in OFFSET_HINTS:
        if any(w in text for w in words):
            return offset
    return None


def _split_pair(text: str) -> tuple[str, str]:
    """"lng,lat" (or "lng lat" when there is no comma) as two cells; ("", "") when not a pair."""
    text = text.replace("，", ",").replace("；", ";").strip()
    parts = re.split(r"\s*[,;]\s*", text) if re.search(r"[,;]", text) else text.split()
    return (parts[0], parts[1]) if len(parts) == 2 else ("", "")


def _is_number(value) -> bool:
    try:
        parse_coordinate(value)
        return True
    except ValueError:
        return False


def read_source(path: str | Path, layer: str | None = None, geocode_column: str | None = None) -> SourceTable:
    """Read ``path`` (any supported format); raises ImportFileError naming the file when unusable."""
    det = detect(path)
    with literal_path(det.path) as gdal_path:
        if det.format in ("csv", "xlsx"):
            table = _table(det, layer, geocode_column, gdal_path)
        else:
            table = _vector(det, layer, gdal_path)
    if table.crs is None:
        pts = shapely.get_coordinates(table.frame.geometry.dropna().values)
        if len(pts):
            table.crs_candidates = guess_crs(pts[:, 0], pts[:, 1])
    return table
