"""What the core wrote into the data (a status source, an imported feature's location note,
an import's coordinate conversion) in the window's language, worded from its stored codes.

A note without codes, or one edited since it was coded, is data: shown as stored.
"""

from __future__ import annotations

from gisplanner.errors import Blank
from gisplanner.layers import layer_definitions
from gisplanner.shipped_notes import NoteKind, note_in
from gisplanner.source_words import CUSTOM_CRS, SOURCE_WORDS, CodedNote, SourceWords, loads
from gisplanner.ui.i18n import ZH, lang, tr

ZH.update({
    SOURCE_WORDS["added"]: "{editor} 在 gisplanner 中添加",
    SOURCE_WORDS["imported"]: "从 {file} 导入",
    SOURCE_WORDS["imported_row"]: "从 {file} 第 {n} 行导入",
    SOURCE_WORDS["imported_feature"]: "从 {file} 第 {n} 个要素导入",
    SOURCE_WORDS["imported_entity"]: "从 {file} 图元 {n} 导入",
    SOURCE_WORDS["crs_step"]: "{crs} → WGS84",
    SOURCE_WORDS["file_crs_step"]: "文件坐标系 → WGS84",
    SOURCE_WORDS["offset_step"]: "{offset} → WGS84",
    SOURCE_WORDS["geocoded"]: "按地名库定位于{place}（{precision}）",
    SOURCE_WORDS["drawn"]: "在 gisplanner 地图上绘制",
    SOURCE_WORDS["gazetteer"]: "地名库：{place}（{id}）",
    CUSTOM_CRS: "自定义坐标系",
})


def _precision(value: str) -> str:
    definitions = layer_definitions()
    return definitions[0].value_label("location_precision", value, lang()) if definitions else value


def part_text(part: SourceWords) -> str:
    """One coded part in the window's language (a place's precision by its label)."""
    params = dict(part.params)
    if "precision" in params:
        params["precision"] = _precision(str(params["precision"]))
    return tr(SOURCE_WORDS[part.code]).format_map(Blank(params))


def parts_text(parts) -> str:
    return ("；" if lang() == "zh" else "; ").join(part_text(p) if isinstance(p, SourceWords) else str(p)
                                                  for p in parts)


def note_text(text: str | None, coded: str | None = None, kind: NoteKind = "location_source") -> str:
    """A stored source or location note as this window shows it: worded from its twin column
    while the codes still render to the text, else a shipped note in its rendering for this
    language, else the text as stored (a planner's own words)."""
    parts = loads(text, coded)
    if parts is None:
        return note_in(lang(), text, kind)
    return parts_text(parts)


def conversion_text(conversion: str) -> str:
    """An import's coordinate conversion ("EPSG:4524 → WGS84; GCJ-02 → WGS84") as worded here."""
    return parts_text(conversion.parts) if isinstance(conversion, CodedNote) else str(conversion)


def crs_text(label: str | None) -> str:
    """A coordinate system by its code or name (``gisplanner.io.geometry.crs_label``)."""
    return tr(CUSTOM_CRS) if not label or label == CUSTOM_CRS else label
