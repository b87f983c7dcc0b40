"""Why a file cannot be imported, as a code with parameters (``file``, and where known ``row``,
``column``, ``detail``: what a library said, in its own words); ``str()`` is the English
sentence the CLI prints, naming the file and row. A face words the code in its language.
"""

from __future__ import annotations

from typing import Any

from gisplanner.errors import CodedError

# English templates; braces are the error's params.
IMPORT_ERRORS: dict[str, str] = {
    "no_file": "{file}: no such file",
    "folder": "{file}: is a folder; choose a file inside it",
    "not_regular": "{file}: not a regular file (a pipe or a device); choose a file",
    "empty_file": "{file}: the file is empty",
    "unknown_format": "{file}: not a format gisplanner imports ({formats})",
    "unreadable": "{file}: GDAL cannot read it: {detail}",
    "bad_kmz": "{file}: not a readable KMZ (zip) file: {detail}",
    "bad_csv": "{file}: not a readable CSV table: {detail}",
    "not_utf8": "{file}: GeoJSON must be UTF-8 text (byte {byte} is not)",
    "too_nested": "{file}: nested too deeply to be a GeoJSON file a planner made",
    "bad_json": "{file}: not valid JSON at line {line}, column {column}: {detail}",
    "cut_json": "{file}: not valid JSON at line {line}, column {column} (the file looks cut off): {detail}",
    "not_geojson": "{file}: not a GeoJSON Feature or FeatureCollection",
    "bad_feature": "{file}: feature {row} is not a GeoJSON feature object",
    "no_coordinates": "{file}: feature {row} has a geometry without coordinates",
    "no_layers": "{file}: holds no layers",
    "no_layer": "{file}: has no layer {layer!r} (layers: {layers})",
    "shapefile_part": "{file}: the {part} {role} is missing; copy all the shapefile's files "
                      "({stem}.shp, .shx, .dbf, .prj) together",
    "no_features": "{file}: layer {layer!r} has no features; nothing to import",
    "no_entities": "{file}: layer {layer!r} has no entities; nothing to import",
    "kmz_without_kml": "{file}: a zip without a .kml document inside",
    "kmz_outside": "{file}: its KML member {member!r} points outside the archive; not imported",
    "kmz_too_big": "{file}: its KML document unpacks to {size_mb} MB (more than {limit_mb} MB); not imported",
    "no_sheet": "{file}: has no sheet {sheet!r} (sheets: {sheets})",
    "no_rows": "{file}: the table has a header but no rows",
    "no_place_columns": "{file}: no longitude/latitude columns ({lon_names}, {lat_names}, 经度/纬度) and no "
                        "address column ({address_names})",
    "crs_fits_none": "{file}: does not name its coordinate system, and its coordinates fit none used in China "
                     "(degrees, CGCS2000 Gauss-Kruger zones, Web Mercator); name it (e.g. --crs EPSG:2360 for "
                     "Xian 1980)",
    "crs_ambiguous": "{file}: does not name its coordinate system; its coordinates fit: {candidates}. Confirm one "
                     "(e.g. --crs EPSG:{example})",
    "bad_crs": "{file}: {crs!r} is not a coordinate system pyproj knows",
    "no_target_layer": "{file}: no layer {layer!r} to import into",
    "bad_offset": "{file}: unknown offset {offset!r} (use {offsets})",
    "offset_not_degrees": "{file}: {offset_label} coordinates are degrees, but the file is read as {crs}",
    "not_convertible": "{file}: its coordinates cannot be converted from {crs} to WGS84 ({detail})",
    "no_columns": "{file}: has no column(s) {columns}",
    "too_many_columns": "{file}: {count} columns would become fields, more than a layer can hold ({limit}); "
                        "choose the columns to keep (--fields COL,COL)",
    "bad_layer_name": "{file}: layer name {layer!r} must start with a letter and hold only lower-case letters, "
                      "digits and underscores (at most 63)",
    "reserved_layer_name": "{file}: layer name {layer!r} starts with a prefix GeoPackage or gisplanner reserve",
    "shipped_layer_name": "{file}: layer name {layer!r} is a shipped layer; choose another name",
    "table_exists": "{file}: the project already has a table named {layer!r}",
    "not_written": "{file}: not imported: {detail}",
    "being_edited": "{file}: not imported: the project is being edited here; save or discard the edits and stop "
                    "editing, then import",
    "rows_refused": "{lines}",
    "nothing_importable": "{file}: no row can be imported\n{lines}",
    "other": "{detail}",  # a message given as text (not a code): shown as it is
}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"


class ImportFileError(CodedError):
    """A file that cannot be imported: ``code`` and ``params`` (the file, and where known the
    row) for a face; ``str()`` names the file and, where known, the row, in English."""

    def __init__(self, code: str, **params: Any) -> None:
        if code not in IMPORT_ERRORS:  # a caller's own sentence
            code, params = "other", {"detail": code, **params}
        super().__init__(code, **params)
        self.args = (IMPORT_ERRORS[code].format_map(_Blank(params)),)
