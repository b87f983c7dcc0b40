"""What the core writes into the data (a new feature's first status, an imported feature's
status and location note) reads in the window's language, from codes kept beside the English
text; a note edited since is shown as written; projects of earlier versions are coded once."""

from __future__ import annotations

import re
import sqlite3

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from pyproj import CRS
from PySide6.QtCore import Qt
from shapely.geometry import Point

from gisplanner.io.geometry import crs_label
from gisplanner.io.import_ import ImportOptions, import_file
from gisplanner.io.offsets import wgs84_to_gcj02
from gisplanner.source_words import (
    CodedNote,
    SourceWords,
    code_old_location_note,
    code_old_status_source,
    dumps,
    loads,
)
from gisplanner.store import Project
from gisplanner.store.gpkg_sql import register_gpkg_functions
from language_check import project_data_texts, wrong_language

pytest.importorskip("pytestqt")

CJK = re.compile(r"[\u3400-\u9fff]")
CUSTOM = "+proj=tmerc +lat_0=0 +lon_0=106.8 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs"
BANAN = [Point(106.847, 29.570), Point(106.655, 29.410)]
NEW = {"name_zh": "新设施", "kind": "platform", "status": "proposed", "status_date": "2025-01-01",
       "location_precision": "site"}


def _survey(tmp_path, crs=CUSTOM, name="survey.gpkg"):
    path = tmp_path / name
    frame = gpd.GeoDataFrame({"名称": ["甲", "乙"]}, geometry=BANAN, crs=4326).to_crs(crs)
    pyogrio.write_dataframe(frame, path)
    return path


# -- the stored form --------------------------------------------------------------------------
def test_a_note_round_trips_and_a_stale_code_is_ignored():
    note = CodedNote([SourceWords("imported_feature", file="a b.shp", n=1), SourceWords("crs_step", crs="EPSG:4524"),
                      SourceWords("geocoded", place="木洞镇", precision="town")])
    assert note == "imported from a b.shp feature 1; EPSG:4524 → WGS84; geocoded 木洞镇 (town)"
    coded = dumps(note)
    assert [p.code for p in loads(note, coded)] == ["imported_feature", "crs_step", "geocoded"]
    assert loads("site visit by 王工", coded) is None  # the text was edited: the codes no longer count
    assert loads(note, "not json") is None and loads(note, '[{"code": "unknown"}]') is None
    assert dumps(CodedNote(["hand-written", SourceWords("file_crs_step")])) is None  # only wholly coded notes


def test_imported_rows_notes_are_coded_where_every_part_is():
    from gisplanner.io.geometry import conversion_note
    from gisplanner.io.location_notes import location_notes
    from gisplanner.io.row_words import RowWords

    texts, codes = location_notes('a "b" {c}.csv', [RowWords("row", n=2), RowWords("entity", n="1F"), "sheet 2"],
                                  conversion_note("EPSG:4524", "bd09"),
                                  [SourceWords("geocoded", place="界石镇", precision="town"), "", ""])
    assert texts[0] == 'imported from a "b" {c}.csv row 2; EPSG:4524 → WGS84; BD-09 → WGS84; geocoded 界石镇 (town)'
    assert [p.code for p in loads(texts[0], codes[0])] == ["imported_row", "crs_step", "offset_step", "geocoded"]
    assert loads(texts[1], codes[1])[0].params == {"file": 'a "b" {c}.csv', "n": "1F"}
    assert texts[2] == 'imported from a "b" {c}.csv sheet 2; EPSG:4524 → WGS84; BD-09 → WGS84' and codes[2] is None
    plain, none = location_notes("a.csv", [RowWords("row", n=2)], "", ["placed by hand"])
    assert plain == ["imported from a.csv row 2; placed by hand"] and none == [None]


