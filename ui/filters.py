"""Status filter and "the plan as of year N": one model applied to map, lists and legend."""

from __future__ import annotations

import math

import numpy as np
from psygnal import Signal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from gisplanner.layers import STATUS_IDS, statuses
from gisplanner.ui.i18n import bind, lang

YEAR_MIN, YEAR_MAX = 2019, 2035


def _year(value) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return math.nan
    return v


def deadline_years(deadline: np.ndarray) -> np.ndarray:
    """Deadlines as floats, NaN where there is none (vectorised: layers can be large)."""
    import pandas as pd

    return pd.to_numeric(pd.Series(deadline, dtype=object), errors="coerce").to_numpy(dtype=float)


class FeatureFilter:
    """Which features count: status in the chosen set and deadline no later than ``year``.

    Features without a deadline are not time-bound and pass the year test.
    """

    changed = Signal()

    def __init__(self) -> None:
        self._statuses: frozenset[str] = frozenset(STATUS_IDS)
        self._year: int | None = None

    @property
    def statuses(self) -> frozenset[str]:
        return self._statuses

    @statuses.setter
    def statuses(self, value) -> None:
        value = frozenset(value)
        if value != self._statuses:
            self._statuses = value
            self.changed.emit()

    @property
    def year(self) -> int | None:
        return self._year

    @year.setter
    def year(self, value: int | None) -> None:
        if value != self._year:
            self._year = value
            self.changed.emit()

    @property
    def active(self) -> bool:
        return self._year is not None or self._statuses != frozenset(STATUS_IDS)

    def accepts(self, status: str | None, deadline) -> bool:
        if status not in self._statuses and status in STATUS_IDS:
            return False
        d = _year(deadline)
        return self._year is None or math.isnan(d) or d <= self._year

    def mask(self, status: np.ndarray, deadline: np.ndarray) -> np.ndarray | None:
        """Boolean per feature, or None when nothing is filtered."""
        if not self.active:
            return None
        known = np.isin(status.astype(str), list(STATUS_IDS))
        ok = np.isin(status.astype(str), list(self._statuses)) | ~known
        if self._year is not None:
            years = deadline_years(deadline)
            ok &= np.isnan(years) | (years <= self._year)
        return ok


class FilterPanel(QWidget):
    """Check boxes per status and a year slider; the rightmost position means "all years"."""

    def __init__(self, model: FeatureFilter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.boxes: dict[str, QCheckBox] = {}
        for n, s in enumerate(statuses()):
            box = QCheckBox()
            box.setChecked(s.id in model.statuses)
            box.setStyleSheet(f"QCheckBox {{ color: {s.color}; font-weight: bold; }}")
            box.toggled.connect(self._statuses_changed)
            bind(box.setText, lambda s=s: s.label(lang()))
            self.boxes[s.id] = box
            grid.addWidget(box, n // 2, n % 2)
        layout.addLayout(grid)
        row = QHBoxLayout()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(YEAR_MIN, YEAR_MAX + 1)
        self.slider.setValue(YEAR_MAX + 1)
        self.slider.setPageStep(1)
        self.slider.valueChanged.connect(self._year_changed)
        self.year_label = QLabel()
        self.caption = QLabel()
        bind(self.caption.setText, "Plan as of year")
        row.addWidget(self.caption)
        row.addWidget(self.slider, 1)
        row.addWidget(self.year_label)
        layout.addLayout(row)
        layout.addStretch(1)
        bind(self._show_year, None)
        model.changed.connect(self._sync)

    def _statuses_changed(self) -> None:
        self.model.statuses = {sid for sid, box in self.boxes.items() if box.isChecked()}

    def _year_changed(self, value: int) -> None:
        self.model.year = None if value > YEAR_MAX else value
        self._show_year()

    def _show_year(self, *_args) -> None:
        from gisplanner.ui.i18n import tr

        y = self.model.year
        self.year_label.setText(tr("all") if y is None else str(y))

    def _sync(self) -> None:
        for sid, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(sid in self.model.statuses)
            box.blockSignals(False)
        self.slider.blockSignals(True)
        self.slider.setValue(YEAR_MAX + 1 if self.model.year is None else self.model.year)
        self.slider.blockSignals(False)
        self._show_year()
