"""Take a project layer out as GeoPackage, GeoJSON (RFC 7946), CSV or Shapefile.

Files are written into a temporary folder beside the target and moved into place only after
GDAL reads them back with the right number of features, so a failed export never leaves a
half-written file where the planner expects the old one.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from gisplanner.errors import CodedText
from gisplanner.feedback import Feedback, NullFeedback, Step, check
from gisplanner.layers import layer_definition
from gisplanner.source_words import LOCATION_CODE
from gisplanner.store import Project, ProjectError
from gisplanner.store.build import GPKG_VERSION
from gisplanner.store.integrity import damaged_from
from gisplanner.store.layer_styles import write_layer_styles

FORMATS = {".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON", ".csv": "CSV", ".shp": "ESRI Shapefile"}
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
# Shapefile field names stop at 10 characters; these keep ours readable and distinct.
SHAPEFILE_NAMES = {"location_precision": "loc_prec", "location_source": "loc_source",
                   "status_date": "stat_date"}


# English templates of what an export says (refusals, notes, the result); braces are the params.
LAYER_EXPORT_WORDS: dict[str, str] = {
    "unknown_format": "{file}: unknown export format {suffix!r}; use one of {formats}",
    "no_layer": "{project}: no layer {layer!r} (layers: {layers})",
    "project": "{detail}",
    "no_folder": "{file}: the folder {folder} does not exist",
    "disk_full": "{file}: the disk is full ({free_kb} KB free in {folder}); nothing replaced",
    "os_error": "{file}: {detail}; nothing replaced",
    "gdal_failed": "{file}: GDAL could not write it: {detail}; nothing replaced",
    "count_mismatch": "{file}: wrote {count} features but the layer holds {expected}; nothing replaced",
    "exported": "exported {count} features of {layer} to {file} ({driver})",
    "wkt_column": "geometry written as WKT in column WKT",
    "names_cut": "fields {fields} are cut to 10 characters by the Shapefile format",
    "names_renamed": "Shapefile field names: {names}",
    "values_cut": "{n} values of {column} are cut to 254 bytes by the Shapefile format",
}


class ExportWords(CodedText):
    """A note or the result line of a layer export, worded by each face from its code."""

    TEMPLATES = LAYER_EXPORT_WORDS


class ExportError(RuntimeError):
    """An export that could not be written: a code with params; the English names the file and why.
    A project that cannot be read keeps its own coded error as ``__cause__``."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(str(ExportWords(code, **params)))
        self.code, self.params = code, params


@dataclass
class ExportReport:
    layer: str
    path: Path
    driver: str
    count: int
    notes: list[ExportWords] = field(default_factory=list)

    @property
    def message(self) -> ExportWords:
        return ExportWords("exported", count=self.count, layer=self.layer, file=self.path, driver=self.driver)


def driver_for(out: Path) -> str:
    try:
        return FORMATS[out.suffix.lower()]
    except KeyError:
        raise ExportError("unknown_format", file=out.name, suffix=out.suffix,
                          formats=", ".join(sorted(FORMATS))) from None


LOW_SPACE = 1 << 20  # below this much free space a failed write is taken as a full disk
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Text cells a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first)
    get a leading apostrophe, as Excel and WPS expect for text meant literally (OWASP CSV
    injection); numbers stay numbers."""
    frame = frame.copy()
    for column in frame.columns:
        if column == frame.geometry.name or not (pd.api.types.is_object_dtype(frame[column])
                                                  or pd.api.types.is_string_dtype(frame[column])):
            continue
        values = frame[column]
        risky = values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_STARTS))
        if risky.any():
            frame.loc[risky, column] = "'" + values[risky].astype(str)
    return frame


def _prepare(frame: gpd.GeoDataFrame, layer: str, driver: str, notes: list[str]) -> tuple[gpd.GeoDataFrame, dict]:
    """The frame as the format wants it, and GDAL layer options."""
    frame = frame.reset_index(drop=True)
    for f in layer_definition(layer).fields:  # years stay whole numbers even where some are empty
        if f.type in ("year", "integer") and f.name in frame.columns:
            frame[f.name] = frame[f.name].astype("Int64")
    if driver == "GeoJSON":
        # RFC 7946: WGS84 lon/lat, exterior rings counter-clockwise, 7 decimals, bbox.
        frame["geometry"] = shapely.orient_polygons(frame.geometry.values)
        return frame, {"RFC7946": "YES", "WRITE_BBOX": "YES"}
    if driver == "CSV":
        frame = neutralise_formulas(frame)
        if len(frame) and frame.geom_type.eq("Point").all():
            frame = frame.assign(lon=frame.geometry.x.round(7), lat=frame.geometry.y.round(7))
            return gpd.GeoDataFrame(frame.drop(columns="geometry")), {"WRITE_BOM": "YES"}
        notes.append(ExportWords("wkt_column"))
        return frame, {"GEOMETRY": "AS_WKT", "WRITE_BOM": "YES"}
    if driver == "ESRI Shapefile":
        long = [c for c in frame.columns if c != "geometry" and len(c) > 10 and c not in SHAPEFILE_NAMES]
        if long:
            notes.append(ExportWords("names_cut", fields=", ".join(long)))
        frame = frame.rename(columns=SHAPEFILE_NAMES)
        renamed = [f"{a}→{b}" for a, b in SHAPEFILE_NAMES.items() if b in frame.columns]
        if renamed:
            notes.append(ExportWords("names_renamed", names=", ".join(renamed)))
        for col in frame.columns:
            if col != "geometry" and not pd.api.types.is_numeric_dtype(frame[col]):
                too_long = frame[col].dropna().astype(str).map(lambda v: len(v.encode("utf-8")) > 254)
                if too_long.any():
                    notes.append(ExportWords("values_cut", n=int(too_long.sum()), column=col))
        return frame, {"ENCODING": "UTF-8", "RESIZE": "YES"}
    return frame, {}


def _add_qgis_style(path: Path, layer: str) -> None:
    """The layer's QGIS style in the exported file, so it opens in QGIS as in the project."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            write_layer_styles(conn, [layer_definition(layer)])
    finally:
        conn.close()


