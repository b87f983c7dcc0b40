"""Layer panel: visibility check boxes, drawing order, opacity, and a legend of each layer's
status styles with counts under the current filter (statuses filtered out are greyed)."""

from __future__ import annotations

from collections import Counter

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gisplanner.layers import LayerList, statuses
from gisplanner.ui.i18n import bind, lang, on_language_changed
from gisplanner.ui.styles import kind_icon, legend_icon

NAME_ROLE = Qt.ItemDataRole.UserRole


def _counts(values: np.ndarray) -> dict[str, int]:
    return dict(Counter(values.tolist()))  # hashing: several times quicker than sorting 100k strings


class LayerTree(QTreeWidget):
    """The layer rows can be dragged to a new place; their legend rows stay put.

    Qt does not move the item itself: the drop names the layer and the row it lands on
    (``layer_dropped``) and the panel reorders the ``LayerList``, which redraws everything.
    """

    layer_dropped = Signal(str, int)  # layer name, display row it should take (0 = topmost)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def drop_row(self, y: float) -> int:
        """Display row a layer dropped at viewport height ``y`` takes: above the layer under
        the upper half of its row (legend rows count as their layer's lower half)."""
        item = self.itemAt(8, round(y))
        if item is None:
            return self.topLevelItemCount()
        top = item
        while top.parent() is not None:
            top = top.parent()
        row = self.indexOfTopLevelItem(top)
        above = item is top and y < self.visualItemRect(item).center().y()
        return row if above else row + 1

    def dropEvent(self, event) -> None:
        internal = event.source() is self or (  # None: a drop synthesised in this process (tests)
            event.source() is None and event.mimeData().hasFormat("application/x-qabstractitemmodeldatalist"))
        if not internal:
            event.ignore()
            return
        dragged = self.currentItem()
        while dragged is not None and dragged.parent() is not None:
            dragged = dragged.parent()
        event.setDropAction(Qt.DropAction.IgnoreAction)  # the model moves; rebuild shows it
        event.accept()
        if dragged is not None:
            self.layer_dropped.emit(dragged.data(0, NAME_ROLE), self.drop_row(event.position().y()))


