"""Label priority: in the crowded Bio-City view, as the app opens on the HSR station, the
station keeps its name (stations rank above facilities, as QGIS's layer label priority) while
facilities' labels that would overlap are still dropped, and no two labels overlap."""

from __future__ import annotations

import pytest

from conftest import open_window
from test_ui_label_clearance import _under
from test_ui_window import wait_frame

pytest.importorskip("pytestqt")

STATION = "cq.hsr.biocity-station"


def _box(c, rect):
    from gisplanner.ui.labels import _turned_box

    return _turned_box(rect.center().x(), rect.center().y(), rect.width(), rect.height(), c.angle) if c.angle else rect


def test_layer_label_priority_comes_from_the_definitions():
    from gisplanner.layers import label_priority, layer_definition

    assert label_priority(layer_definition("transport_points")) > label_priority(layer_definition("facilities")) == 5


def test_the_station_keeps_its_label_in_the_crowded_bio_city_view(qtbot, project_copy, tmp_path, zh):
    from gisplanner.ui.displacement import shown_points

    window = open_window(qtbot, project_copy, tmp_path / "settings.ini", size=(1600, 1000))
    try:
        canvas = window.canvas
        assert window.show_feature(STATION)  # what `main.py --feature` (the screenshot script) does
        canvas.refresh()
        wait_frame(qtbot, canvas)
        placed = canvas.last_stats.placed
        name = window.project.feature(STATION)["name_zh"]
        station = [(c, rect) for c, rect in placed if c.text == name]
        assert len(station) == 1, "the station's label was dropped"
        boxes = [_box(c, rect) for c, rect in placed]
        for i, a in enumerate(boxes):
            assert not any(a.intersects(b) for b in boxes[i + 1:]), f"{placed[i][0].text} overlaps another label"
        discs = [d for source in canvas.label_obstacles for d in source(canvas.view)]
        assert discs and not any(_under(station[0][1], d) for d in discs)  # clear of the red rings

        facilities = shown_points(canvas.view, canvas.hit_source())["facilities"]
        names = window.map_layers["facilities"].data.column("name_zh")
        crowded = {names[i] for i in facilities.idx[~_nan(facilities.anchors)]}  # displaced: sharing a place
        labelled = {c.text for c, _r in placed}
        assert len(crowded) > 20 and crowded - labelled, "crowded facilities' overlapping labels are dropped"
    finally:
        canvas.shutdown()


def _nan(anchors):
    import numpy as np

    return np.isnan(anchors[:, 0])



def _crowded(priority: float):
    """One label for a point with symbols close on every side; what the placer makes of it."""
    from PySide6.QtCore import QRectF

    from gisplanner.ui.labels import Candidate, LabelPlacer

    placer = LabelPlacer(400, 300)
    for dx, dy in ((20, 0), (-20, 0), (0, 20), (0, -20)):
        placer.block(QRectF(200 + dx - 6, 150 + dy - 6, 12, 12))
    return placer.place([Candidate(priority, 200, 150, "渝万高铁重庆国际生物城站", gap=7.5)])


def test_an_important_label_goes_further_out_tied_by_a_callout(qapp):
    from PySide6.QtGui import QColor, QImage, QPainter

    from gisplanner.ui.labels import draw_labels

    assert _crowded(0.0) == []  # an ordinary label with no room by its point is dropped
    (c, rect), = _crowded(-300.0)
    assert c.callout and rect.left() > 200 + 20 + 6  # beyond the neighbour's symbol
    image = QImage(400, 300, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    draw_labels(painter, [(c, rect)])
    painter.end()
    line = [min(image.pixelColor(x, y).lightness() for y in (149, 150, 151)) for x in range(210, int(rect.left()) - 1)]
    assert line and max(line) < 200, "no callout line between the point and its label"  # white is 255


def test_no_later_label_lies_across_a_callout_line(qapp):
    """A point crowded on its right, by its near left slot, above and below: its label goes
    further out to the left, tied by a callout; a road's name turned upright across that line
    is dropped, while the same name clear of the line is kept."""
    from PySide6.QtCore import QRectF

    from gisplanner.ui.labels import POINT_LABEL_GAP, Candidate, LabelPlacer

    def placed(road_x: float):
        x, y, g = 200.0, 150.0, max(7.5, POINT_LABEL_GAP)
        placer = LabelPlacer(400, 300)
        for box in ((x + g + 60, y + 5, 10, 3),  # under every slot on the right, off the line
                    (x - g - 10, y + 3, 6, 4),  # under the near left slot only
                    (x + 40, y - g - 10, 10, 4), (x + 40, y + g + 4, 10, 4)):  # above, below
            placer.block(QRectF(*box))
        station = Candidate(-300.0, x, y, "渝万高铁重庆国际生物城站", gap=7.5)
        road = Candidate(0.0, road_x, y - 20, "纬一路", angle=90.0)
        result = placer.place([station, road])
        assert result[0][0] is not road and result[0][0].callout and result[0][1].right() < x - g
        return [c.text for c, _rect in result]

    assert placed(200 - 12) == ["渝万高铁重庆国际生物城站"]  # across the callout: dropped
    assert placed(200 + 12) == ["渝万高铁重庆国际生物城站", "纬一路"]  # same name, no line under it
