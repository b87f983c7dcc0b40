"""Why the brief was not written, worded from the core's ``BriefError`` code in the window's
language; an export's own refusal inside it is worded by the export's catalogue."""

from __future__ import annotations

from gisplanner.errors import Blank
from gisplanner.report.errors import BRIEF_ERRORS
from gisplanner.ui.export_errors import export_error_text
from gisplanner.ui.i18n import ZH, tr

ZH.update({
    BRIEF_ERRORS["no_scope"]: "请选择一个园区或一个规划",
    BRIEF_ERRORS["no_plan"]: "没有规划“{plan}”；现有规划：{plans}",
    BRIEF_ERRORS["bad_suffix"]: "{file}：简报须保存为 .html 或 .pdf，而不是 {suffix}",
    BRIEF_ERRORS["no_suffix"]: "{file}：简报须保存为 .html 或 .pdf，文件名缺少扩展名",
    BRIEF_ERRORS["folder"]: "{file} 是文件夹；请给出以 .html 或 .pdf 结尾的文件名",
    BRIEF_ERRORS["no_font"]: "找不到可用于 PDF 简报的中文字体；请安装 fonts-noto-cjk",
    BRIEF_ERRORS["bad_date"]: "{label}：不是可识别的日期",
    BRIEF_ERRORS["export"]: "{export}",
})


def brief_error_text(exc: BaseException) -> str:
    """Why the brief was not written, in the window's language (as it is when it carries no known code)."""
    code, params = getattr(exc, "code", None), dict(getattr(exc, "params", None) or {})
    if code not in BRIEF_ERRORS:
        return str(exc)
    if "export" in params:
        params["export"] = export_error_text(params["export"])
    return tr(BRIEF_ERRORS[code]).format_map(Blank(params))
