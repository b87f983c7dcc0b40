"""Clause browser: plans → sections → clauses as a tree, the core's search, and a mark on
clauses that call for building something that no feature on the map stands for yet."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QLineEdit,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gisplanner.ui.i18n import bind, lang, on_language_changed, tr

CLAUSE_ROLE = Qt.ItemDataRole.UserRole
# Verbs (simplified and traditional) of a clause that asks for something to be built.
CONSTRUCTION = re.compile(r"建设|建設|新建|建成|扩建|擴建")
UNMAPPED_COLOR = QColor("#c62828")
FILTERED_COLOR = QColor("#9e9e9e")


def calls_for_construction(clause: dict) -> bool:
    """Numbered items and body paragraphs (not a plan's title lines) with a building verb."""
    return (clause["level"] in (3, 9) and bool(clause.get("parent_id"))
            and bool(CONSTRUCTION.search(clause.get("text") or "")))


def unmapped_clause_ids(clauses: list[dict], linked: set[str]) -> set[str]:
    """Numbered items (level 3) and paragraphs that call for construction but link nothing
    (neither they nor a clause under them)."""
    covered = set()
    for cid in linked:
        parts = cid.split("/")
        covered.update("/".join(parts[:k]) for k in range(1, len(parts) + 1))
    return {c["id"] for c in clauses if calls_for_construction(c) and c["id"] not in covered}


def _label(clause: dict) -> str:
    head = clause.get("heading") or ""
    if clause["level"] == 9 or not head:
        text = (clause.get("text") or "").strip()
        return text[:40] + ("…" if len(text) > 40 else "")
    number = clause.get("number") or ""
    return head if head.startswith(number) else f"{number} {head}".strip()


class ClauseBrowser(QWidget):
    clause_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = None
        self.unmapped: set[str] = set()
        self.items: dict[str, QTreeWidgetItem] = {}
        self.links: dict[str, set[str]] = {}  # clause id → linked feature uids
        self.visible_uids: set[str] | None = None  # None: no filter
        self.search_box = QLineEdit()
        self.search_box.setClearButtonEnabled(True)
        bind(self.search_box.setPlaceholderText, "Search the plans (in Chinese words)…")
        self.only_unmapped = QCheckBox()
        bind(self.only_unmapped.setText, "Show &not-mapped clauses only")
        self.only_unmapped.toggled.connect(self._apply_unmapped_filter)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setUniformRowHeights(True)
        self.results = QTreeWidget()
        self.results.setColumnCount(2)
        self.results.setRootIsDecorated(False)
        self.results.setWordWrap(True)
        for view in (self.tree, self.results):
            view.header().setStretchLastSection(False)
            view.header().setSectionResizeMode(0, view.header().ResizeMode.Stretch)
            view.header().setSectionResizeMode(1, view.header().ResizeMode.ResizeToContents)
            view.itemActivated.connect(self._chosen)
            view.itemClicked.connect(self._chosen)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.results)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.search_box)
        layout.addWidget(self.only_unmapped)
        layout.addWidget(self.stack)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.run_search)
        self.search_box.textChanged.connect(lambda _t: self._debounce.start())
        self.search_box.returnPressed.connect(self.run_search)
        bind(self._headers, None)
        on_language_changed(self, self.populate)

    def _headers(self) -> None:
        self.tree.setHeaderLabels([tr("Clause"), ""])
        self.results.setHeaderLabels([tr("Clause"), ""])

    def set_project(self, project) -> None:
        self.project = project
        self.populate()

    def populate(self) -> None:
        self.tree.clear()
        self.items.clear()
        if self.project is None:
            return
        clauses = self.project.clauses()
        self.unmapped = unmapped_clause_ids(clauses, self.project.linked_clause_ids())
        self.links = {}
        for cid, uid in self.project.db.execute("SELECT clause_id, feature_uid FROM links"):
            self.links.setdefault(cid, set()).add(uid)
        plans = {}
        for plan in self.project.plans():
            title = plan["title"] if lang() == "zh" or not plan.get("title_en") else plan["title_en"]
            item = QTreeWidgetItem([f"{plan['id']} {title}", ""])
            item.setToolTip(0, plan["title"])
            self.tree.addTopLevelItem(item)
            plans[plan["id"]] = item
        for c in clauses:
            parent = self.items.get(c["parent_id"]) or plans.get(c["plan_id"])
            if parent is None:
                continue
            item = QTreeWidgetItem(parent, [_label(c), ""])
            item.setData(0, CLAUSE_ROLE, c["id"])
            item.setToolTip(0, (c.get("text") or "")[:300])
            if c["id"] in self.unmapped:
                item.setText(1, tr("not mapped"))
                item.setForeground(1, QBrush(UNMAPPED_COLOR))
            self.items[c["id"]] = item
        self._apply_unmapped_filter()
        self._grey_filtered()
        if self.search_box.text().strip():
            self.run_search()

    def set_visible_uids(self, uids: set[str] | None) -> None:
        """Grey the clauses whose linked features the status/year filter hides."""
        self.visible_uids = uids
        self._grey_filtered()

    def filtered_out(self, clause_id: str) -> bool:
        linked = self.links.get(clause_id)
        return bool(linked) and self.visible_uids is not None and not (linked & self.visible_uids)

    def _grey_filtered(self) -> None:
        normal = self.tree.palette().text()
        for cid, item in self.items.items():
            item.setForeground(0, QBrush(FILTERED_COLOR) if self.filtered_out(cid) else normal)

    def _apply_unmapped_filter(self) -> None:
        only = self.only_unmapped.isChecked()
        for cid, item in self.items.items():
            item.setHidden(only and cid not in self.unmapped and not self._has_unmapped_below(cid))
        if only:
            self.tree.expandAll()

    def _has_unmapped_below(self, cid: str) -> bool:
        prefix = cid + "/"
        return any(u.startswith(prefix) for u in self.unmapped)

    def run_search(self) -> None:
        query = self.search_box.text().strip()
        self.results.clear()
        if not query or self.project is None:
            self.stack.setCurrentWidget(self.tree)
            return
        for hit in self.project.search(query, limit=50):
            item = QTreeWidgetItem([f"{hit.plan_id} {hit.path}\n{hit.snippet()}", ""])
            item.setData(0, CLAUSE_ROLE, hit.clause_id)
            item.setToolTip(0, hit.plan_title)
            if hit.clause_id in self.unmapped:
                item.setText(1, tr("not mapped"))
                item.setForeground(1, QBrush(UNMAPPED_COLOR))
            self.results.addTopLevelItem(item)
        self.stack.setCurrentWidget(self.results)

    def result_ids(self) -> list[str]:
        return [self.results.topLevelItem(i).data(0, CLAUSE_ROLE) for i in range(self.results.topLevelItemCount())]

    def choose(self, clause_id: str) -> None:
        """Reveal ``clause_id`` in the tree and announce it (as if the user clicked it)."""
        item = self.items.get(clause_id)
        if item is not None:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)
        self.clause_chosen.emit(clause_id)

    def _chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        cid = item.data(0, CLAUSE_ROLE)
        if cid:
            self.clause_chosen.emit(cid)
