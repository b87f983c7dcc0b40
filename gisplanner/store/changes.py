"""The edits a session can hold, as small serialisable commands.

Each change is checked against the session's current view before it enters the buffer
(an invalid value is refused with a message naming the feature and field), applies itself
to the buffer, and turns into JSON for the recovery file. Undo replays the remaining
changes from the stored state, so no change needs hand-written inverse logic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, ClassVar

import shapely
from shapely.geometry import MultiLineString, MultiPolygon
from shapely.geometry.base import BaseGeometry

from gisplanner.features import RELATIONS
from gisplanner.layers import STATUS_IDS, layer_definition, status

if TYPE_CHECKING:
    from gisplanner.store.edit_buffer import Buffer, EditView


class EditRefused(ValueError):
    """A change that cannot enter the buffer; the message names the feature and field."""


def _geometry_to_json(geom: BaseGeometry | None) -> str | None:
    return None if geom is None else shapely.to_wkb(geom, hex=True)


def _geometry_from_json(text: str | None) -> BaseGeometry | None:
    return None if text is None else shapely.from_wkb(text)


def fit_geometry(layer: str, geom: BaseGeometry | None) -> BaseGeometry:
    """The geometry as the layer stores it (single parts promoted to multi), or EditRefused."""
    definition = layer_definition(layer)
    if geom is None or geom.is_empty:
        raise EditRefused(f"{definition.title_en}: a feature needs a geometry")
    wanted = definition.geometry
    if wanted == "MultiPolygon" and geom.geom_type == "Polygon":
        geom = MultiPolygon([geom])
    elif wanted == "MultiLineString" and geom.geom_type == "LineString":
        geom = MultiLineString([geom])
    if geom.geom_type != wanted:
        raise EditRefused(f"{definition.title_en} holds {wanted} features, not {geom.geom_type}")
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise EditRefused(f"{definition.title_en}: coordinates {geom.bounds} are not longitude/latitude")
    if not geom.is_valid:
        raise EditRefused(f"{definition.title_en}: the geometry is not valid ({shapely.is_valid_reason(geom)})")
    return geom


@dataclass
class Change:
    """Base of all changes: ``check`` against the view, ``apply`` to the buffer."""

    kind: ClassVar[str] = ""

    def text(self) -> str:
        raise NotImplementedError

    def check(self, view: EditView) -> None:
        raise NotImplementedError

    def apply(self, buf: Buffer) -> set[str]:
        raise NotImplementedError

    def to_json(self) -> dict[str, Any]:
        # shallow: the recovery file is rewritten after every change, and ``asdict`` would deep-copy
        # a bulk change's 10k uids each time (values are plain JSON already)
        return {"kind": self.kind, **{f.name: getattr(self, f.name) for f in fields(self)}}


def _feature_layer(view: EditView, uid: str, layer: str) -> None:
    found = view.layer_of(uid)
    if found is None:
        raise EditRefused(f"feature {uid}: not in the project (or deleted in this session)")
    if found != layer:
        raise EditRefused(f"feature {uid} is in layer {found}, not {layer}")


@dataclass
class SetAttribute(Change):
    kind: ClassVar[str] = "set"
    layer: str
    uids: list[str]
    field: str
    value: Any

    def text(self) -> str:
        label = layer_definition(self.layer).field(self.field).label("zh")
        who = self.uids[0] if len(self.uids) == 1 else f"{len(self.uids)} 个要素"
        return f"修改 {who} 的{label}"

    def check(self, view: EditView) -> None:
        definition = layer_definition(self.layer)
        try:
            fdef = definition.field(self.field)
        except KeyError as exc:
            raise EditRefused(str(exc.args[0])) from exc
        if not fdef.editable:
            raise EditRefused(f"{fdef.label('en')} ({self.field}) is kept by the system and cannot be edited")
        if self.field in ("status",):
            raise EditRefused("Status changes need a date and a source: use a status change")
        err = fdef.validate(self.value)
        if err:
            raise EditRefused(f"{self.uids[0] if len(self.uids) == 1 else self.layer}: {err} (field {self.field})")
        self.value = fdef.coerce(self.value)
        for uid in self.uids:
            _feature_layer(view, uid, self.layer)

    def apply(self, buf: Buffer) -> set[str]:
        buf.set_many(self.uids, self.layer, {self.field: self.value})
        return set(self.uids)


@dataclass
class SetStatus(Change):
    """A status change: sets ``status`` and ``status_date`` and appends to the status history."""

    kind: ClassVar[str] = "status"
    layer: str
    uids: list[str]
    status: str
    date: str
    source: str

    def text(self) -> str:
        who = self.uids[0] if len(self.uids) == 1 else f"{len(self.uids)} 个要素"
        return f"{who} 状态改为{status(self.status).label_zh}"

    def check(self, view: EditView) -> None:
        if self.status not in STATUS_IDS:
            raise EditRefused(f"{self.status!r} is not a status (field status); one of {', '.join(STATUS_IDS)}")
        err = layer_definition(self.layer).field("status_date").validate(self.date)
        if err:
            raise EditRefused(f"{err} (field status_date)")
        if dt.date.fromisoformat(self.date) > dt.date.today() + dt.timedelta(days=366 * 30):
            raise EditRefused(f"status date {self.date} is too far in the future (field status_date)")
        if not (self.source or "").strip():
            raise EditRefused("a status change needs a source or note saying why (field source)")
        for uid in self.uids:
            _feature_layer(view, uid, self.layer)

    def apply(self, buf: Buffer) -> set[str]:
        # a status set in the window is dated to the day
        buf.set_many(self.uids, self.layer, {"status": self.status, "status_date": self.date,
                                             "status_date_precision": "day"})
        buf.history.extend({"feature_uid": uid, "status": self.status, "date": self.date, "source": self.source}
                           for uid in self.uids)
        return set(self.uids)


@dataclass
class AddFeature(Change):
    kind: ClassVar[str] = "add"
    layer: str
    uid: str
    attributes: dict[str, Any]
    geometry: str | None = None  # hex WKB, so the change is plain JSON

    @classmethod
    def make(cls, layer: str, attributes: dict[str, Any], geometry: BaseGeometry) -> AddFeature:
        return cls(layer, str(attributes.get("uid") or ""), dict(attributes), _geometry_to_json(geometry))

    def text(self) -> str:
        return f"新增 {self.attributes.get('name_zh') or self.uid}"

    def check(self, view: EditView) -> None:
        definition = layer_definition(self.layer)
        if not self.uid:
            raise EditRefused(f"{definition.title_en}: a new feature needs an ID (field uid)")
        if view.uid_taken(self.uid):
            raise EditRefused(f"ID {self.uid} is already used by another feature (field uid)")
        unknown = set(self.attributes) - set(definition.field_names)
        if unknown:
            raise EditRefused(f"{definition.title_en} has no field(s) {', '.join(sorted(unknown))}")
        self.attributes["uid"] = self.uid
        problems = definition.validate(self.attributes)
        if problems:
            raise EditRefused("; ".join(f"{msg} (field {name})" for name, msg in problems.items()))
        self.attributes = {f.name: f.coerce(self.attributes.get(f.name)) for f in definition.fields}
        self.geometry = _geometry_to_json(fit_geometry(self.layer, _geometry_from_json(self.geometry)))

    def apply(self, buf: Buffer) -> set[str]:
        buf.add(self.uid, self.layer, dict(self.attributes), _geometry_from_json(self.geometry))
        return {self.uid}


@dataclass
class DeleteFeatures(Change):
    kind: ClassVar[str] = "delete"
    layer: str
    uids: list[str]

    def text(self) -> str:
        return f"删除 {self.uids[0] if len(self.uids) == 1 else f'{len(self.uids)} 个要素'}"

    def check(self, view: EditView) -> None:
        for uid in self.uids:
            _feature_layer(view, uid, self.layer)

    def apply(self, buf: Buffer) -> set[str]:
        for uid in self.uids:
            buf.delete(uid, self.layer)
        return set(self.uids)


@dataclass
class SetGeometry(Change):
    """Replace a feature's geometry (a move is a replacement by the shifted geometry)."""

    kind: ClassVar[str] = "geometry"
    layer: str
    uid: str
    geometry: str | None
    verb: str = "移动"

    @classmethod
    def make(cls, layer: str, uid: str, geometry: BaseGeometry, verb: str = "移动") -> SetGeometry:
        return cls(layer, uid, _geometry_to_json(geometry), verb)

    def text(self) -> str:
        return f"{self.verb} {self.uid}"

    def check(self, view: EditView) -> None:
        _feature_layer(view, self.uid, self.layer)
        self.geometry = _geometry_to_json(fit_geometry(self.layer, _geometry_from_json(self.geometry)))

    def apply(self, buf: Buffer) -> set[str]:
        buf.set_geometry(self.uid, self.layer, _geometry_from_json(self.geometry))
        return {self.uid}


