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

from gisplanner.features import RELATIONS
from gisplanner.geocode import geocode
from gisplanner.layers import layer_definition, layer_definitions
from gisplanner.ui.editing.field_editors import DATE_FORMAT, enum_items, status_icon
from gisplanner.ui.editing.words import relation_text
from gisplanner.ui.i18n import lang, tr

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

    def _accept(self) -> None:
        problem = self.problem()
        self.message.setText(problem or "")
        if not problem:
            self.accept()

    def problem(self) -> str | None:
        return None


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

    def _fill_enums(self) -> None:
        definition = layer_definition(self.layer.currentData())
        self.kind.clear()
        for value, label in enum_items(definition.field("kind"), definition.name):
            self.kind.addItem(label, value)
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
        self.found.setText(f"{p.name_zh} / {p.name_en} ({p.precision}) {p.lon:.4f}, {p.lat:.4f}")
        if not self.name_zh.text():
            self.name_zh.setPlaceholderText(p.name_zh)

    def problem(self) -> str | None:
        if self.result is None:
            return tr("Type a place name the gazetteer knows.")
        if not self.name_zh.text().strip():
            return tr("Name (Chinese) is required.")
        return None

    def feature(self) -> tuple[str, dict, tuple[float, float]]:
        p = self.result.place
        attrs = {"name_zh": self.name_zh.text().strip(), "name_en": self.name_en.text().strip() or None,
                 "kind": self.kind.currentData(), "status": self.status.currentData(),
                 "status_date": self.date.date().toString(DATE_FORMAT), "location_precision": p.precision,
                 "location_source": f"gazetteer: {p.name_zh} ({p.id})"}
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

    DEFAULTS = {"status": "proposed", "location_precision": "site",
                "location_source": "drawn on the map in gisplanner"}

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
            set_editor_value(editor, self.DEFAULTS.get(fdef.name))
            if fdef.name == "status_date":
                set_editor_value(editor, QDate.currentDate().toString(DATE_FORMAT))
            self.form.addRow(fdef.label() + (" *" if fdef.required else ""), editor)
            self.editors[fdef.name] = editor

    def record(self) -> dict:
        return {name: self._value(editor) for name, editor in self.editors.items()}

    def problem(self) -> str | None:
        record = {**self.record(), "uid": "new"}
        problems = self.definition.validate(record)
        if problems:
            return "; ".join(f"{self.definition.field(n).label()}: {m}" for n, m in problems.items())
        return None
