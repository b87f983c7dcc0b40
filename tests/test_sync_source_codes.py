"""The codes kept beside the English sources travel to the team server and to the other copies,
so a colleague's window words an imported note or an added feature's status in its language."""

from __future__ import annotations

from shapely.geometry import Point

from gisplanner.io.import_ import ImportOptions, import_file
from gisplanner.source_words import loads
from gisplanner.store import Project
from gisplanner.sync import sync
from sync_helpers import copy_rows, edit, published, server_rows

NEW = {"name_zh": "新设施", "kind": "platform", "status": "proposed", "status_date": "2025-01-01",
       "location_precision": "site"}


def test_source_codes_reach_the_server_and_the_other_copy(built_project_path, tmp_path, pg_server):
    url = pg_server.url()
    schema, (a, b) = published(built_project_path, tmp_path, url)
    survey = tmp_path / "survey.geojson"
    survey.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
                      '{"name": "井"}, "geometry": {"type": "Point", "coordinates": [106.6, 29.5]}}]}')
    imported = import_file(a, survey, ImportOptions("facilities")).imported[0]
    with edit(a, "alice") as s:
        s.add_feature("facilities", {**NEW, "uid": "t.alice"}, Point(106.6, 29.5))
    assert sync(a).conflicts == 0
    sync(b)
    assert copy_rows(b) == server_rows(url, schema, b)
    assert pg_server.sql(f"SELECT location_source_code FROM {schema}.facilities WHERE uid = '{imported}'") == [
        ('[{"code": "imported_feature", "file": "survey.geojson", "n": 1}]',)]
    with Project.open(b) as p:
        note = p.feature(imported)
        assert [x.code for x in loads(note["location_source"], note["location_source_code"])] == ["imported_feature"]
        (first,) = p.status_history("t.alice")
        assert loads(first["source"], first["source_code"])[0].params == {"editor": "alice"}
        (came,) = p.status_history(imported)
        assert loads(came["source"], came["source_code"])[0].params == {"file": "survey.geojson"}
