"""On the printed page no label lies under the scale bar or the north arrow: the map frame
is rendered with their boxes kept free (the real project, around the Bio-City)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

import test_print_layout
from gisplanner.ui.print_view import PageOptions, frame_decorations, page_layout, page_view, render_map
from gisplanner.ui.renderer import new_image, render
from test_ui_label_clearance import pixels

window = test_print_layout.window  # the real window framing the Bio-City


def label_mask(image_with, image_without) -> np.ndarray:
    return pixels(image_with) != pixels(image_without)


def under(mask: np.ndarray, boxes, scale: float = 1.0) -> int:
    return sum(int(mask[int(b.top() * scale):int(b.bottom() * scale) + 1,
                        int(b.left() * scale):int(b.right() * scale) + 1].sum()) for b in boxes)


def test_labels_keep_out_of_the_scale_bar_and_north_arrow(window):
    options = PageOptions(extent="view")
    view = page_view(window, options)
    frame = page_layout(window, options)[0].map
    boxes = frame_decorations(options, frame, view)
    assert len(boxes) == 2 and all(view.width > b.right() and view.height > b.bottom() for b in boxes)
    # the same frame with nothing kept free puts labels under them: this view is a real case
    layers = [x for item in window.canvas.layer_source() for x in (item.layers() if hasattr(item, "layers") else [item])]
    free, bare = new_image(view), new_image(view)
    render(free, view, layers, labels=True)
    render(bare, view, layers, labels=False)
    assert under(label_mask(free, bare), boxes) > 0
    # the page's own map frame keeps them free, at any DPI
    for dpi in (96, 200):
        labelled, _ = render_map(window, options, dpi)
        plain, _ = render_map(window, replace(options, labels=False), dpi)
        mask = label_mask(labelled, plain)
        assert mask.any()  # labels are drawn, elsewhere
        assert under(mask, boxes, labelled.width() / view.width) == 0


def test_without_scale_bar_and_arrow_nothing_is_kept_free(window):
    options = PageOptions(extent="view", scale_bar=False, north_arrow=False)
    assert frame_decorations(options, page_layout(window, options)[0].map, page_view(window, options)) == []
