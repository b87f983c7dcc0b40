"""Find UI text in the wrong language: collect every text a window shows and check it.

``widget_texts(widget)`` walks a widget tree (titles, labels, buttons, placeholders, tooltips,
combo items, headers and cells, group boxes, tabs, menus and their actions);
``wrong_language(texts, lang, data)`` names each text that holds the other language: Latin
words in the Chinese UI (beyond ``ALLOWED_LATIN``), Chinese characters in the English UI.
Texts that come from the project's data (``project_data_texts``) are cut out first: they are
shown as stored in either language.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
import string
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QDoubleSpinBox,
    QFileDialog,
    QFileSystemModel,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QSpinBox,
    QStatusBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from gisplanner.source_words import loads

# Latin words a Chinese UI may show: file formats, coordinate systems, proper names, units,
# paper sizes, keys of keyboard shortcuts. Single letters (keys, axes, paper series) pass too.
ALLOWED_LATIN = {w.lower() for w in """
    GeoPackage gpkg GeoJSON json CSV txt KML KMZ DXF HTML PDF PNG SVG XLSX Shapefile shp TOML SQL
    WGS84 WGS CGCS2000 CGCS GCJ BD EPSG Gauss Kruger AMap Baidu
    gisplanner QGIS PostGIS PostgreSQL OpenStreetMap OSM MBTiles Leaflet Python Qt uid ID
    km m mm ha dpi px mu YYYY MM DD UTC
    Letter Legal
    Ctrl Shift Alt Meta Esc Home End Enter Return Tab Del Delete Backspace Ins PgUp PgDown Space
    English
""".split()}
# Chinese words an English UI may show: the name of the other language in its own script.
ALLOWED_CJK = ("中文",)

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_WORD = re.compile(r"[A-Za-z]+")
_TAG = re.compile(r"<[^>]+>")
_MNEMONIC = re.compile(r"\(&\w\)|&(?=\S)")
_ONE_PATH = re.compile(r"(?:[A-Za-z]:)?[/\\]\S*")
_URL = re.compile(r"\b\w+://\S+")  # an example address, e.g. postgresql://user@host/db
_PATH = re.compile(r"(?<!\S)(?:[A-Za-z]:)?(?:[/\\][^\s/\\]+){2,}[/\\]?")  # a file's path is the user's own
# Project columns holding codes (worded by the UI), not text: they are not "data" to skip.
CODE_COLUMNS = {"status", "kind", "relation", "location_precision", "status_date_precision", "deadline_kind",
                "date_precision", "level", "script", "action", "geometry", "definition", "file", "date",
                "start", "end", "seq", "at", "field", "old", "new", "search_text", "path",
                "source_code", "location_source_code"}


def plain(text: str) -> str:
    """The words a user reads: no mnemonics, rich-text tags or entities."""
    if "<" in text and ">" in text:
        text = html.unescape(_TAG.sub(" ", text))
    return _MNEMONIC.sub("", text)


def other_language(text: str, lang: str) -> str | None:
    """The part of ``text`` in the other language, or None."""
    if lang == "zh":
        if _ONE_PATH.fullmatch(text.strip()):
            return None
        bad = [w for w in _WORD.findall(_PATH.sub(" ", _URL.sub(" ", text))) if len(w) > 1 and w.lower() not in ALLOWED_LATIN]
        return " ".join(bad) or None
    for allowed in ALLOWED_CJK:
        text = text.replace(allowed, "")
    bad = _CJK.findall(text)
    return "".join(bad) or None


def wrong_language(texts: Iterable[tuple[str, str]], lang: str, data: set[str]) -> list[str]:
    """``where: text`` for each text that holds the other language once data is cut out."""
    longest_first = sorted((d for d in data if len(d) >= 2), key=len, reverse=True)
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    lines = [(where, line.strip()) for where, raw in texts for line in plain(raw).splitlines()]
    for where, text in lines:
        if not text or (where, text) in seen:
            continue
        seen.add((where, text))
        if text in data or other_language(text, lang) is None:
            continue
        cut = text.strip("…").rstrip(".").replace("【", "").replace("】", "")  # cut short, search terms marked
        if len(cut) >= 12 and any(cut in d for d in longest_first if len(d) > len(cut)):
            continue
        rest = text
        for d in longest_first:
            if d in rest:
                rest = rest.replace(d, " ")
                if other_language(rest, lang) is None:
                    break
        pieces = [p for p in rest.split() if other_language(p, lang) is not None]
        if any(not _cut_from(p, longest_first) for p in pieces):
            problems.append(f"{where}: {text!r}")
    return problems


def _cut_from(piece: str, data: list[str]) -> bool:
    """``piece`` is a stretch of some data text (a long text shortened for a list)."""
    piece = piece.strip("…").replace("【", "").replace("】", "")
    return len(piece) >= 8 and any(piece in d for d in data if len(d) > len(piece))


CJK = re.compile(r"[\u3400-\u9fff]")  # Chinese characters in a sentence template's own words


def fixed_text(template: str) -> str:
    """A sentence template's own words, its parameters left out."""
    return "".join(literal for literal, *_rest in string.Formatter().parse(template))


