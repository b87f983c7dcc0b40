"""File → Print layout: paper, orientation, DPI, extent and scale; the PNG and PDF read back."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QImage

from gisplanner.layers import status
from gisplanner.ui import i18n
from gisplanner.ui.geo import lonlat_bounds_to_merc
from gisplanner.ui.print_layout import ACTION_NAME, PrintLayoutDialog, load_options, print_error_text
from gisplanner.ui.print_view import PageOptions, PrintError, export_page, layout, page_image, pixel_size


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
    i18n.set_lang("en")


@pytest.fixture
def dialog(qtbot, window):
    d = PrintLayoutDialog(window)
    qtbot.addWidget(d)
    d.show()
    return d


def _pixels(path) -> np.ndarray:
    from PIL import Image

    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


@pytest.mark.parametrize("code", ["zh", "en"])
def test_dialog_opens_in_each_language(qtbot, window, code):
    i18n.set_lang(code)
    d = PrintLayoutDialog(window)
    qtbot.addWidget(d)
    d.show()
    texts = [d.windowTitle(), d.orientation.itemText(0), d.extent.itemText(0), d.export_button.text(), d.title.text()]
    has_han = [any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts]
    assert all(has_han) if code == "zh" else not any(has_han)
    assert d.preview.pixmap() is not None and not d.preview.pixmap().isNull()
    assert d.title.width() >= 300  # the title is not clipped


def test_paper_orientation_and_dpi_change_preview_and_png(dialog, tmp_path):
    dialog.paper.setCurrentIndex(dialog.paper.findData("A4"))
    dialog.orientation.setCurrentIndex(0)
    dialog.dpi.setValue(150)
    dialog.update_preview()
    wide = dialog.preview.pixmap().size()
    assert wide.width() > wide.height()
    out = dialog.export_to(tmp_path / "a4.png")
    image = QImage(str(out))
    assert abs(image.width() - 1754) <= 1 and abs(image.height() - 1240) <= 1
    dialog.orientation.setCurrentIndex(1)
    dialog.dpi.setValue(100)
    dialog.update_preview()
    tall = dialog.preview.pixmap().size()
    assert tall.height() > tall.width()
    assert abs(tall.height() / tall.width() - 297 / 210) < 0.02
    image = QImage(str(dialog.export_to(tmp_path / "a4p.png")))
    assert abs(image.width() - 827) <= 1 and abs(image.height() - 1169) <= 1
    assert pixel_size(PageOptions(paper="Letter", landscape=False, dpi=300)) == (2550, 3300)


@pytest.mark.parametrize(("paper", "landscape", "points"), [
    ("A3", False, (842, 1191)), ("A4", True, (842, 595)), ("Letter", False, (612, 792))])
def test_pdf_page_size(window, tmp_path, paper, landscape, points):
    out, _view = export_page(window, tmp_path / "page.pdf", PageOptions(paper=paper, landscape=landscape, dpi=100,
                                                                      title="Bio-City"))
    pdf = pdfium.PdfDocument(str(out))
    try:
        w, h = pdf[0].get_size()
        assert len(pdf) == 1 and abs(w - points[0]) <= 1 and abs(h - points[1]) <= 1
        assert pdf.get_metadata_dict().get("Title") == "Bio-City"
        rendered = pdf[0].render(scale=1).to_pil()
        assert len(np.unique(np.asarray(rendered.convert("RGB")).reshape(-1, 3), axis=0)) > 50  # not blank
    finally:
        pdf.close()


def _has_colour(pixels: np.ndarray, colour: str, tolerance: int = 6) -> bool:
    c = QColor(colour)
    target = np.array([c.red(), c.green(), c.blue()])
    return bool((np.abs(pixels.astype(int) - target).max(axis=2) <= tolerance).any())


def test_legend_shows_each_visible_status_colour(window, tmp_path):
    options = PageOptions(dpi=150)
    out, view = export_page(window, tmp_path / "legend.png", options)
    box = layout(options).legend
    scale = 150 / 72
    pixels = _pixels(out)[int(box.top() * scale):int(box.bottom() * scale), int(box.left() * scale):]
    from gisplanner.ui.print_legend import legend_entries

    shown = {e.status_id for e in legend_entries(window, view.extent) if e.role == "status"}
    assert {"under_construction", "approved"} <= shown
    for sid in shown:
        assert _has_colour(pixels, status(sid).color), (sid, out)
    window.layer_list["parks"].visible = False
    assert "parks" not in {e.definition.name for e in legend_entries(window, view.extent) if e.definition}


def test_bookmark_extent_is_printed(window, dialog, tmp_path):
    bookmark = window.project.bookmarks()[1]
    index = dialog.extent.findData(f"bookmark:{bookmark.name}")
    assert index > 0
    dialog.extent.setCurrentIndex(index)
    _page, view = page_image(window, dialog.options(), 50)
    x0, y0, x1, y1 = lonlat_bounds_to_merc(bookmark.bounds)
    v0, w0, v1, w1 = view.extent
    assert v0 <= x0 + 1 and w0 <= y0 + 1 and v1 >= x1 - 1 and w1 >= y1 - 1  # all of it
    fill = max((x1 - x0) / (v1 - v0), (y1 - y0) / (w1 - w0))
    assert fill > 0.99  # and it fills the frame
    assert f"{view.cx:.0f}" == f"{(x0 + x1) / 2:.0f}"


def test_typed_scale_is_printed_and_options_remembered(window, dialog, tmp_path):
    dialog.set_scale(25000)
    assert not dialog.fitted
    _page, view = page_image(window, dialog.options(), 72)
    frame = layout(dialog.options()).map
    metres_per_inch_on_paper = view.ground_res() * view.width / frame.width() * 72
    assert abs(metres_per_inch_on_paper / 0.0254 - 25000) < 25000 * 1e-6
    dialog.title.setText("园区图")
    dialog.paper.setCurrentIndex(dialog.paper.findData("A3"))  # a new paper fits the extent again
    assert dialog.fitted and dialog.scale.text() != "1:25,000"
    dialog.export_to(tmp_path / "page.png")
    kept = load_options(window.settings)
    assert (kept.paper, kept.title, kept.scale) == ("A3", "园区图", None)
    assert PrintLayoutDialog(window).title.text() == "园区图"


def test_too_large_and_bad_suffix_are_explained(window, dialog, tmp_path):
    with pytest.raises(PrintError) as exc:
        page_image(window, PageOptions(paper="A0", dpi=600))
    assert "28087×19866" in print_error_text(exc.value)
    assert dialog.export_to(tmp_path / "page.jpg") is None
    assert "page.jpg" in dialog.message.text()
    assert not (tmp_path / "page.jpg").exists()


def test_menu_entry_and_shortcut(window):
    from gisplanner.ui.print_layout import install

    action = install(window)
    install(window)
    names = [a.objectName() for a in window.menus["file"].actions()]
    assert names.count(ACTION_NAME) == 1
    assert action.shortcut().toString() == "Ctrl+P"
    i18n.set_lang("zh")
    assert action.text() == "打印布局(&P)…"


def test_line_labels_follow_their_line_inside_the_frame(window):
    from gisplanner.ui.labels import LabelPlacer
    from gisplanner.ui.print_view import page_view
    from gisplanner.ui.renderer import _label_candidates

    view = page_view(window, PageOptions(extent="view"))
    layer = window.map_layers["transport_lines"].render_layer(None)
    idx = layer.data.query(view.extent)
    candidates = _label_candidates(view, layer, idx)
    turned = [c for c in candidates if c.angle]
    assert turned, "no line is labelled along its direction"
    assert all(0 <= c.x <= view.width and 0 <= c.y <= view.height for c in candidates)
    placed = LabelPlacer(view.width, view.height).place(candidates)
    assert any(c.angle for c, _rect in placed)
    names = set(layer.data.column("name_zh")[idx])
    assert {c.text for c, _rect in placed} <= names
