"""The attribute table reads only what is on screen: 30k rows open after a page or two."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shapely.geometry import Point

from gisplanner.store import Project
from gisplanner.store.gpkg_geometry import encode
from gisplanner.store.gpkg_sql import connect_writer, write_transaction
from gisplanner.ui.editing.attribute_table import AttributeTable
from gisplanner.ui.editing.controller import EditController
from gisplanner.ui.editing.table_model import PAGE

N = 30_000


def test_big_table_opens_lazily_sorts_in_sql_and_edits(project_copy, qtbot):
    conn = connect_writer(project_copy)
    rng = random.Random(2)
    with write_transaction(conn, project_copy):
        conn.executemany(
            "INSERT INTO facilities (geom, uid, name_zh, name_en, kind, status, status_date, location_precision)"
            " VALUES (?, ?, ?, ?, 'platform', 'planned', '2024-01-01', 'site')",
            [(encode(Point(106 + rng.random(), 29 + rng.random())), f"t.{i:05d}", f"设施{i:05d}", f"F {i:05d}")
             for i in range(N)])
    conn.close()
    project = Project.open(project_copy)
    controller = EditController()
    controller.set_project(project)
    table = AttributeTable(controller, "facilities")
    qtbot.addWidget(table)
    table.show()
    QApplication.processEvents()
    model = table.model
    assert model.rowCount() > N
    assert 1 <= model.pages_read <= 2  # one screen, not 30k rows
    table.view.scrollToBottom()
    QApplication.processEvents()
    assert model.pages_read <= 4
    assert model.uid_at(model.rowCount() - 1) == f"t.{N - 1:05d}"
    name_col = [f.name for f in model.fields].index("name_zh")
    table.view.sortByColumn(name_col, Qt.SortOrder.DescendingOrder)
    QApplication.processEvents()
    assert model.pages_read * PAGE < N / 4  # sorting ran in SQL; only the new first screen was read
    assert model.value(0, name_col) == max(model.value(r, name_col) for r in range(0, model.rowCount(), 997))
    table.filter_edit.setText("设施2999")
    assert model.rowCount() == 10  # 设施29990..设施29999
    controller.start("测试员")
    row = model.row_of_uid("t.29995")
    assert model.setData(model.index(row, [f.name for f in model.fields].index("notes")), "第二批")
    assert controller.session.value("t.29995", "notes") == "第二批"
    controller.save()
    assert project.feature("t.29995")["notes"] == "第二批"
    table.close()
    controller.stop()
    project.close()