def project_data_texts(path: Path) -> set[str]:
    """Every text the project stores (names, clause and plan text, sources, bookmarks), less codes."""
    out: set[str] = set()
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
                  if not r[0].startswith(("gpkg_", "rtree_", "sqlite_", "_", "clauses_fts"))]
        for table in tables:
            every = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]
            columns = [c for c in every if c not in CODE_COLUMNS]
            for column in columns:
                twin = f"{column}_code" if f"{column}_code" in every else "NULL"
                for value, coded in db.execute(f'SELECT DISTINCT "{column}", {twin} FROM "{table}"'):
                    if (parts := loads(value, coded)) is not None:  # gisplanner's own note, worded by the
                        out.update(str(v) for p in parts for k, v in p.params.items()  # window: its
                                   if k != "precision" and isinstance(v, str))  # file, editor, place are data
                        continue
                    if isinstance(value, str):
                        _add_text(out, value)
                    if isinstance(value, str) and column == "aliases":  # a list shown item by item
                        out.update(part.strip() for part in re.split(r"[|;；、,，]", value) if part.strip())
        # a clause is named by its plan and its place in the plan's headings ("001:重点任务/(四)/14")
        for plan_id, clause_path in db.execute("SELECT plan_id, path FROM clauses"):
            out.update({clause_path, f"{plan_id}:{clause_path}"})
    return out


def _add_text(out: set[str], value: str) -> None:
    value = value.strip()
    if value.startswith(("[", "{")):
        try:
            _add_json(out, json.loads(value))
            return
        except ValueError:
            pass
    for text in (value, plain(value)):  # "R&D" shows as "R&D", or "RD" where & marks a mnemonic
        out.add(text)
        out.update(line.strip() for line in text.splitlines() if line.strip())


def _add_json(out: set[str], value) -> None:
    if isinstance(value, str):
        _add_text(out, value)
    elif isinstance(value, dict):
        for v in value.values():
            _add_json(out, v)
    elif isinstance(value, list):
        for v in value:
            _add_json(out, v)


# -- collecting -----------------------------------------------------------------------------
def _name(w: QWidget) -> str:
    return f"{type(w).__name__}({w.objectName()})" if w.objectName() else type(w).__name__


def menu_texts(menu: QMenu, where: str = "menu", depth: int = 0) -> list[tuple[str, str]]:
    """A menu's title and every action's text, tooltip and status tip, submenus included
    (menus filled on demand are asked to fill first)."""
    menu.aboutToShow.emit()
    out = [(where, menu.title())]
    for action in menu.actions():
        if action.isSeparator():
            continue
        here = f"{where} > {plain(action.text()) or action.objectName()}"
        out += [(here, action.text()), (here + " [tip]", action.toolTip()), (here + " [status]", action.statusTip())]
        if action.menu() is not None and depth < 4:
            out += menu_texts(action.menu(), here, depth + 1)
    return out


def _columns(model, parent: QModelIndex) -> int:
    if isinstance(model, QAbstractListModel):  # its columnCount is private: one column
        return 1
    return model.columnCount(parent)


