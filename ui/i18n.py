"""Chinese and English UI text: a small translation table and live re-translation.

Widgets register their text with ``bind(setter, english)``; switching language re-applies
every binding, so menus, docks and labels change without restarting. Data (names, clause
text) is shown as stored; only the UI chrome is translated here.
"""

from __future__ import annotations

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
    "&Search clauses": "搜索条款(&S)", "Show &not-mapped clauses only": "只显示未落图条款(&N)",
    "&About gisplanner": "关于 gisplanner(&A)", "&Keyboard shortcuts": "快捷键(&K)",
    "Layers": "图层", "Identify": "识别", "Plan clauses": "规划条款", "Filter": "筛选",
    "Document": "规划原文", "Plan as of year": "规划截至年份", "all": "全部",
    "Opacity": "不透明度", "Move up": "上移", "Move down": "下移",
    "Search plans (e.g. 高铁)…": "搜索规划条款（如 高铁）…", "not mapped": "未落图",
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
    "features": "个要素", "selected": "已选", "Scale": "比例尺",
    "Map": "地图", "Toolbar": "工具栏", "Parks": "园区",
    "Shortcuts": "快捷键", "zoom to": "缩放至此",
    "&Tile basemap": "瓦片底图(&T)", "None (vector basemap only)": "无（仅矢量底图）",
    "OpenStreetMap (online, cached)": "OpenStreetMap（在线，本地缓存）", "MBTiles file…": "MBTiles 文件…",
    "Tile basemap": "瓦片底图",
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
        if shiboken6.isValid(widget):
            callback()
        else:
            events.language_changed.disconnect(relay)

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


def install_qt_translations(app, code: str) -> None:
    """Qt's own texts (standard buttons, file dialogs) in the UI language, from the .qm files
    PySide6 ships; English needs none."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    for old in _qt_translators:
        app.removeTranslator(old)
    _qt_translators.clear()
    if code != "zh":
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", folder):
        app.installTranslator(translator)
        _qt_translators.append(translator)


def system_lang() -> str:
    from PySide6.QtCore import QLocale

    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"
