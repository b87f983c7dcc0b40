"""File → Export HTML map…: choose what goes into the meeting map, export with progress,
then say what was written (with a button to open it in the browser).

The dialog only gathers ``ExportOptions``; the work is ``gisplanner.export.export_html``, the
same code the ``export-html`` command runs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gisplanner.export import (
    AssetsMissing,
    ExportError,
    ExportOptions,
    ExportSummary,
    export_html,
)
from gisplanner.export.options import default_output
from gisplanner.export.words import word
from gisplanner.feedback import Canceled
from gisplanner.layers import layer_definition, statuses
from gisplanner.ui import settings as prefs
from gisplanner.ui.export_errors import export_error_text
from gisplanner.ui.extensions import menu_action
from gisplanner.ui.i18n import ZH, lang, tr
from gisplanner.ui.progress import ProgressFeedback

ZH.update({
    "Export HTML map": "导出 HTML 地图",
    "Exporting the HTML map…": "正在导出 HTML 地图…", "All features": "全部要素",
    "Selected features ({n})": "所选要素（{n}）",
    "Simplification tolerance in metres; 0 keeps every vertex": "简化容差（米），0 为保留全部节点",
    "Offline basemap": "离线底图", "Online tiles (empty without network)": "在线瓦片（无网络时为空）",
    "Progress panel (indicators, charts, overdue)": "进度面板（指标、图表、逾期要素）",
    "As of today, for the chosen park or the whole project": "截至今日；范围为所选园区或全部项目",
    "Layers": "图层", "Simplify": "简化", "Export": "导出", "Choose a file to write.": "请选择要写入的文件。",
    "Choose at least one layer and one status.": "请至少选择一个图层和一个状态。",
    "HTML map exported": "HTML 地图已导出", "Open in browser": "在浏览器中打开",
    "Features: {n} ({layers})": "要素：{n}（{layers}）", "Linked clauses: {n}": "关联条款：{n}",
    "Offline basemap: {n} shapes": "离线底图：{n} 个图形", "Offline basemap: —": "离线底图：—",
    "Size: {mb:.2f} MB, {decimals} decimals, {seconds:.1f} s": "文件大小：{mb:.2f} MB，{decimals} 位小数，用时 {seconds:.1f} 秒",
})

ACTION_NAME = "action_export_html"
BASEMAP_KEY, TILES_KEY, PROGRESS_KEY = "export_html/basemap", "export_html/tiles", "export_html/progress"
ALL, SELECTION, VIEW = "all", "selection", "view"


def _clamp(extent: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The map view cut to valid longitude/latitude (a zoomed-out view can reach past them)."""
    x0, y0, x1, y1 = (float(v) for v in extent)
    return max(-180.0, x0), max(-90.0, y0), min(180.0, x1), min(90.0, y1)


def _checkable_list(items: list[tuple[str, str]]) -> QListWidget:
    widget = QListWidget()
    for key, label in items:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        widget.addItem(item)
    widget.setMaximumHeight(22 * max(3, min(len(items), 8)))
    return widget


def _checked(widget: QListWidget) -> list[str]:
    return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]