class LayerPanel(QWidget):
    zoom_requested = Signal(str)  # a layer was double-clicked
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layers: LayerList | None = None
        self.map_layers: dict = {}
        self.filter = None
        self.masks_source = dict
        self.tree = LayerTree()
        self.tree.setHeaderHidden(True)
        self.tree.layer_dropped.connect(self.move_to_row)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.currentItemChanged.connect(lambda *_: self._sync_opacity())
        self.tree.itemDoubleClicked.connect(lambda *_: self._zoom_current())
        self.up, self.down = QPushButton("▲"), QPushButton("▼")
        bind(self.up.setToolTip, "Move up")
        bind(self.down.setToolTip, "Move down")
        self.up.clicked.connect(lambda: self._move(+1))
        self.down.clicked.connect(lambda: self._move(-1))
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(100)
        self.opacity.valueChanged.connect(self._opacity_changed)
        self.opacity_label = QLabel()
        bind(self.opacity_label.setText, "Opacity")
        row = QHBoxLayout()
        row.addWidget(self.opacity_label)
        row.addWidget(self.opacity, 1)
        row.addWidget(self.up)
        row.addWidget(self.down)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.tree)
        layout.addLayout(row)
        on_language_changed(self, self.rebuild)

    def set_layers(self, layers: LayerList, map_layers: dict, feature_filter, masks_source=None) -> None:
        """``masks_source()`` gives the filter's per-layer masks (name → bool array or None)."""
        self.layers, self.map_layers, self.filter = layers, map_layers, feature_filter
        if masks_source is not None:
            self.masks_source = masks_source
        self.rebuild()

    def current_name(self) -> str | None:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item.data(0, NAME_ROLE) if item is not None else None

    def item(self, name: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            if self.tree.topLevelItem(i).data(0, NAME_ROLE) == name:
                return self.tree.topLevelItem(i)
        return None

    def rebuild(self) -> None:
        current = self.current_name()
        expanded = {self.tree.topLevelItem(i).data(0, NAME_ROLE) for i in range(self.tree.topLevelItemCount())
                    if self.tree.topLevelItem(i).isExpanded()}
        self.tree.blockSignals(True)
        self.tree.clear()
        if self.layers is None:
            self.tree.blockSignals(False)
            return
        for layer in reversed(list(self.layers)):  # topmost first, as drawn
            ml = self.map_layers[layer.name]
            data = ml.data
            status_col = data.column("status")  # objects: str, or None/NaN where unset
            mask = self.masks_source().get(layer.name)
            shown = _counts(status_col if mask is None else status_col[mask])
            total = _counts(status_col)
            item = QTreeWidgetItem([f"{ml.definition.title(lang())} ({sum(shown.values())})"])
            item.setData(0, NAME_ROLE, layer.name)
            item.setFlags((item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
                          & ~Qt.ItemFlag.ItemIsDropEnabled)
            item.setCheckState(0, Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked)
            self.tree.addTopLevelItem(item)
            for s in statuses():
                if not total.get(s.id):
                    continue
                child = QTreeWidgetItem(item, [f"{s.label(lang())}  {shown.get(s.id, 0)}/{total[s.id]}"])
                child.setIcon(0, QIcon(QPixmap.fromImage(legend_icon(ml.definition, s.id))))
                child.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if self.filter is not None and s.id not in self.filter.statuses:
                    child.setForeground(0, QBrush(QColor("#aaaaaa")))
            if ml.definition.is_point:  # stations and facilities: which symbol is which kind
                kind_col = data.column("kind")
                kinds = _counts(kind_col if mask is None else kind_col[mask])
                for kind in ml.definition.kinds:
                    if kinds.get(kind.id):
                        child = QTreeWidgetItem(item, [f"{kind.label(lang())}  {kinds[kind.id]}"])
                        child.setIcon(0, QIcon(QPixmap.fromImage(kind_icon(kind.symbol))))
                        child.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setExpanded(layer.name in expanded or not expanded)
            if layer.name == current:
                self.tree.setCurrentItem(item)
        self.tree.blockSignals(False)
        self._sync_opacity()

    def _zoom_current(self) -> None:
        if name := self.current_name():
            self.zoom_requested.emit(name)

    def _item_changed(self, item: QTreeWidgetItem, _col: int) -> None:
        name = item.data(0, NAME_ROLE)
        if name and self.layers is not None:
            self.layers[name].visible = item.checkState(0) == Qt.CheckState.Checked

    def _sync_opacity(self) -> None:
        name = self.current_name()
        enabled = bool(name) and self.layers is not None
        for w in (self.opacity, self.up, self.down):
            w.setEnabled(enabled)
        if enabled:
            self.opacity.blockSignals(True)
            self.opacity.setValue(round(self.layers[name].opacity * 100))
            self.opacity.blockSignals(False)

    def _opacity_changed(self, value: int) -> None:
        name = self.current_name()
        if name and self.layers is not None:
            self.layers[name].opacity = value / 100

    def move_to_row(self, name: str, row: int) -> None:
        """Put layer ``name`` at display ``row`` (0 = topmost, drawn last), e.g. after a drop."""
        if self.layers is None or name not in self.layers:
            return
        n = len(self.layers)
        i = self.layers.index(name)
        shown_at = n - 1 - i
        row = row - 1 if row > shown_at else row  # the row counted the layer's own old place
        j = n - 1 - min(max(row, 0), n - 1)
        if i != j:
            self.layers.move(i, j)
        self.rebuild()
        if item := self.item(name):
            self.tree.setCurrentItem(item)

    def _move(self, step: int) -> None:
        """Move the current layer up (drawn later) or down the drawing order."""
        name = self.current_name()
        if not name or self.layers is None:
            return
        i = self.layers.index(name)
        j = min(max(i + step, 0), len(self.layers) - 1)
        if i != j:
            self.layers.move(i, j)
            self.rebuild()
