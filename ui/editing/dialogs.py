"""Small dialogs for edits made from the window: move by metres, place a new feature by
name (offline geocoder), link a feature to a plan clause found by search."""

from __future__ import annotations

import math

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gisplanner import source_words
from gisplanner.features import RELATIONS
from gisplanner.geocode import geocode
from gisplanner.layers import layer_definition, layer_definitions
from gisplanner.source_words import LOCATION_CODE, SourceWords
from gisplanner.ui.editing.field_editors import DATE_FORMAT, enum_items, status_icon
from gisplanner.ui.editing.field_marks import focus_first, live_signal, mark
from gisplanner.ui.editing.words import relation_text
from gisplanner.ui.i18n import lang, tr
from gisplanner.ui.source_words import part_text

METRES_PER_DEGREE = 111_320.0


def metres_to_degrees(east: float, north: float, lat: float) -> tuple[float, float]:
    """Offsets in metres at latitude ``lat`` as degrees of longitude and latitude."""
    return east / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 1e-6)), north / METRES_PER_DEGREE


class _Dialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #c62828")
        self.message.setWordWrap(True)
        self.layout_.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)
        self.fields: dict[str, QWidget] = {}  # editors that problem() marks, in form order
        self._checked = False  # OK was pressed: from then on every change is re-checked

    def _accept(self) -> None:
        self._checked = True
        problem = self.problem()
        self.message.setText(problem or "")
        if not problem:
            self.accept()
        else:
            focus_first(self.fields.values())

    def watch(self, fields: dict[str, QWidget]) -> None:
        """Re-check ``fields`` on every change once OK has been pressed."""
        self.fields.update(fields)
        for editor in fields.values():
            live_signal(editor).connect(self._recheck)

    def _recheck(self) -> None:
        if self._checked:  # no marks while the form is first filled in
            self.message.setText(self.problem() or "")

    def problem(self) -> str | None:
        return None

    def marked(self, problems: dict[str, str]) -> str | None:
        """Mark the fields with problems, clear the others; the problems as one message."""
        for name, editor in self.fields.items():
            mark(editor, problems.get(name))
        return "\n".join(problems.values()) or None


class MoveDialog(_Dialog):
    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("Move features"), parent)
        self.east, self.north = QDoubleSpinBox(self), QDoubleSpinBox(self)
        for box in (self.east, self.north):
            box.setRange(-100_000, 100_000)
            box.setSuffix(" m")
            box.setDecimals(1)
        self.form.addRow(QLabel(f"{count} {tr('features')}"))
        self.form.addRow(tr("East (+) / west (−)"), self.east)
        self.form.addRow(tr("North (+) / south (−)"), self.north)

    def problem(self) -> str | None:
        if not self.east.value() and not self.north.value():
            return tr("Enter a distance to move.")
        return None


