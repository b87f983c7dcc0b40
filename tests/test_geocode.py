"""The offline gazetteer and geocoder."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from gisplanner.geocode import Gazetteer, GazetteerError, geocode, read_gazetteer
from gisplanner.paths import GAZETTEER_FILE


@pytest.mark.parametrize("query", ["木洞镇", "木洞鎮", "木洞", "Mudong", "Mudong Town", "mu dong zhen"])
def test_mudong_in_any_script(query):
    result = geocode(query)
    assert result is not None and result.place.name_zh == "木洞镇"
    assert result.precision == "town"
    assert 106.7 < result.lon < 107.0 and 29.4 < result.lat < 29.7


def test_address_resolves_to_its_most_specific_place():
    result = geocode("重庆市巴南区木洞镇滨江路1号")
    assert result.place.name_zh == "木洞镇" and not result.exact
    assert geocode("珠海市金湾区三灶镇").place.name_zh == "三灶镇"


def test_district_is_not_mistaken_for_a_town_of_the_same_stem():
    assert geocode("巴中市恩阳区某镇").place.kind == "district"


def test_named_sites_geocode():
    station = geocode("渝万高铁国际生物城站")
    assert station is not None and station.place.id == "cq.hsr.biocity-station"
    assert geocode("珠海国际健康港").place.id == "zh.health-port"
    assert geocode("秦巴生物医药产业园").place.id == "bz.qinba-park"


def test_unknown_names():
    assert geocode("火星基地") is None
    assert geocode("  ") is None


def test_every_city_and_park_district_is_present():
    places = read_gazetteer()
    names = {p.name_zh for p in places}
    assert {"重庆市", "珠海市", "巴中市", "巴南区", "金湾区", "巴州区", "恩阳区", "南江县", "通江县", "平昌县",
            "木洞镇", "界石镇", "三灶镇"} <= names
    kinds = {p.kind for p in places}
    assert {"city", "district", "town", "site"} <= kinds


def test_malformed_row_names_file_and_row(tmp_path):
    bad = tmp_path / "places.csv"
    shutil.copy(GAZETTEER_FILE, bad)
    rows = list(csv.reader(io.StringIO(bad.read_text(encoding="utf-8"))))
    rows[3][8] = "east"  # the lon of the fourth line of the file
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    bad.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"places.csv: row 4 .*lon/lat 'east'"):
        read_gazetteer(bad)


def test_gazetteer_outside_china_is_refused(tmp_path):
    bad = tmp_path / "g.csv"
    bad.write_text("id,name_zh,name_zh_hant,name_en,pinyin,aliases,kind,parent,lon,lat,precision,source\n"
                   "x,某地,,,,,town,,2.35,48.85,town,test\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="row 2 .*outside China"):
        read_gazetteer(bad)
    assert Gazetteer([]).geocode("木洞") is None
