"""GeoPackage geometry blobs (GPKG header + WKB) to and from shapely, without GDAL."""

from __future__ import annotations

import struct

import shapely
from shapely.geometry.base import BaseGeometry

_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


class GeometryUnreadable(ValueError):
    """A stored geometry that is not a valid GeoPackage blob (edited by hand, damaged)."""


def decode(blob: bytes | None) -> BaseGeometry | None:
    """Shapely geometry of a GeoPackage blob (None for NULL or an empty geometry)."""
    if not blob:
        return None
    if blob[:2] != b"GP" or len(blob) < 8:
        raise GeometryUnreadable("not a GeoPackage geometry blob")
    flags = blob[3]
    if flags & 0b10000:  # empty geometry flag
        return None
    envelope = _ENVELOPE_BYTES.get((flags >> 1) & 0b111)
    if envelope is None:
        raise GeometryUnreadable("unknown envelope type in the geometry header")
    try:
        return shapely.from_wkb(bytes(blob[8 + envelope:]))
    except shapely.errors.GEOSException as exc:
        raise GeometryUnreadable(f"the geometry's WKB is not readable ({exc})") from exc


def encode(geom: BaseGeometry | None, srs_id: int = 4326) -> bytes | None:
    """A GeoPackage blob with an XY envelope, as GDAL writes it."""
    if geom is None:
        return None
    if geom.is_empty:
        return b"GP\x00" + bytes([0b10001]) + struct.pack("<i", srs_id) + shapely.to_wkb(geom, byte_order=1)
    minx, miny, maxx, maxy = geom.bounds
    header = b"GP\x00" + bytes([0b00011]) + struct.pack("<i", srs_id)
    return header + struct.pack("<4d", minx, maxx, miny, maxy) + shapely.to_wkb(geom, byte_order=1)


def envelope(blob: bytes | None) -> tuple[float, float, float, float] | None:
    """(minx, maxx, miny, maxy) of a blob, read from its header or its geometry."""
    if not blob or blob[:2] != b"GP" or blob[3] & 0b10000:
        return None
    if (blob[3] >> 1) & 0b111:
        little = blob[3] & 1
        return struct.unpack("<4d" if little else ">4d", bytes(blob[8:40]))
    geom = decode(blob)
    if geom is None:
        return None
    minx, miny, maxx, maxy = geom.bounds
    return minx, maxx, miny, maxy
