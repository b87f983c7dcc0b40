"""What the import check says about one row or the whole file, as a code with parameters.

A ``RowWords`` reads as its English sentence (the CLI prints it, ``"; ".join`` keeps working)
and carries ``code`` and ``params`` so a face can word it in its own language.
"""

from __future__ import annotations

from gisplanner.errors import CodedText

# English templates; braces are the params.
ROW_WORDS: dict[str, str] = {
    "row": "row {n}",
    "feature": "feature {n}",
    "entity": "entity {n}",
    "imported": "{file}: imported {count} of {total} rows into {layer}",
    "imported_skipped": "{file}: imported {count} of {total} rows into {layer}, skipped {rejected} rows with problems",
    "nothing_imported": "{file}: nothing imported; {rejected} of {total} rows have problems (fix them, or skip them)",
    "no_geometry": "has no geometry",
    "outside_china": "lies outside China ({where} after reading as {crs}); is the coordinate system right?",
    "outside_nowhere": "lies outside China (nowhere after reading as {crs}); is the coordinate system right?",
    "not_repairable": "invalid geometry ({reason}) that make_valid cannot repair without changing its kind",
    "repaired_wrong": "invalid geometry ({reason}); the repaired shape {shape}",
    "repaired": "repaired with make_valid ({reason})",
    "repaired_dropped": "repaired with make_valid ({reason}); dropped {dropped} collapsed part(s)",
    "wrong_kind": "is a {got}; layer {layer} holds {wanted}",
    "open_outline": "is an open {got}; layer {layer} needs closed outlines",
    "line_not_polygon": "is a {got}; layer {layer} holds lines (import polygons into an area layer)",
    "not_pair": "column {column!r} holds {value!r}, not a longitude,latitude pair",
    "empty_cell": "column {column!r} is empty",
    "not_number": "column {column!r} holds {value!r}, not a number",
    "not_in_gazetteer": "{column} {value!r} is not in the gazetteer; place it by hand",
    "field": "{field} (column {column!r}): {problem}",
    "field_default": "{field}: {problem}",
    "shapefile_counts": "{file}: the .shp holds {shapes} shapes but the .dbf {records} attribute rows; "
                        "only the first {read} are read: check that the files belong together",
    "crs_as_asked": "{file} says {crs}; read as {chosen} as asked",
    "crs_degrees": "{file} does not name its coordinate system; the values are degrees: read as WGS84",
}


class RowWords(CodedText):
    """A sentence of the import check: its English text, with ``code`` and ``params``."""

    TEMPLATES = ROW_WORDS
