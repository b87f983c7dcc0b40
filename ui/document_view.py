"""A plan's full published text, scrolled to a clause and with the clause's span marked."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QTextBrowser, QTextEdit, QVBoxLayout, QWidget


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
        fmt.setBackground(QColor("#fff59d"))
        mark.format = fmt
        self.text.setExtraSelections([mark])
        end = QTextCursor(self.text.document())
        end.movePosition(QTextCursor.MoveOperation.End)
        self.text.setTextCursor(end)  # scroll past, then back, so the clause lands near the top
        self.text.ensureCursorVisible()
        start = QTextCursor(self.text.document())
        start.setPosition(int(clause["start"]))
        self.text.setTextCursor(start)
        self.text.ensureCursorVisible()
        return True

    def selected_text(self) -> str:
        sel = self.text.extraSelections()
        return sel[0].cursor.selectedText() if sel else ""
