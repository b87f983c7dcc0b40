"""Bad input: each file gets a message naming it and the row or feature, and nothing is written.

The project copy's bytes are compared before and after, so "nothing written" is checked on
the file itself, not on what our code believes it did.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Point

from conftest import PYTHON, REPO
from gisplanner.feedback import Canceled
from gisplanner.io.detect import ImportFileError
from gisplanner.io.import_ import ImportOptions, import_file

pytestmark = pytest.mark.filterwarnings("ignore:.crs. was not provided")

BANAN = [Point(106.847, 29.570), Point(106.655, 29.410)]


def _refused(project: Path, source: Path, *patterns: str, **options) -> str:
    before = project.read_bytes()
    with pytest.raises(ImportFileError) as info:
        import_file(project, source, ImportOptions(options.pop("layer", "facilities"), **options))
    message = str(info.value)
    assert source.name in message
    for pattern in patterns:
        assert pattern in message, message
    assert project.read_bytes() == before
    return message


def test_truncated_geojson(tmp_path, project_copy):
    path = tmp_path / "cut.geojson"
    gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=BANAN, crs=4326).to_file(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    _refused(project_copy, path, "not valid JSON at line", "the file looks cut off")


def test_shapefile_without_shx(tmp_path, project_copy):
    path = tmp_path / "noshx.shp"
    pyogrio.write_dataframe(gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=BANAN, crs=4326), path)
    path.with_suffix(".shx").unlink()
    _refused(project_copy, path, "the .shx index is missing")


def test_shapefile_without_prj_in_metres_asks_for_the_crs(tmp_path, project_copy):
    path = tmp_path / "noprj.shp"
    frame = gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=BANAN, crs=4326).to_crs(4524)
    pyogrio.write_dataframe(frame, path)
    path.with_suffix(".prj").unlink()
    _refused(project_copy, path, "does not name its coordinate system", "EPSG:4524 CGCS2000 3° GK zone 36")


def test_csv_with_text_in_number_columns(tmp_path, project_copy):
    path = tmp_path / "numbers.csv"
    path.write_text("name,lon,lat\n甲,106.8,29.5\n乙,一百零六,29.4\n丙,106.7,见附图\n", encoding="utf-8")
    message = _refused(project_copy, path, "row 3: column 'lon' holds '一百零六', not a number",
                       "row 4: column 'lat' holds '见附图', not a number")
    assert "row 2" not in message


def test_dxf_with_no_entities(tmp_path, project_copy):
    path = tmp_path / "blank.dxf"
    pyogrio.write_dataframe(gpd.GeoDataFrame({"Layer": []}, geometry=gpd.GeoSeries([])), path, driver="DXF")
    assert path.stat().st_size > 0
    _refused(project_copy, path, "has no entities")


def test_coordinates_outside_china(tmp_path, project_copy):
    path = tmp_path / "abroad.geojson"
    gpd.GeoDataFrame({"name": ["Banan", "Paris"]}, geometry=[BANAN[0], Point(2.35, 48.85)], crs=4326).to_file(path)
    message = _refused(project_copy, path, "feature 2: lies outside China (2.3500, 48.8500")
    assert "feature 1" not in message


def test_gcj02_offset_on_projected_coordinates_is_refused(tmp_path, project_copy):
    path = tmp_path / "gk.gpkg"
    pyogrio.write_dataframe(gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=BANAN, crs=4326).to_crs(4524), path)
    _refused(project_copy, path, "GCJ-02 coordinates are degrees", offset="gcj02")


def test_empty_file(tmp_path, project_copy):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    _refused(project_copy, path, "the file is empty")


def test_bad_enum_value_names_row_and_column(tmp_path, project_copy):
    path = tmp_path / "status.csv"
    path.write_text("名称,lon,lat,状态\n甲,106.8,29.5,在建\n乙,106.7,29.4,快完成了\n", encoding="utf-8")
    _refused(project_copy, path, "row 3: status (column '状态'): '快完成了' is not one of")


def test_cancel_during_the_write_leaves_the_project_as_it_was(tmp_path, project_copy):
    path = tmp_path / "many.csv"
    pd.DataFrame({"name": [f"点{i}" for i in range(12000)], "lon": 106.8, "lat": 29.5}).to_csv(path, index=False)

    class CancelWhileWriting:
        seen: list[str] = []

        def progress(self, fraction: float, message: str = "") -> None:
            self.seen.append(message)

        def is_canceled(self) -> bool:
            return any(m.startswith("written 5000") for m in self.seen)

    before = project_copy.read_bytes()
    with pytest.raises(Canceled):
        import_file(project_copy, path, ImportOptions("facilities"), feedback=CancelWhileWriting())
    assert project_copy.read_bytes() == before
    assert not project_copy.with_name(project_copy.name + "-journal").exists()


def test_project_being_edited_elsewhere_is_not_written(tmp_path, project_copy):
    path = tmp_path / "ok.geojson"
    gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=BANAN, crs=4326).to_file(path)
    holder = subprocess.Popen(  # another gisplanner process editing the same file
        [PYTHON, "-c", "import sys; from gisplanner.store.lock import ProjectLock; "
         "lock = ProjectLock(sys.argv[1], 'another planner').acquire(); print('ready', flush=True); sys.stdin.read()",
         str(project_copy)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        _refused(project_copy, path, "being edited by another planner")
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_cli_reports_rows_and_exits_1(tmp_path, project_copy):
    path = tmp_path / "numbers.csv"
    path.write_text("name,lon,lat\n甲,106.8,29.5\n乙,abc,29.4\n", encoding="utf-8")
    before = project_copy.read_bytes()
    run = subprocess.run([PYTHON, str(REPO / "main.py"), "import", str(path), "--project", str(project_copy)],
                         capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 1
    assert "numbers.csv: nothing imported; 1 of 2 rows have problems" in run.stderr
    assert "row 3: column 'lon' holds 'abc', not a number" in run.stderr
    assert project_copy.read_bytes() == before


def test_no_row_with_coordinates_lists_the_rows(tmp_path, project_copy):
    path = tmp_path / "words.csv"
    path.write_text("name,lon,lat\n甲,东经一百零六度,北纬二十九度\n乙,,\n", encoding="utf-8")
    _refused(project_copy, path, "row 2: column 'lon' holds '东经一百零六度', not a number",
             "row 3: column 'lon' is empty")


def test_project_being_edited_in_this_window_says_to_stop_editing_first(tmp_path, project_copy):
    from gisplanner.store import Project

    path = tmp_path / "ok.geojson"
    gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=BANAN, crs=4326).to_file(path)
    with Project.open(project_copy, "rw") as project:
        session = project.edit(editor="陈工")
        try:
            _refused(project_copy, path, "the project is being edited here; save or discard the edits")
        finally:
            session.close()
    assert import_file(project_copy, path, ImportOptions("facilities")).written  # once editing stopped
