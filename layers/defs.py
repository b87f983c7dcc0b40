"""Declarative layer definitions: fields, enums and status styles read from TOML.

Every face (canvas, forms, HTML export, importers) asks these objects what a layer holds
and how it looks, so a field or a colour is changed in one file under ``definitions/``.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

DEFINITIONS_DIR = Path(str(resources.files("gisplanner.layers") / "definitions"))
FIELD_TYPES = {"text", "date", "year", "integer", "real", "enum"}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NOT_LAYERS = {"common", "status", "relations"}  # definition files that describe no layer


class DefinitionError(ValueError):
    """A layer definition file that does not describe a layer; names the file."""


@dataclass(frozen=True)
class StatusDef:
    id: str
    label_zh: str
    label_en: str
    color: str
    dashed: bool
    order: int

    def label(self, lang: str = "zh") -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class KindDef:
    id: str
    label_zh: str
    label_en: str
    symbol: str = "circle"
    line_width: float | None = None

    def label(self, lang: str = "zh") -> str:
        return self.label_zh if lang == "zh" else self.label_en


# The English wording of each value problem (what the CLI prints); a face words the code in its
# own language from the params: ``field`` (the field's name), ``value``, ``limit``, ``values``.
PROBLEMS = {
    "required": "{field} is required",
    "not_text": "{field} must be text",
    "too_long": "{field} is longer than {limit} characters",
    "not_listed": "{value!r} is not one of {values}",
    "not_date": "{field} must be a date YYYY-MM-DD, not {value!r}",
    "not_calendar_date": "{value!r} is not a calendar date",
    "not_year": "{field} must be a year, not {value!r}",
    "not_integer": "{field} must be an integer, not {value!r}",
    "not_number": "{field} must be a number, not {value!r}",
    "below_min": "{field} must be at least {limit:g}",
    "above_max": "{field} must be at most {limit:g}",
}


class FieldProblem(str):
    """Why a value cannot be stored: reads as its English sentence (for the CLI and logs) and
    carries ``code`` and ``params`` (``field`` is the field's name) for a face to word."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, fdef: FieldDef, **params: Any) -> FieldProblem:
        text = PROBLEMS[code].format_map({**params, "field": fdef.label("en")})
        self = super().__new__(cls, text)
        self.code, self.params = code, {"field": fdef.name, **params}
        return self

    def __reduce__(self):  # pickled (worker processes) as text, code and params
        return _problem_from, (str(self), self.code, self.params)


def _problem_from(text: str, code: str, params: dict[str, Any]) -> FieldProblem:
    self = str.__new__(FieldProblem, text)
    self.code, self.params = code, params
    return self


@dataclass(frozen=True)
class FieldDef:
    name: str
    type: str
    label_zh: str = ""
    label_en: str = ""
    required: bool = False
    editable: bool = True
    values: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    value_labels: tuple[tuple[str, str, str], ...] = ()  # (value, label_zh, label_en) of listed values

    def label(self, lang: str = "zh") -> str:
        return (self.label_zh if lang == "zh" else self.label_en) or self.name

    def value_label(self, value: str, lang: str = "zh") -> str:
        """A listed value as ``lang`` shows it (the value itself when it has no label)."""
        for v, zh, en in self.value_labels:
            if v == value:
                return zh if lang == "zh" else en
        return value

    def validate(self, value: Any) -> FieldProblem | None:
        """Why ``value`` cannot be stored in this field (a coded problem), or None when it can."""
        def problem(code: str, **params: Any) -> FieldProblem:
            return FieldProblem(code, self, **params)

        if value is None or (isinstance(value, str) and value.strip() == ""):
            return problem("required") if self.required else None
        if self.type == "text":
            if not isinstance(value, str):
                return problem("not_text")
            if self.max_length and len(value) > self.max_length:
                return problem("too_long", limit=self.max_length)
        elif self.type == "enum":
            if value not in self.values:
                return problem("not_listed", value=value, values=", ".join(self.values))
        elif self.type == "date":
            if not isinstance(value, str) or not _DATE_RE.match(value):
                return problem("not_date", value=value)
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return problem("not_calendar_date", value=value)
        elif self.type in {"year", "integer", "real"}:
            try:
                number = float(value) if self.type == "real" else int(str(value))
            except ValueError:
                return problem({"year": "not_year", "integer": "not_integer"}.get(self.type, "not_number"), value=value)
            if self.min is not None and number < self.min:
                return problem("below_min", limit=self.min)
            if self.max is not None and number > self.max:
                return problem("above_max", limit=self.max)
        return None

    def coerce(self, value: Any) -> Any:
        """The stored form of a valid value (numbers as numbers, blanks as None)."""
        if value is None or (isinstance(value, str) and value.strip() == ""):
            return None
        if self.type in {"year", "integer"}:
            return int(str(value))
        if self.type == "real":
            return float(value)
        return value


@dataclass(frozen=True)
class LayerDef:
    name: str
    title_zh: str
    title_en: str
    geometry: str
    order: int
    fields: tuple[FieldDef, ...]
    kinds: tuple[KindDef, ...]
    style: dict[str, Any] = field(default_factory=dict)

    def title(self, lang: str = "zh") -> str:
        return self.title_zh if lang == "zh" else self.title_en

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> FieldDef:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"layer {self.name} has no field {name!r}")

    def kind(self, kind_id: str) -> KindDef | None:
        return next((k for k in self.kinds if k.id == kind_id), None)

    def value_label(self, field_name: str, value: Any, lang: str = "zh") -> str:
        """A stored value of ``field_name`` as ``lang`` shows it: statuses, kinds and listed
        values by their label, anything else (names, dates, numbers) as stored."""
        text = "" if value is None else str(value)
        if field_name == "status":
            try:
                return status(text).label(lang)
            except KeyError:
                return text
        if field_name == "kind":
            kind = self.kind(text)
            return kind.label(lang) if kind else text
        try:
            return self.field(field_name).value_label(text, lang)
        except KeyError:
            return text

    def validate(self, record: dict[str, Any]) -> dict[str, FieldProblem]:
        """Field name -> problem, for every field of ``record`` that cannot be stored."""
        return {f.name: err for f in self.fields if (err := f.validate(record.get(f.name)))}

    @property
    def is_point(self) -> bool:
        return self.geometry.endswith("Point")

    @property
    def is_line(self) -> bool:
        return self.geometry.endswith("LineString")

    @property
    def is_polygon(self) -> bool:
        return self.geometry.endswith("Polygon")


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DefinitionError(f"{path}: {exc}") from exc