def test_english_of_earlier_versions_is_coded_exactly_or_not_at_all():
    assert loads("added in gisplanner by 王 工", code_old_status_source("added in gisplanner by 王 工"))[0].params == {
        "editor": "王 工"}
    assert loads("imported from x; y.csv", code_old_status_source("imported from x; y.csv"))[0].params == {
        "file": "x; y.csv"}
    assert code_old_status_source("区经信局通报") is None
    text = "imported from 2024 row 3.csv row 12; EPSG:4524 → WGS84; GCJ-02 → WGS84; geocoded 界石镇 (town)"
    parts = loads(text, code_old_location_note(text))
    assert parts[0].params == {"file": "2024 row 3.csv", "n": 12}
    assert [p.code for p in parts[1:]] == ["crs_step", "offset_step", "geocoded"]
    assert loads("imported from d.dxf entity 1F", code_old_location_note("imported from d.dxf entity 1F"))
    assert loads("gazetteer: 木洞镇 (cq-banan-mudong)", code_old_location_note("gazetteer: 木洞镇 (cq-banan-mudong)")
                 )[0].params == {"place": "木洞镇", "id": "cq-banan-mudong"}
    assert [p.code for p in loads("drawn on the map in gisplanner",
                                  code_old_location_note("drawn on the map in gisplanner"))] == ["drawn"]
    assert code_old_location_note("在 gisplanner 地图上绘制") is None  # written in Chinese: data, as stored
    for other in ("imported from a.csv row 2; checked on site", "imported from a.csv", "plan 001 task 1; clause 2"):
        assert code_old_location_note(other) is None


def test_a_coordinate_system_is_named_never_spelt_out():
    wkt = CRS.from_proj4(CUSTOM).to_wkt()
    assert crs_label(wkt) == "custom CRS" and crs_label("EPSG:4524") == "EPSG:4524"
    assert crs_label(wkt.replace('PROJCRS["unknown"', 'PROJCRS["Chongqing city grid"', 1)) == "Chongqing city grid"


# -- the import check's head line ---------------------------------------------------------------
@pytest.fixture
def rw_project(project_copy):
    with Project.open(project_copy, "rw") as p:
        yield p


def _head(qtbot, project, path, offset=None) -> str:
    from gisplanner.ui.import_dialog import ImportDialog

    dialog = ImportDialog(project, None, path)
    qtbot.addWidget(dialog)
    if offset:
        dialog.offset_combo.setCurrentIndex(dialog.offset_combo.findData(offset))
    dialog.check()
    texts = [dialog.detected_label.text(), dialog.crs_combo.itemText(0)]
    return "\n".join([dialog.report_box.toPlainText().splitlines()[0], *texts])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_import_check_names_a_custom_crs_in_the_window_language(qtbot, tmp_path, rw_project, lang):
    from gisplanner.ui.i18n import set_lang

    set_lang(lang)
    text = _head(qtbot, rw_project, _survey(tmp_path))
    assert "PROJCRS" not in text and "unknown" not in text and "+proj" not in text
    head = text.splitlines()[0]
    if lang == "zh":
        assert head == "✓ 2 / 2 行可导入（坐标系 自定义坐标系；文件坐标系 → WGS84）", head
        assert "custom" not in text and "file CRS" not in text
    else:
        assert head == "✓ 2 / 2 rows can be imported (coordinate system custom CRS; file CRS → WGS84)", head
        assert not CJK.search(head)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_import_check_words_a_gcj02_conversion(qtbot, tmp_path, rw_project, lang):
    from gisplanner.ui.i18n import set_lang

    lon, lat = wgs84_to_gcj02(np.array([p.x for p in BANAN]), np.array([p.y for p in BANAN]))
    csv = tmp_path / "amap.csv"
    pd.DataFrame({"name": ["甲", "乙"], "lng": lon, "lat": lat}).to_csv(csv, index=False)
    set_lang(lang)
    head = _head(qtbot, rw_project, csv, offset="gcj02").splitlines()[0]
    assert head == ("✓ 2 / 2 行可导入（坐标系 EPSG:4326；GCJ-02 → WGS84）" if lang == "zh" else
                    "✓ 2 / 2 rows can be imported (coordinate system EPSG:4326; GCJ-02 → WGS84)"), head