class PlaceFeatureDialog(_Dialog):
    """A new point feature at a place found by name in the offline gazetteer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Add a feature at a place"), parent)
        self.layer = QComboBox(self)
        for d in layer_definitions():
            if d.is_point:
                self.layer.addItem(d.title(lang()), d.name)
        self.layer.setCurrentIndex(max(0, self.layer.findData("facilities")))
        self.place = QLineEdit(self)
        self.place.setPlaceholderText(tr("place name, e.g. Mudong or Jinwan"))
        self.found = QLabel(self)
        self.name_zh, self.name_en = QLineEdit(self), QLineEdit(self)
        self.kind, self.status = QComboBox(self), QComboBox(self)
        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DATE_FORMAT)
        self.form.addRow(tr("Layer"), self.layer)
        self.form.addRow(tr("Place name"), self.place)
        self.form.addRow("", self.found)
        self.form.addRow(tr("Name (Chinese) *"), self.name_zh)
        self.form.addRow(tr("Name (English)"), self.name_en)
        self.form.addRow(tr("Kind *"), self.kind)
        self.form.addRow(tr("Status *"), self.status)
        self.form.addRow(tr("Status date *"), self.date)
        self.layer.currentIndexChanged.connect(self._fill_enums)
        self.place.textChanged.connect(self._look_up)
        self.result = None
        self._fill_enums()
        self.watch({"place": self.place, "name_zh": self.name_zh, "kind": self.kind})

    def _fill_enums(self) -> None:
        definition = layer_definition(self.layer.currentData())
        self.kind.clear()
        self.kind.setPlaceholderText(tr("Choose…"))
        for value, label in enum_items(definition.field("kind"), definition.name):
            self.kind.addItem(label, value)
        self.kind.setCurrentIndex(-1)  # a kind is the planner's choice, not the list's first entry
        if not self.status.count():
            for value, label in enum_items(definition.field("status"), definition.name):
                self.status.addItem(status_icon(value), label, value)
            self.status.setCurrentIndex(self.status.findData("proposed"))

    def _look_up(self, text: str) -> None:
        self.result = geocode(text) if text.strip() else None
        if self.result is None:
            self.found.setText(tr("no place of that name in the gazetteer") if text.strip() else "")
            return
        p = self.result.place
        from gisplanner.ui.i18n import lang

        name = (p.name_en if lang() == "en" else None) or p.name_zh
        precision = layer_definition(self.layer.currentData()).value_label("location_precision", p.precision, lang())
        self.found.setText(f"{name} ({precision}) {p.lon:.4f}, {p.lat:.4f}")
        if not self.name_zh.text():
            self.name_zh.setPlaceholderText(p.name_zh)

    def problem(self) -> str | None:
        problems = {}
        if self.result is None:
            problems["place"] = tr("Type a place name the gazetteer knows.")
        if not self.name_zh.text().strip():
            problems["name_zh"] = tr("Name (Chinese) is required.")
        if self.kind.currentData() is None:
            problems["kind"] = tr("Choose a kind.")
        return self.marked(problems)

    def feature(self) -> tuple[str, dict, tuple[float, float]]:
        """The new feature; its location source is our words, stored with their codes so every
        window words it in its language."""
        p = self.result.place
        placed = SourceWords("gazetteer", place=p.name_zh, id=p.id)
        attrs = {"name_zh": self.name_zh.text().strip(), "name_en": self.name_en.text().strip() or None,
                 "kind": self.kind.currentData(), "status": self.status.currentData(),
                 "status_date": self.date.date().toString(DATE_FORMAT), "location_precision": p.precision,
                 "location_source": str(placed), LOCATION_CODE: source_words.dumps(placed)}
        return self.layer.currentData(), attrs, (p.lon, p.lat)


class LinkClauseDialog(_Dialog):
    """Pick a plan clause by full-text search and say how the feature relates to it."""

    def __init__(self, project, uid: str, parent: QWidget | None = None) -> None:
        super().__init__(tr("Link to a plan clause"), parent)
        self.project = project
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(tr("search the plans (in Chinese words)"))
        self.hits = QListWidget(self)
        self.hits.setMinimumSize(560, 260)
        self.relation = QComboBox(self)
        for r in RELATIONS:
            self.relation.addItem(relation_text(r), r)
        self.quote = QLineEdit(self)
        self.form.addRow(QLabel(f"<code>{uid}</code>"))
        self.form.addRow(tr("Search"), self.query)
        self.form.addRow(self.hits)
        self.form.addRow(tr("Relation"), self.relation)
        self.form.addRow(tr("Quote (optional)"), self.quote)
        self.query.textChanged.connect(self._search)

    def _search(self, text: str) -> None:
        self.hits.clear()
        if not text.strip():
            return
        for hit in self.project.search(text, limit=30):
            item = QListWidgetItem(f"{hit.clause_id}  {hit.plan_title}  {hit.snippet()}")
            item.setData(Qt.ItemDataRole.UserRole, hit.clause_id)
            self.hits.addItem(item)
        if self.hits.count():
            self.hits.setCurrentRow(0)

    def problem(self) -> str | None:
        if self.hits.currentItem() is None:
            return tr("Search and choose a clause.")
        return None

    def choice(self) -> tuple[str, str, str | None]:
        return (self.hits.currentItem().data(Qt.ItemDataRole.UserRole), self.relation.currentData(),
                self.quote.text().strip() or None)


class NewFeatureDialog(_Dialog):
    """Attributes of a feature just drawn, with editors generated from the layer definition."""

    DRAWN = SourceWords("drawn")
    DEFAULTS = {"status": "proposed", "location_precision": "site", "location_source": DRAWN}

    def __init__(self, layer: str, parent: QWidget | None = None) -> None:
        from gisplanner.ui.editing.field_editors import editor_value, make_editor, set_editor_value

        self.definition = layer_definition(layer)
        super().__init__(tr("New feature: {layer}").format(layer=self.definition.title(lang())), parent)
        self._value = editor_value
        self.editors = {}
        for fdef in self.definition.fields:
            if not fdef.editable:
                continue
            editor = make_editor(fdef, layer, self)
            editor.setObjectName(f"new_{fdef.name}")
            set_editor_value(editor, self.default(fdef.name))
            if fdef.name == "status_date":
                set_editor_value(editor, QDate.currentDate().toString(DATE_FORMAT))
            self.form.addRow(fdef.label() + (" *" if fdef.required else ""), editor)
            self.editors[fdef.name] = editor
        self.watch(self.editors)

    def default(self, name: str):
        """A field's first value; the location source is our words, in the window's language."""
        value = self.DEFAULTS.get(name)
        return part_text(value) if name == "location_source" else value

    def record(self) -> dict:
        """The new feature's attributes; our location words, left as they are, stored with their codes."""
        out = {name: self._value(editor) for name, editor in self.editors.items()}
        if out.get("location_source") == part_text(self.DRAWN):
            out.update({"location_source": str(self.DRAWN), LOCATION_CODE: source_words.dumps(self.DRAWN)})
        return out

    def problem(self) -> str | None:
        from gisplanner.ui.editing.refusal_words import problem_text
        from gisplanner.ui.i18n import lang

        record = {**self.record(), "uid": "new"}
        problems = self.definition.validate(record)
        self.marked(problems)
        if problems:
            return ("；" if lang() == "zh" else "; ").join(problem_text(p) for p in problems.values())  # each names its field
        return None
