"""A plan's full published text, scrolled to a clause and with the clause's span marked."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QTextBrowser, QTextEdit, QVBoxLayout, QWidget

MARK = QColor("#fff59d")
TOP_MARGIN_LINES = 1.5  # the clause starts this many lines below the top, so its context shows


class DocumentView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.text = QTextBrowser()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        self.plan_id: str | None = None
        self.clause_id: str | None = None
        self._clause_start: int | None = None  # where to scroll once the text has its real width

    def show_clause(self, project, clause_id: str) -> bool:
        """Open the clause's plan and mark the clause; False if the clause is unknown."""
        clause = project.clause(clause_id)
        if clause is None:
            return False
        plan = project.plan(clause["plan_id"])
        if plan is None:
            return False
        if self.plan_id != plan["id"]:
            self.text.setPlainText(plan.get("source") or "")
            self.plan_id = plan["id"]
        self.clause_id = clause_id
        self.title.setText(f"<b>{plan['title']}</b> — {clause['path']}")
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(int(clause["start"]))
        cursor.setPosition(int(clause["end"]), QTextCursor.MoveMode.KeepAnchor)
        mark = QTextEdit.ExtraSelection()
        mark.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(MARK)
        mark.format = fmt
        self.text.setExtraSelections([mark])
        start = QTextCursor(self.text.document())
        start.setPosition(int(clause["start"]))
        self.text.setTextCursor(start)
        self._clause_start = int(clause["start"])
        self._scroll_to_clause()
        return True

    def _scroll_to_clause(self) -> None:
        """Put the clause near the top of the view. A view nobody sees (a dock behind its tab,
        or closed) has no real size, so its layout and any scroll would be wrong: the scroll
        waits until the view is on screen at its real size (see showEvent, resizeEvent)."""
        if self._clause_start is None or not self.on_screen():
            return
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._clause_start)
        bar = self.text.verticalScrollBar()
        line = self.text.fontMetrics().lineSpacing()
        top = self.text.cursorRect(cursor).top() + bar.value()
        bar.setValue(max(0, round(top - TOP_MARGIN_LINES * line)))
        self._clause_start = None

    def on_screen(self) -> bool:
        return self.text.isVisible() and not self.text.viewport().visibleRegion().isEmpty()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._clause_start is not None:
            QTimer.singleShot(0, self._scroll_to_clause)  # after the layout at the shown size

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._clause_start is not None:  # a tab brought forward gets its real size
            QTimer.singleShot(0, self._scroll_to_clause)

    def selected_text(self) -> str:
        sel = self.text.extraSelections()
        return sel[0].cursor.selectedText() if sel else ""

    def visible_range(self) -> tuple[int, int]:
        """Document positions at the top-left and bottom-left of the view (what a reader sees)."""
        view = self.text.viewport()
        first = self.text.cursorForPosition(view.rect().topLeft()).position()
        last = self.text.cursorForPosition(view.rect().bottomLeft()).position()
        return first, last
