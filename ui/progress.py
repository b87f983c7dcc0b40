"""Progress of the core's long jobs in the window: a progress dialog or bar as a gisplanner
``Feedback``, and the core's steps ("reading plans", "writing t.gpkg") in the UI language.

The core reports its steps in English; a Chinese progress label shows the known ones in
Chinese (a step naming a file or layer keeps the name) and leaves an unknown one out rather
than mix languages.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication, QProgressBar, QProgressDialog

from gisplanner.ui.i18n import ZH, lang, tr

STEPS = {
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
}
ZH.update(STEPS)
# Steps that name what they work on: "reading parks", "writing t.gpkg".
NAMED = {"reading": "正在读取", "writing layer": "正在写入图层", "writing": "正在写入", "saving": "正在保存",
         "pulling": "正在接收"}
_NAMED = re.compile(r"^(writing layer|reading|writing|saving|pulling) (.+)$")


def progress_words(message: str) -> str:
    """``message`` (a core progress step) as the UI language shows it; "" when Chinese has none."""
    if lang() != "zh" or not message:
        return message
    if message in STEPS:
        return tr(message)
    if m := _NAMED.match(message):
        return f"{NAMED[m[1]]} {m[2]}"
    return ""


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
