"""Chinese and English UI text: a small translation table and live re-translation.

Widgets register their text with ``bind(setter, english)``; switching language re-applies
every binding, so menus, docks and labels change without restarting. Data (names, clause
text) is shown as stored; only the UI chrome is translated here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from psygnal import Signal

ZH: dict[str, str] = {
    "&File": "文件(&F)", "&Edit": "编辑(&E)", "&View": "视图(&V)", "&Layer": "图层(&L)",
    "&Plans": "规划(&P)", "&Help": "帮助(&H)",
    "&Open project…": "打开项目(&O)…", "Open &recent": "最近的项目(&R)",
    "&Build the shipped project": "生成内置项目(&B)", "&Quit": "退出(&Q)",
    "&Reload layers": "重新读取图层(&R)", "Layers not re-read": "图层未能重新读取", "Clear &selection": "清除选择(&S)",
    "Copy cursor &coordinates": "复制光标坐标(&C)",
    "Zoom &in": "放大(&I)", "Zoom &out": "缩小(&O)", "Zoom to &full extent": "缩放至全图(&F)",
    "Zoom to &selection": "缩放至所选(&S)", "Zoom to &park": "缩放至园区(&P)",
    "Zoom to &layer": "缩放至图层(&L)", "&Language": "语言(&L)", "Panels": "面板",
    "Show &basemap": "显示底图(&B)", "Show la&bels": "显示注记(&B)",
    "Export HTML map…": "导出 HTML 地图…", "Park: {name}": "园区：{name}", "Plan {id}: {title}": "规划 {id}：{title}",
    "Browse…": "浏览…", "&Search clauses": "搜索条款(&S)", "Show &not-mapped clauses only": "只显示未落图条款(&N)",
    "&About gisplanner": "关于 gisplanner(&A)", "&Keyboard shortcuts": "快捷键(&K)",
    "Layers": "图层", "Identify": "识别", "Plan clauses": "规划条款", "Filter": "筛选",
    "Document": "规划原文", "Plan as of year": "规划截至年份", "all": "全部",
    "Opacity": "不透明度", "Move up": "上移", "Move down": "下移",
    "Search the plans (in Chinese words)…": "搜索规划条款（如 高铁）…", "not mapped": "未落图",
    "Clause": "条款", "Features": "要素", "results": "条结果",
    "Click a feature on the map to see its attributes and the plan clauses that call for it.":
        "在地图上点击要素，查看其属性及要求建设它的规划条款。",
    "Attributes": "属性", "Status history": "状态历史", "Linked plan clauses": "关联规划条款",
    "No plan clause is linked to this feature.": "此要素尚未关联规划条款。",
    "show in document": "在原文中显示", "Status": "状态", "Date": "日期", "Source": "来源",
    "Field": "字段", "Value": "值", "Relation": "关系", "Layer": "图层",
    "Project problem": "项目无法打开", "Open another…": "打开其他项目…",
    "Build the shipped project": "生成内置项目", "Cancel": "取消",
    "The project could not be opened:": "无法打开项目：",
    "Building the project…": "正在生成项目…", "Ready": "就绪", "Open project": "打开项目",
    "GeoPackage (*.gpkg);;All files (*)": "GeoPackage (*.gpkg);;所有文件 (*)",
    "No project open": "未打开项目", "Rendering…": "正在绘制…",
    "features": "个要素", "{n} selected": "已选 {n}", "Scale": "比例尺",
    "Map": "地图", "Toolbar": "工具栏", "Parks": "园区",
    "Shortcuts": "快捷键", "Pan the map": "平移地图", "Zoom": "缩放",
    "gisplanner — plans and features of biomedicine industrial parks.": "gisplanner —— 生物医药产业园区的规划与要素。", "zoom to": "缩放至此",
    "&Tile basemap": "瓦片底图(&T)", "None (vector basemap only)": "无（仅矢量底图）",
    "OpenStreetMap (online, cached)": "OpenStreetMap（在线，本地缓存）", "MBTiles file…": "MBTiles 文件…", "MBTiles (*.mbtiles);;All files (*)": "MBTiles (*.mbtiles);;所有文件 (*)",
    "Tile basemap": "瓦片底图",
    "Mark &overdue features": "标记逾期要素(&O)",
    "Red ring or dashed red outline on the map: overdue on this date": "地图上的红圈或红色虚线轮廓：该日期已逾期",
    # map tools: measure, scale box, go to coordinate, bookmarks, identify stack
    "Measure &line": "测量距离(&L)", "Measure &area": "测量面积(&A)", "Measure line": "测量距离",
    "Measure area": "测量面积", "Total": "合计", "Units": "单位", "Legs: {n}": "段数：{n}", "Perimeter: {length}": "周长：{length}",
    "New measurement": "重新测量", "Automatic": "自动", "Metres": "米", "Kilometres": "千米",
    "Square metres": "平方米", "Square kilometres": "平方千米", "Hectares": "公顷", "Mu": "亩",
    "m": "米", "km": "千米", "m²": "平方米", "km²": "平方千米", "ha": "公顷", "mu": "亩",
    "Click to add points; right-click or double-click ends; Backspace undoes a point; Esc closes.":
        "单击添加测量点；右键或双击结束；退格键撤销上一点；Esc 关闭。",
    "Map scale: type 1:5000 or 5000 and press Enter": "地图比例尺：输入 1:5000 或 5000 后按回车",
    "Not a scale: type e.g. 1:5000 or 5000": "不是比例尺：请输入如 1:5000 或 5000",
    "Scale out of range: give 1:{low} to 1:{high}": "比例尺超出范围：请输入 1:{low} 至 1:{high}",
    "&Go to coordinate…": "定位到坐标(&G)…", "Go to coordinate": "定位到坐标",
    "Remove the coordinate &marker": "清除坐标标记(&M)",
    "Coordinate system": "坐标系", "Coordinate": "坐标", "3° zone": "3° 带号", "WGS84": "WGS84",
    "from the easting's prefix": "取自横坐标带号前缀",
    "WGS84 degrees (decimal or D°M′S″)": "WGS84 经纬度（十进制度或度分秒）",
    "CGCS2000 3° Gauss-Kruger (metres)": "CGCS2000 3° 高斯-克吕格投影（米）",
    "GCJ-02 degrees (AMap, Tencent)": "GCJ-02 经纬度（高德、腾讯）", "BD-09 degrees (Baidu)": "BD-09 经纬度（百度）",
    "Type a coordinate.": "请输入坐标。",
    "Give two numbers: longitude and latitude (or easting and northing).": "请输入两个数：经度和纬度（或横坐标和纵坐标）。",
    "Not a number or D°M′S″ angle: {text}": "不是数字或度分秒：{text}",
    "Outside the globe: longitude {lon}, latitude {lat}": "超出地球范围：经度 {lon}，纬度 {lat}",
    "This easting has no zone prefix: choose the 3° zone.": "横坐标不带带号前缀：请选择 3° 带号。",
    "3° zone {zone} is outside China's zones 25–45.": "3° 带号 {zone} 不在我国范围（25–45）内。",
    "The easting's prefix says zone {prefix}, not zone {zone}.": "横坐标前缀表示第 {prefix} 带，而不是第 {zone} 带。",
    "Easting and northing lie outside zone {zone}.": "横纵坐标不在第 {zone} 带范围内。",
    "Not a coordinate: {text}": "不是坐标：{text}",
    "&Bookmarks": "书签(&B)", "Bookmarks": "书签", "&New bookmark…": "新建书签(&N)…",
    "&Show bookmarks": "显示书签面板(&S)", "Add…": "添加…", "Go to": "转到", "Rename…": "重命名…",
    "Delete": "删除", "New bookmark": "新建书签", "Name of the current map view:": "当前地图范围的名称：",
    "Rename bookmark": "重命名书签", "New name:": "新名称：", "Delete the bookmark “{name}”?": "删除书签“{name}”？",
    "A bookmark needs a name.": "书签须有名称。", "A bookmark name has at most {limit} characters.": "书签名称最多 {limit} 个字。",
    "A bookmark named “{name}” exists already.": "已有名为“{name}”的书签。",
    "No bookmark is named “{name}”.": "没有名为“{name}”的书签。",
    "The map extent cannot be kept: {bounds}": "无法保存此地图范围：{bounds}",
    "The project is open read-only; bookmarks cannot be changed: {path}": "项目以只读方式打开，无法修改书签：{path}",
    "The bookmark was not saved: {path} ({detail})": "书签未能保存：{path}（{detail}）",
    "{n} features here — pick one:": "此处有 {n} 个要素，请选择：",
    # the print layout
    "&Print layout…": "打印布局(&P)…", "Print layout": "打印布局", "Paper": "纸张", "Orientation": "方向",
    "Landscape": "横向", "Portrait": "纵向", "Resolution": "分辨率",
    "Pixels per inch of the PNG, and of the map inside the PDF": "PNG 每英寸像素数，也是 PDF 中地图的分辨率", "Title": "标题",
    "Subtitle": "副标题", "Extent": "范围", "Current map view": "当前地图视图", "Full extent": "全图",
    "Bookmark: {name}": "书签：{name}", "Legend": "图例", "Scale bar": "比例尺条", "North arrow": "指北针",
    "Labels": "注记", "N": "北", "Export…": "导出…", "Close": "关闭", "Export the map page": "导出地图页面",
    "Map page written: {path}": "地图页面已写入：{path}", "Open a project first.": "请先打开项目。",
    "Biomedicine industrial park plan": "生物医药产业园区规划图",
    "The page would be {width}×{height} pixels: choose a lower DPI or a smaller paper.":
        "页面将为 {width}×{height} 像素：请降低分辨率或选择较小的纸张。",
    "{name}: save the page as .png or .pdf": "{name}：请保存为 .png 或 .pdf", "Not written: {path}": "未能写入：{path}",
}

LANGS = {"zh": "中文", "en": "English"}
_lang = "en"
_bindings: list[tuple[Callable, str | Callable | None]] = []


class _Events:
    language_changed = Signal(str)


events = _Events()


def lang() -> str:
    return _lang


def tr(text: str) -> str:
    return ZH.get(text, text) if _lang == "zh" else text


def _apply(setter: Callable, source: str | Callable | None) -> None:
    if source is None:
        setter()
    elif callable(source):
        setter(source())
    else:
        setter(tr(source))


def bind(setter: Callable, source: str | Callable | None) -> None:
    """Call ``setter`` with the translated ``source`` now and whenever the language changes."""
    _apply(setter, source)
    _bindings.append((setter, source))


def on_language_changed(widget, callback: Callable[[], None]) -> None:
    """Call ``callback`` after a language switch for as long as ``widget`` exists."""
    import shiboken6

    def relay(_code: str) -> None:
        if not shiboken6.isValid(widget):
            events.language_changed.disconnect(relay)
            return
        try:
            callback()
        except Exception:  # noqa: BLE001 - a panel left over a closed project must not stop the switch
            logging.getLogger(__name__).warning("re-wording %r failed", widget, exc_info=True)

    events.language_changed.connect(relay)


def set_lang(value: str) -> None:
    global _lang
    if value not in LANGS:
        raise ValueError(f"unknown UI language {value!r}; choose one of {', '.join(LANGS)}")
    if value == _lang:
        return
    _lang = value
    alive = []
    for setter, source in _bindings:
        try:
            _apply(setter, source)
        except RuntimeError:  # the widget is gone
            continue
        alive.append((setter, source))
    _bindings[:] = alive
    from PySide6.QtCore import QCoreApplication

    if (app := QCoreApplication.instance()) is not None:
        install_qt_translations(app, value)
    events.language_changed.emit(value)


_qt_translators: list = []


def install_qt_translations(app, code: str, folder: str | None = None) -> bool:
    """Qt's own texts (standard buttons, file dialogs, context menus) in the UI language, from
    the qtbase_zh_CN.qm catalogue the PySide6 wheel ships (or ``folder``); English needs none.
    False when the catalogue is missing: Qt's words then stay English, nothing else changes."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    for old in _qt_translators:
        app.removeTranslator(old)
    _qt_translators.clear()
    if code != "zh":
        return True
    folder = folder or QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load("qtbase_zh_CN", folder):
        return False  # a Qt without its catalogues: Qt's own words stay English, the app's are Chinese
    gaps = _catalogue_gaps(app)
    for t in (translator, gaps):  # the last installed is asked first
        app.installTranslator(t)
        _qt_translators.append(t)
    return True


# Qt texts whose wording changed after the shipped Chinese catalogue was made (it still has the
# old source text, so these would show in English): context -> source -> Chinese.
QT_GAPS = {"QFileDialog": {"&Look in:": "查找范围(&L)：", "Files of type:": "文件类型：",
                               "Files of &type:": "文件类型(&T)："}}


def _catalogue_gaps(app):
    from PySide6.QtCore import QTranslator

    class CatalogueGaps(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002 - Qt's signature
            return QT_GAPS.get(context, {}).get(source)  # None: ask the next catalogue

        def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
            return False

    return CatalogueGaps(app)


def system_lang() -> str:
    from PySide6.QtCore import QLocale

    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"
