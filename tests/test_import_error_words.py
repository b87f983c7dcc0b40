"""Why a file was not imported: the core raises a code with the file (and row) as params and
prints English on the command line; the import dialog words the code in one language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gisplanner.io.import_errors import IMPORT_ERRORS, ImportFileError
from gisplanner.io.readers import read_source
from language_check import CJK, fixed_text

# names a Chinese sentence keeps as they are: formats, systems, programs, units
PROPER = {"GeoJSON", "GeoPackage", "gisplanner", "KMZ", "KML", "zip", "kml", "CSV", "UTF", "JSON", "Shapefile",
          "shp", "shx", "dbf", "prj", "EPSG", "WGS84", "CGCS2000", "Web", "MB", "GCJ", "BD"}




@pytest.mark.parametrize("code", sorted(IMPORT_ERRORS))
def test_each_code_is_worded_in_each_language(code):
    from gisplanner.ui.i18n import ZH
    from gisplanner.ui.import_errors import import_error_text  # noqa: F401  (the catalogue)

    template = IMPORT_ERRORS[code]
    assert template in ZH, code
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9]+", fixed_text(ZH[template])))
    assert words <= PROPER, (code, words - PROPER)
    assert not CJK.search(fixed_text(template).replace("经度/纬度", "")), code  # accepted column names


def bad_files(tmp_path: Path) -> dict[str, tuple[Path, dict]]:
    cut = tmp_path / "地块.geojson"
    cut.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": ', encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    table = tmp_path / "设施清单.csv"
    table.write_text("编号,备注\na1,无\n", encoding="utf-8")
    broken = tmp_path / "points.geojson"
    broken.write_text('{"type": "FeatureCollection",\n "features": [}, "name": "x"}', encoding="utf-8")
    return {"cut_json": (cut, {"file": "地块.geojson", "line": 1}), "empty_file": (empty, {"file": "empty.csv"}),
            "no_place_columns": (table, {"file": "设施清单.csv"}),
            "bad_json": (broken, {"file": "points.geojson", "line": 2, "column": 15}),
            "no_file": (tmp_path / "missing.gpkg", {})}


def without_params(text: str, err: ImportFileError) -> str:
    """``text`` with the error's params (file, accepted column names ...) left out."""
    for value in sorted((str(v) for v in err.params.values()), key=len, reverse=True):
        text = text.replace(value, " ")
    return text


@pytest.mark.parametrize("code", ["cut_json", "empty_file", "no_place_columns", "bad_json", "no_file"])
def test_real_bad_files_carry_code_file_and_row(tmp_path, zh, code):
    from gisplanner.ui.i18n import set_lang
    from gisplanner.ui.import_errors import import_error_text

    path, expected = bad_files(tmp_path)[code]
    with pytest.raises(ImportFileError) as caught:
        read_source(path)
    err = caught.value
    assert err.code == code and expected.items() <= err.params.items()
    english = str(err)  # what the CLI prints: names the file
    assert path.name in english and not CJK.search(without_params(english, err).replace("经度/纬度", ""))
    chinese = import_error_text(err)
    assert path.name in chinese and CJK.search(chinese)
    assert set(re.findall(r"[A-Za-z][A-Za-z0-9]+", without_params(chinese, err))) <= PROPER, chinese
    if "line" in expected:  # where in the file, in both languages
        assert f"第 {expected['line']} 行" in chinese and f"line {expected['line']}" in english
    set_lang("en")
    assert import_error_text(err) == english


def test_the_import_dialog_words_a_bad_file_in_chinese(qtbot, tmp_path, project_copy, zh):
    pytest.importorskip("pytestqt")
    from gisplanner.store import Project
    from gisplanner.ui.import_dialog import ImportDialog

    path, _expected = bad_files(tmp_path)["cut_json"]
    with Project.open(project_copy) as project:
        dialog = ImportDialog(project, None, path)
        qtbot.addWidget(dialog)
        assert dialog.report_box.toPlainText() == "✗ 地块.geojson：第 1 行第 76 列不是有效的 JSON（文件似乎不完整）"
        assert not dialog.import_button.isEnabled()
