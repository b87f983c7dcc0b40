"""The words of team projects in the UI language: menu entries, the status-bar note, conflict
kinds and the core's ``SyncError`` codes (the core words nothing; this face words them once).
"""

from __future__ import annotations

import datetime as dt
import re

from gisplanner.ui.i18n import ZH, lang, tr

ZH.update({
    "&Project": "项目(&J)", "&Publish to server…": "发布到服务器(&P)…",
    "Open from &server…": "从服务器打开(&S)…", "S&ync": "同步(&Y)", "&Conflicts…": "冲突(&C)…",
    "Publish to server": "发布到服务器", "Open from server": "从服务器打开", "Sync": "同步",
    "Server": "服务器", "Schema": "模式", "File": "文件", "Browse…": "浏览…",
    "Publishing the project…": "正在发布项目…", "Checking out the project…": "正在从服务器取出项目…",
    "Syncing with the server…": "正在与服务器同步…", "Canceling…": "正在取消…",
    "Password": "密码", "Password for {server}:": "{server} 的密码：",
    "Open a project first.": "请先打开项目。",
    "This project is not a server copy: publish it or open one from a server first.":
        "此项目不是服务器副本：请先发布，或从服务器打开。",
    "Published to {server}, schema {schema}: {features} features.":
        "已发布到 {server}，模式 {schema}：{features} 个要素。",
    "Synced: {pushed} sent, {pulled} received, {conflicts} conflicts.":
        "同步完成：发送 {pushed} 项，接收 {pulled} 项，冲突 {conflicts} 项。",
    "Sync canceled.": "同步已取消。", "Canceled.": "已取消。",
    "Save or discard your edits before syncing.": "同步前请先保存或放弃编辑。",
    "Choose a server, a schema and a file.": "请填写服务器、模式和文件。",
    "Choose a server and a schema.": "请填写服务器和模式。",
    "{n} local changes not synced": "{n} 处本地修改未同步", "1 local change not synced": "1 处本地修改未同步",
    "all changes synced": "修改均已同步", "last sync {when}": "上次同步 {when}", "never synced": "尚未同步",
    "{n} conflicts": "{n} 处冲突", "1 conflict": "1 处冲突",
    "Sync conflicts": "同步冲突", "Feature": "要素", "Kind": "类型", "Base": "共同原值",
    "Mine": "我的", "Theirs": "服务器", "Keep mine": "保留我的", "Take theirs": "采用服务器的",
    "Use this value": "使用此值", "Keep mine for all": "全部保留我的", "Take theirs for all": "全部采用服务器的",
    "Close": "关闭", "Value for the chosen conflict": "所选冲突的值",
    "No conflicts left.": "已无冲突。", "{n} conflicts left.": "还有 {n} 处冲突。",
    "(empty)": "（空）", "(deleted)": "（已删除）", "(none)": "（无）", "geometry": "几何", "Geometry": "几何",
    "Could not resolve": "未能解决", "Sync failed": "同步失败", "Publish failed": "发布失败",
    "Open from server failed": "从服务器打开失败",
    "Same field changed on both sides": "双方修改了同一字段",
    "Deleted here, changed on the server": "此处已删除，服务器上已修改",
    "Changed here, deleted on the server": "此处已修改，服务器上已删除",
    "Two new features with the same uid": "双方新增了相同 uid 的要素",
})

KINDS = {  # the core's conflict kinds, worded
    "field": "Same field changed on both sides",
    "deleted_changed": "Deleted here, changed on the server",
    "changed_deleted": "Changed here, deleted on the server",
    "both_added": "Two new features with the same uid",
}
GEOMETRY_FIELDS = ("geom", "geometry")


def field_label(layer: str | None, field: str) -> str:
    """The field as the layer definition names it in the UI language (its name if unknown)."""
    from gisplanner.layers import field_label as label

    if field in GEOMETRY_FIELDS:
        return tr("Geometry")
    return label(layer, field, lang())


