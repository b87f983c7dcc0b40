"""One language at a time in team projects: the sync progress dialog, the status-bar note and the
conflict dialog (every kind of conflict, a refused typed value, all resolved) read in each
language against a real PostgreSQL + PostGIS server, with the collector and allow-list of
tests/language_check.py; the values the planners typed are data and cut out first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Slot
from shapely.geometry import Point

from conftest import open_window
from gisplanner.feedback import NullFeedback
from gisplanner.store import Project
from gisplanner.sync import checkout, conflicts, publish, sync, sync_state
from language_check import project_data_texts, widget_texts, wrong_language

pytestmark = pytest.mark.slow
NEW = {"name_zh": "新设施", "name_en": "new site", "kind": "platform", "status": "proposed",
       "status_date": "2025-01-01", "location_precision": "site"}
# what the two planners typed, in both languages on purpose: data stays as typed in either UI
MINE = {"notes": "mine: 两栋楼 two buildings", "deadline": 2027, "kept": "mine: 仍在建 still building",
        "new": "mine: 新增 added here"}
THEIRS = {"notes": "theirs: 三栋楼 three buildings", "deadline": 2029, "changed": "theirs: 已批复 approved",
          "new": "theirs: 新增 added there"}
NEW_UID = "t.lang.same"
TYPED = "2028年"  # typed into a number field


def _edit(path, work) -> None:
    with Project.open(path) as project:
        session = project.edit(editor="test")
        work(session)
        session.commit()
        session.close()


def _four_facilities(path) -> list[str]:
    with Project.open(path) as project:
        return [r[0] for r in project.db.execute(
            "SELECT uid FROM facilities ORDER BY uid LIMIT 4")]


def _conflicting_copies(pg_url: str, schema: str, base, folder):
    """Two copies whose sync leaves one conflict of each kind in ``mine``: the same field changed
    on both sides (text and number), deleted here / changed there, changed here / deleted there,
    and two new features with one uid."""
    publish(base, pg_url, schema, NullFeedback())
    mine, theirs = (checkout(pg_url, schema, folder / f"{schema}_{who}.gpkg", NullFeedback()) for who in ("a", "b"))
    text, number, deleted_here, deleted_there = _four_facilities(mine)

    def mine_edits(s) -> None:
        s.set_value(text, "notes", MINE["notes"])
        s.set_value(number, "deadline", MINE["deadline"])
        s.delete(deleted_here)
        s.set_value(deleted_there, "notes", MINE["kept"])
        s.add_feature("facilities", {**NEW, "uid": NEW_UID, "notes": MINE["new"]}, Point(106.6, 29.5))

    def their_edits(s) -> None:
        s.set_value(text, "notes", THEIRS["notes"])
        s.set_value(number, "deadline", THEIRS["deadline"])
        s.set_value(deleted_here, "notes", THEIRS["changed"])
        s.delete(deleted_there)
        s.add_feature("facilities", {**NEW, "uid": NEW_UID, "notes": THEIRS["new"]}, Point(106.7, 29.6))

    _edit(mine, mine_edits)
    _edit(theirs, their_edits)
    sync(theirs, NullFeedback())
    return mine, number


class Texts(QObject):
    """Texts read from the sync parts of the window, each with where it was read (a QObject so
    a worker's progress signal reaches ``read_progress`` on the GUI thread, after the dialog)."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[str, str]] = []
        self.dialog = None

    @Slot(float, str)
    def read_progress(self, *_args) -> None:
        self.read(self.dialog, "progress")

    def read(self, widget, where: str) -> None:
        self.items += [(f"{where} / {w}", t) for w, t in widget_texts(widget)]

    def where(self, prefix: str) -> list[str]:
        return [t for w, t in self.items if w.startswith(prefix)]


@pytest.mark.parametrize("code", ["zh", "en"])
def test_sync_dialogs_and_note_show_one_language(qtbot, pg_server, project_copy, tmp_path, code):
    from gisplanner.ui.i18n import set_lang
    from gisplanner.ui.sync.text import kind_text

    mine, number = _conflicting_copies(pg_server.url(), f"team_lang_{code}", project_copy, tmp_path)
    win = open_window(qtbot, mine, tmp_path / "settings.ini", settings_values={"editing/editor": "planner"})
    ui = win.sync_ui
    texts = Texts()
    try:
        win.set_language("en" if code == "zh" else "zh")
        win.set_language(code)  # switched live, as a user does
        state = sync_state(mine)
        typed = {TYPED, NEW["name_en"], *map(str, MINE.values()), *map(str, THEIRS.values())}
        data = project_data_texts(mine) | typed | {mine.name, state.url_display, state.schema}
        texts.read(ui.note, "note before sync")

        ui.actions["sync"].trigger()  # the progress dialog, read at every step it shows
        task = ui.task
        assert task is not None
        texts.dialog = task.dialog
        task._progressed.connect(texts.read_progress)
        texts.read_progress()
        qtbot.waitUntil(lambda: task.done, timeout=60000)
        assert task.error is None, task.error
        assert task.result.conflicts == 5
        texts.read(win.statusBar(), "after sync")

        dialog = ui.conflict_dialog  # opened by itself: one row of each kind
        assert dialog is not None and dialog.table.rowCount() == 5
        kinds = {dialog.table.item(r, 2).text() for r in range(5)}
        assert kinds == {kind_text(k) for k in ("field", "deleted_changed", "changed_deleted", "both_added")}
        for row in range(5):  # each row chosen in turn: the buttons and typed value follow it
            dialog.table.selectRow(row)
            texts.read(dialog, "conflicts")
        row = next(r for r in range(5) if number in dialog.table.item(r, 0).text())
        dialog.table.selectRow(row)
        dialog.value_edit.setText(TYPED)  # a number field refuses it, and says why
        dialog.buttons["value"].click()
        assert dialog.message.isVisible() and len(conflicts(mine)) == 5
        texts.read(dialog, "refused")
        assert dialog.value_edit.text() == TYPED  # kept to correct, on the row still chosen
        dialog.buttons["mine"].click()
        assert not any(number in dialog.table.item(r, 0).text() for r in range(4))
        texts.read(dialog, "one resolved")
        texts.read(ui.note, "note with conflicts")
        dialog.buttons["all_theirs"].click()
        assert conflicts(mine) == []
        texts.read(dialog, "all resolved")
        texts.read(ui.note, "note after")

        ui.actions["sync"].trigger()  # Cancel at once: the dialog says it is stopping, then the bar
        task = ui.task
        task.cancel()
        texts.read(task.dialog, "canceling")
        qtbot.waitUntil(lambda: task.done, timeout=60000)
        texts.read(win.statusBar(), "after cancel")

        for part in ("note before sync", "progress", "after sync", "conflicts", "refused", "note with conflicts",
                     "all resolved", "canceling", "after cancel"):
            assert texts.where(part), f"nothing read from {part}"
        assert any("(conflictTable) cell" in w for w, _t in texts.items)
        problems = wrong_language(texts.items, code, data)
        assert not problems, f"{len(problems)} texts not in {code}:\n" + "\n".join(sorted(set(problems)))
    finally:
        win.canvas.shutdown()
        set_lang("en")
