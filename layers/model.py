"""Evented layer models (no Qt): what the canvas, panels and exports observe.

As in napari, a model emits psygnal signals when it changes and never imports Qt; a view
connects to them. A ``Layer`` carries its definition and view state; ``LayerList`` keeps
the drawing order and says when layers come, go or move.
"""

from __future__ import annotations

from collections.abc import Iterator

from psygnal import Signal

from gisplanner.layers.defs import LayerDef


class Layer:
    """A project layer as the user sees it: visibility, opacity, status filter."""

    visibility_changed = Signal(bool)
    opacity_changed = Signal(float)
    data_changed = Signal()

    def __init__(self, definition: LayerDef, visible: bool = True, opacity: float = 1.0) -> None:
        self.definition = definition
        self._visible = visible
        self._opacity = opacity

    @property
    def name(self) -> str:
        return self.definition.name

    @property
    def visible(self) -> bool:
        return self._visible

    @visible.setter
    def visible(self, value: bool) -> None:
        if bool(value) != self._visible:
            self._visible = bool(value)
            self.visibility_changed.emit(self._visible)

    @property
    def opacity(self) -> float:
        return self._opacity

    @opacity.setter
    def opacity(self, value: float) -> None:
        value = min(1.0, max(0.0, float(value)))
        if value != self._opacity:
            self._opacity = value
            self.opacity_changed.emit(value)

    def __repr__(self) -> str:
        return f"Layer({self.name!r}, visible={self.visible}, opacity={self.opacity:.2f})"


class LayerList:
    """Layers in drawing order: index 0 is drawn first (bottom)."""

    inserted = Signal(int, object)
    removed = Signal(int, object)
    moved = Signal(int, int)

    def __init__(self, layers: list[Layer] | None = None) -> None:
        self._layers: list[Layer] = list(layers or [])

    def __iter__(self) -> Iterator[Layer]:
        return iter(self._layers)

    def __len__(self) -> int:
        return len(self._layers)

    def __getitem__(self, key: int | str) -> Layer:
        if isinstance(key, str):
            for layer in self._layers:
                if layer.name == key:
                    return layer
            raise KeyError(key)
        return self._layers[key]

    def __contains__(self, name: object) -> bool:
        return any(layer.name == name for layer in self._layers)

    def index(self, name: str) -> int:
        return next(i for i, layer in enumerate(self._layers) if layer.name == name)

    def append(self, layer: Layer) -> None:
        self.insert(len(self._layers), layer)

    def insert(self, index: int, layer: Layer) -> None:
        if layer.name in self:
            raise ValueError(f"layer {layer.name!r} is already in the list")
        self._layers.insert(index, layer)
        self.inserted.emit(index, layer)

    def remove(self, name: str) -> Layer:
        index = self.index(name)
        layer = self._layers.pop(index)
        self.removed.emit(index, layer)
        return layer

    def move(self, src: int, dest: int) -> None:
        """Move the layer at ``src`` so that it ends at ``dest``."""
        if src == dest:
            return
        layer = self._layers.pop(src)
        self._layers.insert(dest, layer)
        self.moved.emit(src, dest)