def _model_texts(view: QAbstractItemView, where: str, max_rows: int) -> list[tuple[str, str]]:
    model = view.model()
    if model is None:
        return []
    out = []
    for col in range(_columns(model, QModelIndex())):
        out.append((f"{where} header", str(model.headerData(col, Qt.Orientation.Horizontal) or "")))
    if isinstance(model, QFileSystemModel) or isinstance(view.window(), QFileDialog):
        return out  # file and folder names are the user's own
    budget = [max_rows]

    def walk(parent: QModelIndex, depth: int) -> None:
        for row in range(model.rowCount(parent)):
            if budget[0] <= 0:
                return
            budget[0] -= 1
            for col in range(_columns(model, parent)):
                index = model.index(row, col, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    if isinstance(value, str):
                        out.append((f"{where} cell", value))
                if col == 0 and depth < 6 and model.rowCount(index):
                    walk(index, depth + 1)

    walk(QModelIndex(), 0)
    return out


def widget_texts(root: QWidget, skip: tuple[type, ...] = (), leave_out: Iterable[QWidget] = (),
                 max_rows: int = 300) -> list[tuple[str, str]]:
    """Every text ``root`` and its descendants show; ``skip`` classes show data (their own
    contents are not collected, their children are); ``leave_out`` widgets are left out with
    everything inside them."""
    out: list[tuple[str, str]] = []
    left_out = {id(w) for top in leave_out for w in [top, *top.findChildren(QWidget)]}
    for w in [root, *root.findChildren(QWidget)]:
        if id(w) in left_out:
            continue
        where = _name(w)
        for tip in (w.toolTip(), w.statusTip(), w.whatsThis()):
            out.append((f"{where} [tip]", tip))
        if w.isWindow() or isinstance(w, QDockWidget):
            out.append((f"{where} title", w.windowTitle()))
        for action in w.actions():
            if not isinstance(w, QMenu):
                out += [(f"{where} action", action.text()), (f"{where} action [tip]", action.toolTip())]
        if isinstance(w, skip):
            continue
        if isinstance(w, QLabel):
            out.append((where, w.text()))
        elif isinstance(w, QAbstractButton):
            out.append((where, w.text()))
        elif isinstance(w, QLineEdit):
            out.append((f"{where} placeholder", w.placeholderText()))
            if w.isReadOnly():
                out.append((where, w.text()))
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            out.append((f"{where} placeholder", w.placeholderText()))
            if w.isReadOnly():
                out += [(where, line) for line in w.toPlainText().splitlines()]
        elif isinstance(w, QComboBox) and w.objectName() != "lookInCombo":  # the file dialog's folders
            out += [(f"{where} item", w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QGroupBox):
            out.append((where, w.title()))
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                out += [(f"{where} tab", w.tabText(i)), (f"{where} tab [tip]", w.tabToolTip(i))]
        elif isinstance(w, QSpinBox | QDoubleSpinBox):
            out += [(where, w.prefix()), (where, w.suffix()), (where, w.specialValueText())]
        elif isinstance(w, QAbstractSpinBox):
            out.append((where, w.specialValueText()))
        elif isinstance(w, QProgressBar):
            out.append((where, w.text()))
        elif isinstance(w, QStatusBar):
            out.append((where, w.currentMessage()))
        elif isinstance(w, QMenu):
            out += menu_texts(w, where)
        if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView):  # its view has the cells
            out += _model_texts(w, where, max_rows)
    return [(where, text) for where, text in out if text]


class ModalCatcher:
    """While active, reads and then closes each modal dialog or message box that opens (also
    inside a blocking ``exec()``), so any menu entry can be triggered in a test."""

    def __init__(self, collect: Callable[[QWidget], None]) -> None:
        self.collect = collect
        self.seen: list[QWidget] = []
        self._pending: QWidget | None = None
        self.timer = QTimer()
        self.timer.setInterval(60)
        self.timer.timeout.connect(self._tick)

    def __enter__(self) -> ModalCatcher:
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        w = QApplication.activeModalWidget()
        if w is None:
            self._pending = None
            return
        if w is not self._pending:  # first sight: let it finish filling itself
            self._pending = w
            return
        self.collect(w)
        self.seen.append(w)
        self._pending = None
        if isinstance(w, QDialog):
            w.reject()
        else:
            w.close()
