"""Reshaping lines and polygons vertex by vertex: the geometry functions, and the vertex
tool in the real main window driven by mouse events at the vertices' screen positions;
undo, save, the R-tree and a GDAL bbox read afterwards."""

from __future__ import annotations

import pyogrio
import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box

from gisplanner.store import Project
from gisplanner.store.changes import EditRefused
from gisplanner.store.edit_vertices import delete_vertex, insert_vertex, move_vertex, parts
from gisplanner.store.gpkg_sql import rtree_mismatches
from gisplanner.ui.editing import install
from gisplanner.ui.editing.vertex_tool import VertexTool

PARK = "cq.hitech.ortho-cluster"
LINE = "cq.metro.line24"
HOLED = MultiPolygon([Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (2, 1), (2, 2), (1, 2)]]),
                      Polygon([(10, 0), (11, 0), (11, 1)])])


def test_vertex_functions_keep_type_rings_and_minimums():
    assert [len(p) for p in parts(HOLED)] == [4, 4, 3]  # shell, hole, second polygon; no closing vertex
    moved = move_vertex(HOLED, 0, 0, (-1, -1))
    assert moved.geom_type == "MultiPolygon"
    assert list(moved.geoms[0].exterior.coords)[0] == list(moved.geoms[0].exterior.coords)[-1] == (-1, -1)
    assert len(moved.geoms[0].interiors) == 1
    wrapped = insert_vertex(HOLED, 0, 3, (0, 2))  # on the closing segment (0,4)->(0,0)
    assert list(wrapped.geoms[0].exterior.coords)[4] == (0, 2)
    holed_less = delete_vertex(HOLED, 1, 0)  # the hole becomes a triangle
    assert len(holed_less.geoms[0].interiors[0].coords) == 4
    with pytest.raises(EditRefused, match="at least 3"):
        delete_vertex(HOLED, 2, 0)
    line = MultiLineString([LineString([(0, 0), (1, 0), (2, 1)])])
    assert parts(insert_vertex(line, 0, 0, (0.5, 0.1)))[0][1] == (0.5, 0.1)
    with pytest.raises(EditRefused, match="last vertex"):
        insert_vertex(line, 0, 2, (3, 3))
    assert parts(delete_vertex(line, 0, 2)) == [[(0, 0), (1, 0)]]
    with pytest.raises(EditRefused, match="at least 2"):
        delete_vertex(LineString([(0, 0), (1, 1)]), 0, 0)
    with pytest.raises(EditRefused, match="not in this"):
        move_vertex(line, 1, 0, (0, 0))


@pytest.fixture
def window(qtbot, tmp_path, project_copy):
    from gisplanner.ui.i18n import set_lang
    from gisplanner.ui.main_window import MainWindow

    set_lang("en")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("editing/editor", "陈工")
    win = MainWindow(settings)

    def drop_edits(w) -> None:
        if getattr(w, "editing", None) is not None:
            w.editing.controller.discard()
            w.editing.controller.stop()

    qtbot.addWidget(win, before_close_func=drop_edits)
    win.resize(1200, 800)
    win.show()
    yield win
    win.canvas.shutdown()


def screen(canvas, xy) -> QPoint:
    return canvas.map_to_screen(*xy).toPoint()


def drag(qtbot, canvas, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, pos=(start + end) / 2)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)