# -- the sources in the window -----------------------------------------------------------------
def _imported(project_copy, tmp_path) -> str:
    """A feature imported from a Gauss-Kruger file, and one added in the window by 王工."""
    report = import_file(project_copy, _survey(tmp_path, crs=4524, name="测绘 survey.gpkg"), ImportOptions("facilities"))
    with Project.open(project_copy, "rw") as project:
        session = project.edit("王工")
        try:
            session.add_feature("facilities", {**NEW, "uid": "t.added"}, Point(106.6, 29.5))
            session.commit()
        finally:
            session.close()
    return report.imported[0]


ZH_NOTE = "从 测绘 survey.gpkg 第 1 个要素导入；EPSG:4524 → WGS84"
EN_NOTE = "imported from 测绘 survey.gpkg feature 1; EPSG:4524 → WGS84"


def _shown(qtbot, path, uid: str) -> dict[str, str]:
    """What identify, the feature history (journal and status table) and the attribute table show."""
    from gisplanner.ui.editing.controller import EditController
    from gisplanner.ui.editing.history_view import FeatureHistory
    from gisplanner.ui.editing.table_model import AttributeTableModel
    from gisplanner.ui.identify_panel import IdentifyPanel

    project = Project.open(path)
    panel = IdentifyPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    panel.show_feature(uid)
    controller = EditController()
    controller.project = project
    history = FeatureHistory(controller)
    qtbot.addWidget(history)
    history.show_feature(uid)
    table = AttributeTableModel(controller, "facilities")
    column = [f.name for f in table.fields].index("location_source")
    row = next(r for r in range(table.rowCount()) if table.uid_at(r) == uid)
    out = {"identify": panel.text(),
           "journal": "\n".join(history.journal.item(r, 2).text() for r in range(history.journal.rowCount())),
           "status": "\n".join(history.statuses.item(r, 2).text() for r in range(history.statuses.rowCount())),
           "cell": table.data(table.index(row, column))}
    panel.show_feature(None)
    history.show_feature(None)
    controller.project = None
    project.close()
    return out


def test_sources_read_in_chinese_in_the_chinese_window(qtbot, project_copy, tmp_path, zh):
    uid = _imported(project_copy, tmp_path)
    shown = _shown(qtbot, project_copy, uid)
    assert ZH_NOTE in shown["identify"] and "从 测绘 survey.gpkg 导入" in shown["identify"]
    assert shown["cell"] == ZH_NOTE
    assert shown["journal"] == f"导入（{ZH_NOTE}）" and shown["status"] == "从 测绘 survey.gpkg 导入"
    added = _shown(qtbot, project_copy, "t.added")
    assert "王工 在 gisplanner 中添加" in added["identify"] and added["status"] == "王工 在 gisplanner 中添加"
    for text in (*shown.values(), *added.values()):
        assert "imported" not in text and "added in" not in text, text
    texts = [(f"{uid} {k}", v) for k, v in shown.items()] + [(f"added {k}", v) for k, v in added.items()]
    assert wrong_language(texts, "zh", project_data_texts(project_copy)) == []


def test_sources_read_in_english_in_the_english_window(qtbot, project_copy, tmp_path):
    uid = _imported(project_copy, tmp_path)
    shown = _shown(qtbot, project_copy, uid)
    assert EN_NOTE in shown["identify"] and shown["cell"] == EN_NOTE
    assert shown["journal"] == f"Imported ({EN_NOTE})" and shown["status"] == "imported from 测绘 survey.gpkg"
    added = _shown(qtbot, project_copy, "t.added")
    assert added["status"] == "added in gisplanner by 王工"
    texts = [(f"{uid} {k}", v) for k, v in shown.items()] + [(f"added {k}", v) for k, v in added.items()]
    assert wrong_language(texts, "en", project_data_texts(project_copy)) == []