def export_layer(project_path: str | Path, layer: str, out: str | Path,
                 feedback: Feedback | None = None) -> ExportReport:
    """Write ``layer`` of the project to ``out`` (format from the extension)."""
    feedback = feedback or NullFeedback()
    out = Path(out)
    driver = driver_for(out)
    try:
        with Project.open(project_path) as project:
            names = [d.name for d in project.layers()]
            if layer not in names:
                raise ExportError("no_layer", project=project.path.name, layer=layer, layers=", ".join(names))
            check(feedback, 0.1, Step("reading_layer", layer=layer))
            # the codes beside the location note are the project's own (a face words the note with them)
            frame = project.features(layer).drop(columns=[LOCATION_CODE], errors="ignore")
    except ProjectError as exc:
        raise ExportError("project", detail=str(exc)) from exc
    except (sqlite3.DatabaseError, pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        damaged = damaged_from(Path(project_path), exc)
        raise ExportError("project", detail=str(damaged)) from damaged
    notes: list[ExportWords] = []
    frame, options = _prepare(frame, layer, driver, notes)
    if not out.parent.is_dir():
        raise ExportError("no_folder", file=out, folder=out.parent)
    check(feedback, 0.4, Step("writing_file", file=out.name))
    try:
        return _write(frame, layer, driver, options, out, notes, feedback)
    except OSError as exc:  # the staging folder cannot be made or cleaned (read-only, full)
        raise _not_written(exc, out) from exc


def _not_written(exc: Exception, out: Path) -> ExportError:
    """GDAL words a full disk as whatever step failed ("no such table", "not recognized"): say it."""
    folder = out.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = None
    if free is not None and free < LOW_SPACE:
        return ExportError("disk_full", file=out, free_kb=free // 1024, folder=folder)
    if isinstance(exc, OSError) and exc.strerror:
        return ExportError("os_error", file=out, detail=exc.strerror)
    return ExportError("gdal_failed", file=out, detail=exc)


def _write(frame: gpd.GeoDataFrame, layer: str, driver: str, options: dict, out: Path, notes: list[str],
           feedback: Feedback) -> ExportReport:
    with tempfile.TemporaryDirectory(prefix=".export-", dir=out.parent) as tmp:
        staged = Path(tmp) / ("export" + out.suffix)  # a plain name: GDAL reads "!" or ";" in one as a URI
        try:
            with warnings.catch_warnings():  # truncation is reported in the notes instead
                warnings.simplefilter("ignore", RuntimeWarning)
                pyogrio.write_dataframe(frame, staged, layer=layer, driver=driver, layer_options=options or None,
                                        dataset_options={"VERSION": GPKG_VERSION} if driver == "GPKG" else None)
            count = pyogrio.read_info(staged, layer=0 if driver != "GPKG" else layer)["features"]
            if driver == "GPKG":
                _add_qgis_style(staged, layer)
        except Exception as exc:  # pyogrio raises several error types
            raise _not_written(exc, out) from exc
        if count != len(frame):
            raise ExportError("count_mismatch", file=out, count=count, expected=len(frame))
        check(feedback, 0.9, Step("moving_into_place"))
        if driver == "ESRI Shapefile":
            made = [staged.with_suffix(s) for s in SHAPEFILE_PARTS if staged.with_suffix(s).exists()]
            for part in made:
                os.replace(part, out.with_suffix(part.suffix))
            for suffix in set(SHAPEFILE_PARTS) - {p.suffix for p in made}:
                out.with_suffix(suffix).unlink(missing_ok=True)  # a stale sidecar would mislead readers
        else:
            os.replace(staged, out)
    feedback.progress(1.0, Step("done"))
    return ExportReport(layer, out, driver, count, notes)


__all__ = ["ExportError", "ExportReport", "ExportWords", "export_layer"]