@cache
def statuses(directory: Path = DEFINITIONS_DIR) -> tuple[StatusDef, ...]:
    entries = _read(directory / "status.toml").get("status", [])
    return tuple(StatusDef(order=i, dashed=bool(e.get("dashed")), **{k: e[k] for k in ("id", "label_zh", "label_en", "color")})
                 for i, e in enumerate(entries))


def status(status_id: str) -> StatusDef:
    for s in statuses():
        if s.id == status_id:
            return s
    raise KeyError(f"unknown status {status_id!r}")


STATUS_IDS = tuple(s.id for s in statuses())


@dataclass(frozen=True)
class RelationDef:
    """How a feature is linked to a clause (``mandates``, ``mentions``, ...), with its labels."""

    id: str
    label_zh: str
    label_en: str

    def label(self, lang: str = "zh") -> str:
        return self.label_zh if lang == "zh" else self.label_en


@cache
def relations(directory: Path = DEFINITIONS_DIR) -> tuple[RelationDef, ...]:
    return tuple(RelationDef(**{k: e[k] for k in ("id", "label_zh", "label_en")})
                 for e in _read(directory / "relations.toml").get("relation", []))


def relation_label(relation_id: str | None, lang: str = "zh") -> str:
    """A link relation as ``lang`` shows it (the id itself when unknown)."""
    return next((r.label(lang) for r in relations() if r.id == relation_id), relation_id or "")


def _field(entry: dict[str, Any], kinds: tuple[KindDef, ...], path: Path) -> FieldDef:
    ftype = entry.get("type")
    if ftype not in FIELD_TYPES:
        raise DefinitionError(f"{path}: field {entry.get('name')!r} has unknown type {ftype!r}")
    values: tuple[str, ...] = tuple(entry.get("values", ()))
    if entry.get("enum") == "status":
        values = STATUS_IDS
    elif entry.get("enum") == "kind":
        values = tuple(k.id for k in kinds)
    labels_zh, labels_en = entry.get("value_labels_zh", ()), entry.get("value_labels_en", ())
    if (labels_zh or labels_en) and not (len(labels_zh) == len(labels_en) == len(values)):
        raise DefinitionError(f"{path}: field {entry.get('name')!r} needs one zh and one en label per value")
    return FieldDef(
        name=entry["name"], type=ftype, label_zh=entry.get("label_zh", ""),
        label_en=entry.get("label_en", ""), required=bool(entry.get("required")),
        editable=bool(entry.get("editable", True)), values=values, min=entry.get("min"),
        max=entry.get("max"), max_length=entry.get("max_length"),
        value_labels=tuple(zip(values, labels_zh, labels_en, strict=True)) if labels_zh else (),
    )