def test_a_note_edited_since_is_shown_as_written(qtbot, project_copy, tmp_path, zh):
    uid = _imported(project_copy, tmp_path)
    with Project.open(project_copy, "rw") as project:
        session = project.edit("王工")
        try:
            session.set_value(uid, "location_source", "imported from 测绘 survey.gpkg feature 1, checked on site")
            session.commit()
        finally:
            session.close()
    shown = _shown(qtbot, project_copy, uid)
    assert shown["cell"] == "imported from 测绘 survey.gpkg feature 1, checked on site"  # data, as written
    assert "imported from 测绘 survey.gpkg feature 1, checked on site" in shown["identify"]


# -- a project written before the codes -------------------------------------------------------
def test_an_older_project_gets_its_english_sources_coded_once(qtbot, project_copy, tmp_path, zh):
    from gisplanner.ui.i18n import set_lang

    uid = _imported(project_copy, tmp_path)
    with sqlite3.connect(project_copy) as conn:  # as the version before wrote it: English only
        register_gpkg_functions(conn)  # GDAL's triggers on a layer's rows call them
        conn.execute("ALTER TABLE status_history DROP COLUMN source_code")
        for (table,) in conn.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'").fetchall():
            conn.execute(f'ALTER TABLE "{table}" DROP COLUMN location_source_code')
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm011_coded_sources'")
        conn.execute("INSERT INTO status_history (feature_uid, status, date, source) VALUES (?, 'proposed',"
                     " '2025-02-01', 'added in gisplanner by 李工')", [uid])
        conn.execute("UPDATE facilities SET location_source = 'imported from old.csv row 2; BD-09 → WGS84;"
                     " geocoded 木洞镇 (town)' WHERE uid = 't.added'")
        conn.execute("INSERT INTO facilities (uid, name_zh, kind, status, status_date, location_precision,"
                     " location_source) SELECT 't.drawn', '旧平台', kind, status, status_date, 'site', 'drawn on the"
                     " map in gisplanner' FROM facilities WHERE uid = 't.added'")
        before = conn.execute("SELECT count(*) FROM status_history").fetchone()[0]
    with Project.open(project_copy) as project:  # an upgrade on opening, as for every older project
        assert "m011_coded_sources" in project.schema_steps()
        assert project.db.execute("SELECT count(*) FROM status_history").fetchone()[0] == before
        assert project.feature(uid)["location_source"] == EN_NOTE  # the English stays for QGIS and the CLI
    shown = _shown(qtbot, project_copy, uid)
    assert shown["cell"] == ZH_NOTE and "李工 在 gisplanner 中添加" in shown["status"]
    assert _shown(qtbot, project_copy, "t.added")["cell"] == "从 old.csv 第 2 行导入；BD-09 → WGS84；按地名库定位于木洞镇（乡镇/街道）"
    set_lang("en")
    assert _shown(qtbot, project_copy, "t.drawn")["cell"] == "drawn on the map in gisplanner"
    set_lang("zh")
    assert _shown(qtbot, project_copy, "t.drawn")["cell"] == "在 gisplanner 地图上绘制"
    # the shipped features' data-written sources stay as stored, uncoded
    with Project.open(project_copy) as project:
        assert project.db.execute("SELECT count(*) FROM status_history WHERE source_code IS NOT NULL"
                                  " AND source NOT LIKE 'added in %' AND source NOT LIKE 'imported from %'"
                                  ).fetchone()[0] == 0


def test_an_exported_layer_keeps_the_note_and_leaves_its_codes(project_copy, tmp_path):
    from gisplanner.io.export_layer import export_layer

    _imported(project_copy, tmp_path)
    out = tmp_path / "facilities.geojson"
    export_layer(project_copy, "facilities", out)
    got = pyogrio.read_dataframe(out)
    assert "location_source_code" not in got.columns and EN_NOTE in set(got.location_source)


