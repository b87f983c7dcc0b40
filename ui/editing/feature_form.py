"""A feature's form, generated from its layer definition, editing through the session.

Each field gets the editor its type calls for and a message line beside it. A value is
checked the moment the editor is left: an invalid one is refused at once (the message
names the problem, the buffer is untouched) and a valid one becomes one undoable change.
Changing the status opens a dialog asking for the date and a source, since a status change
is recorded in the feature's status history.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from gisplanner.layers import LayerDef, layer_definition
from gisplanner.source_words import LOCATION_CODE
from gisplanner.ui.editing.controller import EditController
from gisplanner.ui.editing.field_editors import (
    StatusChangeDialog,
    editor_changed_signal,
    editor_value,
    make_editor,
    set_editor_value,
)
from gisplanner.ui.editing.field_marks import is_marked, live_signal, mark
from gisplanner.ui.editing.refusal_words import problem_text
from gisplanner.ui.i18n import lang, on_language_changed, tr
from gisplanner.ui.source_words import note_text


class FeatureForm(QWidget):
    def __init__(self, controller: EditController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.uid: str | None = None
        self.definition: LayerDef | None = None
        self.editors: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}
        self._loading = False
        outer = QVBoxLayout(self)
        self.title = QLabel(tr("Select a feature to edit its attributes."))
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        self.body = QWidget(self)
        self.form = QFormLayout(self.body)
        outer.addWidget(self.body)
        outer.addStretch(1)
        controller.changed.connect(self._changed)
        controller.editing_changed.connect(lambda _on: self._reload())
        on_language_changed(self, self._retranslate)

    def _retranslate(self) -> None:
        self.definition = None  # rebuilt: field labels in the new language
        self.show_feature(self.uid)

    def show_feature(self, uid: str | None) -> None:
        self.uid = uid
        layer = self._layer_of(uid) if uid else None
        if layer is None:
            self.uid, self.definition = None, None
            self._clear()
            self.title.setText(tr("Select a feature to edit its attributes."))
            return
        if self.definition is None or self.definition.name != layer:
            self.definition = layer_definition(layer)
            self._build()
        self._reload()

    def _layer_of(self, uid: str) -> str | None:
        session = self.controller.session
        if session is not None:
            return session.layer_of(uid)
        found = self.controller.project.feature_layer(uid) if self.controller.project else None
        return found.name if found else None

    def _clear(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors.clear()
        self.messages.clear()

    def _build(self) -> None:
        self._clear()
        for fdef in self.definition.fields:
            editor = make_editor(fdef, self.definition.name, self.body)
            editor.setObjectName(f"field_{fdef.name}")
            message = QLabel(self.body)
            message.setObjectName(f"message_{fdef.name}")
            message.setStyleSheet("color: #c62828")
            message.setWordWrap(True)
            message.hide()
            row = QWidget(self.body)
            box = QVBoxLayout(row)  # the message sits right under its field
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(1)
            box.addWidget(editor)
            box.addWidget(message)
            label = fdef.label(lang()) + (" *" if fdef.required and fdef.editable else "")
            self.form.addRow(label, row)
            self.editors[fdef.name] = editor
            self.messages[fdef.name] = message
            editor_changed_signal(editor).connect(lambda *_a, name=fdef.name: self._edited(name))
            live_signal(editor).connect(lambda *_a, name=fdef.name: self._recheck(name))

    def _current(self, name: str) -> Any:
        session = self.controller.session
        if session is not None:
            return session.value(self.uid, name)
        feature = self.controller.project.feature(self.uid)
        return feature.get(name) if feature else None

    def _shown(self, name: str) -> Any:
        """A field's value as its editor shows it: the location note gisplanner wrote in the
        window's language (from its codes), anything else as stored."""
        current = self._current(name)
        if name == "location_source" and current:
            return note_text(current, self._current(LOCATION_CODE))
        return current

    def _reload(self) -> None:
        if self.uid is None or self.definition is None:
            return
        if self._layer_of(self.uid) is None:  # deleted in the session
            self.show_feature(None)
            return
        editing = self.controller.editing
        name_zh = self._current("name_zh") or self.uid
        self.title.setText(f"<b>{name_zh}</b> — {self.definition.title(lang())} <code>{self.uid}</code>"
                           + ("" if editing else "<br>" + tr("(read-only: start editing to change it)")))
        self._loading = True
        try:
            for fdef in self.definition.fields:
                editor = self.editors[fdef.name]
                set_editor_value(editor, self._shown(fdef.name))
                editor.setEnabled(editing and fdef.editable)
                self._message(fdef.name, "")
        finally:
            self._loading = False

    def _edited(self, name: str) -> None:
        if self._loading or self.uid is None or not self.controller.editing:
            return
        fdef = self.definition.field(name)
        value = editor_value(self.editors[name])
        current = self._current(name)
        if fdef.validate(value) is None and fdef.coerce(value) in (current, self._shown(name)):
            self._message(name, "")
            return
        if name == "status":
            self._status_edited(value, current)
            return
        problem = fdef.validate(value)
        if problem:
            self._message(name, problem)  # refused at once; the buffer never sees it
            return
        refusals: list[str] = []
        self.controller.refused.connect(refusals.append)
        try:
            accepted = self.controller.apply(lambda s: s.set_value(self.uid, name, value))
        finally:
            self.controller.refused.disconnect(refusals.append)
        self._message(name, "" if accepted else "; ".join(refusals))

    def _recheck(self, name: str) -> None:
        """While a field is marked invalid, re-check it on every change: the mark and its
        message go as soon as the value could be stored (it is stored when the field is left)."""
        if self._loading or not is_marked(self.editors[name]):
            return
        self._message(name, self.definition.field(name).validate(editor_value(self.editors[name])) or "")

    def _message(self, name: str, text: str) -> None:
        label = self.messages[name]
        label.setText(problem_text(text))  # a value problem by its code; a refusal arrives worded
        label.setVisible(bool(text))
        mark(self.editors[name], label.text())

    def ask_status(self, current: str | None, new: str | None) -> tuple[str, str, str] | None:
        dialog = StatusChangeDialog(current, new, f"{self._current('name_zh')} ({self.uid})", self)
        dialog.setObjectName("status_change_dialog")
        return dialog.values() if dialog.exec() else None

    def _status_edited(self, new: str, current: str | None) -> None:
        answer = self.ask_status(current, new)
        if answer is None:
            self._reload()  # canceled: the combo shows the unchanged status again
            return
        status_id, date, source = answer
        accepted = self.controller.apply(lambda s: s.set_status(self.uid, status_id, date, source))
        if not accepted:
            self._reload()

    def _changed(self, uids) -> None:
        if self.uid is not None and (uids is None or self.uid in uids):
            self._reload()
