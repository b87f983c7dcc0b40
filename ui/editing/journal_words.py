"""A journal row in words, in the window's language: "Added 双福污水处理厂 (Sewage plant, Planned)
to the Facilities layer" rather than the stored JSON record; a status change with the
source that says why. Values of listed fields are shown by their label; data stays as stored.
"""

from __future__ import annotations

from typing import Any

from gisplanner.layers import layer_definition, relation_label
from gisplanner.source_words import LOCATION_CODE
from gisplanner.store.journal import STATUS_SOURCE, record_of
from gisplanner.ui.i18n import ZH, lang, tr
from gisplanner.ui.source_words import note_text

ADDED = "Added {name} ({kind}, {status}) to the {layer} layer"
DELETED = "Deleted {name} ({kind}, {status}) from the {layer} layer"
ADDED_PLAIN = "Added {name} to the {layer} layer"
DELETED_PLAIN = "Deleted {name} from the {layer} layer"
CHANGED = "{field}: {old} → {new}"
STATUS = "Status: {old} → {new}"
SOURCE = "Source of the status change: {source}"
GEOMETRY = "Changed the geometry"
LINKED = "Linked to clause {clause} ({relation})"
UNLINKED = "Unlinked from clause {clause} ({relation})"
RESOLVED = "Sync conflict settled: {field} {old} → {new}"
IMPORTED = "Imported ({source})"
EMPTY = "(empty)"

ZH.update({
    ADDED: "在{layer}图层新增“{name}”（{kind}，{status}）",
    DELETED: "从{layer}图层删除“{name}”（{kind}，{status}）",
    ADDED_PLAIN: "在{layer}图层新增“{name}”",
    DELETED_PLAIN: "从{layer}图层删除“{name}”",
    CHANGED: "{field}：{old} → {new}",
    STATUS: "状态：{old} → {new}",
    SOURCE: "状态变更来源：{source}",
    GEOMETRY: "修改了图形",
    LINKED: "关联条款 {clause}（{relation}）",
    UNLINKED: "取消关联条款 {clause}（{relation}）",
    RESOLVED: "解决同步冲突：{field} {old} → {new}",
    IMPORTED: "导入（{source}）",
    EMPTY: "（空）",
    "Time (UTC)": "时间 (UTC)", "Editor": "编辑人", "Change": "修改",
    "Saved changes (journal)": "已保存的修改（日志）",
    "No feature selected.": "未选择要素。",
    " (unsaved)": "（未保存）",
})


def _layer(name: str | None):
    try:
        return layer_definition(name or "")
    except KeyError:
        return None


def _value(definition, field: str | None, value: Any) -> str:
    if value is None or value == "":
        return tr(EMPTY)
    if field == "location_source":  # a shipped note (an edit's old value) is ours: in the window's language
        return note_text(str(value))
    if definition is not None and field:
        return definition.value_label(field, value, lang())
    return str(value)


def _field_label(definition, field: str | None) -> str:
    if definition is not None and field:
        try:
            return definition.field(field).label(lang())
        except KeyError:
            pass
    return field or ""


def _feature(template: str, plain: str, definition, uid: str, record: dict[str, Any]) -> str:
    name = (record.get("name_en") if lang() == "en" else None) or record.get("name_zh") or uid
    layer = definition.title(lang()) if definition is not None else ""
    kind = definition.kind(str(record.get("kind") or "")) if definition is not None else None
    if kind is None or not record.get("status"):
        return tr(plain).format(name=name, layer=layer)
    return tr(template).format(kind=kind.label(lang()), name=name, layer=layer,
                               status=definition.value_label("status", record["status"], lang()))


def journal_text(row: dict[str, Any], feature: dict[str, Any] | None = None) -> str:
    """One saved change (a row of the project's ``edits`` table) as a sentence. An import's
    row quotes the feature's location note: worded from the ``feature``'s codes while they
    still say the same."""
    action, field, old, new = row.get("action"), row.get("field"), row.get("old"), row.get("new")
    definition = _layer(row.get("layer"))
    if action == "add":
        return _feature(ADDED, ADDED_PLAIN, definition, row.get("uid") or "", record_of(new))
    if action == "delete":
        return _feature(DELETED, DELETED_PLAIN, definition, row.get("uid") or "", record_of(old))
    if action == "status" and field == STATUS_SOURCE:
        return tr(SOURCE).format(source=new or tr(EMPTY))
    if action == "status":
        return tr(STATUS).format(old=_value(definition, "status", old), new=_value(definition, "status", new))
    if action == "geometry":
        return tr(GEOMETRY)
    if action in ("link", "unlink"):
        relation = relation_label(new if action == "link" else old, lang())
        return tr(LINKED if action == "link" else UNLINKED).format(clause=field or "", relation=relation)
    if action == "import":
        return tr(IMPORTED).format(source=note_text(new or old or "", (feature or {}).get(LOCATION_CODE)))
    if action == "resolve":
        return tr(RESOLVED).format(field=_field_label(definition, field), old=_value(definition, field, old),
                                   new=_value(definition, field, new))
    return tr(CHANGED).format(field=_field_label(definition, field), old=_value(definition, field, old),
                              new=_value(definition, field, new))
