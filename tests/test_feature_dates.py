"""Status dates carry their precision, sources name their clause, deadlines their kind."""

from __future__ import annotations

import json
import re
import shutil

import pandas as pd
import pytest

from gisplanner.features import SourceError
from gisplanner.paths import LAYER_SOURCES_DIR
from gisplanner.store import build_project


@pytest.fixture(scope="module")
def rows(project):
    return {row.uid: row for d in project.layers() for row in project.features(d.name).itertuples()}


def test_every_deadline_has_a_kind_and_the_kind_follows_the_clause(rows):
    with_deadline = {uid: row for uid, row in rows.items() if not pd.isna(row.deadline)}
    assert len(with_deadline) >= 50
    assert all(row.deadline_kind in {"start", "complete", "study"} for row in with_deadline.values())
    assert all(pd.isna(row.deadline_kind) for row in rows.values() if row.uid not in with_deadline)
    kinds = {uid: (int(row.deadline), row.deadline_kind) for uid, row in with_deadline.items()}
    assert kinds["cq.road.mudong-guangyangwan"] == (2024, "start")  # 启动木洞至广阳湾城市干道建设
    assert kinds["cq.biocity.demo-zone"] == (2024, "start")  # 启动…示范区建设
    assert kinds["cq.metro.line24-biocity-ext"] == (2024, "study")  # 规划研究
    assert kinds["cq.biocity.innovation-centre"] == (2024, "complete")  # 完成…创新中心建设
    assert kinds["cq.banan-cluster"] == (2022, "complete")  # plan 000: 建成国家级生物医药产业集聚区
    assert kinds["zh.health-port"] == (2025, "complete")


def test_history_dates_carry_their_precision(project, rows):
    month = project.status_history("cq.banan-cluster")
    assert {"date": "2019-09-01", "date_precision": "month"}.items() <= month[1].items()
    assert month[0]["date_precision"] == "year"  # plan 000 is dated by its year only
    for uid in rows:
        for entry in project.status_history(uid):
            precision = entry["date_precision"]
            assert precision in {"day", "month", "year"}, uid
            assert precision == "day" or entry["date"].endswith("-01-01" if precision == "year" else "-01"), (uid, entry)
        assert rows[uid].status_date_precision == project.status_history(uid)[-1]["date_precision"], uid


def test_status_from_a_plan_names_its_clause(project, rows):
    clause_ids = {c["clause_id"] for uid in rows for c in project.clauses_for(uid)}
    for uid in rows:
        for entry in project.status_history(uid):
            if entry["source"].startswith("plan ") and "clause " in entry["source"]:
                cited = re.search(r"clause (\d{3}:\S+)", entry["source"]).group(1)
                assert cited in clause_ids, (uid, cited)
    assert "clause 001:重點任務/(四)/14" in project.status_history("cq.hsr.biocity-station")[-1]["source"]


def test_merged_projects_are_split(rows):
    assert {"cq.banan.athenex-formulation", "cq.banan.athenex-api"} <= set(rows)
    assert {"bz.herb-market", "bz.herb-logistics-centre", "bz.herb-distribution-centre"} <= set(rows)
    assert {"zh.hengqin.national-testing-centre", "zh.hengqin.national-review-centre"} <= set(rows)
    assert not any("、" in row.name_zh for row in rows.values())


def _with_changed_feature(tmp_path, change):
    layers = tmp_path / "layers"
    shutil.copytree(LAYER_SOURCES_DIR, layers)
    source = layers / "transport_lines.geojson"
    data = json.loads(source.read_text(encoding="utf-8"))
    props = next(f["properties"] for f in data["features"] if f["properties"]["uid"] == "cq.road.mudong-guangyangwan")
    change(props)
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return layers


@pytest.mark.parametrize(("change", "message"), [
    (lambda p: p.update(deadline_kind=None), r"deadline 2024 has no deadline_kind"),
    (lambda p: p.update(deadline_kind="finish"), r"'finish' is not one of start, complete, study"),
    (lambda p: p["history"][0].update(date="2021-12-31", date_precision="month"), r"known to the month is written YYYY-MM-01"),
])
def test_bad_deadline_or_date_precision_is_refused(tmp_path, change, message):
    layers = _with_changed_feature(tmp_path, change)
    with pytest.raises(SourceError, match=message) as err:
        build_project(tmp_path / "p.gpkg", layers_dir=layers)
    assert "transport_lines.geojson" in str(err.value) and "cq.road.mudong-guangyangwan" in str(err.value)
    assert not (tmp_path / "p.gpkg").exists()
