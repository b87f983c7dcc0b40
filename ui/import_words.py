"""The import dialog's words in Chinese (added to the UI's one catalogue) and its file filter."""

from __future__ import annotations

from gisplanner.ui.i18n import ZH

FILE_FILTER = "Importable files (*.gpkg *.shp *.geojson *.json *.kml *.kmz *.csv *.txt *.xlsx *.dxf);;All files (*)"
NO_COLUMN = "—"
ZH.update({
    "Import data": "导入数据", "Import data…": "导入数据…", "Export layer": "导出图层", "Export layer…": "导出图层…",
    "Importable files (*.gpkg *.shp *.geojson *.json *.kml *.kmz *.csv *.txt *.xlsx *.dxf);;All files (*)":
        "可导入的文件 (*.gpkg *.shp *.geojson *.json *.kml *.kmz *.csv *.txt *.xlsx *.dxf);;所有文件 (*)",
    "Choose a file…": "选择文件…",
    "The file's coordinate system; guessed from the coordinate ranges when the file names none: confirm it":
        "文件的坐标系；未声明时按坐标范围推测，请确认",
    "None (WGS84 / CGCS2000)": "无（WGS84 / CGCS2000）", "GCJ-02 (AMap, Tencent)": "GCJ-02（高德、腾讯）",
    "BD-09 (Baidu)": "BD-09（百度）", "+ New layer from this file": "＋ 由此文件新建图层",
    "File column": "文件列", "Sample": "示例",
    "Skip the rows with problems, import the rest": "跳过有问题的行，其余导入",
    "Keep unmapped columns in notes (column: value)": "未对应的列写入备注（列名：值）",
    "Detected": "识别", "Layer / sheet": "文件中的图层", "Place rows by": "定位方式", "Offset": "偏移",
    "Into layer": "导入到", "Default status": "默认状态", "Default kind": "默认类型", "Import": "导入",
    "Cancel import": "取消导入", "Check report": "检查结果",
    "Automatic (lon/lat columns, else an address column)": "自动（经纬度列，否则地址列）",
    "Gazetteer lookup of: {column}": "按地址查地名录：{column}", "The file's geometries": "文件中的几何",
    "; geocoded column: {column}": "；地址列：{column}", "; lon/lat columns: {columns}": "；经纬度列：{columns}",
    "{format}{encoding}; {rows} rows; coordinate system: {crs}{placed}": "{format}{encoding}；{rows} 行；坐标系：{crs}{placed}",
    "not named": "未声明", "CSV table": "CSV 表格", "Excel workbook": "Excel 工作簿", "DXF drawing": "DXF 图纸",
    "; names suggest {system} coordinates (offset preselected)": "；名称显示为 {system} 坐标（已预选偏移）",
    "{crs} (from the file)": "{crs}（文件声明）",
    "✓ {count} / {total} rows can be imported (coordinate system {crs}{conversion})":
        "✓ {count} / {total} 行可导入（坐标系 {crs}{conversion}）",
    "Canceled: the project is unchanged.": "已取消，项目未改变。", "The project is unchanged.": "项目未改变。",
    "{n} features": "{n} 个要素", "New layer": "新图层", "Table name: lower-case letters, digits, underscores": "表名：小写字母、数字、下划线",
    "Table name": "表名", "Chinese title": "中文标题", "English title": "英文标题",
    "Columns kept as fields": "作为字段的列",
})
