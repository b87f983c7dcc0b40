"""The core of the map tools: geodesic measuring, typed scales and typed coordinates."""

from __future__ import annotations

import pytest
from pyproj import Geod, Transformer
from shapely.geometry import Polygon

from gisplanner import measure
from gisplanner.coordinates import CoordinateError, parse_location
from gisplanner.crs import to_gk3
from gisplanner.io.offsets import wgs84_to_bd09, wgs84_to_gcj02

# Yu-Wan HSR Bio-City station → Bio-City core → Chongqing Jiangbei airport (lon, lat)
ROUTE = [(106.847, 29.57), (106.819192, 29.560494), (106.641, 29.719)]
# the Zhuhai International Health Port's box
FIELD = [(113.3586, 22.0307), (113.3974, 22.0307), (113.3974, 22.0533), (113.3586, 22.0533)]


def test_line_length_is_the_sum_of_pyproj_geodesics():
    geod = Geod(ellps="WGS84")
    expected = [geod.inv(a[0], a[1], b[0], b[1])[2] for a, b in zip(ROUTE, ROUTE[1:], strict=False)]
    assert measure.segment_lengths(ROUTE) == pytest.approx(expected, rel=1e-12)
    assert measure.line_length(ROUTE) == pytest.approx(sum(expected), rel=1e-12)
    # one degree of longitude on the equator is a·π/180 on WGS84
    assert measure.line_length([(0, 0), (1, 0)]) == pytest.approx(6378137.0 * 3.141592653589793 / 180, abs=1e-3)
    assert measure.line_length(ROUTE[:1]) == 0.0


def test_polygon_area_agrees_with_pyproj_and_with_a_utm_projection():
    area, perimeter = measure.polygon_area(FIELD)
    pyproj_area, pyproj_perimeter = Geod(ellps="WGS84").polygon_area_perimeter(*zip(*FIELD, strict=True))
    assert area == pytest.approx(abs(pyproj_area), rel=1e-12)
    assert perimeter == pytest.approx(pyproj_perimeter, rel=1e-12)
    utm = Transformer.from_crs("EPSG:4326", "EPSG:32649", always_xy=True)  # UTM 49N covers Zhuhai
    planar = Polygon(zip(*utm.transform(*zip(*FIELD, strict=True)), strict=True))
    assert area == pytest.approx(planar.area, rel=2e-3)  # UTM scale error near its central meridian
    assert 9.5e6 < area < 10.5e6  # the Health Port's nominal 10 km² box
    # clockwise or counter-clockwise, the same area
    assert measure.polygon_area(FIELD[::-1])[0] == pytest.approx(area)
    assert measure.polygon_area(FIELD[:2])[0] == 0.0


def test_units_and_number_format():
    assert measure.convert(1500.0, "km", measure.LENGTH_UNITS) == 1.5
    assert measure.convert(20000.0, "ha", measure.AREA_UNITS) == 2.0
    assert measure.convert(10000.0, "mu", measure.AREA_UNITS) == pytest.approx(15.0)
    assert measure.auto_length_unit(999) == "m" and measure.auto_length_unit(1000) == "km"
    assert measure.format_number(12345.678) == "12,346" and measure.format_number(2.345) == "2.35"
    with pytest.raises(measure.MeasureError) as err:
        measure.convert(1.0, "li", measure.LENGTH_UNITS)
    assert err.value.code == "unknown_unit"


@pytest.mark.parametrize("text, value", [("1:5000", 5000), ("5000", 5000), ("1:5,000", 5000), ("1：2000", 2000),
                                         ("1 : 25 000", 25000), ("1:1万", 10000), ("1/500", 500), ("50k", 50000)])
def test_typed_scales(text, value):
    assert measure.parse_scale(text) == value
    assert measure.parse_scale(measure.format_scale(value)) == value


@pytest.mark.parametrize("text, code", [("", "bad_scale"), ("abc", "bad_scale"), ("1:-5", "bad_scale"),
                                        ("1:5", "scale_out_of_range"), ("2:5000", "bad_scale")])
def test_bad_scales_carry_codes(text, code):
    with pytest.raises(measure.MeasureError) as err:
        measure.parse_scale(text)
    assert err.value.code == code


def test_scale_and_resolution_round_trip():
    assert measure.scale_denominator(measure.metres_per_pixel(5000)) == pytest.approx(5000)


LON, LAT = 106.847, 29.57


@pytest.mark.parametrize("text", ["106.847, 29.57", "29.57, 106.847", "29.57 106.847", "106.847；29.57",
                                  "106°50′49.2″E, 29°34′12″N", "29°34′12″N 106°50′49.2″E",
                                  "北纬29°34′12″ 东经106°50′49.2″", "29度34分12秒, 106度50分49.2秒"])
def test_wgs84_in_any_order_and_notation(text):
    loc = parse_location(text, "wgs84")
    assert (loc.lon, loc.lat) == pytest.approx((LON, LAT), abs=1e-9)


def test_gauss_kruger_with_prefix_without_prefix_and_in_surveyor_order():
    zone, easting, northing = to_gk3(LON, LAT)
    assert zone == 36
    for text, given in [(f"{easting:.3f}, {northing:.3f}", None), (f"{northing:.3f} {easting:.3f}", None),
                        (f"{easting - 36e6:.3f}, {northing:.3f}", 36), (f"{northing:.3f}, {easting - 36e6:.3f}", 36)]:
        loc = parse_location(text, "gk3", given)
        assert (loc.lon, loc.lat) == pytest.approx((LON, LAT), abs=1e-8), text
        assert loc.zone == 36


@pytest.mark.parametrize("system, forward", [("gcj02", wgs84_to_gcj02), ("bd09", wgs84_to_bd09)])
def test_amap_and_baidu_degrees_become_wgs84(system, forward):
    lon, lat = (float(v) for v in forward(LON, LAT))
    assert abs(lon - LON) + abs(lat - LAT) > 0.003  # the offset is hundreds of metres
    loc = parse_location(f"{lon:.7f}, {lat:.7f}", system)
    assert (loc.lon, loc.lat) == pytest.approx((LON, LAT), abs=2e-7)


@pytest.mark.parametrize("text, system, zone, code", [
    ("", "wgs84", None, "empty"), ("106.8", "wgs84", None, "two_values"), ("1, 2, 3", "wgs84", None, "two_values"),
    ("abc, 29.5", "wgs84", None, "not_a_number"), ("200, 95", "wgs84", None, "out_of_range"),
    ("586412, 3274567", "gk3", None, "zone_needed"), ("586412, 3274567", "gk3", 50, "zone_out_of_range"),
    ("36586412, 3274567", "gk3", 35, "zone_mismatch"), ("1, 2", "utm", None, "unknown_system"),
])
def test_bad_coordinates_carry_codes_and_parameters(text, system, zone, code):
    with pytest.raises(CoordinateError) as err:
        parse_location(text, system, zone)
    assert err.value.code == code
    if code == "not_a_number":
        assert err.value.params["text"] == "abc"
