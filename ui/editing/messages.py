"""Refusal messages in the UI language: the core explains in English; a Chinese UI shows
the same explanation in Chinese (field labels from the layer definitions)."""

from __future__ import annotations

import re
from functools import cache

from gisplanner.layers import layer_definitions
from gisplanner.ui.i18n import lang


@cache
def _labels() -> dict[str, str]:
    out: dict[str, str] = {}
    for d in layer_definitions():
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
