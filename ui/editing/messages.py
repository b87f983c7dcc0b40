"""Refusal and failure messages in the UI language: the core explains in English; a Chinese
UI shows the same explanation in Chinese (field labels from the layer definitions).

Refusals are recognised by their wording; save and lock failures carry a ``code`` and
``params`` (``WriteError``, ``SaveConflict``, ``ProjectLocked``, ``ProjectReadOnly``) that
:func:`failure_text` fills into a Chinese sentence.
"""

from __future__ import annotations

import re
from functools import cache

from gisplanner.layers import layer_definitions
from gisplanner.ui.i18n import lang


@cache
def _labels() -> dict[str, str]:
    out: dict[str, str] = {}
    for d in layer_definitions():
        out[d.title_en] = d.title_zh
        for f in d.fields:
            out[f.label("en")] = f.label("zh")
            out[f.name] = f.label("zh")
    return out


def _zh(label: str) -> str:
    return _labels().get(label, label)


_KIND = {"a year": "年份", "an integer": "整数", "a number": "数字"}
_RULES: list[tuple[re.Pattern, object]] = [(re.compile(p), f) for p, f in [
    (r"^(.+) is required$", lambda m: f"{_zh(m[1])}为必填项"),
    (r"^(.+) must be text$", lambda m: f"{_zh(m[1])}必须是文字"),
    (r"^(.+) is longer than (\d+) characters$", lambda m: f"{_zh(m[1])}不能超过 {m[2]} 个字"),
    (r"^(.+) is not one of (.+)$", lambda m: f"{m[1]} 不是可选值（{m[2]}）"),
    (r"^(.+) must be a date YYYY-MM-DD, not (.+)$", lambda m: f"{_zh(m[1])}必须是日期 YYYY-MM-DD，而不是 {m[2]}"),
    (r"^(.+) is not a calendar date$", lambda m: f"{m[1]} 不是有效日期"),
    (r"^(.+) must be (a year|an integer|a number), not (.+)$",
     lambda m: f"{_zh(m[1])}必须是{_KIND[m[2]]}，而不是 {m[3]}"),
    (r"^(.+) must be at least (.+)$", lambda m: f"{_zh(m[1])}不得小于 {m[2]}"),
    (r"^(.+) must be at most (.+)$", lambda m: f"{_zh(m[1])}不得大于 {m[2]}"),
    (r"^(.+) \((\w+)\) is kept by the system and cannot be edited$", lambda m: f"{_zh(m[1])}由系统维护，不能修改"),
    (r"^a status change needs a source or note saying why$", lambda m: "状态变更必须填写来源或说明"),
    (r"^Status changes need a date and a source: use a status change$", lambda m: "修改状态须填写日期和来源（使用“修改状态”）"),
    (r"^feature (.+): not in the project \(or deleted in this session\)$", lambda m: f"要素 {m[1]} 不在项目中（或已在本次编辑中删除）"),
    (r"^ID (.+) is already used by another feature$", lambda m: f"编号 {m[1]} 已被其他要素使用"),
    (r"^(.+) is already linked to clause (.+)$", lambda m: f"{m[1]} 已关联条款 {m[2]}"),
    (r"^start editing first \(Edit ▸ Start editing\)$", lambda m: "请先开始编辑（编辑 ▸ 开始编辑）"),
    (r"^no project is open$", lambda m: "未打开项目"),
    (r"^cannot delete the vertex: a ring keeps at least 3 vertices \(delete the feature instead\)$",
     lambda m: "无法删除节点：面的每个环至少保留 3 个节点（如需删除请删除整个要素）"),
    (r"^cannot delete the vertex: a line keeps at least 2 vertices \(delete the feature instead\)$",
     lambda m: "无法删除节点：线至少保留 2 个节点（如需删除请删除整个要素）"),
    (r"^(.+): the geometry is not valid \((.+)\)$", lambda m: f"{_zh(m[1])}：图形无效（{m[2]}），未接受此修改"),
]]
_FIELD = re.compile(r"^(.*) \(field (\w+)\)$")
_PREFIX = re.compile(r"^([\w.\-]+): (.+)$")


