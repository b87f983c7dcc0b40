"""What a file is: its format (by content where the extension can lie) and its text encoding.

Surveyors' shapefiles in China often come without a ``.cpg`` and with GBK attribute text,
which GDAL would read as Latin-1 mojibake; spreadsheets saved from Excel on a Chinese
Windows are GB18030 CSV. We look at the bytes: valid UTF-8 stays UTF-8, otherwise bytes
that decode as GB18030 (a superset of GBK and GB2312) are taken as such.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from gisplanner.io.import_errors import ImportFileError

FORMATS = {
    ".gpkg": "gpkg", ".shp": "shp", ".geojson": "geojson", ".json": "geojson", ".kml": "kml",
    ".kmz": "kmz", ".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".dxf": "dxf",
}
FORMAT_LABELS = {
    "gpkg": "GeoPackage", "shp": "Shapefile", "geojson": "GeoJSON", "kml": "KML", "kmz": "KMZ",
    "csv": "CSV table", "xlsx": "Excel workbook", "dxf": "DXF drawing",
}
# .cpg spellings and DBF language driver ids seen on Chinese data, as Python codec names.
_CPG_ALIASES = {"936": "gbk", "cp936": "gbk", "gbk": "gbk", "gb2312": "gbk", "gb18030": "gb18030",
                "65001": "utf-8", "utf8": "utf-8", "utf-8": "utf-8", "1252": "cp1252", "ansi 1252": "cp1252"}
_LDID = {0x4D: "gbk", 0x7A: "gbk", 0x57: "cp1252", 0x03: "cp1252"}


__all__ = ["FORMATS", "FORMAT_LABELS", "Detected", "ImportFileError", "decode_guess", "detect"]


@dataclass(frozen=True)
class Detected:
    path: Path
    format: str
    encoding: str | None = None  # Python codec name of the attribute text, when the format needs one
    encoding_source: str = ""  # how we know: ".cpg", "DBF header", "detected from the bytes"

    @property
    def label(self) -> str:
        return FORMAT_LABELS[self.format]


def decode_guess(data: bytes) -> str:
    """``utf-8`` when the bytes are valid UTF-8, else ``gb18030`` when they decode as such."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # a multi-byte character cut by our sample's end is still UTF-8
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    try:
        data.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:  # cut by the sample's end
            return "gb18030"
        return "cp1252"


def _format_from_content(path: Path) -> str | None:
    with path.open("rb") as fh:
        head = fh.read(512)
    if head.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
        except zipfile.BadZipFile:
            return None
        if any(n.lower().endswith(".kml") for n in names):
            return "kmz"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        return None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        return "geojson"
    if text.startswith(b"<?xml") or text.startswith(b"<kml"):
        return "kml" if b"kml" in head.lower() else None
    if text.startswith(b"0\r\nSECTION") or text.startswith(b"0\nSECTION") or b"SECTION" in text[:40]:
        return "dxf"
    return None


def shapefile_encoding(path: Path) -> tuple[str, str]:
    """(codec, how we know) for a shapefile's DBF text."""
    cpg = path.with_suffix(".cpg")
    if not cpg.exists():
        cpg = next((p for p in path.parent.glob(path.stem + ".*") if p.suffix.lower() == ".cpg"), cpg)
    if cpg.exists():
        name = cpg.read_text(encoding="ascii", errors="replace").strip().lower()
        return _CPG_ALIASES.get(name, name or "utf-8"), ".cpg"
    dbf = next((p for p in path.parent.glob(path.stem + ".*") if p.suffix.lower() == ".dbf"), None)
    if dbf is None:
        return "utf-8", "no .dbf"
    data = dbf.read_bytes()
    ldid = data[29] if len(data) > 29 else 0
    header_len = int.from_bytes(data[8:10], "little") if len(data) > 10 else 0
    names = b"".join(data[i:i + 11].rstrip(b"\x00") for i in range(32, max(32, header_len - 1), 32))
    records = names + data[header_len:header_len + (1 << 20)]
    if not records or max(records) < 0x80:
        return "utf-8", "ASCII text only"
    if ldid in _LDID:
        return _LDID[ldid], "DBF header"
    return decode_guess(records), "detected from the bytes"


def detect(path: str | Path) -> Detected:
    """Format and encoding of ``path``; raises ImportFileError naming the file when unusable."""
    path = Path(path)
    if not path.exists():
        raise ImportFileError("no_file", file=str(path))
    if path.is_dir():
        raise ImportFileError("folder", file=str(path))
    if not path.is_file():
        raise ImportFileError("not_regular", file=path.name)
    if path.stat().st_size == 0:
        raise ImportFileError("empty_file", file=path.name)
    fmt = FORMATS.get(path.suffix.lower()) or _format_from_content(path)
    if fmt is None:
        raise ImportFileError("unknown_format", file=path.name, formats=", ".join(sorted(set(FORMAT_LABELS.values()))))
    if fmt == "shp":
        encoding, source = shapefile_encoding(path)
        return Detected(path, fmt, encoding, source)
    if fmt == "csv":
        with path.open("rb") as fh:
            sample = fh.read(1 << 20)
        if sample.startswith(b"\xef\xbb\xbf"):
            return Detected(path, fmt, "utf-8-sig", "byte order mark")
        if sample.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
            return Detected(path, fmt, "utf-16", "byte order mark")
        if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
            return Detected(path, fmt, "utf-16-le", "detected from the bytes")
        return Detected(path, fmt, decode_guess(sample), "detected from the bytes")
    return Detected(path, fmt)
