"""Which tables a copy shares with the server, and how each row is named: natural keys only.

Features are named by ``uid``; plans, clauses, indicators and their actual values by their
text ``id``; user layers and bookmarks by ``name``; clause links are a set of (feature_uid, clause_id, relation) and status history a
set of (feature_uid, status, date, source). Integer row ids (GeoPackage ``fid``, any INTEGER
PRIMARY KEY of an attribute table) are local to each file and never leave it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

import shapely

from gisplanner.store.gpkg_geometry import encode

ATTRIBUTE_KEYS: dict[str, tuple[str, ...]] = {
    "plans": ("id",),
    "clauses": ("id",),
    "user_layers": ("name",),
    "links": ("feature_uid", "clause_id", "relation"),
    "status_history": ("feature_uid", "status", "date", "source"),
    "indicators": ("id",),
    "indicator_actuals": ("id",),
    "bookmarks": ("name",),
}
# parents before children: a pull inserts plans before clauses, clauses before links
ATTRIBUTE_ORDER = ("plans", "clauses", "user_layers", "links", "status_history", "indicators",
                   "indicator_actuals", "bookmarks")
JOURNAL_COLUMNS = ("at", "editor", "session", "action", "layer", "uid", "field", "old", "new")


@dataclass
class TableSpec:
    """One shared table: its natural key, its shared columns and (for a layer) its geometry."""

    name: str
    key: tuple[str, ...]
    columns: list[str]                 # shared columns in table order, key and geometry included
    types: dict[str, str] = field(default_factory=dict)   # declared SQLite type per column
    geom: str | None = None
    geom_type: str = "GEOMETRY"
    srid: int = 4326

    def __post_init__(self) -> None:
        self._real = {c for c in self.columns
                      if any(w in self.types.get(c, "").upper() for w in ("REAL", "FLOA", "DOUB"))}
        self._blob = {c for c in self.columns if c == self.geom or "BLOB" in self.types.get(c, "").upper()}
        self._values = [c for c in self.columns if c not in self.key]

    @property
    def is_layer(self) -> bool:
        return self.geom is not None

    @property
    def values(self) -> list[str]:
        return self._values

    def is_real(self, column: str) -> bool:
        return column in self._real

    def is_blob(self, column: str) -> bool:
        return column in self._blob


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _shared_columns(conn: sqlite3.Connection, table: str) -> tuple[list[str], dict[str, str]]:
    """Columns of a table without its integer row id (a local number in every file)."""
    info = conn.execute(f"PRAGMA table_info({_q(table)})").fetchall()
    pks = [r for r in info if r[5]]
    local = {r[1] for r in pks if len(pks) == 1 and r[2].upper() == "INTEGER"}
    if table == "status_history":
        local.add("id")
    cols = [r[1] for r in info if r[1] not in local]
    return cols, {r[1]: r[2] for r in info}


def table_specs(conn: sqlite3.Connection) -> list[TableSpec]:
    """The shared tables of a project GeoPackage: feature layers first, then attribute tables."""
    specs = []
    layers = conn.execute(
        "SELECT g.table_name, g.column_name, g.geometry_type_name, g.srs_id, s.organization_coordsys_id"
        " FROM gpkg_geometry_columns g JOIN gpkg_contents c ON c.table_name = g.table_name"
        " LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id"
        " WHERE c.data_type = 'features' ORDER BY g.table_name").fetchall()
    for name, geom, gtype, srs_id, epsg in layers:
        cols, types = _shared_columns(conn, name)
        if "uid" not in cols:
            continue  # not a gisplanner layer (no natural key): stays local
        specs.append(TableSpec(name, ("uid",), cols, types, geom, (gtype or "GEOMETRY").upper(),
                               int(epsg if epsg and epsg > 0 else srs_id)))
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for name in ATTRIBUTE_ORDER:
        if name in present:
            cols, types = _shared_columns(conn, name)
            specs.append(TableSpec(name, ATTRIBUTE_KEYS[name], cols, types))
    return specs


def local_srs_id(conn: sqlite3.Connection, spec: TableSpec) -> int:
    row = conn.execute("SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?", [spec.name]).fetchone()
    return int(row[0]) if row else spec.srid


_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def wkb_of_gpkg(blob: bytes | None) -> bytes | None:
    """The WKB inside a GeoPackage blob (None for NULL or empty), sliced out without parsing it.

    GDAL, shapely and PostGIS all write 2-D geometries as the same little-endian WKB, so the
    bytes compare directly; ``same_value`` falls back to re-encoding when they differ."""
    if not blob:
        return None
    flags = blob[3]
    if flags & 0b10000:
        return None
    return bytes(blob[8 + _ENVELOPE_BYTES[(flags >> 1) & 0b111]:])


def canonical_wkb(wkb: bytes | None) -> bytes | None:
    """The same geometry re-encoded the one way every side compares it."""
    if wkb is None:
        return None
    geom = shapely.from_wkb(bytes(wkb))
    return None if geom.is_empty else shapely.to_wkb(geom, byte_order=1)


def gpkg_of_wkb(wkb: bytes | None, srs_id: int) -> bytes | None:
    return None if wkb is None else encode(shapely.from_wkb(wkb), srs_id)
