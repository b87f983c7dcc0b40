"""Refusal and failure messages in the UI language, worded from the core's codes.

Refused edits (``EditRefused``) are worded in ``refusal_words``; save and lock failures carry
a ``code`` and ``params`` (``WriteError``, ``SaveConflict``, ``ProjectLocked``,
``ProjectReadOnly``) that :func:`failure_text` fills into a Chinese sentence (the core's own
English sentence otherwise).
"""

from __future__ import annotations

from gisplanner.layers import field_label
from gisplanner.ui.editing.refusal_words import refusal_text
from gisplanner.ui.i18n import lang

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
    """A refused edit, a save or lock failure in the UI language (the English message when not Chinese)."""
    if (refused := refusal_text(exc)) is not None:
        return refused
    code, params = getattr(exc, "code", None), dict(getattr(exc, "params", None) or {})
    if lang() != "zh" or code is None:
        return str(exc)
    if code == "locked_by":
        return _locked_by(params)
    if code == "changed_elsewhere":
        items = "；".join(f"{c['uid']} {field_label(None, c['field'], 'zh')}：现为 {c['now']!r}，原为 {c['was']!r}，您的值 {c['yours']!r}"
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
