"""Layer → Import data…: bring a planner's file into a project layer, checked row by row first.

The dialog shows what was detected (format, text encoding, coordinate system candidates to
confirm), a field mapping onto the chosen layer, a small preview map (the project's parks in
grey, the file's rows in red where they will land) and every problem by row. The work is
``gisplanner.io`` — the same code as ``python main.py import`` — so the dialog only gathers
``ImportOptions``; the write is one transaction that Cancel rolls back.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import shapely
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gisplanner.feedback import Canceled
from gisplanner.io.detect import FORMAT_LABELS, ImportFileError
from gisplanner.io.geometry import crs_label
from gisplanner.io.import_ import (
    ImportOptions,
    PreparedImport,
    common_mapping,
    default_layer,
    new_layer_columns,
    other_columns,
    prepare_import,
    write_import,
)
from gisplanner.io.mapping import default_values
from gisplanner.io.new_layer import OTHER_KIND, definition_of, name_error
from gisplanner.io.offsets import LABELS
from gisplanner.io.readers import SourceTable, read_source, suggest_offset
from gisplanner.layers import layer_definition, statuses
from gisplanner.ui.export_layer_dialog import export_layer_interactively
from gisplanner.ui.extensions import menu_action
from gisplanner.ui.i18n import lang, tr
from gisplanner.ui.import_errors import import_error_text
from gisplanner.ui.import_mapping import FieldMapping
from gisplanner.ui.import_new_layer import NEW_LAYER, NewLayerPanel
from gisplanner.ui.import_preview import PreviewMap
from gisplanner.ui.import_report_words import problem_line, report_lines, words_text
from gisplanner.ui.import_words import FILE_FILTER
from gisplanner.ui.progress import BarFeedback
from gisplanner.ui.source_words import conversion_text, crs_text

ACTION_IMPORT, ACTION_EXPORT = "action_import_data", "action_export_layer"


class ImportDialog(QDialog):
    """Import one file into ``project`` (its path is written; the window reloads afterwards)."""

    def __init__(self, project, parent: QWidget | None = None, path: str | Path | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.table: SourceTable | None = None
        self.prepared: PreparedImport | None = None
        self.report = None
        self.feedback: BarFeedback | None = None
        self.setWindowTitle(tr("Import data"))
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(tr("Choose a file…"))
        self.path_edit.returnPressed.connect(lambda: self.load(self.path_edit.text()))
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        self.detected_label = QLabel("—")
        self.detected_label.setWordWrap(True)
        self.source_layer_combo = QComboBox()  # layers of a GeoPackage, sheets of a workbook
        self.source_layer_combo.setEnabled(False)
        self.source_layer_combo.activated.connect(lambda *_: self._reload())
        self.place_combo = QComboBox()  # how a table's rows are placed
        self.place_combo.setEnabled(False)
        self.place_combo.activated.connect(lambda *_: self._reload())
        self.crs_combo = QComboBox()
        self.crs_combo.setEditable(True)
        self.crs_combo.setToolTip(tr("The file's coordinate system; guessed from the coordinate ranges when the "
                                     "file names none: confirm it"))
        self.offset_combo = QComboBox()
        self.offset_combo.addItem(tr("None (WGS84 / CGCS2000)"), None)
        self.offset_combo.addItem(tr("GCJ-02 (AMap, Tencent)"), "gcj02")
        self.offset_combo.addItem(tr("BD-09 (Baidu)"), "bd09")
        self.layer_combo = QComboBox()
        for definition in project.layers():
            self.layer_combo.addItem(definition.title(lang()), definition.name)
        self.layer_combo.addItem(tr("+ New layer from this file"), NEW_LAYER)
        self.new_layer_panel = NewLayerPanel()
        self.new_layer_panel.setVisible(False)
        self.new_layer_panel.changed.connect(lambda: self._recheck.start())
        self.status_combo = QComboBox()
        for s in statuses():
            self.status_combo.addItem(s.label(lang()), s.id)
        self.kind_combo = QComboBox()
        self.mapping_table = FieldMapping()
        self.mapping_table.changed.connect(lambda: self._recheck.start())
        self.skip_check = QCheckBox(tr("Skip the rows with problems, import the rest"))
        self.keep_check = QCheckBox(tr("Keep unmapped columns in notes (column: value)"))
        self.keep_check.setChecked(True)
        self.keep_check.toggled.connect(lambda *_: self._recheck.start())
        self.preview = PreviewMap(self._park_outlines())
        self.report_box = QPlainTextEdit()
        self.report_box.setReadOnly(True)
        self.report_box.setMaximumBlockCount(5000)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        form = QFormLayout()
        for label, field in (("File", file_row), ("Detected", self.detected_label),
                             ("Layer / sheet", self.source_layer_combo), ("Place rows by", self.place_combo),
                             ("Coordinate system", self.crs_combo), ("Offset", self.offset_combo),
                             ("Into layer", self.layer_combo), ("Default status", self.status_combo),
                             ("Default kind", self.kind_combo)):
            form.addRow(tr(label), field)
        middle = QHBoxLayout()
        middle.addWidget(self.mapping_table, 3)
        middle.addWidget(self.preview, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = buttons.addButton(tr("Import"), QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = buttons.addButton(tr("Cancel import"), QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button.setEnabled(False)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.cancel_button.clicked.connect(self._cancel)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.new_layer_panel)
        layout.addLayout(middle, 1)
        options_row = QHBoxLayout()
        options_row.addWidget(self.skip_check)
        options_row.addWidget(self.keep_check)
        layout.addLayout(options_row)
        layout.addWidget(QLabel(tr("Check report")))
        layout.addWidget(self.report_box)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self._recheck = QTimer(self, singleShot=True, interval=250)
        self._recheck.timeout.connect(self.check)
        for combo in (self.offset_combo, self.status_combo, self.kind_combo):
            combo.currentIndexChanged.connect(lambda *_: self._recheck.start())
        self.crs_combo.currentTextChanged.connect(lambda *_: self._recheck.start())
        self.layer_combo.currentIndexChanged.connect(self._layer_changed)
        self.skip_check.toggled.connect(lambda *_: (self._update_button(), self._recheck.start()))
        self.resize(980, 760)
        if path:
            self.path_edit.setText(str(path))
            self.load(path)

    # -- reading ---------------------------------------------------------------------------
    def _park_outlines(self) -> list:
        try:
            return list(self.project.features("parks").geometry)
        except Exception:  # noqa: BLE001 - the preview only lacks its context
            return []

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.windowTitle(), self.path_edit.text(), tr(FILE_FILTER))
        if path:
            self.path_edit.setText(path)
            self.load(path)

    def _reload(self) -> None:
        if self.table is not None:
            self.load(self.table.detected.path, self.source_layer_combo.currentData(), self.place_combo.currentData())

    def _fill_sources(self, table: SourceTable) -> None:
        """Offer the file's other layers/sheets, and for tables: coordinates or an address column."""
        for combo in (self.source_layer_combo, self.place_combo):
            combo.blockSignals(True)
            combo.clear()
        for name in table.file_layers:
            self.source_layer_combo.addItem(name, name)
        chosen = self.source_layer_combo.findData(table.layer)
        self.source_layer_combo.setCurrentIndex(max(chosen, 0))
        self.source_layer_combo.setEnabled(len(table.file_layers) > 1)
        if table.detected.format in ("csv", "xlsx"):
            self.place_combo.addItem(tr("Automatic (lon/lat columns, else an address column)"), None)
            for column in table.columns:
                self.place_combo.addItem(tr("Gazetteer lookup of: {column}").format(column=column), column)
            self.place_combo.setCurrentIndex(max(self.place_combo.findData(table.geocoded_column), 0)
                                             if table.lonlat_columns is None else 0)
        else:
            self.place_combo.addItem(tr("The file's geometries"), None)
        self.place_combo.setEnabled(self.place_combo.count() > 1)
        for combo in (self.source_layer_combo, self.place_combo):
            combo.blockSignals(False)

    def load(self, path: str | Path, layer: str | None = None, geocode_column: str | None = None) -> SourceTable | None:
        """Read ``path``, show what was detected, suggest a layer, CRS and mapping, then check."""
        self.table, self.prepared = None, None
        self.preview.set_geometries([])
        try:
            table = read_source(Path(str(path).strip()).expanduser(), layer=layer, geocode_column=geocode_column)
        except ImportFileError as exc:
            self.detected_label.setText("—")
            self._show([f"✗ {import_error_text(exc)}"])
            self._update_button()
            return None
        self.table = table
        self._fill_sources(table)
        det = table.detected
        encoding = f", {det.encoding} ({det.encoding_source})" if det.encoding else ""
        placed = (tr("; geocoded column: {column}").format(column=table.geocoded_column) if table.geocoded_column
                  else tr("; lon/lat columns: {columns}").format(columns=", ".join(table.lonlat_columns))
                  if table.lonlat_columns else "")
        self.detected_label.setText(tr("{format}{encoding}; {rows} rows; coordinate system: {crs}{placed}").format(
            format=tr(FORMAT_LABELS[det.format]), encoding=encoding, rows=len(table.frame),
            crs=crs_text(crs_label(table.crs)) if table.crs else tr("not named"), placed=placed))
        hint = suggest_offset(table)
        self.offset_combo.blockSignals(True)
        self.offset_combo.setCurrentIndex(max(self.offset_combo.findData(hint), 0))
        self.offset_combo.blockSignals(False)
        if hint:
            self.detected_label.setText(self.detected_label.text() + tr(
                "; names suggest {system} coordinates (offset preselected)").format(system=LABELS[hint]))
        self.crs_combo.blockSignals(True)
        self.crs_combo.clear()
        if table.crs:
            self.crs_combo.addItem(tr("{crs} (from the file)").format(crs=crs_text(crs_label(table.crs))), table.crs)
        for c in table.crs_candidates:
            self.crs_combo.addItem(f"EPSG:{c.epsg} {c.label} — {c.reason}", c.crs)
        self.crs_combo.blockSignals(False)
        self.new_layer_panel.fill(det.path.stem, other_columns(table, {}), new_layer_columns(table))
        if self.layer_combo.currentData() != NEW_LAYER:
            index = self.layer_combo.findData(default_layer(table))
            self.layer_combo.blockSignals(True)
            self.layer_combo.setCurrentIndex(max(index, 0))
            self.layer_combo.blockSignals(False)
        self._layer_changed()
        return table

    def new_layer_chosen(self) -> bool:
        return self.layer_combo.currentData() == NEW_LAYER

    def _layer_changed(self) -> None:
        new = self.new_layer_chosen()
        self.new_layer_panel.setVisible(new)
        # a new layer: the mapping covers the common fields; the panel picks the file's own columns
        definition = (definition_of({"name": "new_layer", "title_zh": "", "geometry": "Point", "kinds": [OTHER_KIND]})
                      if new else layer_definition(self.layer_combo.currentData()))
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        for kind in definition.kinds:
            self.kind_combo.addItem(kind.label(lang()), kind.id)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(default_values(definition)["kind"]), 0))
        self.kind_combo.blockSignals(False)
        self._fill_mapping(definition, common_mapping(self.table) if new and self.table is not None else None)
        self.check()

    def _fill_mapping(self, definition, suggested: dict[str, str | None] | None = None) -> None:
        self.mapping_table.fill(definition, self.table, suggested)

    # -- options and checking --------------------------------------------------------------
    def mapping(self) -> dict[str, str | None]:
        return self.mapping_table.mapping()

    def crs(self) -> str | None:
        data = self.crs_combo.currentData()
        text = self.crs_combo.currentText().strip()
        if data and text == self.crs_combo.itemText(self.crs_combo.currentIndex()):
            return data
        return text.split()[0] if text else None

    def options(self) -> ImportOptions:
        new_layer = self.new_layer_panel.new_layer() if self.new_layer_chosen() else None
        return ImportOptions(
            new_layer.name if new_layer else self.layer_combo.currentData(), crs=self.crs(),
            offset=self.offset_combo.currentData(), mapping=self.mapping(),
            defaults={"status": self.status_combo.currentData(), "kind": self.kind_combo.currentData()},
            skip_bad=self.skip_check.isChecked(), keep_other_columns=self.keep_check.isChecked(),
            new_layer=new_layer)

    def check(self) -> PreparedImport | None:
        """Map, convert and check every row (nothing written); show the preview and problems."""
        self.prepared = None
        if self.table is None:
            self._update_button()
            return None
        try:
            options = self.options()
            if options.new_layer is not None:  # a table of that name already in this project
                taken = name_error(self.table.name, options.new_layer.name, set(self.project.db.table_names()))
                if taken is not None:
                    raise taken
            self.prepared = prepare_import(self.table, options)
        except ImportFileError as exc:
            self.preview.set_geometries([])
            self._show([f"✗ {import_error_text(exc)}"])
        else:
            self.preview.set_geometries(self.prepared.geometries)
            report = self.prepared.report
            conversion = conversion_text(report.conversion)
            head = tr("✓ {count} / {total} rows can be imported (coordinate system {crs}{conversion})").format(
                count=self.prepared.count, total=report.total, crs=crs_text(crs_label(report.crs)),
                conversion=("；" if lang() == "zh" else "; ") + conversion if conversion else "")
            self._show([head, *map(words_text, report.notes), *(f"✗ {problem_line(p)}" for p in report.rejected),
                        *(f"⚠ {problem_line(p)}" for p in report.repaired)])
        self._update_button()
        return self.prepared

    def _show(self, lines: list[str]) -> None:
        self.report_box.setPlainText("\n".join(lines))

    def _update_button(self) -> None:
        p = self.prepared
        ok = p is not None and bool(p.count) and (not p.report.rejected or self.skip_check.isChecked())
        self.import_button.setEnabled(ok)

    # -- writing ---------------------------------------------------------------------------
    def _cancel(self) -> None:
        if self.feedback is not None:
            self.feedback.canceled = True

    def run_import(self):
        """Write the checked rows in one transaction; returns the ImportReport, or None."""
        if self._recheck.isActive():  # an option changed a moment ago: check with it first
            self._recheck.stop()
            self.check()
        prepared = self.prepared
        if prepared is None or not self.import_button.isEnabled():
            return None
        self.feedback = BarFeedback(self.progress)
        self.import_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        try:
            self.report = write_import(self.project.path, prepared, self.feedback)
        except Canceled:
            self._show([tr("Canceled: the project is unchanged.")])
            return None
        except ImportFileError as exc:
            self._show([f"✗ {import_error_text(exc)}", tr("The project is unchanged.")])
            return None
        finally:
            self.cancel_button.setEnabled(False)
            self.feedback = None
            self._update_button()
        self._show(report_lines(self.report))
        self.prepared = None  # imported: a second click must not add the rows again
        self._update_button()
        window = self.parent()
        if window is not None and hasattr(window, "reload_layers"):
            if prepared.new_layer is not None:
                window.reload_layers(frames={})  # read every layer now, the new one included
            else:
                window.reload_layers()
            canvas = getattr(window, "canvas", None)
            if canvas is not None and len(prepared.geometries):
                x0, y0, x1, y1 = shapely.total_bounds(np.asarray(prepared.geometries, dtype=object))
                canvas.zoom_to_bounds((x0 - 0.005, y0 - 0.005, x1 + 0.005, y1 + 0.005))
                canvas.select(self.report.imported)
        return self.report


def open_import_dialog(window, path: str | Path | None = None) -> ImportDialog | None:
    if getattr(window, "project", None) is None:
        QMessageBox.information(window, tr("Import data"), tr("Open a project first."))
        return None
    dialog = ImportDialog(window.project, window, path)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.import_dialog = dialog
    dialog.open()
    return dialog


def install(window) -> list[QAction]:
    """Add Layer → Import data… and Layer → Export layer… (once)."""
    return [
        menu_action(window, "layer", ACTION_IMPORT, "Import data…", lambda: open_import_dialog(window)),
        menu_action(window, "layer", ACTION_EXPORT, "Export layer…", lambda: export_layer_interactively(window)),
    ]


__all__ = ["ImportDialog", "PreviewMap", "install", "open_import_dialog"]
