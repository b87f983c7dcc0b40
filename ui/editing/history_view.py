"""A feature's record: saved journal rows (who changed what, when) and its status history."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from gisplanner.features import date_as_known
from gisplanner.layers import status
from gisplanner.ui.editing.controller import EditController
from gisplanner.ui.editing.journal_words import journal_text
from gisplanner.ui.i18n import lang, on_language_changed, tr
from gisplanner.ui.source_words import note_text


def _status_text(value: str | None) -> str:
    try:
        return status(value).label(lang()) if value else ""
    except KeyError:
        return str(value)


class FeatureHistory(QWidget):
    def __init__(self, controller: EditController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.uid: str | None = None
        self.title = QLabel(self)
        self.journal = QTableWidget(0, 3, self)
        self.journal.setObjectName("journal_table")
        on_language_changed(self, lambda: self.show_feature(self.uid))
        self.statuses = QTableWidget(0, 3, self)
        self.statuses.setObjectName("status_table")
        for table in (self.journal, self.statuses):
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        self.journal_label, self.status_label = QLabel(self), QLabel(self)
        layout.addWidget(self.journal_label)
        layout.addWidget(self.journal, 2)
        layout.addWidget(self.status_label)
        layout.addWidget(self.statuses, 1)
        controller.changed.connect(lambda uids: self.show_feature(self.uid) if uids is None or self.uid in uids
                                   else None)
        self.show_feature(None)

    def _record(self, uid: str) -> dict | None:
        """The feature as edited, else as saved; None once deleted."""
        session, project = self.controller.session, self.controller.project
        return (session.record(uid) if session is not None else None) or (project.feature(uid) if project else None)

    def _heading(self, uid: str, record: dict | None) -> str:
        """The feature's name (a deleted one by its uid) and its uid."""
        names = [(record or {}).get(k) for k in (("name_en", "name_zh") if lang() == "en" else ("name_zh", "name_en"))]
        name = next((n for n in names if n), None)
        return f"<b>{html.escape(name)}</b> <code>{html.escape(uid)}</code>" if name else f"<b>{html.escape(uid)}</b>"

    def show_feature(self, uid: str | None) -> None:
        self.uid = uid
        project = self.controller.project
        rows = project.edits_for(uid) if (uid and project) else []
        record = self._record(uid) if uid else None
        self.title.setText(self._heading(uid, record) if uid else tr("No feature selected."))
        self.journal_label.setText(tr("Saved changes (journal)"))
        self.status_label.setText(tr("Status history"))
        self.journal.setHorizontalHeaderLabels([tr("Time (UTC)"), tr("Editor"), tr("Change")])
        self.statuses.setHorizontalHeaderLabels([tr("Status"), tr("Date"), tr("Source")])
        self.journal.setRowCount(len(rows))
        for r, row in enumerate(reversed(rows)):
            for c, value in enumerate((row.get("at"), row.get("editor"), journal_text(row, record))):
                self.journal.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
        session = self.controller.session
        history = [] if uid is None else (session.status_history(uid) if session and session.layer_of(uid)
                   else project.status_history(uid) if project else [])
        self.statuses.setRowCount(len(history))
        for r, h in enumerate(history):
            unsaved = tr(" (unsaved)") if h.get("unsaved") else ""
            when = date_as_known(h["date"], h.get("date_precision"))
            source = note_text(h["source"], h.get("source_code"), "history_source")
            for c, value in enumerate((_status_text(h["status"]) + unsaved, when, source)):
                self.statuses.setItem(r, c, QTableWidgetItem(value or ""))
