"""A feature's plan-clause links, editable: link a clause found by search, unlink one.

Shown under the feature form; unsaved links are marked until Save.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gisplanner.ui.editing.controller import EditController
from gisplanner.ui.editing.dialogs import LinkClauseDialog
from gisplanner.ui.editing.words import relation_text
from gisplanner.ui.i18n import bind, on_language_changed, tr


class ClauseLinks(QWidget):
    def __init__(self, controller: EditController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.uid: str | None = None
        self.list = QListWidget(self)
        self.list.setObjectName("clause_links")
        self.link_button = QPushButton(self)
        bind(self.link_button.setText, "Link a clause…")
        self.unlink_button = QPushButton(self)
        bind(self.unlink_button.setText, "Unlink")
        buttons = QHBoxLayout()
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.unlink_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel()
        bind(heading.setText, "Linked plan clauses")
        layout.addWidget(heading)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.link_button.clicked.connect(self.link)
        self.unlink_button.clicked.connect(self.unlink_selected)
        controller.changed.connect(lambda uids: self.show_feature(self.uid) if uids is None or self.uid in uids
                                   else None)
        controller.editing_changed.connect(lambda _on: self.show_feature(self.uid))
        on_language_changed(self, lambda: self.show_feature(self.uid))
        self.show_feature(None)

    def _rows(self) -> list[dict]:
        session, project = self.controller.session, self.controller.project
        if not self.uid:
            return []
        if session is not None:
            return session.clauses_for(self.uid) if session.layer_of(self.uid) else []
        return project.clauses_for(self.uid) if project else []

    def show_feature(self, uid: str | None) -> None:
        self.uid = uid
        self.list.clear()
        for row in self._rows():
            mark = tr(" (unsaved)") if row.get("unsaved") else ""
            text = f"{row['clause_id']}  [{relation_text(row['relation'])}]{mark}  {(row.get('text') or '')[:60]}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (row["clause_id"], row["relation"]))
            self.list.addItem(item)
        editing = self.controller.editing and uid is not None
        self.link_button.setEnabled(editing)
        self.unlink_button.setEnabled(editing and self.list.count() > 0)

    def ask_clause(self) -> tuple[str, str, str | None] | None:
        dialog = LinkClauseDialog(self.controller.project, self.uid, self)
        dialog.setObjectName("link_clause_dialog")
        return dialog.choice() if dialog.exec() else None

    def link(self) -> None:
        answer = self.ask_clause() if self.uid else None
        if answer:
            clause_id, relation, quote = answer
            self.controller.apply(lambda s: s.link(self.uid, clause_id, relation, quote))

    def unlink_selected(self) -> None:
        item = self.list.currentItem()
        if item is None or self.uid is None:
            return
        clause_id, relation = item.data(Qt.ItemDataRole.UserRole)
        self.controller.apply(lambda s: s.unlink(self.uid, clause_id, relation))