def test_the_form_shows_the_note_in_chinese_and_keeps_it_unless_edited(qtbot, project_copy, tmp_path, zh):
    from gisplanner.ui.editing.controller import EditController
    from gisplanner.ui.editing.feature_form import FeatureForm

    uid = _imported(project_copy, tmp_path)
    project = Project.open(project_copy)
    controller = EditController()
    controller.set_project(project)
    controller.start("王工")
    form = FeatureForm(controller)
    qtbot.addWidget(form)
    form.show_feature(uid)
    editor = form.editors["location_source"]
    assert editor.text() == ZH_NOTE
    editor.editingFinished.emit()  # left without a change: nothing to save
    assert not controller.dirty
    editor.setText("现场核实")
    editor.editingFinished.emit()
    assert controller.dirty and controller.session.value(uid, "location_source") == "现场核实"
    controller.save()
    form.show_feature(None)
    controller.stop()
    project.close()
    with Project.open(project_copy) as again:
        assert again.feature(uid)["location_source"] == "现场核实"  # the person's words, as data


def test_a_feature_drawn_or_placed_in_one_window_reads_in_the_language_of_another(qtbot, project_copy, zh):
    from gisplanner.ui.editing.dialogs import NewFeatureDialog, PlaceFeatureDialog
    from gisplanner.ui.editing.field_editors import set_editor_value
    from gisplanner.ui.i18n import set_lang

    placing = PlaceFeatureDialog()
    qtbot.addWidget(placing)
    placing.place.setText("木洞镇")
    placing.name_zh.setText("木洞镇新平台")
    placing.kind.setCurrentIndex(0)
    layer, placed, (lon, lat) = placing.feature()
    drawing = NewFeatureDialog("facilities")
    qtbot.addWidget(drawing)
    set_editor_value(drawing.editors["name_zh"], "新平台")
    set_editor_value(drawing.editors["kind"], "platform")
    drawn = drawing.record()
    with Project.open(project_copy, "rw") as project:
        session = project.edit("王工")
        try:
            session.add_feature(layer, {**placed, "uid": "t.placed"}, Point(lon, lat))
            session.add_feature("facilities", {**drawn, "uid": "t.drawn"}, Point(106.6, 29.5))
            session.commit()
        finally:
            session.close()
    place_id = placed["location_source"].rsplit("(", 1)[1].rstrip(")")
    assert _shown(qtbot, project_copy, "t.placed")["cell"] == f"地名库：木洞镇（{place_id}）"
    assert _shown(qtbot, project_copy, "t.drawn")["cell"] == "在 gisplanner 地图上绘制"
    set_lang("en")
    assert _shown(qtbot, project_copy, "t.placed")["cell"] == f"gazetteer: 木洞镇 ({place_id})"
    assert _shown(qtbot, project_copy, "t.drawn")["cell"] == "drawn on the map in gisplanner"


def test_an_unsaved_drawn_feature_reads_in_the_window_language_in_the_table(qtbot, project_copy, zh):
    from gisplanner.ui.editing.controller import EditController
    from gisplanner.ui.editing.dialogs import NewFeatureDialog
    from gisplanner.ui.editing.field_editors import set_editor_value
    from gisplanner.ui.editing.table_model import AttributeTableModel

    drawing = NewFeatureDialog("facilities")
    qtbot.addWidget(drawing)
    set_editor_value(drawing.editors["name_zh"], "新平台")
    set_editor_value(drawing.editors["kind"], "platform")
    project = Project.open(project_copy)
    controller = EditController()
    controller.set_project(project)
    controller.start("王工")
    try:
        controller.apply(lambda s: s.add_feature("facilities", {**drawing.record(), "uid": "t.drawn"},
                                                 Point(106.6, 29.5)))
        table = AttributeTableModel(controller, "facilities")
        column = [f.name for f in table.fields].index("location_source")
        row = next(r for r in range(table.rowCount()) if table.uid_at(r) == "t.drawn")
        assert table.data(table.index(row, column)) == "在 gisplanner 地图上绘制"
        assert table.data(table.index(row, column), Qt.ItemDataRole.EditRole) == "drawn on the map in gisplanner"
    finally:
        controller.stop()
        project.close()
