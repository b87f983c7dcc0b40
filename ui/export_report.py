"""File → Report…: the meeting brief of a park or a plan, as HTML or PDF.

The dialog only gathers the choices; the work is ``gisplanner.report.write_report``, the
same code the ``report`` command runs. Problems show in the dialog itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gisplanner.export.assets import AssetsMissing
from gisplanner.feedback import Canceled
from gisplanner.monitor.dates import DateError, parse_date, period_end, period_start
from gisplanner.paths import EXPORTS_DIR
from gisplanner.report import Brief, BriefError, write_report
from gisplanner.ui.brief_errors import brief_error_text
from gisplanner.ui.extensions import menu_action
from gisplanner.ui.i18n import ZH, tr
from gisplanner.ui.progress import ProgressFeedback

ZH.update({
    "Meeting brief": "会议简报", "Report…": "会议简报…",
    "YYYY[-MM[-DD]]; empty: no changes listed": "YYYY[-MM[-DD]]，留空则不列变更",
    "YYYY[-MM[-DD]]; empty: today ({today})": "YYYY[-MM[-DD]]，留空为今天（{today}）",
    "Scope": "范围", "File (.pdf/.html)": "文件（.pdf/.html）", "Changes since": "变更起始", "As of": "截至",
    "Write": "生成", "Writing the brief…": "正在生成简报…", "Open": "打开",
    "Features: {features}  Indicators: {indicators}  Overdue: {overdue}": "要素：{features}  指标：{indicators}  逾期：{overdue}",
})

ACTION_NAME = "action_report"


class ReportDialog(QDialog):
    """Which park or plan, which file, changes since when, judged as of when."""

    def __init__(self, project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.brief: Brief | None = None
        self.setWindowTitle(tr("Meeting brief"))
        self.scope_combo = QComboBox()
        for uid, name in project.db.execute("SELECT uid, name_zh FROM parks ORDER BY fid"):
            self.scope_combo.addItem(tr("Park: {name}").format(name=name), f"park:{uid}")
        for plan in project.plans():
            self.scope_combo.addItem(tr("Plan {id}: {title}").format(id=plan["id"], title=plan["title"]),
                                     f"plan:{plan['id']}")
        self.out_edit = QLineEdit(str(EXPORTS_DIR / f"brief-{dt.date.today().isoformat()}.pdf"))
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(self._browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(browse)
        self.since_edit = QLineEdit()
        self.since_edit.setPlaceholderText(tr("YYYY[-MM[-DD]]; empty: no changes listed"))
        self.as_of_edit = QLineEdit()
        self.as_of_edit.setPlaceholderText(tr("YYYY[-MM[-DD]]; empty: today ({today})").format(today=dt.date.today()))
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #c62828")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        for label, field in (("Scope", self.scope_combo), ("File (.pdf/.html)", out_row),
                             ("Changes since", self.since_edit), ("As of", self.as_of_edit)):
            form.addRow(tr(label), field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.write_button = buttons.addButton(tr("Write"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.run)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(640, 260)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.windowTitle(), self.out_edit.text(),
                                              "PDF (*.pdf);;HTML (*.html)")
        if path:
            self.out_edit.setText(path)

    def _date(self, edit: QLineEdit, label: str, start: bool) -> dt.date | None:
        text = edit.text().strip()
        if not text:
            return None
        try:
            date = parse_date(text)[0]
        except DateError as exc:
            raise BriefError("bad_date", label=label, detail=str(exc)) from None
        return period_start(date) if start else period_end(date)

    def run(self) -> Brief | None:
        """Write the brief with a progress dialog; on success close and offer to open it."""
        self.problem.clear()
        scope = self.scope_combo.currentData() or ""
        kind, _, ident = scope.partition(":")
        out = Path(self.out_edit.text().strip()).expanduser()
        progress = QProgressDialog(tr("Writing the brief…"), tr("Cancel"), 0, 100, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        try:
            since = self._date(self.since_edit, tr("Changes since"), start=True)
            as_of = self._date(self.as_of_edit, tr("As of"), start=False)
            self.brief = write_report(self.project, out, park=ident if kind == "park" else None,
                                      plan=ident if kind == "plan" else None, since=since, as_of=as_of,
                                      feedback=ProgressFeedback(progress, tr("Writing the brief…")))
        except Canceled:
            return None
        except (BriefError, AssetsMissing) as exc:
            self.problem.setText(brief_error_text(exc))
            return None
        finally:
            progress.close()
            progress.deleteLater()
        self.accept()
        box = QMessageBox(QMessageBox.Icon.Information, self.windowTitle(),
                          f"{out}\n\n" + tr("Features: {features}  Indicators: {indicators}  Overdue: {overdue}").format(
                              features=len(self.brief.uids), indicators=len(self.brief.indicators),
                              overdue=len(self.brief.overdue)),
                          QMessageBox.StandardButton.Close, self.parentWidget())
        opener = box.addButton(tr("Open"), QMessageBox.ButtonRole.ActionRole)
        opener.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(out))))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.summary_box = box
        box.open()
        return self.brief


def open_report_dialog(window) -> ReportDialog | None:
    if getattr(window, "project", None) is None:
        QMessageBox.information(window, tr("Meeting brief"), tr("Open a project first."))
        return None
    dialog = ReportDialog(window.project, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.report_dialog = dialog
    dialog.open()
    return dialog


def install(window) -> QAction:
    """Add File → Report… to the main window (once), above Quit."""
    return menu_action(window, "file", ACTION_NAME, "Report…", lambda: open_report_dialog(window),
                       before_quit=True)
