"""The meeting brief: PDF read back as text, HTML loaded offline in real headless Chromium."""

from __future__ import annotations

import datetime as dt
import re

import pypdfium2
import pytest

from export_helpers import XSS_NAME, add_hostile_names, chromium, open_offline
from gisplanner.report import BriefError, collect_brief, write_report
from gisplanner.store import Project


def _pages(pdf) -> int:
    return len(pypdfium2.PdfDocument(pdf))


def _text(pdf) -> str:
    """The PDF's text as PDFium (Chromium's PDF engine) reads it; pypdf misreads fpdf2's
    embedded CMap once a font subset passes 255 glyphs."""
    doc = pypdfium2.PdfDocument(pdf)
    return re.sub(r"\s+", "", "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))))


@pytest.fixture
def edited_copy(project_copy):
    """A project where a Bio-City feature changed status and an actual value was added, today."""
    with Project.open(project_copy, "rw") as project, project.edit(editor="李工") as session:
        session.set_status("cq.hsr.biocity-station", "under_construction", "2023-04-01", "国铁集团公告")
        session.add_actual("001.industry-scale", "2023", 1300, "巴南区统计公报2023")
        session.commit()
    return project_copy


def test_pdf_brief_of_a_park_reads_back(edited_copy, tmp_path):
    out = tmp_path / "biocity.pdf"
    with Project.open(edited_copy) as project:
        brief = write_report(project, out, park="cq.biocity", as_of=dt.date(2025, 1, 1),
                             since=dt.date(2020, 1, 1))
    text = _text(out)
    assert "重庆国际生物城" in text
    assert "主导及相关产业规模" in text and "滞后" in text           # 1300 < 2000 after 2024
    assert "001:重點任務/(四)/15" in text                              # clause → features table
    assert "重庆国际生物城110kV变电站" in text                           # overdue on 2025-01-01
    assert "cq.hsr.biocity-station" in text and "李工" in text          # changes since 2020
    assert {o.uid for o in brief.overdue} >= {"cq.biocity.substation-110kv"}
    assert _pages(out) >= 2


def test_changes_since_a_later_date_are_left_out(edited_copy):
    with Project.open(edited_copy) as project:
        brief = collect_brief(project, park="cq.biocity", since=dt.date.today() + dt.timedelta(days=1))
        assert brief.changes == []
        brief = collect_brief(project, park="cq.biocity", since=dt.date.today())
        assert {c["uid"] for c in brief.changes if c["layer"] != "indicator_actuals"} == {"cq.hsr.biocity-station"}
        assert any(c["layer"] == "indicator_actuals" for c in brief.changes)
        other = collect_brief(project, park="zh.health-port", since=dt.date(2020, 1, 1))
        assert other.changes == []


def test_plan_brief_holds_only_that_plans_indicators(project):
    brief = collect_brief(project, plan="002", as_of=dt.date(2026, 1, 1))
    assert {i["plan_id"] for i, _, _ in brief.indicators} == {"002"}
    assert brief.uids and all(row.plan_id == "002" for row in brief.clauses)


def test_html_brief_is_offline_and_error_free_in_chromium(edited_copy, tmp_path):
    add_hostile_names(edited_copy)
    out = tmp_path / "brief.html"
    with Project.open(edited_copy) as project:
        write_report(project, out, park="cq.biocity", as_of=dt.date(2025, 1, 1), since=dt.date(2020, 1, 1))
    html = out.read_text(encoding="utf-8")
    assert "<script src=" not in html and "http://" not in html.split("<iframe")[0]
    with chromium() as browser:
        page, log = open_offline(browser, out, frame=1)
        frame = page.frame_locator("iframe")
        drawn = frame.locator(".leaflet-overlay-pane path").count()
        charts = page.locator("#indicators svg").count()
        overdue_rows = page.locator("#overdue tbody tr").count()
        body_text = page.locator("body").inner_text()
        page.close()
    assert log.page_errors == [] and log.console_errors == [] and log.dialogs == []
    assert log.requests == []
    assert drawn > 0 and charts == 2 and overdue_rows >= 10  # 000.output and 001.industry-scale
    assert "主导及相关产业规模" in body_text
    assert "001.industry-scale = 1300（2023；巴南区统计公报2023）" in body_text  # the added actual, since 2020
    assert XSS_NAME in body_text  # the hostile park name shows as text (clause table), nothing ran


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"park": "no.such"}, "no park with uid 'no.such'"),
    ({"plan": "999"}, "no plan '999'"),
    ({}, "give either a park or a plan"),
])
def test_bad_brief_requests_are_named(project, tmp_path, kwargs, message):
    with pytest.raises(BriefError, match=message):
        write_report(project, tmp_path / "x.pdf", **kwargs)
    assert not (tmp_path / "x.pdf").exists()


def test_brief_needs_html_or_pdf(project, tmp_path):
    with pytest.raises(BriefError, match=r"\.html or \.pdf, not \.docx"):
        write_report(project, tmp_path / "x.docx", park="cq.biocity")