def localize(message: str) -> str:
    """``message`` as the UI language wants it (unchanged in English or when not recognised)."""
    if lang() != "zh" or not message:
        return message
    return "；".join(_one(part) for part in message.split("; "))


def _one(message: str) -> str:
    suffix = ""
    if m := _FIELD.match(message):
        message, suffix = m[1], f"（字段：{_zh(m[2])}）"
    tries = [("", message)]
    if m := _PREFIX.match(message):
        tries.insert(0, (f"{m[1]}：", m[2]))  # "feature-id: problem"
    for prefix, text in tries:
        for rule, make in _RULES:
            if m := rule.match(text):
                return prefix + make(m) + suffix
    return message + suffix


_FAILURES_ZH = {
    "read_only": "{path}：文件为只读（位于只读磁盘上，或没有写入权限）；未保存任何内容",
    "disk_full": "{path}：磁盘已满或出现故障（{detail}）；未保存任何内容",
    "busy": "{path}：另一个程序正在写入此项目；请稍后再次保存（未保存任何内容）",
    "cannot_open": "{path}：无法以写入方式打开文件（{detail}）；未保存任何内容",
    "other": "{path}：{detail}；未保存任何内容",
    "vanished": "要素 {uid}（{layer}）已不在文件中；未保存任何内容",
    "not_updated": "要素 {uid}（{layer}）无法更新；未保存任何内容",
    "lock_uncreatable": "{path}：无法创建编辑锁 {lock}（{reason}）；项目以只读方式打开",
    "recovery_unwritable": "{path}：无法写入崩溃恢复文件（{detail}），未保存的修改在程序崩溃时会丢失；请尽快保存",
    "recovery_unreadable": "{path}：不是可读取的恢复文件（{detail}）；已原样保留在磁盘上",
    "read_only_folder": "{path}：文件或其所在文件夹为只读；如需编辑，请把项目复制到可写的位置",
}


def failure_text(exc: BaseException) -> str:
    """A save or lock failure in the UI language (the English message when not Chinese)."""
    code, params = getattr(exc, "code", None), dict(getattr(exc, "params", None) or {})
    if lang() != "zh" or code is None:
        return localize(str(exc))
    if code == "locked_by":
        return _locked_by(params)
    if code == "changed_elsewhere":
        items = "；".join(f"{c['uid']} {_zh(c['field'])}：现为 {c['now']!r}，原为 {c['was']!r}，您的值 {c['yours']!r}"
                         for c in params.get("clashes", []))
        return (f"另一个程序在您编辑之后修改了这些值：{items}。未保存任何内容；"
                "再次保存将用您的值覆盖它们，或撤销您的修改。")
    template = _FAILURES_ZH.get(code)
    if template is None:
        return str(exc)
    text = template.format_map(_Missing({k: ("" if v is None else v) for k, v in params.items()}))
    return text.removeprefix("：")  # no path known: start with the problem itself


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _locked_by(p: dict) -> str:
    who = p.get("editor") or "另一位用户"
    where = f"{p.get('host', '?')} 上的进程 {p['pid']}" if p.get("pid") else "另一个窗口"
    since = f"，自 {p['since']} 起" if p.get("since") else ""
    return f"{p.get('path', '')} 正由 {who}（{where}）编辑{since}；在其关闭之前，此处只能只读查看"


def save_summary(report) -> str:
    """What a save wrote (a ``SaveReport``), in the UI language."""
    if lang() != "zh":
        return report.summary()
    parts = [f"{what} {n} 个" for n, what in ((report.updated, "修改"), (report.added, "新增"),
                                             (report.deleted, "删除")) if n]
    if report.links:
        parts.append(f"条款关联变更 {report.links} 项")
    return "，".join(parts) or "没有需要保存的内容"


def recovery_summary(found) -> str:
    """A left-over recovery file (``Recovery``) in the UI language."""
    if lang() != "zh":
        return found.summary()
    return f"{found.editor or '未知编辑人'} 的 {len(found.changes)} 项未保存修改，最后一次在 {found.updated}"