def test_vertex_tool_drags_inserts_deletes_undoes_and_saves(window, project_copy, qtbot):
    assert window.open_project(project_copy, ask=False)
    ui = install(window)
    canvas = window.canvas
    window.zoom_to_feature(PARK)
    qtbot.wait(50)
    canvas.select([PARK])
    ui.actions["vertices"].trigger()  # starts editing too
    tool = ui.tool
    assert isinstance(tool, VertexTool) and ui.actions["vertices"].isChecked() and ui.controller.editing
    assert tool.uid == PARK and [len(p) for p in tool.parts] == [4]
    session = ui.controller.session
    ring = parts(session.geometry(PARK))[0]
    old_corner = ring[0]
    centre = QPointF(sum(canvas.map_to_screen(*v).x() for v in ring) / 4,
                     sum(canvas.map_to_screen(*v).y() for v in ring) / 4)

    # drag the first corner a quarter of the way towards the centre
    start = screen(canvas, ring[0])
    end = (QPointF(start) + (centre - QPointF(start)) * 0.25).toPoint()
    drag(qtbot, canvas, start, end)
    moved = parts(session.geometry(PARK))[0]
    assert moved[0] == pytest.approx(canvas.screen_to_lonlat(end.x(), end.y()))
    assert moved[1:] == ring[1:] and ui.controller.stack.count() == 1

    # double-click the middle of the segment from vertex 1 to 2: a vertex is inserted there
    middle = ((QPointF(screen(canvas, moved[1])) + QPointF(screen(canvas, moved[2]))) / 2).toPoint()
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=middle)
    inserted = parts(session.geometry(PARK))[0]
    assert len(inserted) == 5 and LineString(moved[1:3]).distance(Point(inserted[2])) < 1e-9  # on the segment
    assert (screen(canvas, inserted[2]) - middle).manhattanLength() <= 2  # where it was clicked
    assert tool.current == (0, 2)

    # right-click a vertex removes it; so does Delete on the chosen vertex (not the whole feature)
    qtbot.mouseClick(canvas, Qt.MouseButton.RightButton, pos=screen(canvas, inserted[2]))
    assert parts(session.geometry(PARK))[0] == moved
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=middle)
    assert len(parts(session.geometry(PARK))[0]) == 5
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    assert session.layer_of(PARK) == "parks" and parts(session.geometry(PARK))[0] == moved

    # a move that makes the ring cross itself is refused and changes nothing
    count = ui.controller.stack.count()
    across = parts(session.geometry(PARK))[0]
    s0, s1, s2 = (QPointF(screen(canvas, v)) for v in across[:3])
    beyond = ((s1 + s2) / 2 + (s1 - s0)).toPoint()  # past edge 1-2: the edge 3-0 now crosses it
    drag(qtbot, canvas, s0.toPoint(), beyond)
    assert ui.controller.stack.count() == count and parts(session.geometry(PARK))[0] == across
    assert "not valid" in window.statusBar().currentMessage()

    # undo walks back through the reshapes; redo brings the moved corner back
    while ui.controller.stack.canUndo():
        ui.controller.stack.undo()
    assert parts(session.geometry(PARK))[0] == ring and tool.parts[0] == ring
    ui.controller.stack.redo()
    assert parts(session.geometry(PARK))[0] == moved

    # the tool follows the selection to a line: drag its last vertex, insert on its first segment
    window.zoom_to_feature(LINE)
    qtbot.wait(50)
    canvas.select([LINE])
    assert tool.uid == LINE
    line = parts(session.geometry(LINE))[0]
    old_bounds = session.geometry(LINE).bounds
    last = screen(canvas, line[-1])
    away = QPointF(last) - (QPointF(screen(canvas, old_bounds[:2])) + QPointF(screen(canvas, old_bounds[2:]))) / 2
    away = away / max(abs(away.x()), abs(away.y())) * 30  # 30 px outwards, off the line's old extent
    target = (QPointF(last) + away).toPoint()
    drag(qtbot, canvas, last, target)
    line_end = canvas.screen_to_lonlat(target.x(), target.y())
    assert not box(*old_bounds).contains(Point(line_end))  # only an updated R-tree lets GDAL find it there
    line_after = parts(session.geometry(LINE))[0]
    assert line_after[-1] == pytest.approx(line_end) and line_after[:-1] == line[:-1]

    # a polygon added in this session (not yet saved) is reshaped the same way
    a, b, c = (canvas.screen_to_lonlat(x, y) for x, y in ((300, 300), (420, 300), (360, 400)))
    attrs = {"name_zh": "新地块", "kind": "cluster", "status": "planned", "status_date": "2025-01-01",
             "location_precision": "site"}
    new = ui.controller.apply(lambda s: s.add_feature("parks", attrs, Polygon([a, b, c])))
    assert new is not None
    canvas.select([new.uid])
    assert tool.uid == new.uid
    drag(qtbot, canvas, QPoint(360, 400), QPoint(360, 440))
    assert parts(session.geometry(new.uid))[0][2] == pytest.approx(canvas.screen_to_lonlat(360, 440))

    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert ui.tool is None and not ui.actions["vertices"].isChecked()
    assert ui.controller.save() is not None
    with Project.open(project_copy) as again:
        assert parts(again.feature(PARK)["geometry"])[0] == moved
        assert parts(again.feature(LINE)["geometry"])[0][-1] == pytest.approx(line_end)
        assert {e["action"] for e in again.edits_for(PARK)} == {"geometry"}
        for layer in ("parks", "transport_lines"):
            assert rtree_mismatches(again.db.conn, layer) == []
    # GDAL's spatial filter (the R-tree) finds each feature at its new vertex, and the park no
    # longer at the corner it left
    x, y = moved[0]
    found = pyogrio.read_dataframe(project_copy, layer="parks", bbox=(x - 1e-5, y - 1e-5, x + 1e-5, y + 1e-5))
    assert PARK in set(found["uid"])
    x, y = old_corner
    found = pyogrio.read_dataframe(project_copy, layer="parks", bbox=(x - 1e-6, y - 1e-6, x + 1e-6, y + 1e-6))
    assert PARK not in set(found["uid"])
    x, y = line_end
    found = pyogrio.read_dataframe(project_copy, layer="transport_lines", bbox=(x - 1e-5, y - 1e-5, x + 1e-5, y + 1e-5))
    assert LINE in set(found["uid"])
