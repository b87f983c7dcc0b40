""""Show in document" opens the plan text scrolled to the clause, also the first time."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor

from conftest import open_window

pytest.importorskip("pytestqt")

HSR_STATION = "cq.hsr.biocity-station"
TASK_14 = "001:重點任務/(四)/14"


@pytest.fixture
def window(qtbot, project_copy, tmp_path):
    from gisplanner.ui.i18n import set_lang

    set_lang("zh")
    win = open_window(qtbot, project_copy, tmp_path / "settings.ini", extensions=False)
    yield win
    win.canvas.shutdown()


def clause_near_top(view, clause) -> bool:
    """The clause's first line is on screen, in the upper third of the view."""
    if not view.on_screen():
        return False
    cursor = QTextCursor(view.text.document())
    cursor.setPosition(int(clause["start"]))
    top = view.text.cursorRect(cursor).top()
    return 0 <= top <= view.text.viewport().height() / 3


def follow_link(window, clause_id: str) -> None:
    window.identify.browser.anchorClicked.emit(QUrl("clause:" + quote(clause_id)))


def test_first_show_in_document_scrolls_to_the_clause(window, qtbot):
    assert not window.document.on_screen()  # behind the identify tab, never shown yet
    window.identify.show_feature(HSR_STATION)
    follow_link(window, TASK_14)
    clause = window.project.clause(TASK_14)
    view = window.document
    qtbot.waitUntil(lambda: clause_near_top(view, clause), timeout=3000)
    first, last = view.visible_range()
    assert first <= int(clause["start"]) <= last
    assert last < len(view.text.toPlainText())  # not opened at the document's end
    assert view.selected_text().startswith(clause["text"][:10])


def test_closed_dock_reopens_at_the_clause(window, qtbot):
    window.docks["document"].close()
    clause = window.project.clause(TASK_14)
    follow_link(window, TASK_14)
    qtbot.waitUntil(lambda: clause_near_top(window.document, clause), timeout=3000)


def test_visible_view_moves_to_another_clause(window, qtbot):
    follow_link(window, TASK_14)
    view = window.document
    first_clause = window.project.clause(TASK_14)
    qtbot.waitUntil(lambda: clause_near_top(view, first_clause), timeout=3000)
    others = [c for c in window.project.clauses("001") if int(c["start"]) < int(first_clause["start"]) - 600]
    assert others, "plan 001 has clauses well before task 14"
    earlier = others[len(others) // 2]
    follow_link(window, earlier["id"])
    assert view.clause_id == earlier["id"]
    qtbot.waitUntil(lambda: clause_near_top(view, earlier), timeout=3000)
