"""The Progress panel: indicators against their targets, features by status over time, the
overdue list, and a date slider (with play) that shows the map as it stood on a date.

Charts use matplotlib's QtAgg canvas: the meeting brief already draws with matplotlib, so the
panel and the printed brief share one plotting library and look alike (pyqtgraph would be a
second one). Every answer comes from ``gisplanner.monitor``; this module only shows it.
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QTableView,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gisplanner.layers import STATUS_IDS, status
from gisplanner.monitor.history import StatusHistory, deadline_years, kind_codes
from gisplanner.monitor.queries import Indicators
from gisplanner.monitor.states import STATE_LABELS
from gisplanner.ui.i18n import bind, lang, on_language_changed, tr
from gisplanner.ui.monitor_actuals import ActualsEditor
from gisplanner.ui.monitor_views import (
    OverdueModel,
    chart_canvas,
    latest_words,
    month_ends,
    row_table,
    target_words,
)
from gisplanner.ui.overdue_marks import LEGEND_TEXT, MARK_COLOR
from gisplanner.ui.overdue_marks import install as install_marks

DOCK_KEY = "progress"


class ProgressPanel(QWidget):
    """Bound to a main window: reads its project and map layers, drives its map and selection."""

    overdue_changed = Signal()  # ``late_uids`` (every layer, any scope) changed with the date

    def __init__(self, window) -> None:
        super().__init__()
        self.window = window
        self.history: StatusHistory | None = None
        self.stale = True  # the history is read when the panel is first shown (see ``load``)
        self.showing = False  # on screen: not hidden, nor behind another tab of its dock area
        self.layer_rows: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
        self.names: dict[str, str] = {}
        self.in_scope: dict[str, np.ndarray] = {}
        self.indicator_data: Indicators | None = None
        self.days: list[dt.date] = []
        self.rows: list = []
        self.overdue_uids: list[str] = []
        self.late_uids: set[str] = set()
        self.scope = QComboBox()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.date_label = QLabel()
        self.play_button = QPushButton()
        bind(self.play_button.setText, "Play")
        self.play_button.setCheckable(True)
        self.map_check = QCheckBox()
        bind(self.map_check.setText, "Map on this date")
        self.timer = QTimer(self)
        self.timer.setInterval(400)
        self.indicators = row_table(["Indicator", "Target", "Latest", "State"])
        self.indicator_chart = chart_canvas()
        self.feature_chart = chart_canvas()
        self.overdue_model = OverdueModel(self.names)
        self.overdue = QTableView()
        self.overdue.setModel(self.overdue_model)
        self.overdue.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.overdue.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.overdue.horizontalHeader().setStretchLastSection(True)
        tabs = QTabWidget()
        ind_page = QWidget()
        ind_layout = QVBoxLayout(ind_page)
        self.actuals = ActualsEditor(window)
        ind_layout.addWidget(self.indicators, 2)
        ind_layout.addWidget(self.indicator_chart, 1)
        ind_layout.addWidget(self.actuals, 1)
        tabs.addTab(ind_page, "")
        tabs.addTab(self.feature_chart, "")
        overdue_page = QWidget()
        overdue_layout = QVBoxLayout(overdue_page)
        self.mark_button = QPushButton()
        bind(self.mark_button.setText, "Select all overdue on the map")
        self.mark_button.clicked.connect(lambda: self.window.canvas.select(self.overdue_uids))
        overdue_layout.addWidget(self.mark_button)
        self.mark_legend = QLabel()
        bind(self.mark_legend.setText, LEGEND_TEXT)
        self.mark_legend.setWordWrap(True)
        self.mark_legend.setStyleSheet(f"color: {MARK_COLOR.name()};")
        overdue_layout.addWidget(self.mark_legend)
        overdue_layout.addWidget(self.overdue, 1)
        tabs.addTab(overdue_page, "")
        self.tabs = tabs
        for n, title in enumerate(("Indicators", "Features by status", "Overdue")):
            bind(lambda text, n=n: tabs.setTabText(n, text), title)
        row = QHBoxLayout()
        row.addWidget(self.play_button)
        row.addWidget(self.slider, 1)
        row.addWidget(self.date_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope)
        layout.addLayout(row)
        layout.addWidget(self.map_check)
        layout.addWidget(tabs, 1)
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.slider.valueChanged.connect(lambda _v: self.date_moved())
        self.play_button.toggled.connect(self.play)
        self.timer.timeout.connect(self._step)
        self.map_check.toggled.connect(lambda _on: self.date_moved())
        self.indicators.itemSelectionChanged.connect(self._indicator_chosen)
        self.overdue.selectionModel().selectionChanged.connect(lambda *_a: self._overdue_chosen())
        on_language_changed(self, self._retranslate)

    def _retranslate(self) -> None:
        """A language switch: the scopes' words, the tables' rows and the overdue headers."""
        self._fill_scopes()
        self.overdue_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        self.refresh()

    # -- data ----------------------------------------------------------------------------
    def load(self) -> None:
        """The project or its layers changed: read the history now if the panel is on screen,
        else when it is first shown (``ensure_loaded``); the stale history is dropped at once."""
        self.stale = True
        self.history = None
        if self.showing:
            self.ensure_loaded()

    def set_showing(self, showing: bool) -> None:
        """The dock came on screen (its tab chosen, or shown) or left it."""
        self.showing = showing
        if showing:
            self.ensure_loaded()

    def ensure_loaded(self) -> None:
        if self.stale:
            self.stale = False
            self._read()

    def _read(self) -> None:
        """Read the project's history and fill the scopes."""
        project = self.window.project
        self.scope.blockSignals(True)
        self.scope.clear()
        if project is None:
            self.scope.blockSignals(False)
            return
        conn = project.db.conn
        self.history = StatusHistory.load(conn)
        self.overdue_model.labels = self.history.labels
        self.layer_rows = {}
        for name, ml in self.window.map_layers.items():
            uids = ml.data.column("uid")
            cols = {r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')}
            kind_col = "deadline_kind" if "deadline_kind" in cols else "NULL"
            extra = {u: (d, k) for u, d, k in conn.execute(f'SELECT uid, deadline, {kind_col} FROM "{name}"')}
            deadlines = deadline_years([extra.get(u, (None, None))[0] for u in uids])
            kinds = kind_codes([extra.get(u, (None, None))[1] for u in uids])
            self.layer_rows[name] = (uids, self.history.positions(uids), deadlines, kinds)
            self.names.update(zip(uids, ml.data.column("name_zh"), strict=True))
        self.scope.blockSignals(False)
        self._fill_scopes()
        first = self.history.first_date() or dt.date.today()
        self.days = month_ends(min(first, dt.date.today()), dt.date.today())
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(self.days) - 1)
        self.slider.setValue(len(self.days) - 1)
        self.slider.blockSignals(False)
        self.refresh()

    def _fill_scopes(self) -> None:
        project = self.window.project
        chosen = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        if project is not None:
            self.scope.addItem(tr("All plans"), "")
            for plan in project.plans():
                self.scope.addItem(tr("Plan {id}: {title}").format(id=plan["id"], title=plan["title"]),
                                   f"plan:{plan['id']}")
            for uid, name in project.db.execute("SELECT uid, name_zh FROM parks ORDER BY fid"):
                self.scope.addItem(tr("Park: {name}").format(name=name), f"park:{uid}")
            self.scope.setCurrentIndex(max(self.scope.findData(chosen), 0))
        self.scope.blockSignals(False)

    def scope_uids(self) -> set[str] | None:
        """Features of the chosen plan (linked) or park (touching it); None: all."""
        data = self.scope.currentData() or ""
        kind, _, ident = data.partition(":")
        project = self.window.project
        if kind == "plan":
            return {r[0] for r in project.db.execute(
                "SELECT l.feature_uid FROM links l JOIN clauses c ON c.id = l.clause_id WHERE c.plan_id = ?",
                [ident])}
        if kind == "park":
            park = project.feature(ident)
            out: set[str] = set()
            for ml in self.window.map_layers.values():
                hits = ml.data.tree.query(park["geometry"], predicate="intersects")
                out |= set(ml.data.column("uid")[hits])
            return out
        return None

    @property
    def day(self) -> dt.date:
        return self.days[self.slider.value()] if self.days else dt.date.today()

    # -- views ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Scope or project changed: tables and both charts."""
        if self.window.project is None or self.history is None:
            return
        self._uids = self.scope_uids()
        wanted = None if self._uids is None else list(self._uids)
        self.in_scope = {name: (np.ones(len(uids), dtype=bool) if wanted is None else np.isin(uids, wanted))
                         for name, (uids, _p, _d, _k) in self.layer_rows.items()}
        data = self.scope.currentData() or ""
        self.indicator_data = Indicators.read(self.window.project.db.conn, data[5:] if data.startswith("plan:") else None)
        if data.startswith("park:"):
            plans = {r[0] for r in self.window.project.db.execute(
                "SELECT DISTINCT c.plan_id FROM links l JOIN clauses c ON c.id = l.clause_id"
                " WHERE l.feature_uid IN (SELECT value FROM json_each(?))", [json.dumps(wanted)])}
            self.indicator_data.rows = [r for r in self.indicator_data.rows
                                        if r["plan_id"] in plans or r["scope_ref"] == data[5:]]
        self._draw_features()
        self.date_moved()

    def date_moved(self) -> None:
        """The slider moved (or play stepped): the map, the overdue list and the indicator states."""
        if self.history is None:
            return
        day = self.day
        self.date_label.setText(day.isoformat())
        names = list(self.layer_rows)
        codes = dict(zip(names, self.history.codes_at(day, [self.layer_rows[n][1] for n in names]), strict=True))
        self.window.show_statuses({name: (c, self.history.labels) for name, c in codes.items()}
                                  if self.map_check.isChecked() else None)
        self._fill_overdue(codes, day)
        self._fill_indicators(day)
        if getattr(self, "_now_line", None) is not None:
            self._now_line.set_xdata([np.datetime64(day)] * 2)
            self.feature_chart.draw_idle()

    def _fill_overdue(self, codes: dict[str, np.ndarray], day: dt.date) -> None:
        parts, every = [], set()
        for name, (uids, _pos, years, kinds) in self.layer_rows.items():
            missed = self.history.overdue(codes[name], years, kinds, day)
            every.update(uids[missed].tolist())
            late = np.flatnonzero(missed & self.in_scope[name])
            parts.append((uids[late], years[late], kinds[late], codes[name][late]))
        self.overdue_model.set_rows(*(np.concatenate([p[i] for p in parts]) for i in range(4)))
        self.overdue_uids = list(self.overdue_model.uids)
        if every != self.late_uids:
            self.late_uids = every
            self.overdue_changed.emit()

    def late_on(self, day: dt.date) -> set[str]:
        """Every feature overdue on ``day`` (any scope), from the history already read."""
        names = list(self.layer_rows)
        codes = self.history.codes_at(day, [self.layer_rows[n][1] for n in names])
        out: set[str] = set()
        for name, c in zip(names, codes, strict=True):
            uids, _pos, years, kinds = self.layer_rows[name]
            out.update(uids[self.history.overdue(c, years, kinds, day)].tolist())
        return out

    def _fill_indicators(self, day: dt.date) -> None:
        rows = self.indicator_data.on(day)
        chosen = self.indicators.currentRow()
        self.rows = rows
        self.indicators.blockSignals(True)
        self.indicators.setRowCount(len(rows))
        for n, (ind, a, _series) in enumerate(rows):
            name = ind["name_zh"] if lang() == "zh" else ind["name_en"]
            state = STATE_LABELS[a.state][0 if lang() == "zh" else 1]
            for col, text in enumerate((name, target_words(ind), latest_words(a, ind), state)):
                item = self.indicators.item(n, col)
                if item is None:
                    self.indicators.setItem(n, col, QTableWidgetItem(text))
                elif item.text() != text:
                    item.setText(text)
        self.indicators.blockSignals(False)
        if 0 <= chosen < len(rows):
            self._draw_indicator(*rows[chosen])

    def _draw_features(self) -> None:
        """Features of the scope by status, month by month (stacked), with a line at the slider's date."""
        fig = self.feature_chart.figure
        fig.clear()
        ax = fig.add_subplot()
        if not self.days:
            return
        step = max(1, len(self.days) // 60)
        days = self.days[::step] + ([self.days[-1]] if (len(self.days) - 1) % step else [])
        positions = [pos if self._uids is None else pos[np.isin(uids, list(self._uids))]
                     for uids, pos, _d, _k in self.layer_rows.values()]
        counts = self.history.counts_over(days, np.concatenate(positions) if positions else np.zeros(0, np.intp))
        x = np.array(days, dtype="datetime64[D]")
        ax.stackplot(x, *[counts[s] for s in STATUS_IDS], colors=[status(s).color for s in STATUS_IDS],
                     labels=[status(s).label(lang()) for s in STATUS_IDS])
        self._now_line = ax.axvline(np.datetime64(self.day), color="#212121", linewidth=1)
        ax.legend(fontsize=6, loc="upper left", frameon=False)
        ax.tick_params(labelsize=7)
        self.feature_chart.draw_idle()

    def _draw_indicator(self, ind, assessment, series) -> None:
        from gisplanner.monitor.dates import period_end

        fig = self.indicator_chart.figure
        fig.clear()
        ax = fig.add_subplot()
        if series:
            ax.plot([np.datetime64(period_end(a["date"])) for a in series], [a["value"] for a in series],
                    marker="o", label=tr("actual"))
        if ind["kind"] == "target" and ind["year"]:
            ax.scatter([np.datetime64(dt.date(int(ind["year"]), 12, 31))], [ind["value"]], marker="*", s=120,
                       color="#fb8c00", label=tr("target"))
        ax.set_title(ind["name_zh"] if lang() == "zh" else ind["name_en"], fontsize=9)
        ax.tick_params(labelsize=7)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=6, loc="upper left", frameon=False)
        self.indicator_chart.draw_idle()

    # -- choosing and playing ------------------------------------------------------------
    def _indicator_chosen(self) -> None:
        row = self.indicators.currentRow()
        if 0 <= row < len(self.rows):
            ind = self.rows[row][0]
            self._draw_indicator(*self.rows[row])
            self.actuals.show_indicator(ind["id"])
            self.window.clause_browser.choose(ind["clause_id"])  # selects its features and the clause

    def _overdue_chosen(self) -> None:
        row = self.overdue.currentIndex().row()
        if 0 <= row < len(self.overdue_uids):
            self.window.canvas.select([self.overdue_uids[row]])
            self.window.show_feature(self.overdue_uids[row])

    def play(self, on: bool) -> None:
        if on:
            if self.slider.value() >= self.slider.maximum():
                self.slider.setValue(0)
            self.map_check.setChecked(True)
            self.timer.start()
        else:
            self.timer.stop()

    def _step(self) -> None:
        if self.slider.value() >= self.slider.maximum():
            self.play_button.setChecked(False)
            return
        self.slider.setValue(self.slider.value() + 1)


def install(window) -> ProgressPanel:
    """Dock the Progress panel (once) and keep it in step with the window's project and layers."""
    if DOCK_KEY in window.docks:
        return window.docks[DOCK_KEY].widget()
    panel = ProgressPanel(window)
    dock = QDockWidget(window)
    bind(dock.setWindowTitle, "Progress")
    dock.setObjectName(f"dock_{DOCK_KEY}")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.tabifyDockWidget(window.docks["identify"], dock)
    window.docks[DOCK_KEY] = dock
    window.panels_menu.addAction(dock.toggleViewAction())
    window.layers_reloaded.connect(lambda _names: panel.load())
    window.project_changed.connect(lambda _p: panel.load())
    panel.showing = dock.isVisible() and not dock.visibleRegion().isEmpty()
    dock.visibilityChanged.connect(panel.set_showing)  # a hidden tab is "visible", off screen
    marks = install_marks(window, panel, dock)
    controller = getattr(getattr(window, "editing", None), "controller", None)
    if controller is not None:
        controller.saved.connect(lambda _report: panel.refresh())  # states follow saved values
        controller.saved.connect(lambda _report: marks.data_changed())
    if window.project is not None:
        panel.load()
    return panel
