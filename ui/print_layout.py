"""File → Print layout… (Ctrl+P): paper, orientation, DPI, title, extent and scale for the
printed map, with a live preview drawn by the same painter as the PNG and PDF
(``print_view``). The last options are remembered in the settings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gisplanner.measure import MeasureError, format_scale, parse_scale
from gisplanner.ui.extensions import menu_action
from gisplanner.ui.i18n import bind, tr
from gisplanner.ui.print_view import (
    DPI_RANGE,
    PAPERS,
    PageOptions,
    PrintError,
    default_title,
    export_page,
    fitted_scale,
    page_image,
    page_size_mm,
)
from gisplanner.ui.scale_box import scale_error_text

ACTION_NAME = "action_print_layout"
SETTINGS = "print_layout/"
PREVIEW_SIDE = 560  # the preview's side when the screen has room
PREVIEW_MIN = 240  # on a small screen the preview shrinks to this, the options scroll


def print_error_text(exc: PrintError) -> str:
    texts = {
        "too_large": tr("The page would be {width}×{height} pixels: choose a lower DPI or a smaller paper."),
        "no_bookmark": tr("No bookmark is named “{name}”."),
        "bad_suffix": tr("{name}: save the page as .png or .pdf"),
    }
    return texts.get(exc.code, tr("Not written: {path}")).format(**{k: str(v) for k, v in exc.params.items()})


class PrintLayoutDialog(QDialog):
    """The options on the left, the page on the right; Export… writes a PNG or PDF."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("print_layout")
        self.setWindowTitle(tr("Print layout"))
        self.paper = QComboBox(self)
        for name in PAPERS:
            self.paper.addItem(name, name)
        self.orientation = QComboBox(self)
        self.orientation.addItem(tr("Landscape"), True)
        self.orientation.addItem(tr("Portrait"), False)
        self.dpi = QSpinBox(self)
        self.dpi.setRange(*DPI_RANGE)
        self.dpi.setSingleStep(50)
        self.dpi.setSuffix(" dpi")
        self.dpi.setToolTip(tr("Pixels per inch of the PNG, and of the map inside the PDF"))
        self.title = QLineEdit(self)
        self.title.setMinimumWidth(300)  # the whole title stays in view while typed
        self.subtitle = QLineEdit(self)
        self.extent = QComboBox(self)
        self.extent.addItem(tr("Current map view"), "view")
        self.extent.addItem(tr("Full extent"), "full")
        bookmarks = window.project.bookmarks() if window.project is not None else []
        for bm in bookmarks:
            self.extent.addItem(tr("Bookmark: {name}").format(name=bm.name), f"bookmark:{bm.name}")
        self.scale = QLineEdit(self)
        self.scale.setObjectName("print_scale")
        self.scale.setToolTip(tr("Map scale: type 1:5000 or 5000 and press Enter"))
        self.checks = {key: QCheckBox(tr(text), self) for key, text in (
            ("legend", "Legend"), ("scale_bar", "Scale bar"), ("north_arrow", "North arrow"), ("labels", "Labels"))}
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828")
        self.preview = QLabel(self)
        self.preview.setObjectName("print_preview")
        self.preview.setMinimumSize(PREVIEW_MIN, PREVIEW_MIN)  # not the pixmap's size: it follows the label
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, widget in (("Paper", self.paper), ("Orientation", self.orientation), ("Resolution", self.dpi),
                             ("Title", self.title), ("Subtitle", self.subtitle), ("Extent", self.extent),
                             ("Scale", self.scale)):
            form.addRow(tr(text), widget)
        for box in self.checks.values():
            form.addRow("", box)
        buttons = QDialogButtonBox(self)
        self.export_button = buttons.addButton(tr("Export…"), QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton(tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.export_button.clicked.connect(self.export_interactively)
        close.clicked.connect(self.reject)
        panel = QWidget(self)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addStretch(1)
        self.options_area = OptionsArea(panel, self)
        left = QVBoxLayout()
        left.addWidget(self.options_area, 1)
        left.addWidget(self.message)  # outside the scroll area: always in view
        left.addWidget(buttons)
        outer = QHBoxLayout(self)
        outer.addLayout(left, 0)
        outer.addWidget(self.preview, 1)
        fit_to_screen(self, QSize(PREVIEW_SIDE + panel.sizeHint().width() + 40, PREVIEW_SIDE + 40))
        self.fitted = True  # the scale follows the extent until one is typed
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(120)
        self.timer.timeout.connect(self.update_preview)
        self.set_options(load_options(window.settings))
        for combo in (self.paper, self.orientation, self.extent):
            combo.currentIndexChanged.connect(self._refit)
        self.dpi.valueChanged.connect(self.schedule)
        self.title.textChanged.connect(self.schedule)
        self.subtitle.textChanged.connect(self.schedule)
        self.scale.editingFinished.connect(self._scale_typed)
        for box in self.checks.values():
            box.toggled.connect(self._refit)
        self.update_preview()

    # options <-> widgets
    def set_options(self, options: PageOptions) -> None:
        self.paper.setCurrentIndex(max(0, self.paper.findData(options.paper)))
        self.orientation.setCurrentIndex(0 if options.landscape else 1)
        self.dpi.setValue(options.dpi)
        self.title.setText(options.title or default_title())
        self.subtitle.setText(options.subtitle)
        self.extent.setCurrentIndex(max(0, self.extent.findData(options.extent)))
        for key, box in self.checks.items():
            box.setChecked(getattr(options, key))
        self.fitted = options.scale is None
        self._show_scale(options.scale)

    def options(self) -> PageOptions:
        scale = None if self.fitted else self._typed_scale()
        return PageOptions(
            paper=self.paper.currentData(), landscape=bool(self.orientation.currentData()), dpi=self.dpi.value(),
            title=self.title.text(), subtitle=self.subtitle.text(), extent=self.extent.currentData(), scale=scale,
            **{key: box.isChecked() for key, box in self.checks.items()})

    def _typed_scale(self) -> float | None:
        try:
            return parse_scale(self.scale.text())
        except MeasureError:
            return None

    def _show_scale(self, denominator: float | None) -> None:
        if denominator is None:
            try:
                denominator = fitted_scale(self.window_, self.options_fitted())
            except PrintError:
                return
        self.scale.setText(format_scale(denominator))

    def options_fitted(self) -> PageOptions:
        fitted = self.fitted
        self.fitted = True
        try:
            return self.options()
        finally:
            self.fitted = fitted

    def set_scale(self, denominator: float) -> None:
        """Print at 1:``denominator`` around the extent's centre (what typing it does)."""
        self.scale.setText(format_scale(denominator))
        self._scale_typed()

    def _scale_typed(self) -> None:
        try:
            parse_scale(self.scale.text())
        except MeasureError as exc:
            self.message.setText(scale_error_text(exc))
            return
        self.fitted = False
        self.schedule()

    def _refit(self) -> None:
        """A new paper, orientation, extent or legend: the extent fills the new frame again."""
        self.fitted = True
        self._show_scale(None)
        self.schedule()

    # preview and export
    def schedule(self) -> None:
        self.timer.start()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.schedule()

    def update_preview(self) -> None:
        self.timer.stop()
        options = self.options()
        mm = page_size_mm(options)
        side = min(self.preview.width(), self.preview.height()) if self.preview.isVisible() else PREVIEW_SIDE
        dpi = max(side, PREVIEW_MIN) / max(mm.width(), mm.height()) * 25.4  # the page fits the label
        try:
            image, _view = page_image(self.window_, options, dpi)
        except PrintError as exc:
            self.message.setText(print_error_text(exc))
            return
        self.message.setText("")
        self.preview.setPixmap(QPixmap.fromImage(image))

    def export_to(self, path: str | Path) -> Path | None:
        options = self.options()
        try:
            out, _view = export_page(self.window_, path, options)
        except PrintError as exc:
            self.message.setText(print_error_text(exc))
            return None
        save_options(self.window_.settings, options)
        self.message.setText("")
        self.window_.status.showMessage(tr("Map page written: {path}").format(path=out), 8000)
        return out

    def export_interactively(self) -> Path | None:
        last = str(self.window_.settings.value(SETTINGS + "path", str(Path.home() / "map.pdf")))
        path, _ = QFileDialog.getSaveFileName(self, tr("Export the map page"), last,
                                              "PDF (*.pdf);;PNG (*.png)")
        if not path:
            return None
        self.window_.settings.setValue(SETTINGS + "path", path)
        return self.export_to(path)


class OptionsArea(QScrollArea):
    """A panel in a frameless area that scrolls up and down when the screen is too low for
    it, never sideways: the area is always as wide as the panel wants to be (asked anew each
    time, since texts, language and style change that width)."""

    def __init__(self, panel: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(panel)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        wanted = self.widget().sizeHint()
        return QSize(wanted.width() + self.verticalScrollBar().sizeHint().width(), wanted.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.sizeHint().width(), 120)


def fit_to_screen(dialog: QWidget, preferred: QSize) -> None:
    """Open at ``preferred`` size, or smaller so the whole dialog is on its screen."""
    screen = (dialog.parentWidget() or dialog).screen().availableGeometry()
    room = QSize(int(screen.width() * 0.95), int(screen.height() * 0.9))  # a frame and title bar too
    dialog.resize(preferred.boundedTo(room).expandedTo(dialog.minimumSizeHint()))


def load_options(settings) -> PageOptions:
    """The options last exported with (defaults where a value is missing or damaged)."""
    base = PageOptions()
    values = {}
    for key, default in vars(base).items():
        raw = settings.value(SETTINGS + key, None)
        if raw is None:
            continue
        try:
            if isinstance(default, bool):
                values[key] = str(raw).lower() in ("true", "1")
            elif key == "dpi":
                values[key] = min(max(int(raw), DPI_RANGE[0]), DPI_RANGE[1])
            elif key == "scale":
                values[key] = float(raw) if raw not in ("", "none") else None
            else:
                values[key] = str(raw)
        except (TypeError, ValueError):
            continue
    if values.get("paper") not in PAPERS:
        values.pop("paper", None)
    return PageOptions(**{**vars(base), **values})


def save_options(settings, options: PageOptions) -> None:
    """Keep the options; the default title is kept as none, so it follows the language."""
    if options.title == default_title():
        options = replace(options, title="")
    for key, value in vars(options).items():
        settings.setValue(SETTINGS + key, "none" if value is None else value)


def open_dialog(window) -> PrintLayoutDialog | None:
    if getattr(window, "project", None) is None:
        QMessageBox.information(window, tr("Print layout"), tr("Open a project first."))
        return None
    dialog = PrintLayoutDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.print_layout_dialog = dialog
    dialog.show()
    return dialog


def install(window) -> QAction:
    """File → Print layout… (Ctrl+P), once."""
    action = menu_action(window, "file", ACTION_NAME, "", lambda: open_dialog(window), before_quit=True)
    bind(action.setText, "&Print layout…")
    action.setShortcut(QKeySequence("Ctrl+P"))
    window.actions_by_name["print_layout"] = action
    return action
