"""Pieces of the Progress panel: month steps, chart canvases, tables, the overdue model."""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableWidget

from gisplanner.layers import STATUS_IDS, status
from gisplanner.ui.i18n import ZH, bind, lang, tr

ZH.update({  # the Progress panel's texts
    "value": "数值",
    "source (table, report)": "来源（统计表、报告）",
    "Add": "添加",
    "Import table…": "导入统计表…",
    "Coverage": "口径",
    "Start editing (Ctrl+E) to change actual values.": "开始编辑（Ctrl+E）后可修改实际值。",
    "Import actual values": "导入实际值",
    "Progress": "进度",
    "Play": "播放",
    "Map on this date": "地图显示该日状态",
    "Indicators": "指标",
    "Features by status": "要素状态",
    "Select all overdue on the map": "在地图上选中全部逾期要素",
    "Overdue": "逾期",
    "All plans": "全部规划",
    "Indicator": "指标",
    "Target": "目标",
    "Latest": "最新",
    "State": "状态",
    "actual": "实际",
    "target": "目标",
    "Plan": "规划",
    "Park": "园区",
    "Feature": "要素",
    "Deadline": "期限",
    "Kind": "类型",
    "Status then": "当时状态",
    "not recorded": "未记录",
    "complete": "建成", "start": "开工", "study": "研究", "done by {year}": "{year} 年前完成",
    " ({date})": "（{date}）", "achieved": "已完成", "not achieved": "未完成",
})


# The units the plans write targets in (data/indicators.toml), in English.
UNITS_EN = {"万元": "× 10,000 yuan", "万元/年": "× 10,000 yuan a year", "万吨": "× 10,000 t", "个": "",
            "亿元": "× 100 million yuan", "件/年": "a year", "倍": "times", "名": "people", "家": "firms",
            "家/年": "firms a year", "平方公里": "km²", "座": "", "户": "households", "项": "items"}


def unit_words(unit: str | None) -> str:
    """A target's unit as the plan writes it in Chinese, in English words in the English UI."""
    unit = unit or ""
    return unit if lang() == "zh" else UNITS_EN.get(unit, unit)


def target_words(ind: dict) -> str:
    """An indicator's target in the UI language (the unit as the plan writes it)."""
    if ind["kind"] == "milestone":
        return tr("done by {year}").format(year=ind["year"])
    if ind["kind"] == "statistic":
        return "—"
    year = tr(" ({date})").format(date=ind["year"]) if ind.get("year") else ""
    return f"{ind['comparator']} {ind['value']:g} {unit_words(ind.get('unit'))}".rstrip() + year


def latest_words(assessment, ind: dict) -> str:
    """The latest actual value of an indicator, dated, in the UI language."""
    a = assessment.latest
    if a is None:
        return "—"
    when = tr(" ({date})").format(date=a["date"])
    if ind["kind"] == "milestone":
        return tr("achieved" if a["value"] >= 1 else "not achieved") + when
    return f"{a['value']:g} {unit_words(ind.get('unit'))}".rstrip() + when


def month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """Month ends from ``first`` to ``last`` (the slider's steps)."""
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        out.append(nxt - dt.timedelta(days=1))
        y, m = nxt.year, nxt.month
    return out


def chart_canvas():
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

    from gisplanner.report.charts import pyplot

    pyplot()  # sets the fonts with Chinese glyphs
    canvas = FigureCanvasQTAgg(Figure(figsize=(4, 2.4), tight_layout=True))
    canvas.setMinimumHeight(180)
    return canvas


def row_table(headers: list[str]) -> QTableWidget:
    """A read-only table of rows; ``headers`` are English source texts, shown in the UI language."""
    table = QTableWidget(0, len(headers))
    bind(lambda: table.setHorizontalHeaderLabels([tr(h) for h in headers]), None)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class OverdueModel(QAbstractTableModel):
    """The overdue features held as arrays: tens of thousands of rows without a widget each."""

    def __init__(self, names: dict[str, str]) -> None:
        super().__init__()
        self.names = names
        self.labels: list[str] = list(STATUS_IDS)  # status codes -> ids (the history's labels)
        self.uids = self.years = self.kinds = self.statuses = np.zeros(0, dtype=object)
        self.headers = ["Feature", "Deadline", "Kind", "Status then"]  # English source texts

    def set_rows(self, uids, years, kinds, statuses) -> None:
        self.beginResetModel()
        order = np.argsort(years, kind="stable")  # by deadline, then layer and map order
        self.uids, self.years, self.kinds, self.statuses = uids[order], years[order], kinds[order], statuses[order]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.uids)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 4

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.headers[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        row, col = index.row(), index.column()
        if col == 0:
            return self.names.get(self.uids[row]) or self.uids[row]
        if col == 1:
            return str(int(self.years[row]))
        if col == 2:
            return tr(("complete", "start", "study")[int(self.kinds[row])])
        st = self.labels[int(self.statuses[row])] if self.statuses[row] >= 0 else None
        return status(st).label(lang()) if st in STATUS_IDS else tr("not recorded")
