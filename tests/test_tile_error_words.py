"""A file that is no tile basemap: the message names the file, in one language."""

from __future__ import annotations

import re

import pytest

from gisplanner.ui.i18n import ZH, set_lang
from gisplanner.ui.tile_menu import tile_error_text
from gisplanner.ui.tiles import TILE_ERRORS, MBTilesSource, TileFileError


@pytest.mark.parametrize("code", sorted(TILE_ERRORS))
def test_each_code_is_worded_in_each_language(code):
    template = TILE_ERRORS[code]
    assert template in ZH
    assert set(re.findall(r"[A-Za-z]{2,}", ZH[template].replace("{file}", ""))) <= {"MBTiles"}
    assert not re.search(r"[\u3400-\u9fff]", template)


@pytest.mark.parametrize("content", [b"not a database at all", None])
def test_a_file_that_is_no_mbtiles_is_named_in_either_language(tmp_path, content):
    path = tmp_path / "底图.mbtiles"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(TileFileError) as info:
        MBTilesSource(path)
    assert str(info.value).startswith(f"{path}: not an MBTiles file (")  # with what SQLite said
    assert tile_error_text(info.value) == f"{path}: not an MBTiles file"
    set_lang("zh")
    assert tile_error_text(info.value) == f"{path}：不是 MBTiles 文件"
