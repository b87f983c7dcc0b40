"""The export's geometry helpers on known shapes: displacement per zoom, the park frame and
clipping, label anchors."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from gisplanner.displacement import MIN_RADIUS_PX, ring_positions
from gisplanner.export.collect import clip_to_frame, park_frame
from gisplanner.export.displace import DISPLACE_FROM, MAX_ZOOM, displacement_table, world_pixels
from gisplanner.export.encode import Grid
from gisplanner.export.payload import label_anchors


def test_world_pixels_match_web_mercator():
    xy = world_pixels(np.array([[0.0, 0.0], [180.0, 0.0], [-180.0, 85.0511287798]]))
    assert np.allclose(xy, [[128, 128], [256, 128], [0, 0]], atol=1e-6)


def test_coincident_points_get_a_ring_at_every_zoom_and_near_ones_only_when_they_collide():
    same = np.array([[106.81919, 29.56049]] * 5)
    near = np.array([[107.0, 29.0], [107.001, 29.0]])  # about 100 m apart
    table = displacement_table([same, near])
    assert sorted(map(int, table)) == list(range(DISPLACE_FROM, MAX_ZOOM + 1))
    for zoom, rows in table.items():
        ring = [r for r in rows if r[0] == 0]
        assert sorted(r[1] for r in ring) == [0, 1, 2, 3, 4]
        shifts = np.array([r[2:4] for r in ring])
        assert np.allclose(np.hypot(*shifts.T), MIN_RADIUS_PX, atol=0.1)  # on the ring around the place
        assert len({tuple(s) for s in shifts}) == 5
        assert all(r[4:] == [0.0, 0.0] for r in ring)  # the leader runs to the true place
        pair = [r for r in rows if r[0] == 1]
        gap_px = 0.001 * 256 * 2 ** int(zoom) / 360
        assert not (pair and gap_px >= 6), f"points {gap_px:.0f} px apart displaced at zoom {zoom}"
    assert len([r for r in table[str(DISPLACE_FROM)] if r[0] == 1]) == 2  # a third of a pixel apart: one place


def test_groups_bigger_than_the_limit_stay_stacked():
    xy = np.zeros((10, 2))
    pos, anchors = ring_positions(xy, max_group=9)
    assert np.isnan(anchors).all() and (pos == 0).all()
    pos, anchors = ring_positions(xy, max_group=10)
    assert not np.isnan(anchors).any()


def test_lines_crossing_the_frame_are_cut_to_it_keeping_their_rows():
    park = shapely.box(106.8, 29.5, 106.9, 29.6)
    frame = park_frame(park)
    assert frame[0] < 106.8 and frame[2] > 106.9 and frame[2] - frame[0] < 0.2
    lines = gpd.GeoDataFrame({"uid": ["hsr", "wiggle"]}, geometry=[
        shapely.LineString([(100, 29.55), (110, 29.55)]),
        shapely.LineString([(106.0, 29.52), (106.85, 29.52), (106.85, 29.0), (106.86, 29.0), (106.86, 29.58), (108, 29.58)]),
    ], crs=4326)
    cut = clip_to_frame(lines, frame, ("LineString", "MultiLineString"))
    assert list(cut["uid"]) == ["hsr", "wiggle"]
    x0, y0, x1, y1 = shapely.total_bounds(cut.geometry.values)
    assert x0 >= frame[0] - 1e-9 and x1 <= frame[2] + 1e-9 and y0 >= frame[1] - 1e-9 and y1 <= frame[3] + 1e-9
    assert cut.geometry.iloc[1].geom_type == "MultiLineString"  # leaves the frame and comes back
    points = gpd.GeoDataFrame({"uid": ["p"]}, geometry=[shapely.Point(120, 40)], crs=4326)
    assert len(clip_to_frame(points, frame, ("Point",))) == 1  # points are chosen, not cut


def test_label_anchors_lie_on_their_features_smallest_area_first():
    grid = Grid.around((0, 0, 10, 10), 3)
    big, small = shapely.box(0, 0, 10, 10), shapely.box(4, 4, 5, 5)
    bent = shapely.Polygon([(0, 0), (10, 0), (10, 10), (9, 10), (9, 1), (0, 1)])  # its box's centre is outside
    anchors = label_anchors(np.array([big, small, bent]), "polygon", grid)
    assert [a[0] for a in anchors] == [1, 2, 0]
    assert anchors[0] == [1] and anchors[2] == [0]  # the page takes the middle of their bounds
    index, x, y = anchors[1]
    assert bent.covers(shapely.Point((grid.origin_x + x) / grid.scale, (grid.origin_y + y) / grid.scale))
    line = shapely.LineString([(0, 0), (10, 0)])
    assert label_anchors(np.array([line]), "line", grid) == [[0, 5000, 0]]
