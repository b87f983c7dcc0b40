"""The shipped features: every plan item mapped, linked to a clause that names it, honestly placed."""

from __future__ import annotations

import numpy as np
import pyproj
import pytest
import shapely

from gisplanner.geocode import read_gazetteer
from gisplanner.layers import STATUS_IDS
from gisplanner.textnorm import normalize

EQUAL_AREA = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:6933", always_xy=True)


@pytest.fixture(scope="module")
def features(project):
    out = {}
    for definition in project.layers():
        frame = project.features(definition.name)
        for row in frame.itertuples():
            out[row.uid] = (definition.name, row)
    return out


def test_every_layer_with_a_source_has_features(features):
    layers = {layer for layer, _ in features.values()}
    assert {"parks", "transport_lines", "transport_points", "facilities"} <= layers
    assert len(features) >= 60


def test_every_feature_links_to_a_clause_that_names_it(project, features):
    for uid, (_, row) in features.items():
        clauses = project.clauses_for(uid)
        assert clauses, f"{uid} links to no clause"
        names = [row.name_zh, *(row.aliases or "").split("|")]
        for clause in clauses:
            text = normalize(clause["text"])
            assert any(n and normalize(n) in text for n in names), (
                f"{uid}: clause {clause['clause_id']} names none of {names}")


@pytest.mark.parametrize(("name", "uid_part"), [
    ("渝万高铁", "hsr"), ("国际生物城站", "station"), ("24号线", "line24"), ("C6", "c6"),
    ("木洞至广阳湾", "mudong"), ("南涪路", "nanfu"), ("110kV", "substation"), ("木洞污水处理厂", "sewage"),
    ("创新中心", ""), ("人才公寓", ""), ("五星级酒店", ""), ("石渝高速", "shiyu"), ("栋青湿地公园", ""),
    ("疫苗孵化中心", ""), ("抗体药物孵化中心", ""), ("多肽药物研发中心", ""), ("P3实验室", ""),
    ("三甲综合性医院", ""), ("苏州大学", ""), ("重庆医科大学药学院", ""),
    ("珠海国际健康港", "health-port"), ("粤澳合作中医药科技产业园", ""), ("秦巴生物医药产业园", "qinba"),
    ("中药材交易市场", ""), ("仓储物流中心", "logistics"), ("两江新区", "liangjiang.zone"), ("巴中经开区", "edz"),
    ("横琴新区", "hengqin.zone"), ("华东师范大学重庆研究院", "ecnu"), ("危化品处置设施", "hazchem"),
    ("骨科前沿技术研究院", "ortho-institute"), ("草拾趣园", ""),
])
def test_named_plan_items_are_mapped(features, name, uid_part):
    hits = [uid for uid, (_, row) in features.items()
            if normalize(name).lower() in normalize(f"{row.name_zh}|{row.aliases}").lower()]
    assert hits, f"no feature named {name}"
    assert any(uid_part in uid for uid in hits)


def test_herb_parks_in_each_county(features):
    herb = [row for layer, row in features.values() if row.kind == "herb_base"]
    places = "".join(row.name_zh for row in herb)
    for county in ("恩阳", "南江", "通江", "平昌"):
        assert county in places


def area_km2(geom) -> float:
    projected = shapely.transform(geom, lambda xy: np.column_stack(EQUAL_AREA.transform(xy[:, 0], xy[:, 1])))
    return projected.area / 1e6


def test_the_three_parks_have_realistic_extent(features):
    port = features["zh.health-port"][1].geometry
    assert 5 <= area_km2(port) <= 20  # the plan: 10 km²
    biocity = features["cq.biocity"][1].geometry
    assert 30 <= area_km2(biocity) <= 120  # planned 64 km²
    qinba = features["bz.qinba-park"][1].geometry
    assert 1 <= area_km2(qinba) <= 60
    assert biocity.contains(shapely.Point(106.85, 29.57)) or biocity.distance(shapely.Point(106.85, 29.57)) < 0.05
    for layer, row in (features["zh.health-port"], features["cq.biocity"], features["bz.qinba-park"]):
        assert layer == "parks" and row.geometry.geom_type == "MultiPolygon"


def test_status_precision_and_sources(features, project):
    for uid, (_, row) in features.items():
        assert row.status in STATUS_IDS
        assert row.location_precision in {"site", "town", "district", "city"}
        assert row.location_source and len(row.location_source) > 10, uid
        history = project.status_history(uid)
        assert history and history[-1]["status"] == row.status, uid


def test_no_feature_sits_at_an_invented_precise_point(features):
    """A point placed by town or district sits on the gazetteer's centre of such a place."""
    centres = {kind: [shapely.Point(p.lon, p.lat) for p in read_gazetteer() if p.kind == kind]
               for kind in ("city", "district", "town")}
    for uid, (_, row) in features.items():
        if row.geometry.geom_type != "Point" or row.location_precision == "site":
            continue
        nearest = min(c.distance(row.geometry) for c in centres[row.location_precision])
        assert nearest < 0.002, f"{uid} ({row.location_precision}) is {nearest:.4f}° from any {row.location_precision} centre"


def test_plan_001_items_carry_its_deadline(project, features):
    for uid, (_, row) in features.items():
        plans = {c["plan_id"] for c in project.clauses_for(uid) if c["relation"] == "mandates"}
        if plans == {"001"}:
            assert row.deadline == 2024, uid


def test_every_clause_that_names_a_feature_is_linked(project, features):
    """All of a feature's clauses, not only the first: a clause whose text names the feature (its
    Chinese name, outside the plan's own title) is linked to it, or a clause above or below it is."""
    titles = {p["id"]: normalize(p["title"]) for p in project.plans()}
    clauses = [(c["id"], c["parent_id"], normalize(c["text"]).replace(titles[c["plan_id"]], ""))
               for c in project.clauses()]
    parents = {parent for _, parent, _ in clauses}
    for uid, (_, row) in features.items():
        linked = {c["clause_id"] for c in project.clauses_for(uid)}
        name = normalize(row.name_zh)
        for clause_id, _, text in clauses:
            if clause_id in parents or name not in text:
                continue
            assert any(clause_id.startswith(other) or other.startswith(clause_id) for other in linked), (
                f"{uid}: clause {clause_id} names it but is not linked")
