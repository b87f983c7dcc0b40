"""The Progress panel in the real window: the date slider shows the recorded status of its
date on the map, the overdue list and indicator rows select their features, play steps on."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import open_window
from gisplanner.store import Project
from test_ui_window import HSR_STATION, wait_frame

pytest.importorskip("pytestqt")


@pytest.fixture
def window(qtbot, project_copy, tmp_path):

    from gisplanner.ui.i18n import set_lang

    with Project.open(project_copy, "rw") as project, project.edit() as session:
        session.set_status(HSR_STATION, "under_construction", "2023-04-01", "国铁集团公告")
        session.commit()
    set_lang("en")
    win = open_window(qtbot, project_copy, tmp_path / "settings.ini", extensions=False)
    yield win
    win.canvas.shutdown()
    set_lang("zh")


def shown(qtbot, window, panel):
    """Bring the Progress dock to the front, as a click on its tab does; it reads the history then."""
    dock = window.docks["progress"]
    dock.show()
    dock.raise_()
    qtbot.waitUntil(lambda: bool(panel.days), timeout=10000)
    return panel


@pytest.fixture
def panel(qtbot, window):
    from gisplanner.ui.monitor_progress import install

    return shown(qtbot, window, install(window))


def _go(panel, day: dt.date) -> None:
    assert panel.days, "panel not loaded"
    panel.slider.setValue(panel.days.index(day))


def _status_on_map(window, uid: str) -> str | None:
    for name, ml in window.map_layers.items():
        if uid in ml.data.uid_index:
            codes, labels = window.statuses_on[name]
            code = codes[ml.data.uid_index[uid]]
            return labels[code] if code >= 0 else None
    raise AssertionError(uid)


def test_slider_shows_the_status_recorded_for_the_date(window, panel, qtbot):
    panel.map_check.setChecked(True)
    _go(panel, dt.date(2022, 12, 31))
    assert panel.date_label.text() == "2022-12-31"
    assert _status_on_map(window, HSR_STATION) == "planned"
    _go(panel, dt.date(2023, 4, 30))
    assert _status_on_map(window, HSR_STATION) == "under_construction"
    wait_frame(qtbot, window.canvas)
    drawn_2023 = sum(window.canvas.last_stats.per_layer.values())
    _go(panel, panel.days[0])  # before most records: those features are not on the map yet
    window.canvas.refresh()
    wait_frame(qtbot, window.canvas)
    assert sum(window.canvas.last_stats.per_layer.values()) < drawn_2023
    panel.map_check.setChecked(False)
    assert window.statuses_on is None


def test_overdue_list_follows_the_date_and_selects(window, panel):
    _go(panel, dt.date(2024, 12, 31))
    assert "cq.biocity.substation-110kv" not in panel.overdue_uids  # due by the end of 2024
    assert "cq.banan-cluster" in panel.overdue_uids  # to be built by 2022, approved only
    _go(panel, dt.date(2025, 1, 31))
    assert "cq.biocity.substation-110kv" in panel.overdue_uids
    panel.overdue.selectRow(panel.overdue_uids.index("cq.biocity.substation-110kv"))
    assert window.canvas.selected_uids() == ["cq.biocity.substation-110kv"]
    panel.mark_button.click()  # every overdue feature marked (selected) on the map
    assert set(window.canvas.selected_uids()) == set(panel.overdue_uids) and len(panel.overdue_uids) > 20


def test_choosing_an_indicator_selects_its_clause_features(window, panel):
    panel.scope.setCurrentIndex(panel.scope.findData("park:cq.biocity"))
    ids = [r[0]["id"] for r in panel.rows]
    assert "001.substations" in ids and "002.output-2025" not in ids
    panel.indicators.selectRow(ids.index("001.substations"))
    assert "cq.biocity.substation-110kv" in window.canvas.selected_uids()
    assert window.clause_browser.tree.currentItem().data(0, 0x0100) == "001:重點任務/(四)/15"


def test_play_steps_the_date_forward(panel, qtbot):
    _go(panel, panel.days[-3])
    panel.timer.setInterval(10)
    panel.play_button.setChecked(True)
    qtbot.waitUntil(lambda: not panel.play_button.isChecked(), timeout=5000)
    assert panel.slider.value() == panel.slider.maximum()


@pytest.fixture
def editing_panel(qtbot, window):
    from gisplanner.ui.editing import install as install_editing
    from gisplanner.ui.editing.window_editing import EDITOR_KEY
    from gisplanner.ui.monitor_progress import install

    window.settings.setValue(EDITOR_KEY, "周工")
    editing = install_editing(window)
    panel = shown(qtbot, window, install(window))
    return editing, panel


def test_actual_values_are_edited_in_the_panel_with_undo_and_save(window, editing_panel, tmp_path):
    editing, panel = editing_panel
    ids = [r[0]["id"] for r in panel.rows]
    panel.indicators.selectRow(ids.index("004.output-2024"))
    editor = panel.actuals
    assert editor.indicator_id == "004.output-2024" and not editor.add_button.isEnabled()
    assert editing.start()
    editor.date_edit.setText("2023")
    editor.value_edit.setText("很多")
    editor.source_edit.setText("巴中统计年鉴2024")
    assert not editor.add()
    assert "not a number (field value)" in editor.problem.text()
    editor.value_edit.setText("121.5")
    assert editor.add() and editor.table.rowCount() == 1
    editor.table.item(0, 1).setText("130")                      # a cell edit is a change of value
    assert editor.table.item(0, 1).text() == "130"
    table = tmp_path / "t.csv"
    table.write_text("indicator,year,value,source\n004.output-2024,2022,90,统计公报\n", encoding="utf-8")
    assert editor.import_table(str(table)) and editor.table.rowCount() == 2
    editing.controller.stack.undo()                              # the import, as one step
    assert editor.table.rowCount() == 1
    editing.controller.stack.undo()                              # the cell edit
    assert editor.table.item(0, 1).text() == "121.5"
    editing.save()
    state = {r[0]["id"]: r[1] for r in panel.rows}["004.output-2024"]
    assert state.latest["value"] == 121.5 and state.latest["source"] == "巴中统计年鉴2024"
    journal = window.project.db.execute(
        "SELECT action, editor FROM edits WHERE layer = 'indicator_actuals'").fetchall()
    assert journal == [("add", "周工")]


def test_a_hidden_panel_reads_no_history_until_shown(qtbot, project_copy, tmp_path, monkeypatch):
    """A reload while the Progress dock is hidden (and the overdue marks off) reads nothing;
    showing the dock reads the history once, turning the marks on finds today's overdue features."""
    from gisplanner.monitor import history, timeline
    from gisplanner.ui.monitor_progress import install
    from gisplanner.ui.overdue_marks import SETTINGS_KEY

    reads = {"history": 0, "overdue": 0}
    real_load, real_overdue = history.StatusHistory.load.__func__, timeline.overdue

    def counted_load(cls, conn):
        reads["history"] += 1
        return real_load(cls, conn)

    def counted_overdue(*args, **kwargs):
        reads["overdue"] += 1
        return real_overdue(*args, **kwargs)

    monkeypatch.setattr(history.StatusHistory, "load", classmethod(counted_load))
    monkeypatch.setattr(timeline, "overdue", counted_overdue)
    win = open_window(qtbot, project_copy, tmp_path / "settings.ini", extensions=False,
                      settings_values={SETTINGS_KEY: False})
    try:
        panel = install(win)
        win.docks["identify"].raise_()
        qtbot.waitUntil(lambda: not panel.showing)
        win.reload_layers(wait=True)
        win.reload_layers(wait=True)
        assert reads == {"history": 0, "overdue": 0} and not panel.days
        shown(qtbot, win, panel)
        assert reads == {"history": 1, "overdue": 0}
        win.docks["identify"].raise_()
        qtbot.waitUntil(lambda: not panel.showing)
        win.reload_layers(wait=True)
        assert reads == {"history": 1, "overdue": 0} and panel.history is None  # stale history dropped
        win.overdue_marks.action.setChecked(True)
        assert reads["overdue"] == 1 and "cq.banan-cluster" in win.overdue_marks.uids
        shown(qtbot, win, panel)
        assert reads["history"] == 2
    finally:
        win.canvas.shutdown()
