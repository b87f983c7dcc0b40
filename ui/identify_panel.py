"""Identify: a clicked feature's attributes, dated status history and every plan clause that
calls for it, with the feature's name highlighted in the clause text.

Features often share a point (several facilities placed at the same town centre), so a
click lists every feature under the cursor, named, and any of them can be picked.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QTextBrowser, QVBoxLayout, QWidget

from gisplanner.features import date_as_known
from gisplanner.layers import layer_definition, relation_label, status
from gisplanner.source_words import LOCATION_CODE
from gisplanner.ui.i18n import lang, on_language_changed, tr
from gisplanner.ui.source_words import note_text

HIGHLIGHT = "background-color:#ffe082;"
SKIP_FIELDS = {"fid", "uid", "name_zh", "name_en", "status", "geometry", "layer"}


def highlight_terms(feature: dict, quote: str | None) -> list[str]:
    """Strings naming the feature in a clause: the link's quote, its names and aliases."""
    terms = [quote or "", feature.get("name_zh") or "", feature.get("name_en") or ""]
    terms += re.split(r"[|;；、,，]", feature.get("aliases") or "")
    return sorted({t.strip() for t in terms if t and len(t.strip()) >= 2}, key=len, reverse=True)


def highlighted_html(text: str, terms: list[str]) -> str:
    """``text`` escaped, with every occurrence of any term wrapped in a highlight span."""
    spans: list[tuple[int, int]] = []
    for term in terms:
        for m in re.finditer(re.escape(term), text):
            if not any(s < m.end() and m.start() < e for s, e in spans):
                spans.append((m.start(), m.end()))
    out, pos = [], 0
    for s, e in sorted(spans):
        out += [html.escape(text[pos:s]), f'<span style="{HIGHLIGHT}"><b>{html.escape(text[s:e])}</b></span>']
        pos = e
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _status_label(status_id: str | None) -> str:
    try:
        s = status(status_id or "")
    except KeyError:
        return html.escape(status_id or "")
    return f'<span style="color:{s.color}; font-weight:bold;">■ {html.escape(s.label(lang()))}</span>'


