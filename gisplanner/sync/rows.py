"""Rows in JSON: the form in which pending changesets, push results and conflicts are kept.

Geometry (canonical WKB) and other blobs travel as hex; everything else as JSON values.
"""

from __future__ import annotations

import json
from typing import Any

from gisplanner.sync.tables import TableSpec


def cell_out(spec: TableSpec, column: str | None, value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return value


def cell_in(spec: TableSpec, column: str | None, value: Any) -> Any:
    if value is not None and column is not None and spec.is_blob(column) and isinstance(value, str):
        return bytes.fromhex(value)
    return value


def row_out(spec: TableSpec, row: dict | None) -> dict | None:
    return None if row is None else {c: cell_out(spec, c, v) for c, v in row.items()}


def row_in(spec: TableSpec, row: dict | None) -> dict | None:
    return None if row is None else {c: cell_in(spec, c, v) for c, v in row.items()}


def dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)