@dataclass
class LinkClause(Change):
    kind: ClassVar[str] = "link"
    uid: str
    clause_id: str
    relation: str = "mandates"
    quote: str | None = None

    def text(self) -> str:
        return f"关联 {self.uid} → {self.clause_id}"

    def check(self, view: EditView) -> None:
        if view.layer_of(self.uid) is None:
            raise EditRefused(f"feature {self.uid}: not in the project (or deleted in this session)")
        if not view.clause_exists(self.clause_id):
            raise EditRefused(f"clause {self.clause_id} is not in the project (field clause)")
        if self.relation not in RELATIONS:
            raise EditRefused(f"{self.relation!r} is not a link relation (field relation); one of {', '.join(RELATIONS)}")
        if view.has_link(self.uid, self.clause_id, self.relation):
            raise EditRefused(f"{self.uid} is already linked to clause {self.clause_id} ({self.relation})")

    def apply(self, buf: Buffer) -> set[str]:
        buf.link(self.uid, self.clause_id, self.relation, self.quote)
        return {self.uid}


@dataclass
class UnlinkClause(Change):
    kind: ClassVar[str] = "unlink"
    uid: str
    clause_id: str
    relation: str = "mandates"

    def text(self) -> str:
        return f"取消关联 {self.uid} → {self.clause_id}"

    def check(self, view: EditView) -> None:
        if not view.has_link(self.uid, self.clause_id, self.relation):
            raise EditRefused(f"{self.uid} is not linked to clause {self.clause_id} ({self.relation})")

    def apply(self, buf: Buffer) -> set[str]:
        buf.unlink(self.uid, self.clause_id, self.relation)
        return {self.uid}


CHANGE_TYPES: dict[str, type[Change]] = {c.kind: c for c in (
    SetAttribute, SetStatus, AddFeature, DeleteFeatures, SetGeometry, LinkClause, UnlinkClause)}


def change_from_json(data: dict[str, Any]) -> Change:
    data = dict(data)
    kind = data.pop("kind", None)
    if kind not in CHANGE_TYPES:
        raise EditRefused(f"unknown change kind {kind!r} in the recovery file")
    try:
        return CHANGE_TYPES[kind](**data)
    except TypeError as exc:
        raise EditRefused(f"a {kind} change in the recovery file is incomplete ({exc})") from exc
