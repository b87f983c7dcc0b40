"""The import dialog's field mapping: each field of the target layer, the file column that
fills it (or none) and a sample value from the file's first row."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLabel, QTableWidget, QWidget

from gisplanner.io.mapping import SYSTEM_FIELDS, suggest_mapping
from gisplanner.ui.i18n import lang, tr

NO_COLUMN = "—"


class FieldMapping(QTableWidget):
    """Rows of (field label, column combo, sample); ``changed`` when a column is chosen."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([tr("Field"), tr("File column"), tr("Sample")])
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)

    def fill(self, definition, table, suggested: dict[str, str | None] | None = None) -> None:
        """One row per editable field of ``definition``, preset to ``suggested`` (or a guess)."""
        columns = table.columns if table is not None else []
        suggested = suggest_mapping(columns, definition) if suggested is None else suggested
        fields = [f for f in definition.fields if f.name not in SYSTEM_FIELDS]
        self.setRowCount(len(fields))
        first = table.frame.iloc[0] if table is not None and len(table.frame) else None
        for row, f in enumerate(fields):
            label = QLabel(f.label(lang()) + (" *" if f.required else ""))
            label.setProperty("field", f.name)
            self.setCellWidget(row, 0, label)
            combo = QComboBox()
            combo.addItem(NO_COLUMN, None)
            for column in columns:
                combo.addItem(str(column), column)
            combo.setCurrentIndex(max(combo.findData(suggested.get(f.name)), 0))
            combo.currentIndexChanged.connect(lambda *_: self.changed.emit())
            self.setCellWidget(row, 1, combo)
            value = first[suggested[f.name]] if first is not None and suggested.get(f.name) else None
            sample = QLabel("" if value is None or value != value else str(value)[:40])  # NaN != NaN
            self.setCellWidget(row, 2, sample)
        self.resizeColumnsToContents()

    def mapping(self) -> dict[str, str | None]:
        """Field name -> the chosen file column (None: not filled from the file)."""
        return {self.cellWidget(row, 0).property("field"): self.cellWidget(row, 1).currentData()
                for row in range(self.rowCount())}
