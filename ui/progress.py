"""Progress of the core's long jobs in the window: a progress dialog or bar as a gisplanner
``Feedback``, and the core's steps (``Step``: a code with parameters) in the UI language.

A step names a layer by its title and a project table by what it holds; a file keeps its name.
A message that is not a ``Step`` shows in English only: Chinese leaves it out rather than mix
languages.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QProgressBar, QProgressDialog

from gisplanner.errors import Blank
from gisplanner.feedback import Step
from gisplanner.ui.i18n import ZH, lang, tr

# The core's English templates (Step.TEMPLATES) in Chinese, in the one catalogue.
ZH.update({
    "assembling the page": "正在组装页面", "checked out": "已取出", "checking the file": "正在检查文件",
    "checking values": "正在检查数值", "collecting changes": "正在收集本地修改", "committing": "正在提交",
    "connecting": "正在连接服务器", "converting coordinates": "正在转换坐标", "creating the schema": "正在创建模式",
    "cutting the offline basemap": "正在裁切离线底图", "drawing the charts": "正在绘制图表",
    "drawing the map": "正在绘制地图", "drawing the progress panel": "正在绘制进度面板",
    "encoding features": "正在编码要素", "finding overdue features": "正在查找逾期要素",
    "in step with the server": "已与服务器一致", "journal": "正在写入修改记录", "moving into place": "正在就位",
    "published": "已发布", "pulling": "正在接收修改", "pushed": "已发送", "pushing": "正在发送修改",
    "reading features": "正在读取要素", "reading indicators": "正在读取指标",
    "reading layer sources": "正在读取图层数据", "reading linked clauses": "正在读取关联条款",
    "reading plans": "正在读取规划", "reading the project": "正在读取项目", "saving": "正在保存",
    "writing features": "正在写入要素", "writing plans and clauses": "正在写入规划和条款",
    "writing the page": "正在写入页面", "done": "完成", "canceled": "已取消",
    "reading {layer}": "正在读取{layer}", "reading {file}": "正在读取 {file}", "reading {table}": "正在读取{table}",
    "writing layer {layer}": "正在写入图层{layer}", "writing {table}": "正在写入{table}",
    "writing {file}": "正在写入 {file}", "saving {file}": "正在保存 {file}", "pulling {table}": "正在接收{table}",
    "written {n} of {total}": "已写入 {n} / {total}",
})
# The project's shared tables that are not layers, as a step names them ("pulling clauses").
TABLES = {"plans": "plans", "clauses": "clauses", "user_layers": "layer definitions", "links": "clause links",
          "status_history": "status history", "indicators": "indicators", "indicator_actuals": "indicator values",
          "bookmarks": "bookmarks"}
ZH.update({"plans": "规划", "clauses": "条款", "layer definitions": "图层定义", "clause links": "条款关联",
           "status history": "状态历史", "indicator values": "指标实际值", "indicators": "指标", "bookmarks": "书签"})


def layer_title(layer: str) -> str:
    """The layer as its definition names it in the UI language (a table name as it is)."""
    from gisplanner.layers import layer_definitions

    definition = next((d for d in layer_definitions() if d.name == layer), None)
    return definition.title(lang()) if definition is not None else layer


def table_title(table: str) -> str:
    """A project table by what it holds: a layer's title, a shared table's words (else its name)."""
    return tr(TABLES[table]) if table in TABLES else layer_title(table)


# How a face words each kind of parameter a Step carries.
_PARAMS = {"layer": layer_title, "table": table_title, "file": str, "n": str, "total": str}
# A step on a table that is neither a layer nor a shared table is worded without its name.
_WITHOUT_TABLE = {"pulling_table": "pulling", "reading_table": "reading_project", "writing_table": "writing_features"}


def progress_words(message: str) -> str:
    """``message`` (a core progress step) as the UI language shows it; "" when Chinese has none."""
    if not isinstance(message, Step):
        return "" if lang() == "zh" else message
    code, params = message.code, message.params
    if "table" in params and table_title(params["table"]) == params["table"] and code in _WITHOUT_TABLE:
        code, params = _WITHOUT_TABLE[code], {}
    words = {k: _PARAMS.get(k, str)(v) for k, v in params.items()}
    return tr(Step.TEMPLATES[code]).format_map(Blank(words))


def _percent(fraction: float) -> int:
    return int(max(0.0, min(1.0, fraction)) * 100)


class ProgressFeedback:
    """A QProgressDialog: ``label`` above the current step; its Cancel stops the job cleanly."""

    def __init__(self, dialog: QProgressDialog, label: str = "") -> None:
        self.dialog = dialog
        self.label = label

    def progress(self, fraction: float, message: str = "") -> None:
        self.dialog.setValue(_percent(fraction))
        if message:
            self.dialog.setLabelText(f"{self.label}\n{progress_words(message)}".strip())
        QApplication.processEvents()

    def is_canceled(self) -> bool:
        return self.dialog.wasCanceled()


class BarFeedback:
    """A dialog's own progress bar (the step beside the percentage); ``canceled`` is set by its
    Cancel button."""

    def __init__(self, bar: QProgressBar) -> None:
        self.bar = bar
        self.canceled = False

    def progress(self, fraction: float, message: str = "") -> None:
        self.bar.setValue(_percent(fraction))
        self.bar.setFormat(f"%p%  {progress_words(message)}")
        QApplication.processEvents()

    def is_canceled(self) -> bool:
        return self.canceled
