"""Marks on a field editor whose value cannot be stored: a red border and the reason as its
tooltip, removed the moment the value becomes valid (forms re-check on every keystroke or
choice, through ``live_signal``, while a field is marked)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from gisplanner.ui.editing.field_editors import NullableDate

INVALID_COLOR = "#c62828"
_INVALID_STYLE = f"border: 2px solid {INVALID_COLOR}; border-radius: 3px; padding: 2px 3px;"


def _target(editor: QWidget) -> QWidget:
    return editor.edit if isinstance(editor, NullableDate) else editor


def mark(editor: QWidget, problem: str | None) -> None:
    """Show (``problem`` set) or clear the invalid mark on ``editor``."""
    target = _target(editor)
    invalid = bool(problem)
    if bool(target.property("invalid")) == invalid and target.toolTip() == (problem or ""):
        return
    target.setProperty("invalid", invalid)
    target.setStyleSheet(f"{type(target).__name__} {{ {_INVALID_STYLE} }}" if invalid else "")
    target.setToolTip(problem or "")


def is_marked(editor: QWidget) -> bool:
    return bool(_target(editor).property("invalid"))


def live_signal(editor: QWidget):
    """The signal fired on every change of the editor's value (not only when it is left)."""
    if isinstance(editor, QLineEdit):
        return editor.textChanged
    if isinstance(editor, QComboBox):
        return editor.currentIndexChanged
    if isinstance(editor, NullableDate):
        return editor.changed
    raise TypeError(f"no live signal for {type(editor).__name__}")


def focus_first(editors: Iterable[QWidget]) -> None:
    """Put the cursor in the first marked editor (form order), where the user fixes it."""
    for editor in editors:
        if is_marked(editor):
            _target(editor).setFocus()
            return
