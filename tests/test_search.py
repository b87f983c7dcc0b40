"""Clause search through FTS5 in the project file."""

from __future__ import annotations


def ids(hits):
    return [h.clause_id for h in hits]


def test_simplified_query_finds_traditional_clause(project):
    hits = project.search("渝万高铁")
    assert hits and hits[0].clause_id == "001:重點任務/(四)/14"
    assert "【渝萬高鐵】" in hits[0].snippet()


def test_traditional_query_finds_simplified_text(project):
    hits = project.search("珠海國際健康港")
    assert "002:五/(三)/1" in ids(hits)
    assert "<mark>珠海国际健康港</mark>" in next(h for h in hits if h.clause_id == "002:五/(三)/1").snippet_html(80)


def test_two_character_queries(project):
    vaccine = project.search("疫苗", limit=50)
    assert {"000", "001", "004"} <= {h.plan_id for h in vaccine}
    assert "001:重點任務/(一)/1" in ids(vaccine)
    assert "001:重點任務/(四)/14" in ids(project.search("高铁"))
    assert "001:重點任務/(四)/14" in ids(project.search("生物城 高铁"))


def test_results_are_ranked(project):
    hits = project.search("疫苗", limit=50)
    ranks = [h.rank for h in hits]
    assert ranks == sorted(ranks)  # bm25: lower is better
    # the paragraph that is all about vaccines outranks one mentioning them once
    assert ids(hits).index("000:三/(一)/p1") < ids(hits).index("004:三/(四)/p1")


def test_no_match_and_empty_query(project):
    assert project.search("量子引力") == []
    assert project.search("   ") == []
    assert project.search('"') == []


def test_plan_filter(project):
    hits = project.search("疫苗", plan_id="001")
    assert hits and {h.plan_id for h in hits} == {"001"}


def test_snippet_escapes_html(project):
    hit = project.search("生物城")[0]
    assert "<" not in hit.snippet_html().replace("<mark>", "").replace("</mark>", "")


def test_mainland_wording_finds_taiwan_style_text(project):
    assert "001:重點任務/(二)/5" in ids(project.search("数字化工厂"))  # 數位化工廠
    assert "001:重點任務/(五)/17" in ids(project.search("优化监管审批"))  # 最佳化監管審批
