"""Words shared by the brief's HTML and PDF: state and kind labels, numbers, dates."""

from __future__ import annotations

import json
from typing import Any

from gisplanner.layers import status as status_def
from gisplanner.monitor.states import STATE_LABELS

KIND_LABELS = {"start": "开工 start", "complete": "建成 complete", "study": "研究 study"}


def state_label(state: str) -> str:
    zh, en = STATE_LABELS[state]
    return f"{zh} {en}"


def status_label(status: str | None) -> str:
    if not status:
        return "未记录 not recorded"
    try:
        return status_def(status).label_zh
    except KeyError:
        return status


def number(value: Any) -> str:
    return "" if value is None else f"{value:g}"


def target_text(ind: dict[str, Any]) -> str:
    if ind["kind"] == "milestone":
        return f"{ind['year']} 年前完成"
    if ind["kind"] == "statistic":
        return "—"
    year = f"（{ind['year']}）" if ind.get("year") else ""
    return f"{ind['comparator']} {number(ind['value'])} {ind.get('unit') or ''}{year}"


def latest_text(assessment, ind: dict[str, Any]) -> str:
    a = assessment.latest
    if a is None:
        return "—"
    if ind["kind"] == "milestone":
        return f"{'已完成' if a['value'] >= 1 else '未完成'}（{a['date']}）"
    return f"{number(a['value'])} {ind.get('unit') or ''}（{a['date']}）"


def change_value(text: str | None) -> str:
    """A journal cell for reading: an added or deleted actual value (JSON) as one line."""
    if not text or not text.startswith("{"):
        return text or ""
    try:
        record = json.loads(text)
    except ValueError:
        return text
    if "indicator_id" in record:
        return f"{record['indicator_id']} = {number(record.get('value'))}（{record.get('date')}；{record.get('source')}）"
    return text
