"""Refused edits and value problems worded in the window's language, from their code.

The core raises ``EditRefused`` (and the layer model returns ``FieldProblem``) with a code
and params; the English templates are the core's own, the Chinese ones are catalogued here.
Field, layer, relation and status ids in the params become labels of the same language.
"""

from __future__ import annotations

from typing import Any

from gisplanner.layers import PROBLEMS, FieldProblem
from gisplanner.store.refusals import REFUSALS, EditRefused, labelled
from gisplanner.ui.i18n import ZH, lang, tr

ZH.update({
    "Start editing first (Edit ▸ Start editing).": "请先开始编辑（编辑 ▸ 开始编辑）。",
    PROBLEMS["required"]: "{field}为必填项",
    PROBLEMS["not_text"]: "{field}必须是文字",
    PROBLEMS["too_long"]: "{field}不能超过 {limit} 个字",
    PROBLEMS["not_listed"]: "“{value}”不是{field}的可选值",
    PROBLEMS["not_date"]: "{field}必须是“年-月-日”格式的日期，而不是“{value}”",
    PROBLEMS["not_calendar_date"]: "“{value}”不是有效日期",
    PROBLEMS["not_year"]: "{field}必须是年份，而不是“{value}”",
    PROBLEMS["not_integer"]: "{field}必须是整数，而不是“{value}”",
    PROBLEMS["not_number"]: "{field}必须是数字，而不是“{value}”",
    PROBLEMS["below_min"]: "{field}不得小于 {limit:g}",
    PROBLEMS["above_max"]: "{field}不得大于 {limit:g}",
    REFUSALS["no_geometry"]: "{layer}：要素须有图形",
    REFUSALS["wrong_geometry"]: "{layer}图层只存放{wanted}要素，而不是{got}",
    REFUSALS["not_lonlat"]: "{layer}：坐标 {bounds} 不是经纬度",
    REFUSALS["invalid_geometry"]: "{layer}：图形无效（{reason}，位于 {at}），未接受此修改",
    REFUSALS["no_feature"]: "要素 {uid} 不在项目中（或已在本次编辑中删除）",
    REFUSALS["wrong_layer"]: "要素 {uid} 位于{found}图层，而不是{layer}图层",
    REFUSALS["no_field"]: "{layer}图层没有字段“{field}”",
    REFUSALS["no_fields"]: "{layer}图层没有这些字段：{fields}",
    REFUSALS["system_field"]: "{field}由系统维护，不能修改",
    REFUSALS["status_by_change"]: "修改状态须填写日期和来源（使用“修改状态”）",
    REFUSALS["bad_value"]: "{feature}：{problem}",
    REFUSALS["bad_values"]: "{problems}",
    REFUSALS["bad_status"]: "“{value}”不是有效状态",
    REFUSALS["date_too_far"]: "状态日期 {date} 过于遥远",
    REFUSALS["no_source"]: "状态变更必须填写来源或说明",
    REFUSALS["no_features"]: "未选择要修改状态的要素",
    REFUSALS["no_uid"]: "{layer}：新要素须有编号",
    REFUSALS["uid_taken"]: "编号 {uid} 已被其他要素使用",
    REFUSALS["no_clause"]: "条款 {clause} 不在项目中",
    REFUSALS["bad_relation"]: "“{value}”不是有效的关联关系",
    REFUSALS["linked"]: "{uid} 已关联条款 {clause}（{relation}）",
    REFUSALS["not_linked"]: "{uid} 未关联条款 {clause}（{relation}）",
    REFUSALS["nothing_to_move"]: "要素 {uid} 没有可移动的图形",
    REFUSALS["no_vertices"]: "{geometry}没有可编辑的节点（点要素请直接移动）",
    REFUSALS["no_vertex"]: "此{geometry}的第 {part} 部分没有第 {index} 个节点",
    REFUSALS["last_vertex"]: "线的最后一个节点之后没有线段；请选择一条线段来插入节点",
    REFUSALS["ring_vertices"]: "无法删除节点：面的每个环至少保留 3 个节点（如需删除请删除整个要素）",
    REFUSALS["line_vertices"]: "无法删除节点：线至少保留 2 个节点（如需删除请删除整个要素）",
    REFUSALS["actual_not_number"]: "“{value}”不是数字（字段：数值）",
    REFUSALS["actual_bad_date"]: "“{value}”不是日期（字段：日期）",
    REFUSALS["actual_no_source"]: "实际值须注明来源：统计表、报告或条款（字段：来源）",
    REFUSALS["no_indicator"]: "指标“{value}”不在项目中（字段：指标）",
    REFUSALS["actual_fixed"]: "实际值的{name}不能修改",
    REFUSALS["no_actuals"]: "没有要添加的实际值",
    REFUSALS["actual_exists"]: "实际值 {id} 已存在",
    REFUSALS["no_actual"]: "实际值 {id} 不在项目中（或已在本次编辑中删除）",
    REFUSALS["unknown_change"]: "恢复文件中有未知的修改类型“{kind}”",
    REFUSALS["incomplete_change"]: "恢复文件中的一项修改（{kind}）不完整",
})

# Names the core passes as they are (geometry types, GEOS's reasons, fields of an actual
# value), as the Chinese sentence names them.
GEOMETRIES_ZH = {"Point": "点", "MultiPoint": "多点", "LineString": "线", "MultiLineString": "多线",
                 "Polygon": "面", "MultiPolygon": "多面", "GeometryCollection": "几何集合"}
REASONS_ZH = {"Self-intersection": "自相交", "Ring Self-intersection": "环自相交", "Too few points": "点数太少",
              "Hole lies outside shell": "内环在外环之外", "Nested holes": "内环嵌套",
              "Interior is disconnected": "内部不连通", "Nested shells": "外环嵌套", "Duplicate Rings": "环重复",
              "Invalid Coordinate": "坐标无效", "Ring is not closed": "环未闭合"}
ACTUAL_FIELDS_ZH = {"value": "数值", "date": "日期", "source": "来源", "indicator_id": "指标", "scope": "范围",
                    "id": "编号"}


class _Known(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def _params(params: dict[str, Any]) -> dict[str, Any]:
    zh = lang() == "zh"
    out = labelled(params, lang(), problem_text, "；" if zh else "; ")
    if zh:
        for key in ("wanted", "got", "geometry"):
            if key in out:
                out[key] = GEOMETRIES_ZH.get(str(out[key]), out[key])
        if "reason" in out:
            out["reason"] = REASONS_ZH.get(str(out["reason"]), "图形有误")
        if "name" in out and params.get("name") in ACTUAL_FIELDS_ZH:
            out["name"] = ACTUAL_FIELDS_ZH[params["name"]]
    return out


def problem_text(problem: str | None) -> str:
    """A value problem (``FieldProblem``) in the window's language; other text as it is."""
    if not problem:
        return ""
    if not isinstance(problem, FieldProblem) or problem.code not in PROBLEMS:
        return str(problem)
    return tr(PROBLEMS[problem.code]).format_map(_Known(_params(problem.params)))


def refusal_text(exc: BaseException) -> str | None:
    """A refused edit in the window's language; None when ``exc`` carries no known code."""
    if not isinstance(exc, EditRefused) or exc.code not in REFUSALS:
        return None
    return tr(REFUSALS[exc.code]).format_map(_Known(_params(exc.params)))
