"""Why the HTML map was not exported, worded from the core's ``ExportError`` code in the
window's language. What the system said (``detail``) and the English filter summary stay out
of a Chinese sentence."""

from __future__ import annotations

from gisplanner.errors import Blank
from gisplanner.export.errors import EXPORT_ERRORS
from gisplanner.ui.i18n import ZH, tr

ZH.update({
    EXPORT_ERRORS["no_park"]: "没有编号为“{uid}”的园区（编号见园区图层）",
    EXPORT_ERRORS["park_without_geometry"]: "园区“{uid}”没有几何图形，无法作为导出范围",
    EXPORT_ERRORS["missing_columns"]: "{file} 中的图层“{layer}”缺少这些列：{columns}",
    EXPORT_ERRORS["no_match"]: "没有符合筛选条件的要素",
    EXPORT_ERRORS["unknown_lang"]: "未知的导出语言“{lang}”；可选语言：{langs}",
    EXPORT_ERRORS["unknown_layer"]: "未知的图层“{layer}”；项目中的图层：{layers}",
    EXPORT_ERRORS["unknown_status"]: "未知的状态“{status}”；可选状态：{statuses}",
    EXPORT_ERRORS["bad_bbox"]: "范围须为四个数（最小经度、最小纬度、最大经度、最大纬度），而不是 {bbox}",
    EXPORT_ERRORS["empty_bbox"]: "范围 {bbox} 为空，或超出 WGS84 经纬度",
    EXPORT_ERRORS["bad_decimals"]: "小数位数须在 0 到 {limit} 之间，而不是 {decimals}",
    EXPORT_ERRORS["bad_simplify"]: "简化容差须为 0 或更大的米数，而不是 {simplify}",
    EXPORT_ERRORS["folder"]: "{file} 是文件夹；请给出以 .html 结尾的文件名",
    EXPORT_ERRORS["folder_not_writable"]: "无法写入文件夹 {folder}",
    EXPORT_ERRORS["not_writable"]: "无法写入 {file}",
})


def export_error_text(exc: BaseException) -> str:
    """Why the map was not exported, in the window's language (as it is when it carries no known code)."""
    code = getattr(exc, "code", None)
    if code not in EXPORT_ERRORS:
        return str(exc)
    return tr(EXPORT_ERRORS[code]).format_map(Blank(getattr(exc, "params", {})))