class IdentifyPanel(QWidget):
    """Shows one feature; ``show_clause`` asks the window to open a clause in its plan text."""

    show_clause = Signal(str)
    feature_requested = Signal(str)
    zoom_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = None
        self.uid: str | None = None
        self.others: list[str] = []
        self.stack: list[str] = []  # every feature of the last click, in hit order
        self.stack_label = QLabel()
        self.stack_list = QListWidget()
        self.stack_list.setObjectName("identify_stack")
        self.stack_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long names elide
        self.stack_list.currentItemChanged.connect(self._picked)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._anchor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.stack_label)
        layout.addWidget(self.stack_list)
        layout.addWidget(self.browser, 1)
        on_language_changed(self, lambda: self.show_feature(self.uid, self.others))
        self.show_feature(None)

    def set_project(self, project) -> None:
        self.project = project
        self.show_feature(None)

    def _anchor(self, url: QUrl) -> None:
        kind, _, value = url.toString().partition(":")
        if kind == "clause":
            self.show_clause.emit(QUrl.fromPercentEncoding(value.encode()))
        elif kind == "zoom":
            self.zoom_requested.emit(QUrl.fromPercentEncoding(value.encode()))

    def _picked(self, item: QListWidgetItem | None, _previous=None) -> None:
        uid = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if uid and uid != self.uid:
            self.show_feature(uid, [o for o in self.stack if o != uid])
            self.feature_requested.emit(uid)

    def pick(self, uid: str) -> None:
        """Show ``uid`` of the listed stack, as a click on its row does."""
        for row in range(self.stack_list.count()):
            if self.stack_list.item(row).data(Qt.ItemDataRole.UserRole) == uid:
                self.stack_list.setCurrentRow(row)

    def text(self) -> str:
        return self.browser.toPlainText()

    def show_feature(self, uid: str | None, others: list[str] | None = None) -> None:
        self.uid, self.others = uid, [o for o in (others or []) if o and o != uid]
        feature = self.project.feature(uid) if (self.project and uid) else None
        stack = [uid, *self.others] if feature is not None else []
        if set(stack) != set(self.stack) or len(stack) != len(self.stack):
            self.stack = stack
        self._fill_stack(feature)
        if feature is None:
            self.uid = None
            hint = tr("Click a feature on the map to see its attributes and the plan clauses that call for it.")
            self.browser.setHtml(f"<p style='color:#666'>{html.escape(hint)}</p>")
            return
        self.browser.setHtml(self._feature_html(feature))

    def _feature_html(self, f: dict) -> str:
        definition = layer_definition(f["layer"])
        zh = lang() == "zh"
        name, other = feature_names(f)
        parts = [f"<h2 style='margin-bottom:0'>{html.escape(name)}</h2>",
                 f"<div style='color:#555'>{html.escape(other)}</div>",
                 f"<p>{html.escape(definition.title(lang()))} · {_status_label(f.get('status'))}"
                 f" · <code>{html.escape(f['uid'])}</code>"
                 f" · <a href='zoom:{QUrl.toPercentEncoding(f['uid']).data().decode()}'>{tr('zoom to')}</a></p>"]
        rows = []
        for field in definition.fields:
            if field.name in SKIP_FIELDS:
                continue
            value = f.get(field.name)
            if value is None or value == "":
                continue
            if field.type == "enum":
                value = definition.value_label(field.name, value, lang())
            elif field.name == "aliases":
                value = " · ".join(str(value).split("|"))
            elif field.name == "location_source":
                value = note_text(value, f.get(LOCATION_CODE))
            rows.append(f"<tr><td style='color:#555;padding-right:8px'>{html.escape(field.label(lang()))}</td>"
                        f"<td>{html.escape(str(value))}</td></tr>")
        parts.append(f"<h3>{tr('Attributes')}</h3><table>{''.join(rows)}</table>")
        history = self.project.status_history(f["uid"])
        if history:
            items = "".join(
                f"<tr><td style='padding-right:8px'>{html.escape(date_as_known(h['date'], h.get('date_precision')))}</td><td>{_status_label(h['status'])}</td>"
                f"<td style='color:#666'>{html.escape(note_text(h['source'], h.get('source_code'), 'history_source'))}</td></tr>"
                for h in history)
            parts.append(f"<h3>{tr('Status history')}</h3><table>{items}</table>")
        clauses = self.project.clauses_for(f["uid"])
        parts.append(f"<h3>{tr('Linked plan clauses')} ({len(clauses)})</h3>")
        if not clauses:
            parts.append(f"<p style='color:#666'>{tr('No plan clause is linked to this feature.')}</p>")
        for c in clauses:
            title = c["plan_title"] if zh or not c.get("plan_title_en") else c["plan_title_en"]
            meta = " ".join(x for x in (c.get("plan_number") or "", c.get("plan_date") or "") if x)
            terms = highlight_terms(f, c.get("quote"))
            link = "clause:" + QUrl.toPercentEncoding(c["clause_id"]).data().decode()
            parts.append(
                f"<div style='margin:6px 0 10px 0'><b>{html.escape(title)}</b>"
                f" <span style='color:#666'>{html.escape(meta)}</span><br/>"
                f"{html.escape(tr('Clause'))} <b>{html.escape(c['number'] or c['path'])}</b>"
                f" <span style='color:#666'>({html.escape(c['path'])}; {html.escape(relation_label(c['relation'], lang()))})</span>"
                f" — <a href='{link}'>{tr('show in document')}</a>"
                f"<div style='margin-top:3px'>{highlighted_html(c['text'] or '', terms)}</div></div>")
        return "".join(parts)

    def _fill_stack(self, shown: dict | None) -> None:
        """The list of every feature of the click (hidden for a single one)."""
        many = len(self.stack) > 1
        self.stack_label.setVisible(many)
        self.stack_list.setVisible(many)
        self.stack_list.blockSignals(True)
        self.stack_list.clear()
        if many:
            self.stack_label.setText(tr("{n} features here — pick one:").format(n=len(self.stack)))
            for uid in self.stack:
                f = shown if shown is not None and uid == shown["uid"] else self.project.feature(uid)
                item = QListWidgetItem(stack_item_text(f, uid))
                item.setData(Qt.ItemDataRole.UserRole, uid)
                item.setIcon(_status_icon(f.get("status") if f else None))
                item.setToolTip(f"{item.text()}\n{uid}")
                self.stack_list.addItem(item)
                if uid == self.uid:
                    self.stack_list.setCurrentItem(item)
            rows = min(len(self.stack), 8)
            self.stack_list.setFixedHeight(self.stack_list.sizeHintForRow(0) * rows + 2 * self.stack_list.frameWidth() + 2)
        self.stack_list.blockSignals(False)


def feature_names(feature: dict) -> tuple[str, str]:
    """The feature's name in the UI language (a heading) and its other name (data as stored)."""
    zh, en = feature.get("name_zh") or "", feature.get("name_en") or ""
    if lang() == "en" and en:
        return en, zh
    return (zh or en or feature["uid"]), (en if zh else "")


def stack_item_text(feature: dict | None, uid: str) -> str:
    """One row of the stack: the feature's name in the UI language (data as stored) and its layer."""
    if feature is None:
        return uid
    name = (feature.get("name_en") if lang() == "en" else None) or feature.get("name_zh") or feature.get("name_en") or uid
    return f"{name} — {layer_definition(feature['layer']).title(lang())}"


def _status_icon(status_id: str | None) -> QIcon:
    pix = QPixmap(10, 10)
    try:
        pix.fill(QColor(status(status_id or "").color))
    except KeyError:
        pix.fill(QColor("#9e9e9e"))
    return QIcon(pix)
