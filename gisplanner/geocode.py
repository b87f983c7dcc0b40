"""Offline geocoder: place names (any script, English or pinyin) to coordinates.

Reads the shipped gazetteer (``data/gazetteer/places.csv``); no network. An exact name or
alias wins; otherwise the most specific gazetteer name contained in the query (so a full
address resolves to its town). Each answer says how precise it is (site/town/district/city).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gisplanner.paths import GAZETTEER_FILE
from gisplanner.textnorm import normalize

COLUMNS = ("id", "name_zh", "name_zh_hant", "name_en", "pinyin", "aliases", "kind", "parent",
           "lon", "lat", "precision", "source")
KINDS = ("province", "city", "district", "town", "site")
PRECISIONS = ("site", "town", "district", "city")
_SPECIFICITY = {k: i for i, k in enumerate(KINDS)}
_SUFFIXES = ("街道", "镇", "乡", "区", "县", "市", "省", "新区", "片区")
# Last words of English and pinyin names that a query may leave out ("Mudong" for "Mu Dong Zhen").
_WORD_SUFFIXES = {"town", "township", "subdistrict", "district", "county", "city", "province",
                  "zhen", "xiang", "jiedao", "qu", "xian", "shi", "sheng", "new", "area"}
_FOLD_RE = re.compile(r"[\s'’\-_·,.()（）]+")


class GazetteerError(ValueError):
    """A gazetteer row that cannot be used; names the file and row."""


@dataclass(frozen=True)
class Place:
    id: str
    name_zh: str
    name_en: str
    kind: str
    parent: str
    lon: float
    lat: float
    precision: str
    source: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class GeocodeResult:
    query: str
    place: Place
    matched: str
    exact: bool

    @property
    def lon(self) -> float:
        return self.place.lon

    @property
    def lat(self) -> float:
        return self.place.lat

    @property
    def precision(self) -> str:
        return self.place.precision


def fold(text: str) -> str:
    """Comparison form: simplified, lower case, no spaces or punctuation."""
    return _FOLD_RE.sub("", normalize(text))


def _strip_suffix(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def name_keys(name: str) -> set[str]:
    """Lookup keys of one gazetteer name: as written, without its 镇/区/… or Town/Zhen/… ending."""
    keys = {fold(name), _strip_suffix(fold(name))}
    words = name.split()
    while len(words) > 1 and words[-1].lower() in _WORD_SUFFIXES:
        words = words[:-1]
        keys.add(fold(" ".join(words)))
    return {k for k in keys if len(k) >= 2}


def read_gazetteer(path: Path = GAZETTEER_FILE) -> list[Place]:
    places = []
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read the gazetteer: {exc.strerror}") from exc
    with handle:
        reader = csv.DictReader(handle)
        missing = set(COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise GazetteerError(f"{path}: header lacks columns {', '.join(sorted(missing))}")
        for row in reader:
            where = f"{path.name}: row {reader.line_num} ({row.get('id') or row.get('name_zh')})"
            try:
                lon, lat = float(row["lon"]), float(row["lat"])
            except (TypeError, ValueError) as exc:
                raise GazetteerError(f"{where}: lon/lat {row.get('lon')!r}, {row.get('lat')!r} are not numbers") from exc
            if not (73 <= lon <= 136 and 17 <= lat <= 54):
                raise GazetteerError(f"{where}: {lon}, {lat} lies outside China")
            if row["kind"] not in KINDS or row["precision"] not in PRECISIONS:
                raise GazetteerError(f"{where}: kind {row['kind']!r} or precision {row['precision']!r} unknown")
            if not row["id"] or not row["name_zh"]:
                raise GazetteerError(f"{where}: id and name_zh are required")
            names = [row["name_zh"], row["name_zh_hant"], row["name_en"], row["pinyin"],
                     *(row["aliases"] or "").split("|")]
            places.append(Place(row["id"], row["name_zh"], row["name_en"], row["kind"], row["parent"],
                                lon, lat, row["precision"], row["source"], tuple(n for n in names if n)))
    return places


def _suffix_fits(query: str, name: str, place: Place) -> bool:
    """False when the query names ``name`` with another admin ending (恩阳区 is not 恩阳镇)."""
    after = query[query.find(name) + len(name):][:1]
    if after and after in "区县市镇乡" and not fold(place.name_zh).startswith(name + after):
        return False
    return True


class Gazetteer:
    """Name lookups over a list of places."""

    def __init__(self, places: list[Place]) -> None:
        self.places = places
        self.by_id = {p.id: p for p in places}
        self._exact: dict[str, list[Place]] = {}
        for place in places:
            for name in place.names:
                for key in name_keys(name):
                    self._exact.setdefault(key, []).append(place)

    def _best(self, places: list[Place], context: str = "") -> Place:
        """Most specific place; among equals prefer one whose parent is named in ``context``."""
        def score(p: Place) -> tuple[int, int]:
            parent = self.by_id.get(p.parent)
            in_context = bool(parent and any(fold(n) in context for n in parent.names if len(fold(n)) >= 2))
            return (_SPECIFICITY[p.kind], int(in_context))
        return max(places, key=score)

    def geocode(self, query: str) -> GeocodeResult | None:
        key = fold(query)
        if not key:
            return None
        for candidate in (key, _strip_suffix(key)):
            if candidate in self._exact:
                return GeocodeResult(query, self._best(self._exact[candidate], key), candidate, True)
        contained = []
        for name, places in self._exact.items():
            if name in key:
                fitting = [p for p in places if _suffix_fits(key, name, p)]
                if fitting:
                    contained.append((name, fitting))
        if not contained:
            return None
        best_name, best_places = max(
            contained, key=lambda item: (max(_SPECIFICITY[p.kind] for p in item[1]), len(item[0])))
        return GeocodeResult(query, self._best(best_places, key), best_name, False)


@cache
def default_gazetteer() -> Gazetteer:
    return Gazetteer(read_gazetteer())


def geocode(query: str) -> GeocodeResult | None:
    """Where ``query`` is, from the shipped gazetteer; None when no name matches."""
    return default_gazetteer().geocode(query)
