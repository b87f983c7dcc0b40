"""Indicator states and overdue rules on fixed dates, on a real project file."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from gisplanner.monitor.states import assess
from gisplanner.monitor.timeline import overdue, status_at, statuses_on
from gisplanner.store import Project
from gisplanner.store.gpkg_sql import connect_writer

D = dt.date
TARGET = {"id": "t", "kind": "target", "comparator": "≥", "value": 100.0, "year": 2024}


def _a(date: str, value: float, n: int = 0) -> dict:
    return {"id": f"a{n}{date}", "date": date, "value": value}


def test_met_on_track_behind_and_no_data():
    assert assess(TARGET, [], D(2023, 1, 1)).state == "no_data"
    baseline = _a("2021", 40)
    assert assess(TARGET, [baseline], D(2023, 1, 1), "2021-12-31").state == "no_data"  # baseline only
    # the line from 40 (end 2021) to 100 (end 2024) stands at 60 at the end of 2022
    on_track = assess(TARGET, [baseline, _a("2022", 61)], D(2023, 1, 1), "2021-12-31")
    assert on_track.state == "on_track" and on_track.expected == pytest.approx(60, abs=0.1)
    assert assess(TARGET, [baseline, _a("2022", 55)], D(2023, 1, 1), "2021-12-31").state == "behind"
    assert assess(TARGET, [baseline, _a("2023-06", 100)], D(2023, 7, 1), "2021-12-31").state == "met"
    # a value reported after the date asked is not known then
    assert assess(TARGET, [baseline, _a("2023-06", 100)], D(2023, 5, 1), "2021-12-31").state == "no_data"
    # the year is over and the target missed
    assert assess(TARGET, [baseline, _a("2024", 99)], D(2025, 1, 1), "2021-12-31").state == "behind"


def test_strictly_greater_and_milestones():
    above = {**TARGET, "comparator": ">"}
    assert assess(above, [_a("2024", 100)], D(2025, 1, 1)).state == "behind"
    assert assess(above, [_a("2024", 100.5)], D(2025, 1, 1)).state == "met"
    milestone = {"id": "m", "kind": "milestone", "year": 2024}
    assert assess(milestone, [_a("2023", 0)], D(2024, 6, 1)).state == "on_track"
    assert assess(milestone, [_a("2023", 0)], D(2025, 1, 1)).state == "behind"
    assert assess(milestone, [_a("2023", 0), _a("2024-10", 1)], D(2025, 1, 1)).state == "met"


def test_states_follow_edited_actuals_in_the_project(project_copy):
    from gisplanner.monitor.queries import assessments

    with Project.open(project_copy, "rw") as project, project.edit() as session:
        session.add_actual("002.output-2025", "2019", 210, "珠海统计年鉴2020")
        session.add_actual("002.output-2025", "2022", 340, "珠海统计年鉴2023")
        session.commit()
        rows = {i["id"]: a for i, a, _ in assessments(project.db.conn, D(2023, 6, 1), "002")}
    # plan 002 dated 2020-08-28: baseline 210 (2019); the line to 450 (end 2025) is at ~330 at the end of 2022
    assert rows["002.output-2025"].state == "on_track"
    assert rows["002.output-2020"].state == "no_data"


@pytest.fixture
def kinds_project(project_copy):
    """Three Bio-City facilities (deadline 2024) given a start, complete and study deadline."""
    conn = connect_writer(project_copy)
    with conn:
        if "deadline_kind" not in {r[1] for r in conn.execute("PRAGMA table_info(facilities)")}:
            conn.execute('ALTER TABLE facilities ADD COLUMN deadline_kind TEXT')
        for uid, kind in (("cq.biocity.p3-lab", "start"), ("cq.biocity.vaccine-incubator", "complete"),
                          ("cq.biocity.cmc-platform", "study")):
            conn.execute("UPDATE facilities SET deadline_kind = ?, deadline = 2024 WHERE uid = ?", [kind, uid])
    conn.close()
    return project_copy


def _late(path, on) -> dict[str, tuple[str, str | None]]:
    with sqlite3.connect(path) as conn:
        return {o.uid: (o.kind, o.status) for o in overdue(conn, on) if o.uid in
                ("cq.biocity.p3-lab", "cq.biocity.vaccine-incubator", "cq.biocity.cmc-platform")}


def test_overdue_by_deadline_kind_on_fixed_dates(kinds_project):
    assert _late(kinds_project, D(2024, 12, 31)) == {}  # the deadline year is not over yet
    first = _late(kinds_project, D(2025, 1, 1))
    assert first["cq.biocity.p3-lab"] == ("start", "proposed")
    assert first["cq.biocity.vaccine-incubator"] == ("complete", "planned")
    assert "cq.biocity.cmc-platform" not in first  # planned: its study is done
    with Project.open(kinds_project, "rw") as project, project.edit() as session:
        session.set_status("cq.biocity.p3-lab", "under_construction", "2024-03-01", "巴南区重点项目清单")
        session.set_status("cq.biocity.vaccine-incubator", "under_construction", "2024-05-01", "现场踏勘")
        session.set_status("cq.biocity.cmc-platform", "planning_study", "2024-02-01", "规划调整")
        session.commit()
    late = _late(kinds_project, D(2025, 1, 1))
    assert "cq.biocity.p3-lab" not in late                       # started before the start deadline passed
    assert late["cq.biocity.vaccine-incubator"] == ("complete", "under_construction")
    assert late["cq.biocity.cmc-platform"] == ("study", "planning_study")
    with Project.open(kinds_project, "rw") as project, project.edit() as session:
        session.set_status("cq.biocity.vaccine-incubator", "completed", "2025-03-01", "竣工验收")
        session.set_status("cq.biocity.cmc-platform", "cancelled", "2025-02-01", "取消")
        session.commit()
    assert set(_late(kinds_project, D(2025, 6, 1))) == set()
    assert set(_late(kinds_project, D(2025, 2, 15))) == {"cq.biocity.vaccine-incubator"}  # completed later


def test_missing_kind_is_a_completion_deadline(project_copy):
    conn = connect_writer(project_copy)
    with conn:  # a project whose deadline carries no kind (as from an older build or QGIS)
        conn.execute("UPDATE transport_points SET deadline_kind = NULL WHERE uid = 'cq.hsr.biocity-station'")
    conn.close()
    with sqlite3.connect(project_copy) as conn:
        late = {o.uid: o for o in overdue(conn, D(2025, 1, 1))}
        assert late["cq.hsr.biocity-station"].kind == "complete"
        assert "cq.hsr.biocity-station" not in {o.uid for o in overdue(conn, D(2024, 12, 31))}


def test_status_on_a_date_is_the_one_recorded_for_it(project_copy):
    uid = "cq.hsr.biocity-station"
    with Project.open(project_copy, "rw") as project, project.edit() as session:
        session.set_status(uid, "under_construction", "2023-04-01", "国铁集团公告")
        session.set_status(uid, "completed", "2026-01-15", "开通运营")
        session.commit()
    with sqlite3.connect(project_copy) as conn:
        conn.execute("INSERT INTO status_history (feature_uid, status, date, source) VALUES (?, ?, ?, ?)",
                     [uid, "approved", "2022", "year known only"])
        conn.commit()
        at = {day: status_at(conn, day, [uid])[uid] for day in
              (D(2021, 12, 30), D(2021, 12, 31), D(2022, 6, 30), D(2022, 12, 31), D(2023, 4, 1), D(2026, 1, 15))}
        assert statuses_on(conn, D(2023, 3, 31))[uid] == ("approved", "2022")
    assert at == {D(2021, 12, 30): None, D(2021, 12, 31): "planned", D(2022, 6, 30): "planned",
                  D(2022, 12, 31): "approved", D(2023, 4, 1): "under_construction",
                  D(2026, 1, 15): "completed"}


def test_status_arrays_match_the_queries_on_every_date(kinds_project):
    from gisplanner.monitor.history import StatusHistory, deadline_years, kind_codes

    with Project.open(kinds_project, "rw") as project, project.edit() as session:
        session.set_status("cq.biocity.p3-lab", "under_construction", "2024-03-01", "巴南区重点项目清单")
        session.set_status("cq.biocity.cmc-platform", "cancelled", "2025-02-01", "取消")
        session.commit()
    with sqlite3.connect(kinds_project) as conn:
        history = StatusHistory.load(conn)
        rows = conn.execute("SELECT uid, deadline, deadline_kind FROM facilities").fetchall()
        uids = [r[0] for r in rows]
        positions = history.positions(uids)
        for day in (D(2019, 1, 1), D(2021, 12, 31), D(2024, 6, 1), D(2025, 1, 1), D(2025, 6, 1)):
            statuses = history.at(day, positions)
            assert list(statuses) == [status_at(conn, day, layers=["facilities"])[u] for u in uids], day
            late = history.overdue(history.codes_at(day, positions), deadline_years([r[1] for r in rows]),
                                   kind_codes([r[2] for r in rows]), day)
            expected = {o.uid for o in overdue(conn, day) if o.layer == "facilities"}
            assert {u for u, flag in zip(uids, late, strict=True) if flag} == expected, day


def test_counts_by_status_over_days_follow_each_feature_s_latest_entry():
    from gisplanner.monitor.history import StatusHistory

    history = StatusHistory(["a", "a", "b", "c"], ["2023-01-01", "2024-06-01", "2024-01-01", "2025-01-01"],
                            ["planned", "under_construction", "planned", "completed"])
    days = [D(2022, 12, 31), D(2023, 12, 31), D(2024, 6, 30), D(2025, 6, 30)]
    every = history.positions(["a", "b", "c", "unknown"])
    counts = history.counts_over(days, every)
    assert counts["planned"] == [0, 1, 1, 1]  # a, then b once a is under construction
    assert counts["under_construction"] == [0, 0, 1, 1]
    assert counts["completed"] == [0, 0, 0, 1]
    assert history.counts_over(days, history.positions(["b"]))["planned"] == [0, 0, 1, 1]  # a scope
