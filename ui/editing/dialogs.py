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
from gisplanner.ui.editing.field_editors import DATE_FORMAT, enum_items, status_icon, t
from gisplanner.ui.editing.field_marks import focus_first, live_signal, mark

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
        super().__init__(t("Move features", "移动要素"), parent)
        self.east, self.north = QDoubleSpinBox(self), QDoubleSpinBox(self)
        for box in (self.east, self.north):
            box.setRange(-100_000, 100_000)
            box.setSuffix(" m")
            box.setDecimals(1)
        self.form.addRow(QLabel(f"{count} {t('features', '个要素')}"))
        self.form.addRow(t("East (+) / west (−)", "向东(+)/向西(−)"), self.east)
        self.form.addRow(t("North (+) / south (−)", "向北(+)/向南(−)"), self.north)

    def problem(self) -> str | None:
        if not self.east.value() and not self.north.value():
            return t("Enter a distance to move.", "请输入移动距离。")
        return None


class PlaceFeatureDialog(_Dialog):
    """A new point feature at a place found by name in the offline gazetteer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(t("Add a feature at a place", "按地名新增要素"), parent)
        self.layer = QComboBox(self)
        for d in layer_definitions():
            if d.is_point:
                self.layer.addItem(d.title(), d.name)
        self.layer.setCurrentIndex(max(0, self.layer.findData("facilities")))
        self.place = QLineEdit(self)
        self.place.setPlaceholderText(t("place name, e.g. 木洞镇 or Jinwan", "地名，如 木洞镇 或 金湾"))
        self.found = QLabel(self)
        self.name_zh, self.name_en = QLineEdit(self), QLineEdit(self)
        self.kind, self.status = QComboBox(self), QComboBox(self)
        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DATE_FORMAT)
        self.form.addRow(t("Layer", "图层"), self.layer)
        self.form.addRow(t("Place name", "地名"), self.place)
        self.form.addRow("", self.found)
        self.form.addRow(t("Name (Chinese) *", "中文名称 *"), self.name_zh)
        self.form.addRow(t("Name (English)", "英文名称"), self.name_en)
        self.form.addRow(t("Kind *", "类型 *"), self.kind)
        self.form.addRow(t("Status *", "状态 *"), self.status)
        self.form.addRow(t("Status date *", "状态日期 *"), self.date)
        self.layer.currentIndexChanged.connect(self._fill_enums)
        self.place.textChanged.connect(self._look_up)
        self.result = None
        self._fill_enums()
        self.watch({"place": self.place, "name_zh": self.name_zh, "kind": self.kind})

    def _fill_enums(self) -> None:
        definition = layer_definition(self.layer.currentData())
        self.kind.clear()
        self.kind.setPlaceholderText(t("Choose…", "请选择…"))
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
            self.found.setText(t("no place of that name in the gazetteer", "地名库中没有这个地名") if text.strip() else "")
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
            problems["place"] = t("Type a place name the gazetteer knows.", "请输入地名库中的地名。")
        if not self.name_zh.text().strip():
            problems["name_zh"] = t("Name (Chinese) is required.", "中文名称为必填项。")
        if self.kind.currentData() is None:
            problems["kind"] = t("Choose a kind.", "请选择类型。")
        return self.marked(problems)

    def feature(self) -> tuple[str, dict, tuple[float, float]]:
        """The new feature; its location source is written in the window's language (our words)."""
        from gisplanner.ui.i18n import tr

        p = self.result.place
        attrs = {"name_zh": self.name_zh.text().strip(), "name_en": self.name_en.text().strip() or None,
                 "kind": self.kind.currentData(), "status": self.status.currentData(),
                 "status_date": self.date.date().toString(DATE_FORMAT), "location_precision": p.precision,
                 "location_source": tr("gazetteer: {place} ({id})").format(place=p.name_zh, id=p.id)}
        return self.layer.currentData(), attrs, (p.lon, p.lat)


class LinkClauseDialog(_Dialog):
    """Pick a plan clause by full-text search and say how the feature relates to it."""

    def __init__(self, project, uid: str, parent: QWidget | None = None) -> None:
        super().__init__(t("Link to a plan clause", "关联规划条款"), parent)
        self.project = project
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(t("search the plans, e.g. 疫苗", "搜索规划条款，如 疫苗"))
        self.hits = QListWidget(self)
        self.hits.setMinimumSize(560, 260)
        self.relation = QComboBox(self)
        for r in RELATIONS:
            self.relation.addItem(r, r)
        self.quote = QLineEdit(self)
        self.form.addRow(QLabel(f"<code>{uid}</code>"))
        self.form.addRow(t("Search", "搜索"), self.query)
        self.form.addRow(self.hits)
        self.form.addRow(t("Relation", "关系"), self.relation)
        self.form.addRow(t("Quote (optional)", "引文（可选）"), self.quote)
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
            return t("Search and choose a clause.", "请搜索并选择一个条款。")
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
        super().__init__(t(f"New feature: {self.definition.title_en}", f"新增要素：{self.definition.title_zh}"), parent)
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
        from gisplanner.ui.i18n import tr

        value = self.DEFAULTS.get(name)
        return tr(value) if name == "location_source" else value

    def record(self) -> dict:
        return {name: self._value(editor) for name, editor in self.editors.items()}

    def problem(self) -> str | None:
        from gisplanner.ui.editing.refusal_words import problem_text
        from gisplanner.ui.i18n import lang

        record = {**self.record(), "uid": "new"}
        problems = self.definition.validate(record)
        self.marked(problems)
        if problems:
            return ("；" if lang() == "zh" else "; ").join(problem_text(p) for p in problems.values())  # each names its field
        return None
