"""File → Export map view: the window's map as a PNG/PDF page with title, legend, scale, north."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QImage

from gisplanner.ui.print_view import ACTION_NAME, PAGE_H, PAGE_W, export_view, legend_entries, map_rect


@pytest.fixture
def window(qtbot, tmp_path, project_copy):
    from gisplanner.ui.main_window import MainWindow

    win = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    win.open_project(project_copy, ask=False)
    win.zoom_to_feature("cq.biocity")
    yield win
    win.canvas.shutdown()
    win.set_project(None)


def _distinct_colours(image: QImage, x0: int, y0: int, x1: int, y1: int, step: int = 7) -> int:
    return len({image.pixel(x, y) for x in range(x0, x1, step) for y in range(y0, y1, step)})


def test_png_page_has_title_map_legend_and_scale(window, tmp_path):
    out = export_view(window, tmp_path / "view.png", "重庆国际生物城 Bio-City")
    page = QImage(str(out))
    assert (page.width(), page.height()) == (PAGE_W, PAGE_H)
    frame = map_rect()
    assert _distinct_colours(page, int(frame.left()) + 5, int(frame.top()) + 5,
                             int(frame.right()) - 5, int(frame.bottom()) - 5) > 20  # a drawn map, not blank
    assert _distinct_colours(page, 40, 40, 600, 100, step=2) > 2  # the title is drawn
    assert QColor(page.pixel(PAGE_W - 5, PAGE_H - 5)).name() == "#ffffff"
    entries = legend_entries(window)
    labels = [e.label for e in entries]
    assert "园区 Parks and zones" in labels and "在建 Under construction" in labels
    swatches = [e for e in entries if e.shape == "swatch"]
    assert swatches and all(e.color.startswith("#") for e in swatches)


def test_hidden_layer_leaves_the_legend_and_pdf_is_written(window, tmp_path):
    window.layer_list["parks"].visible = False
    assert "园区 Parks and zones" not in [e.label for e in legend_entries(window)]
    out = export_view(window, tmp_path / "view.pdf", "Bio-City")
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and b"/Title" in data and len(data) > 20_000
    with pytest.raises(ValueError, match="as .png or .pdf"):
        export_view(window, tmp_path / "view.jpg", "x")


def test_menu_entry(window):
    from gisplanner.ui.import_dialog import install

    install(window)
    names = [a.objectName() for a in window.menus["file"].actions()]
    assert names.count(ACTION_NAME) == 1