@cache
def common_field_entries(directory: Path = DEFINITIONS_DIR) -> tuple[dict[str, Any], ...]:
    """The fields every layer has (common.toml), as raw entries."""
    return tuple(_read(directory / "common.toml").get("field", []))


@cache
def builtin_layer_definitions(directory: Path = DEFINITIONS_DIR) -> tuple[LayerDef, ...]:
    """The shipped layer definitions (TOML), in drawing order; what a build writes."""
    common = list(common_field_entries(directory))
    raw = {p: _read(p) for p in sorted(directory.glob("*.toml")) if p.stem not in NOT_LAYERS}
    by_name = {d.get("name"): d for d in raw.values()}
    defs = []
    for path, d in raw.items():
        try:
            source = by_name[d["kinds_from"]] if "kinds_from" in d else d
            kinds = tuple(KindDef(**k) for k in source.get("kind", []))
            fields = tuple(_field(f, kinds, path) for f in [*common, *d.get("field", [])])
            defs.append(LayerDef(
                name=d["name"], title_zh=d["title_zh"], title_en=d["title_en"],
                geometry=d["geometry"], order=int(d.get("order", 100)), fields=fields,
                kinds=kinds, style=dict(d.get("style", {})),
            ))
        except (KeyError, TypeError) as exc:
            raise DefinitionError(f"{path}: incomplete layer definition ({exc})") from exc
    return tuple(sorted(defs, key=lambda x: x.order))


# Layers a project defines for itself (made from an imported file); set when a project opens.
_registered: tuple[LayerDef, ...] = ()
_merged: tuple[LayerDef, ...] | None = None


def register_layer_definitions(defs: tuple[LayerDef, ...] | list[LayerDef]) -> None:
    """Make a project's own layer definitions known to every face, replacing the previous project's.

    A name the shipped definitions already use is ignored (the shipped layer wins).
    """
    global _registered, _merged
    builtin = builtin_layer_definitions()
    names = {d.name for d in builtin}
    _registered = tuple(d for d in defs if d.name not in names)
    _merged = tuple(sorted([*builtin, *_registered], key=lambda x: x.order)) if _registered else None


def registered_layer_definitions() -> tuple[LayerDef, ...]:
    """The open project's own layer definitions."""
    return _registered


def layer_definitions(directory: Path = DEFINITIONS_DIR) -> tuple[LayerDef, ...]:
    """All layer definitions (shipped, then the open project's own), in drawing order (bottom first)."""
    if directory == DEFINITIONS_DIR and _merged is not None:
        return _merged
    return builtin_layer_definitions(directory)


def user_layer_definition(spec: dict[str, Any]) -> LayerDef:
    """A project's own layer from its stored description: the common fields, then its own.

    ``spec`` holds name, title_zh, title_en, geometry, order, fields (name, type, label_zh,
    label_en) and kinds (id, label_zh, label_en, symbol); the common fields come from
    common.toml so status styling, editing and linking work as on the shipped layers.
    """
    where = Path(f"user layer {spec.get('name')!r}")
    try:
        kinds = tuple(KindDef(**k) for k in spec.get("kinds", ()))
        entries = [*common_field_entries(), *spec.get("fields", ())]
        return LayerDef(name=spec["name"], title_zh=spec["title_zh"], title_en=spec.get("title_en") or spec["name"],
                        geometry=spec["geometry"], order=int(spec.get("order", 200)),
                        fields=tuple(_field(f, kinds, where) for f in entries), kinds=kinds,
                        style=dict(spec.get("style", {})))
    except (KeyError, TypeError) as exc:
        raise DefinitionError(f"{where}: incomplete layer definition ({exc})") from exc


def field_label(layer: str | None, name: str, lang: str = "zh") -> str:
    """The label of field ``name`` (of ``layer`` when given, else of any layer that has it)."""
    for d in sorted(layer_definitions(), key=lambda d: d.name != layer):
        if name in d.field_names:
            return d.field(name).label(lang)
    return name


def layer_definition(name: str) -> LayerDef:
    for d in layer_definitions():
        if d.name == name:
            return d
    raise KeyError(f"unknown layer {name!r}")
