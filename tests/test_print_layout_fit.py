"""The print layout dialog fits its screen in either language: nothing clipped, the options
scroll on a low screen, Export and Close always in view (offscreen screen: 800×800)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from conftest import open_window
from gisplanner.ui import i18n
from gisplanner.ui.print_layout import PrintLayoutDialog

pytest.importorskip("pytestqt")


@pytest.fixture
def window(qtbot, tmp_path, project_copy):
    win = open_window(qtbot, project_copy, tmp_path / "s.ini", size=(1200, 780), extensions=False)
    yield win
    win.canvas.shutdown()
    i18n.set_lang("en")


def in_dialog(dialog, widget) -> QRect:
    return QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size())


def option_widgets(dialog) -> list:
    kinds = (QComboBox, QLineEdit, QSpinBox, QCheckBox, QLabel)
    return [w for w in dialog.options_area.widget().findChildren(QWidget)
            if isinstance(w, kinds) and w.isVisibleTo(dialog) and not (isinstance(w, QLabel) and not w.text())
            and not isinstance(w.parent(), (QComboBox, QSpinBox))]


def assert_not_clipped(qtbot, dialog) -> None:
    viewport = dialog.options_area.viewport()
    # never scrolls sideways (once the layout has settled after a show or resize)
    qtbot.waitUntil(lambda: dialog.options_area.widget().width() <= viewport.width(), timeout=3000)
    for w in option_widgets(dialog):
        name = w.text() if hasattr(w, "text") else w.objectName()
        assert w.width() >= w.minimumSizeHint().width(), f"{type(w).__name__} {name!r} squeezed"
        assert w.height() >= w.minimumSizeHint().height(), f"{type(w).__name__} {name!r} squeezed"
        if isinstance(w, (QLabel, QCheckBox)):
            assert w.width() >= w.sizeHint().width(), f"{name!r} is cut off"
    whole = dialog.title.fontMetrics().horizontalAdvance(dialog.title.text())
    assert whole < dialog.title.width() - 8, "the default title does not fit its field"
    for button in (dialog.export_button, *dialog.findChildren(type(dialog.export_button))):
        assert dialog.rect().contains(in_dialog(dialog, button)), f"{button.text()} is outside the dialog"


@pytest.mark.parametrize("code", ["zh", "en"])
def test_the_dialog_fits_the_screen_and_nothing_is_clipped(qtbot, window, code):
    i18n.set_lang(code)
    dialog = PrintLayoutDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
    assert_not_clipped(qtbot, dialog)
    assert dialog.options_area.verticalScrollBar().maximum() == 0  # all options in view
    preview = dialog.preview  # redrawn for its size once shown: the whole page in view
    qtbot.waitUntil(lambda: preview.pixmap().width() <= preview.width()
                    and preview.pixmap().height() <= preview.height(), timeout=3000)


@pytest.mark.parametrize("code", ["zh", "en"])
def test_on_a_low_screen_the_options_scroll_and_the_buttons_stay(qtbot, window, code):
    i18n.set_lang(code)
    dialog = PrintLayoutDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(dialog.minimumSizeHint())
    assert dialog.height() <= 320 and dialog.width() <= 700  # fits a 1024×600 or smaller screen
    qtbot.waitUntil(lambda: dialog.options_area.verticalScrollBar().maximum() > 0, timeout=3000)
    assert_not_clipped(qtbot, dialog)
    dialog.options_area.ensureWidgetVisible(dialog.checks["labels"])  # the last option is reachable
    box = dialog.checks["labels"]
    assert dialog.options_area.viewport().rect().contains(
        QRect(box.mapTo(dialog.options_area.viewport(), QPoint(0, 0)), box.size()))
    qtbot.waitUntil(lambda: dialog.preview.pixmap().width() <= dialog.preview.width(), timeout=3000)
