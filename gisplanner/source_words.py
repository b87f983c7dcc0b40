"""What the core itself writes into a project's data, kept in two forms.

A new feature's first status ("added in gisplanner by 王工"), an imported feature's status
and location note ("imported from survey.shp feature 1; EPSG:4524 → WGS84") are stored as
English text in the column people, QGIS and the CLI read, and as codes with parameters (JSON)
in a twin column (``source_code``, ``location_source_code``) that a face words in its own
language. The twin counts only while it still renders to the stored text: a note someone has
since edited (here, in QGIS, on the team server) is shown as written, never from a stale code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from gisplanner.errors import CodedText

SEPARATOR = "; "
SOURCE_CODE = "source_code"  # status_history's twin of ``source``
LOCATION_CODE = "location_source_code"  # each feature layer's twin of ``location_source``
CUSTOM_CRS = "custom CRS"  # how a note names a nameless custom coordinate system (faces word it)
# English templates; braces are the params.
SOURCE_WORDS: dict[str, str] = {
    "added": "added in gisplanner by {editor}",
    "imported": "imported from {file}",
    "imported_row": "imported from {file} row {n}",
    "imported_feature": "imported from {file} feature {n}",
    "imported_entity": "imported from {file} entity {n}",
    "crs_step": "{crs} → WGS84",
    "file_crs_step": "file CRS → WGS84",
    "offset_step": "{offset} → WGS84",
    "geocoded": "geocoded {place} ({precision})",
    "drawn": "drawn on the map in gisplanner",  # a new feature's location, drawn in the window
    "gazetteer": "gazetteer: {place} ({id})",  # … or placed there by a gazetteer name
}


ROW_UNITS = ("row", "feature", "entity")  # how an imported file counts its rows (``imported_<unit>``)


class SourceWords(CodedText):
    """One part of a stored source or location note: its English text, ``code`` and ``params``."""

    TEMPLATES = SOURCE_WORDS


class CodedNote(str):
    """Parts (each a ``CodedText``) read as their English texts joined by "; "; empty when none."""

    parts: tuple[CodedText, ...]

    def __new__(cls, parts: Iterable[CodedText | str]) -> CodedNote:
        kept = tuple(p for p in parts if p)
        self = super().__new__(cls, SEPARATOR.join(kept))
        self.parts = kept
        return self

    def __reduce__(self):  # pickled (worker processes) as its parts
        return CodedNote, (self.parts,)


def dumps(note: CodedNote | CodedText | None) -> str | None:
    """The twin column's value of ``note`` (a JSON list of ``{"code": …, params…}``); None when
    there is nothing coded to keep."""
    parts = note.parts if isinstance(note, CodedNote) else (note,) if isinstance(note, CodedText) else ()
    if not parts or not all(isinstance(p, SourceWords) for p in parts):
        return None
    return json.dumps([{"code": p.code, **p.params} for p in parts], ensure_ascii=False, default=str)


def loads(text: str | None, coded: str | None) -> tuple[SourceWords, ...] | None:
    """The parts of a stored note, or None when it is not coded, the code is unreadable or
    unknown, or it no longer renders to ``text`` (the note was edited since)."""
    if not text or not coded:
        return None
    try:
        items = json.loads(coded)
        parts = tuple(SourceWords(item.pop("code"), **item) for item in items)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return parts if parts and SEPARATOR.join(parts) == text else None


# -- notes written by earlier versions (English only), coded once when a project is upgraded ----

_STEP = re.compile(r"(?P<crs>EPSG:\d+) → WGS84|(?P<file_crs>file CRS) → WGS84|(?P<offset>GCJ-02|BD-09) → WGS84")
_GEOCODED = re.compile(r"geocoded (?P<place>.+) \((?P<precision>site|town|district|city)\)")
_IMPORTED_ROW = re.compile(r"imported from (?P<file>.+) (?P<unit>row|feature|entity) (?P<n>\w+)"
                           r"(?P<rest>(?:; (?:EPSG:\d+|file CRS|GCJ-02|BD-09) → WGS84)*(?:; geocoded .+)?)")
_GAZETTEER = re.compile(r"gazetteer: (?P<place>.+) \((?P<id>[^()]+)\)")
_STATUS = re.compile(r"(?:added in gisplanner by (?P<editor>.*)|imported from (?P<file>.+))", re.S)


def _verified(text: str, parts: list[SourceWords]) -> str | None:
    return dumps(CodedNote(parts)) if SEPARATOR.join(parts) == text else None


def code_old_status_source(text: str | None) -> str | None:
    """The twin of a status source an earlier version wrote in English, or None for any other."""
    match = _STATUS.fullmatch(text or "")
    if match is None:
        return None
    if match["file"] is not None:
        return _verified(text, [SourceWords("imported", file=match["file"])])
    return _verified(text, [SourceWords("added", editor=match["editor"])])


def code_old_location_note(text: str | None) -> str | None:
    """The twin of a location note an earlier version wrote in English (an imported row's, or
    a new feature's drawn or placed by a gazetteer name); None for any other."""
    if text == SOURCE_WORDS["drawn"]:
        return _verified(text, [SourceWords("drawn")])
    if placed := _GAZETTEER.fullmatch(text or ""):
        return _verified(text, [SourceWords("gazetteer", place=placed["place"], id=placed["id"])])
    match = _IMPORTED_ROW.fullmatch(text or "")
    if match is None:
        return None
    unit, n = match["unit"], match["n"]
    if unit != "entity" and not n.isdigit():
        return None
    parts = [SourceWords(f"imported_{unit}", file=match["file"], n=n if unit == "entity" else int(n))]
    for piece in filter(None, match["rest"].split(SEPARATOR)):
        if step := _STEP.fullmatch(piece):
            parts.append(SourceWords("crs_step", crs=step["crs"]) if step["crs"] else
                         SourceWords("file_crs_step") if step["file_crs"] else
                         SourceWords("offset_step", offset=step["offset"]))
        elif placed := _GEOCODED.fullmatch(piece):
            parts.append(SourceWords("geocoded", place=placed["place"], precision=placed["precision"]))
        else:
            return None
    return _verified(text, parts)

