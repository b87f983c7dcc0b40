"""Why an HTML map cannot be exported, as a code with parameters; ``str()`` is the English
sentence the CLI prints. A face words the code in its language."""

from __future__ import annotations

from typing import Any

from gisplanner.errors import Blank, CodedError

# English templates; braces are the error's params.
EXPORT_ERRORS: dict[str, str] = {
    "no_park": "no park with uid {uid!r} (see the parks layer for uids)",
    "park_without_geometry": "park {uid!r} has no geometry, so it cannot bound an export",
    "missing_columns": "layer {layer} in {file} lacks the columns {columns}",
    "no_match": "no feature matches the filters ({filters})",
    "unknown_lang": "unknown export language {lang!r}; languages are: {langs}",
    "unknown_layer": "unknown layer {layer!r}; the project has: {layers}",
    "unknown_status": "unknown status {status!r}; statuses are: {statuses}",
    "bad_bbox": "bounding box must be four numbers min_lon,min_lat,max_lon,max_lat, not {bbox!r}",
    "empty_bbox": "bounding box {bbox!r} is empty or outside WGS84 longitude/latitude",
    "bad_decimals": "decimals must be between 0 and {limit}, not {decimals}",
    "bad_simplify": "simplification tolerance must be 0 or more metres, not {simplify}",
    "folder": "{file} is a folder; give a file name ending in .html",
    "folder_not_writable": "cannot write into {folder}: {detail}",
    "not_writable": "cannot write {file}: {detail}",
}


class ExportError(CodedError):
    """Options or data that cannot make a map: ``code`` and ``params`` naming the value; ``str()``
    says it in English."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, **params)
        self.args = (EXPORT_ERRORS[code].format_map(Blank(params)),)
