"""The import check's report (head line, file notes, each row's problems and repairs) in the
window's language, worded from the core's ``RowWords`` codes. Layer and field names are shown
by their titles; GEOS's reasons and geometry types as the refusals name them.
"""

from __future__ import annotations

import copy
from typing import Any

from gisplanner.errors import Blank
from gisplanner.io.row_words import ROW_WORDS, RowWords
from gisplanner.layers import FieldProblem
from gisplanner.store.refusals import labelled
from gisplanner.ui.editing.refusal_words import GEOMETRIES_ZH, REASONS_ZH, problem_text
from gisplanner.ui.i18n import ZH, lang, tr
from gisplanner.ui.source_words import crs_text

ZH.update({
    ROW_WORDS["row"]: "第 {n} 行",
    ROW_WORDS["feature"]: "第 {n} 个要素",
    ROW_WORDS["entity"]: "图元 {n}",
    ROW_WORDS["imported"]: "{file}：已将 {total} 行中的 {count} 行导入“{layer}”",
    ROW_WORDS["imported_skipped"]: "{file}：已将 {total} 行中的 {count} 行导入“{layer}”，跳过 {rejected} 行有问题的行",
    ROW_WORDS["nothing_imported"]: "{file}：未导入任何内容；{total} 行中有 {rejected} 行有问题（请修正，或选择跳过这些行）",
    ROW_WORDS["no_geometry"]: "没有几何图形",
    ROW_WORDS["outside_china"]: "位于中国境外（按 {crs} 读取后为 {where}）；坐标系是否正确？",
    ROW_WORDS["outside_nowhere"]: "按 {crs} 读取后坐标无效；坐标系是否正确？",
    ROW_WORDS["not_repairable"]: "几何图形无效（{reason}），无法在不改变其类型的情况下修复",
    ROW_WORDS["repaired_wrong"]: "几何图形无效（{reason}）；修复后的图形{shape}",
    ROW_WORDS["repaired"]: "已自动修复无效的几何图形（{reason}）",
    ROW_WORDS["repaired_dropped"]: "已自动修复无效的几何图形（{reason}）；舍去了 {dropped} 个退化的部分",
    ROW_WORDS["wrong_kind"]: "是{got}；图层“{layer}”只存{wanted}",
    ROW_WORDS["open_outline"]: "是未闭合的{got}；图层“{layer}”需要闭合的轮廓",
    ROW_WORDS["line_not_polygon"]: "是{got}；图层“{layer}”只存线（面请导入面图层）",
    ROW_WORDS["not_pair"]: "“{column}”列的值“{value}”不是“经度,纬度”坐标对",
    ROW_WORDS["empty_cell"]: "“{column}”列为空",
    ROW_WORDS["not_number"]: "“{column}”列的值“{value}”不是数字",
    ROW_WORDS["not_in_gazetteer"]: "“{column}”列的“{value}”不在地名库中；请手工定位",
    ROW_WORDS["field"]: "{field}（“{column}”列）：{problem}",
    ROW_WORDS["field_default"]: "{field}：{problem}",
    ROW_WORDS["shapefile_counts"]: "{file}：.shp 中有 {shapes} 个图形，而 .dbf 中有 {records} 行属性；只读取前 {read} 个，"
                                   "请检查这些文件是否属于同一数据",
    ROW_WORDS["crs_as_asked"]: "{file} 注明的坐标系为 {crs}；已按指定的 {chosen} 读取",
    ROW_WORDS["crs_degrees"]: "{file} 未注明坐标系；数值为经纬度，按 WGS84 读取",
})
WANTED_ZH = {"points": "点", "lines": "线", "areas": "面"}


def _params(params: dict[str, Any]) -> dict[str, Any]:
    here = lang()
    out = labelled(params, here, problem_text)
    for key, value in params.items():
        if isinstance(value, RowWords):
            out[key] = words_text(value)
        elif isinstance(value, FieldProblem):  # named by the layer the row goes into
            within = copy.copy(value)
            within.params = {**value.params, "layer": params.get("layer")}
            out[key] = problem_text(within)
    if "crs" in params:  # a code or a name (``crs_label``), a nameless one in the window's words
        out["crs"] = crs_text(params["crs"])
    if here == "zh":
        for key in ("got", "wanted"):
            if key in out:
                out[key] = GEOMETRIES_ZH.get(str(out[key]), WANTED_ZH.get(str(out[key]), out[key]))
        if "reason" in out:
            out["reason"] = REASONS_ZH.get(str(out["reason"]).split("[")[0], "图形有误")
    return out


def words_text(text: str) -> str:
    """One sentence of the import check in the window's language; other text as it is."""
    if not isinstance(text, RowWords) or text.code not in ROW_WORDS:
        return str(text)
    return tr(ROW_WORDS[text.code]).format_map(Blank(_params(text.params)))


def problem_line(problem) -> str:
    """A ``RowProblem``: the row, then each of its problems, in the window's language."""
    sep = "；" if lang() == "zh" else "; "
    parts = problem.parts or (problem.message,)
    return f"{words_text(problem.row)}{'：' if lang() == 'zh' else ': '}{sep.join(map(words_text, parts))}"


def report_lines(report) -> list[str]:
    """An ``ImportReport`` after writing: what was imported, the notes, each skipped or repaired row."""
    return [words_text(report.message), *map(words_text, report.notes),
            *(f"✗ {problem_line(p)}" for p in report.rejected), *(f"⚠ {problem_line(p)}" for p in report.repaired)]
