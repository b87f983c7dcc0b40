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
from gisplanner.source_words import LOCATION_CODE
from gisplanner.store.refusals import EditRefused  # raised here; its codes and English live there

if TYPE_CHECKING:
    from gisplanner.store.edit_buffer import Buffer, EditView


def _geometry_to_json(geom: BaseGeometry | None) -> str | None:
    return None if geom is None else shapely.to_wkb(geom, hex=True)


def _geometry_from_json(text: str | None) -> BaseGeometry | None:
    return None if text is None else shapely.from_wkb(text)


def fit_geometry(layer: str, geom: BaseGeometry | None) -> BaseGeometry:
    """The geometry as the layer stores it (single parts promoted to multi), or EditRefused."""
    definition = layer_definition(layer)
    if geom is None or geom.is_empty:
        raise EditRefused("no_geometry", layer=layer)
    wanted = definition.geometry
    if wanted == "MultiPolygon" and geom.geom_type == "Polygon":
        geom = MultiPolygon([geom])
    elif wanted == "MultiLineString" and geom.geom_type == "LineString":
        geom = MultiLineString([geom])
    if geom.geom_type != wanted:
        raise EditRefused("wrong_geometry", layer=layer, wanted=wanted, got=geom.geom_type)
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise EditRefused("not_lonlat", layer=layer, bounds=geom.bounds)
    if not geom.is_valid:
        reason, _, at = shapely.is_valid_reason(geom).partition("[")  # GEOS: "Self-intersection[x y]"
        raise EditRefused("invalid_geometry", layer=layer, reason=reason, at=at.rstrip("]"))
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
        raise EditRefused("no_feature", uid=uid)
    if found != layer:
        raise EditRefused("wrong_layer", uid=uid, found=found, layer=layer)


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
        except KeyError:
            raise EditRefused("no_field", layer=self.layer, field=self.field) from None
        if not fdef.editable:
            raise EditRefused("system_field", layer=self.layer, field=self.field, name=self.field)
        if self.field in ("status",):
            raise EditRefused("status_by_change")
        err = fdef.validate(self.value)
        if err:
            raise EditRefused("bad_value", layer=self.layer, feature=self.uids[0] if len(self.uids) == 1 else self.layer,
                              problem=err)
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
            raise EditRefused("bad_status", value=self.status, values=", ".join(STATUS_IDS))
        err = layer_definition(self.layer).field("status_date").validate(self.date)
        if err:
            raise EditRefused("bad_value", layer=self.layer, feature=self.uids[0] if len(self.uids) == 1 else self.layer,
                              problem=err)
        if dt.date.fromisoformat(self.date) > dt.date.today() + dt.timedelta(days=366 * 30):
            raise EditRefused("date_too_far", date=self.date)
        if not (self.source or "").strip():
            raise EditRefused("no_source")
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
            raise EditRefused("no_uid", layer=self.layer)
        if view.uid_taken(self.uid):
            raise EditRefused("uid_taken", uid=self.uid)
        unknown = set(self.attributes) - set(definition.field_names) - {LOCATION_CODE}
        if unknown:
            raise EditRefused("no_fields", layer=self.layer, fields=sorted(unknown))
        self.attributes["uid"] = self.uid
        problems = definition.validate(self.attributes)
        if problems:
            raise EditRefused("bad_values", layer=self.layer, problems=list(problems.values()))
        coded = self.attributes.get(LOCATION_CODE)  # the codes of a location note the window wrote
        self.attributes = {f.name: f.coerce(self.attributes.get(f.name)) for f in definition.fields}
        if coded:
            self.attributes[LOCATION_CODE] = str(coded)
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
            raise EditRefused("no_feature", uid=self.uid)
        if not view.clause_exists(self.clause_id):
            raise EditRefused("no_clause", clause=self.clause_id)
        if self.relation not in RELATIONS:
            raise EditRefused("bad_relation", value=self.relation, values=", ".join(RELATIONS))
        if view.has_link(self.uid, self.clause_id, self.relation):
            raise EditRefused("linked", uid=self.uid, clause=self.clause_id, relation=self.relation)

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
            raise EditRefused("not_linked", uid=self.uid, clause=self.clause_id, relation=self.relation)

    def apply(self, buf: Buffer) -> set[str]:
        buf.unlink(self.uid, self.clause_id, self.relation)
        return {self.uid}


CHANGE_TYPES: dict[str, type[Change]] = {c.kind: c for c in (
    SetAttribute, SetStatus, AddFeature, DeleteFeatures, SetGeometry, LinkClause, UnlinkClause)}


def change_from_json(data: dict[str, Any]) -> Change:
    data = dict(data)
    kind = data.pop("kind", None)
    if kind not in CHANGE_TYPES:
        raise EditRefused("unknown_change", kind=kind)
    try:
        return CHANGE_TYPES[kind](**data)
    except TypeError as exc:
        raise EditRefused("incomplete_change", kind=kind, detail=str(exc)) from exc