# SyncError codes → sentence templates (English source texts; params fill the braces). The server's
# own words (``detail``, in English) stay out of a Chinese sentence: see ``error_detail``. A list
# holds alternatives: the first whose parameters the error carries is used.
ERRORS: dict[str, str | list[str]] = {
    "unreachable": "Cannot reach the server {server}: {detail}",
    "auth_failed": "The server {server} refused the login: {detail}",
    "permission_denied": [
        "The server refused the write: role {user} may read {schema} but not change it (ask for the {schema}_editor role). Nothing was written.",
        "The server {server} refused the write: your role may read this project but not change it (ask for its editor role). Nothing was written.",
    ],
    "schema_exists": "The server already holds a schema {schema}; choose another name. Nothing was changed.",
    "no_postgis": "The database {server} has no PostGIS: an administrator runs CREATE EXTENSION postgis once.",
    "no_schema": "The server has no gisplanner project in schema {schema}.",
    "not_a_copy": "{path} is not a copy of a server project: publish it or open one from a server first.",
    "out_exists": "{path} already exists; choose a new file for the copy.",
    "server_lost": "The connection to {server} was lost during the sync ({detail}). The copy is unchanged or fully updated; sync again when the server is back.",
    "bad_name": "{name} is not a valid schema name: lower-case letters, digits and _, starting with a letter.",
    "no_conflict": "Conflict {conflict_id} is not open any more.",
    "bad_choice": "Choose mine, theirs or a value for conflict {conflict_id}.",
    "bad_value": "{value} is not a valid value for {field} ({type}).",
    "busy": "{path} is being edited ({detail}); save or close that session, then sync.",
    "server_error": "The server {server} reported an error: {detail}",
}
ZH.update({  # the sentences above in Chinese (the server's own words left out)
    "Cannot reach the server {server}: {detail}":
        "无法连接服务器 {server}。",
    "The server {server} refused the login: {detail}":
        "服务器 {server} 拒绝登录。",
    "The server refused the write: role {user} may read {schema} but not change it (ask for the {schema}_editor role). Nothing was written.":
        "服务器拒绝写入：角色 {user} 只能读取 {schema}、不能修改（请申请 {schema}_editor 角色）。未写入任何内容。",
    "The server {server} refused the write: your role may read this project but not change it (ask for its editor role). Nothing was written.":
        "服务器 {server} 拒绝写入：您的角色只能读取此项目、不能修改（请申请其编辑角色）。未写入任何内容。",
    "The server already holds a schema {schema}; choose another name. Nothing was changed.":
        "服务器上已有模式 {schema}；请换一个名称。未做任何改动。",
    "The database {server} has no PostGIS: an administrator runs CREATE EXTENSION postgis once.":
        "数据库 {server} 未安装 PostGIS：请管理员执行一次 CREATE EXTENSION postgis。",
    "The server has no gisplanner project in schema {schema}.":
        "服务器的模式 {schema} 中没有 gisplanner 项目。",
    "{path} is not a copy of a server project: publish it or open one from a server first.":
        "{path} 不是服务器项目的副本：请先发布，或从服务器打开。",
    "{path} already exists; choose a new file for the copy.":
        "{path} 已存在；请为副本选择新文件。",
    "The connection to {server} was lost during the sync ({detail}). The copy is unchanged or fully updated; sync again when the server is back.":
        "同步时与 {server} 的连接中断。副本保持原样或已完整更新；服务器恢复后请再次同步。",
    "{name} is not a valid schema name: lower-case letters, digits and _, starting with a letter.":
        "{name} 不是有效的模式名称：须由小写字母、数字和下划线组成，以字母开头。",
    "Conflict {conflict_id} is not open any more.":
        "冲突 {conflict_id} 已不存在。",
    "Choose mine, theirs or a value for conflict {conflict_id}.":
        "请为冲突 {conflict_id} 选择：我的、服务器的或一个值。",
    "{value} is not a valid value for {field} ({type}).":
        "{value} 不是字段 {field} 的有效值（{type}）。",
    "{path} is being edited ({detail}); save or close that session, then sync.":
        "{path} 正在编辑中；请先保存或关闭该编辑，再同步。",
    "The server {server} reported an error: {detail}":
        "服务器 {server} 报告了错误。",
})
AUTH_CODES = {"auth_failed"}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def _template(code: str, params: dict) -> str | None:
    choices = ERRORS.get(code)
    if choices is None or isinstance(choices, str):
        return choices
    names = set(params)
    return next((c for c in choices if set(re.findall(r"{(\w+)}", c)) <= names), choices[-1])


# Declared column types a typed value may fail to fit, in words ("INTEGER" is SQL, not the planner's).
TYPES = (("INT", "a whole number"), ("REAL", "a number"), ("FLOA", "a number"), ("DOUB", "a number"),
         ("NUM", "a number"))
ZH.update({"a whole number": "整数", "a number": "数字"})


def _worded(code: str | None, params: dict) -> dict:
    """Parameters as the planner reads them: a field by its label, a column type in words."""
    if code == "bad_value":
        if params.get("field"):
            params["field"] = field_label(params.get("layer"), str(params["field"]))
        declared = str(params.get("type") or "").upper()
        params["type"] = next((tr(words) for key, words in TYPES if key in declared), tr("a number"))
    return params


def error_text(exc: BaseException) -> str:
    """The core's error in the UI language: a known code as a sentence, otherwise its message
    (in Chinese with the code named, so a Chinese label never carries an English sentence)."""
    code = getattr(exc, "code", None)
    params = _worded(code, dict(getattr(exc, "params", None) or {}))
    template = _template(code or "", params)
    if template is not None:
        return tr(template).format_map(_Blank({k: "" if v is None else v for k, v in params.items()}))
    if lang() == "zh":
        return f"同步出错（{code or type(exc).__name__}）。"
    return str(exc) or (code or type(exc).__name__)


def error_detail(exc: BaseException) -> str:
    """What the server or the core said, as it said it, for a Chinese dialog's details."""
    params = dict(getattr(exc, "params", None) or {})
    if lang() != "zh":
        return ""
    if getattr(exc, "code", None) not in ERRORS:
        return str(exc)
    return str(params.get("detail") or "")


def kind_text(kind: str) -> str:
    return tr(KINDS.get(kind, kind))


def when_text(value, now: dt.datetime | None = None) -> str:
    """A sync time as the clock on this machine shows it: "10:32" today, else the date too."""
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float)):
        stamp = dt.datetime.fromtimestamp(value).astimezone()
    else:
        stamp = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
        stamp = stamp.astimezone() if stamp.tzinfo is not None else stamp
    now = now or dt.datetime.now(stamp.tzinfo)
    return stamp.strftime("%H:%M") if stamp.date() == now.date() else stamp.strftime("%Y-%m-%d %H:%M")


def note_text(local_changes: int, last_sync, conflicts: int = 0) -> str:
    """The status-bar note: "3 local changes not synced · last sync 10:32" (one language)."""
    if local_changes == 1:
        changes = tr("1 local change not synced")
    elif local_changes:
        changes = tr("{n} local changes not synced").format(n=local_changes)
    else:
        changes = tr("all changes synced")
    when = when_text(last_sync)
    parts = [changes, tr("last sync {when}").format(when=when) if when else tr("never synced")]
    if conflicts:
        parts.append(tr("1 conflict") if conflicts == 1 else tr("{n} conflicts").format(n=conflicts))
    return " · ".join(parts)
