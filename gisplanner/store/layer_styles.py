"""QGIS's ``layer_styles`` table in the project, so QGIS opens every layer in our symbology.

The table is the one QGIS and GDAL create (same columns), registered in ``gpkg_contents`` as
an attribute table with an INTEGER PRIMARY KEY, so the file stays a conformant GeoPackage.
Our rows carry ``owner = 'gisplanner'``; a style a user saved from QGIS is never touched,
and ours is the default only where the user has not chosen their own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from gisplanner.layers import LayerDef
from gisplanner.layers.qml import layer_qml

OWNER = "gisplanner"
DESCRIPTION = "gisplanner: status colours, dashed outlines for what is not built, kind symbols, labels"
CREATE = (
    'CREATE TABLE IF NOT EXISTS "layer_styles" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,'
    ' "f_table_catalog" TEXT(256), "f_table_schema" TEXT(256), "f_table_name" TEXT(256),'
    ' "f_geometry_column" TEXT(256), "styleName" TEXT(30), "styleQML" TEXT, "styleSLD" TEXT,'
    ' "useAsDefault" BOOLEAN, "description" TEXT, "owner" TEXT(30), "ui" TEXT(30),'
    " \"update_time\" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
)


def ensure_layer_styles_table(conn: sqlite3.Connection) -> None:
    conn.execute(CREATE)
    conn.execute(
        "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, last_change)"
        " VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS layer styles',"
        " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")


def write_layer_styles(conn: sqlite3.Connection, definitions: Iterable[LayerDef]) -> int:
    """Write (or refresh) our style of each layer present in the file; returns how many."""
    ensure_layer_styles_table(conn)
    geometry_columns = dict(conn.execute("SELECT table_name, column_name FROM gpkg_geometry_columns").fetchall())
    written = 0
    for definition in definitions:
        column = geometry_columns.get(definition.name)
        if column is None:
            continue
        conn.execute("DELETE FROM layer_styles WHERE f_table_name = ? AND owner = ?", [definition.name, OWNER])
        users_default = conn.execute("SELECT 1 FROM layer_styles WHERE f_table_name = ? AND useAsDefault",
                                     [definition.name]).fetchone()
        conn.execute(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName,"
            " styleQML, styleSLD, useAsDefault, description, owner, ui)"
            " VALUES ('', '', ?, ?, ?, ?, '', ?, ?, ?, NULL)",
            [definition.name, column, definition.name, layer_qml(definition), 0 if users_default else 1,
             DESCRIPTION, OWNER])
        written += 1
    return written
