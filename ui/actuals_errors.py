"""Why a table of actual values was not imported, in the window's language: the table's own
problems (``TableProblem``) and each bad row's refusal (``EditRefused``) worded from their codes."""

from __future__ import annotations

from gisplanner.monitor.import_actuals import TABLE_PROBLEMS
from gisplanner.ui.editing.refusal_words import refusal_text
from gisplanner.ui.i18n import ZH, lang, tr

NOTHING = "{path}: nothing imported; {problems}"
ROW = "row {row}: {problem}"
MORE = " (and {n} more)"
SHOWN = 20  # rows named in the message; the rest are counted

ZH.update({
    NOTHING: "{path}：未导入任何内容；{problems}", ROW: "第 {row} 行：{problem}", MORE: "（另有 {n} 处）",
    TABLE_PROBLEMS["not_text"]: "不是 UTF-8 或 GB18030 文本",
    TABLE_PROBLEMS["bad_xlsx"]: "不是可读取的 XLSX 工作簿",
    TABLE_PROBLEMS["no_file"]: "文件不存在",
    TABLE_PROBLEMS["bad_suffix"]: "{suffix}：请选择 .csv 或 .xlsx 文件",
    TABLE_PROBLEMS["empty"]: "文件为空",
    TABLE_PROBLEMS["missing_columns"]: "缺少列：{missing}；现有列：{found}",
    TABLE_PROBLEMS["no_rows"]: "没有数据行",
})
# the columns a table needs, as a Chinese sentence names them
COLUMNS_ZH = {"indicator": "指标", "value": "数值", "source": "来源", "year or date": "年份或日期"}


def _problem(problem) -> str:
    code, params = getattr(problem, "code", None), dict(getattr(problem, "params", None) or {})
    if code in TABLE_PROBLEMS:
        if lang() == "zh" and "missing" in params:
            params["missing"] = "、".join(COLUMNS_ZH.get(c, c) for c in params["missing"].split(", "))
        if lang() == "zh" and params.get("suffix") == "no extension":
            params["suffix"] = "无扩展名"
        return tr(TABLE_PROBLEMS[code]).format_map(params)
    return refusal_text(problem) or str(problem)


def actuals_error_text(exc) -> str:
    """An ``ImportActualsError`` in the window's language, naming each bad row."""
    parts = [tr(ROW).format(row=row, problem=_problem(p)) if row else _problem(p) for row, p in exc.problems[:SHOWN]]
    text = tr(NOTHING).format(path=exc.path, problems=("；" if lang() == "zh" else "; ").join(parts))
    more = len(exc.problems) - SHOWN
    return text + (tr(MORE).format(n=more) if more > 0 else "")