class ExportHtmlDialog(QDialog):
    """Options for one export of ``project``; ``selected_uids`` offers "selected features only"
    and ``view_extent`` (WGS84 bounds of the desktop map) "what the map shows"."""

    def __init__(self, project, selected_uids: list[str] | None = None, parent: QWidget | None = None,
                 view_extent: tuple[float, float, float, float] | None = None, settings=None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.project = project
        self.selected_uids = list(selected_uids or [])
        self.view_extent = _clamp(view_extent) if view_extent else None
        self.summary: ExportSummary | None = None
        self.summary_box: QMessageBox | None = None
        self.setWindowTitle(tr("Export HTML map"))
        self.out_edit = QLineEdit(str(default_output()))
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(self._browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(browse)
        self.lang = lang()  # the map speaks the window's language
        self.title_edit = QLineEdit(word("title", self.lang))
        self.layer_list = _checkable_list([(d.name, f"{d.title(self.lang)} ({self._count(d.name)})")
                                           for d in project.layers()])
        self.status_list = _checkable_list([(s.id, s.label(lang())) for s in statuses()])
        self.extent_combo = QComboBox()
        self.extent_combo.addItem(tr("All features"), ALL)
        if self.selected_uids:
            self.extent_combo.addItem(tr("Selected features ({n})").format(n=len(self.selected_uids)), SELECTION)
        if self.view_extent:
            self.extent_combo.addItem(tr("Current map view"), VIEW)
        for uid, name in project.db.execute("SELECT uid, name_zh FROM parks ORDER BY fid"):
            self.extent_combo.addItem(tr("Park: {name}").format(name=name), f"park:{uid}")
        self.simplify_spin = QDoubleSpinBox()
        self.simplify_spin.setRange(0, 500)
        self.simplify_spin.setSuffix(" m")
        self.simplify_spin.setToolTip(tr("Simplification tolerance in metres; 0 keeps every vertex"))
        self.basemap_check = QCheckBox(tr("Offline basemap"))
        self.tiles_check = QCheckBox(tr("Online tiles (empty without network)"))
        self.progress_check = QCheckBox(tr("Progress panel (indicators, charts, overdue)"))
        self.progress_check.setToolTip(tr("As of today, for the chosen park or the whole project"))
        for key, check, default in ((BASEMAP_KEY, self.basemap_check, True), (TILES_KEY, self.tiles_check, False),
                                    (PROGRESS_KEY, self.progress_check, False)):
            check.setChecked(prefs.flag(settings, key, default))
            check.toggled.connect(lambda on, key=key: prefs.set_flag(self.settings, key, on))
        form = QFormLayout()
        for label, field in (("File", out_row), ("Title", self.title_edit), ("Layers", self.layer_list),
                             ("Status", self.status_list), ("Extent", self.extent_combo),
                             ("Simplify", self.simplify_spin)):
            form.addRow(tr(label), field)
        form.addRow("", self.basemap_check)
        form.addRow("", self.tiles_check)
        form.addRow("", self.progress_check)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton(tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.run_export)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(620, 560)

    def _count(self, layer: str) -> int:
        return self.project.db.execute(f'SELECT count(*) FROM "{layer}"').fetchone()[0]

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Export HTML map"), self.out_edit.text(),
                                              "HTML (*.html)")
        if path:
            self.out_edit.setText(path if path.lower().endswith((".html", ".htm")) else path + ".html")

    def options(self) -> ExportOptions:
        """The options the widgets describe ("everything" is passed as None)."""
        layers, states = _checked(self.layer_list), _checked(self.status_list)
        extent = self.extent_combo.currentData()
        return ExportOptions(
            layers=None if len(layers) == self.layer_list.count() else layers,
            statuses=None if len(states) == self.status_list.count() else states,
            park=extent[5:] if extent.startswith("park:") else None,
            uids=self.selected_uids if extent == SELECTION else None,
            bbox=self.view_extent if extent == VIEW else None,
            title=self.title_edit.text().strip() or None, lang=self.lang,
            simplify_m=self.simplify_spin.value(),
            basemap=self.basemap_check.isChecked(), online_tiles=self.tiles_check.isChecked(),
            progress=self.progress_check.isChecked())

    def run_export(self) -> ExportSummary | None:
        """Export with a progress dialog; on success close and show the summary."""
        out = Path(self.out_edit.text().strip()).expanduser()
        if not self.out_edit.text().strip():
            QMessageBox.warning(self, self.windowTitle(), tr("Choose a file to write."))
            return None
        if not _checked(self.layer_list) or not _checked(self.status_list):
            QMessageBox.warning(self, self.windowTitle(), tr("Choose at least one layer and one status."))
            return None
        progress = QProgressDialog(tr("Exporting the HTML map…"), tr("Cancel"), 0, 100, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        try:
            self.summary = export_html(self.project, out, self.options(), ProgressFeedback(progress, tr("Exporting the HTML map…")))
        except Canceled:
            return None
        except (ExportError, AssetsMissing) as exc:
            QMessageBox.warning(self, self.windowTitle(), export_error_text(exc))
            return None
        finally:
            progress.close()
            progress.deleteLater()
        self.show_summary(self.summary)
        self.accept()
        return self.summary

    def show_summary(self, summary: ExportSummary) -> None:
        """A non-blocking message naming the file, the counts and any warnings."""
        box = QMessageBox(QMessageBox.Icon.Information, tr("HTML map exported"),
                          summary_text(summary), QMessageBox.StandardButton.Close, self.parentWidget())
        open_button = box.addButton(tr("Open in browser"), QMessageBox.ButtonRole.ActionRole)
        open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(summary.path))))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.summary_box = box
        box.open()


def _layer_title(name: str) -> str:
    try:
        return layer_definition(name).title(lang())
    except KeyError:
        return name


def summary_text(summary: ExportSummary) -> str:
    layers = ", ".join(f"{_layer_title(name)} {n}" for name, n in summary.layers.items())
    lines = [f"{summary.path}", "",
             tr("Features: {n} ({layers})").format(n=summary.features, layers=layers),
             tr("Linked clauses: {n}").format(n=summary.clauses),
             tr("Offline basemap: {n} shapes").format(n=summary.basemap_features) if summary.basemap_features
             else tr("Offline basemap: —"),
             tr("Size: {mb:.2f} MB, {decimals} decimals, {seconds:.1f} s").format(
                 mb=summary.size_bytes / 1e6, decimals=summary.decimals, seconds=summary.seconds)]
    lines += [f"⚠ {w}" for w in summary.warnings]
    return "\n".join(lines)


def open_export_dialog(window) -> ExportHtmlDialog | None:
    """Show the dialog for the window's project (non-blocking); None when no project is open."""
    if getattr(window, "project", None) is None:
        QMessageBox.information(window, tr("Export HTML map"), tr("Open a project first."))
        return None
    canvas = getattr(window, "canvas", None)
    selected = canvas.selected_uids() if canvas is not None and hasattr(canvas, "selected_uids") else []
    extent = canvas.extent() if canvas is not None and hasattr(canvas, "extent") else None
    dialog = ExportHtmlDialog(window.project, selected, window, view_extent=extent,
                              settings=getattr(window, "settings", None))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.export_html_dialog = dialog
    dialog.open()
    return dialog


def install(window) -> QAction:
    """Add File → Export HTML map… to the main window (once), above Quit when there is one."""
    return menu_action(window, "file", ACTION_NAME, "Export HTML map…",
                       lambda: open_export_dialog(window), before_quit=True)
