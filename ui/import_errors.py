"""Why a file cannot be imported, worded from the core's ``ImportFileError`` code in the window's
language. The English templates are the core's (what the CLI prints); the Chinese ones are
catalogued here. What a library said (``detail``: GDAL, pyproj, the JSON parser) is English
and stays out of a Chinese sentence, as the sync face does with a server's words.
"""

from __future__ import annotations

from gisplanner.io.import_errors import IMPORT_ERRORS
from gisplanner.ui.i18n import ZH, lang, tr
from gisplanner.ui.source_words import crs_text

ZH.update({
    IMPORT_ERRORS["no_file"]: "{file}：文件不存在",
    IMPORT_ERRORS["folder"]: "{file} 是文件夹；请选择其中的文件",
    IMPORT_ERRORS["not_regular"]: "{file} 不是普通文件（管道或设备）；请选择文件",
    IMPORT_ERRORS["empty_file"]: "{file}：文件为空",
    IMPORT_ERRORS["unknown_format"]: "{file}：不是可导入的格式（{formats}）",
    IMPORT_ERRORS["unreadable"]: "{file}：无法读取此文件",
    IMPORT_ERRORS["bad_kmz"]: "{file}：不是可读取的 KMZ（zip）文件",
    IMPORT_ERRORS["bad_csv"]: "{file}：不是可读取的 CSV 表格",
    IMPORT_ERRORS["not_utf8"]: "{file}：GeoJSON 须为 UTF-8 文本（第 {byte} 字节不是）",
    IMPORT_ERRORS["too_nested"]: "{file}：嵌套层次过深，不像规划人员制作的 GeoJSON 文件",
    IMPORT_ERRORS["bad_json"]: "{file}：第 {line} 行第 {column} 列不是有效的 JSON",
    IMPORT_ERRORS["cut_json"]: "{file}：第 {line} 行第 {column} 列不是有效的 JSON（文件似乎不完整）",
    IMPORT_ERRORS["not_geojson"]: "{file}：不是 GeoJSON 要素或要素集合",
    IMPORT_ERRORS["bad_feature"]: "{file}：第 {row} 个要素不是 GeoJSON 要素对象",
    IMPORT_ERRORS["no_coordinates"]: "{file}：第 {row} 个要素的几何没有坐标",
    IMPORT_ERRORS["no_layers"]: "{file}：文件中没有图层",
    IMPORT_ERRORS["no_layer"]: "{file}：没有图层“{layer}”（现有图层：{layers}）",
    IMPORT_ERRORS["shapefile_part"]: "{file}：缺少 {part} 文件；请把 Shapefile 的各个文件（{stem}.shp、.shx、.dbf、.prj）"
                                     "一起复制",
    IMPORT_ERRORS["no_features"]: "{file}：图层“{layer}”中没有要素，无可导入",
    IMPORT_ERRORS["no_entities"]: "{file}：图层“{layer}”中没有图元，无可导入",
    IMPORT_ERRORS["kmz_without_kml"]: "{file}：压缩包中没有 .kml 文档",
    IMPORT_ERRORS["kmz_outside"]: "{file}：其中的 KML 成员“{member}”指向压缩包之外；未导入",
    IMPORT_ERRORS["kmz_too_big"]: "{file}：其中的 KML 文档解压后为 {size_mb} MB（超过 {limit_mb} MB）；未导入",
    IMPORT_ERRORS["no_sheet"]: "{file}：没有工作表“{sheet}”（现有工作表：{sheets}）",
    IMPORT_ERRORS["no_rows"]: "{file}：表格只有表头，没有数据行",
    IMPORT_ERRORS["no_place_columns"]: "{file}：没有经度/纬度列（{lon_names}、{lat_names}、经度/纬度），也没有地址列"
                                       "（{address_names}）",
    IMPORT_ERRORS["crs_fits_none"]: "{file}：未注明坐标系，其坐标也不符合国内常用的任何坐标系（经纬度、CGCS2000 "
                                    "高斯-克吕格投影带、Web 墨卡托）；请指定坐标系（如西安 1980 为 EPSG:2360）",
    IMPORT_ERRORS["crs_ambiguous"]: "{file}：未注明坐标系；其坐标符合：{candidates}。请确认其一（如 EPSG:{example}）",
    IMPORT_ERRORS["bad_crs"]: "{file}：“{crs}”不是可识别的坐标系",
    IMPORT_ERRORS["no_target_layer"]: "{file}：没有可导入的目标图层“{layer}”",
    IMPORT_ERRORS["bad_offset"]: "{file}：未知的坐标偏移“{offset}”",
    IMPORT_ERRORS["offset_not_degrees"]: "{file}：{offset_label}坐标应为经纬度，但此文件按 {crs} 读取",
    IMPORT_ERRORS["not_convertible"]: "{file}：其坐标无法从 {crs} 转换为 WGS84",
    IMPORT_ERRORS["no_columns"]: "{file}：没有这些列：{columns}",
    IMPORT_ERRORS["too_many_columns"]: "{file}：{count} 列都将成为字段，超过一个图层的上限（{limit}）；请选择要保留的列",
    IMPORT_ERRORS["bad_layer_name"]: "{file}：图层名“{layer}”须以字母开头，只能包含小写字母、数字和下划线（最多 63 个）",
    IMPORT_ERRORS["reserved_layer_name"]: "{file}：图层名“{layer}”以 GeoPackage 或 gisplanner 保留的前缀开头",
    IMPORT_ERRORS["shipped_layer_name"]: "{file}：图层名“{layer}”是内置图层；请换一个名称",
    IMPORT_ERRORS["table_exists"]: "{file}：项目中已有名为“{layer}”的表",
    IMPORT_ERRORS["not_written"]: "{file}：未导入，项目无法写入",
    IMPORT_ERRORS["being_edited"]: "{file}：未导入，此窗口正在编辑该项目；请先保存或放弃编辑并停止编辑，再导入",
    IMPORT_ERRORS["rows_refused"]: "{file}：{total} 行中有 {rejected} 行有问题，未导入任何内容（请修正，或选择跳过这些行）",
    IMPORT_ERRORS["nothing_importable"]: "{file}：没有可以导入的行",
    IMPORT_ERRORS["other"]: "无法导入：{detail}",
})
# The coordinate offsets by name, as a Chinese sentence says them.
OFFSETS_ZH = {"gcj02": "GCJ-02（高德、腾讯）", "bd09": "BD-09（百度）"}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def import_error_text(exc: BaseException) -> str:
    """Why the file was not imported, in the window's language (the message as it is when it
    carries no known code)."""
    code, params = getattr(exc, "code", None), dict(getattr(exc, "params", None) or {})
    if code not in IMPORT_ERRORS:
        return str(exc)
    if lang() == "zh" and params.get("offset") in OFFSETS_ZH:
        params["offset_label"] = OFFSETS_ZH[params["offset"]]
    if code != "bad_crs" and "crs" in params:  # a code or a name; a nameless one in our words
        params["crs"] = crs_text(params["crs"])
    return tr(IMPORT_ERRORS[code]).format_map(_Blank(params))
