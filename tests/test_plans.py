"""The clause tree of every shipped plan: numbering, spans, departments, capture defects."""

from __future__ import annotations

import pytest

from gisplanner.plans import load_corpus, parse_plan
from gisplanner.textnorm import normalize


@pytest.fixture(scope="module")
def corpus():
    return {d.plan.id: d for d in load_corpus()}


def clause(corpus, plan_id: str, path: str):
    matches = [c for c in corpus[plan_id].clauses if c.path == path]
    assert matches, f"plan {plan_id} has no clause {path}; has {[c.path for c in corpus[plan_id].clauses][:40]}"
    return matches[0]


def test_every_plan_parses_with_numbered_clauses(corpus):
    assert sorted(corpus) == ["000", "001", "002", "003", "004"]
    for doc in corpus.values():
        numbered = [c for c in doc.clauses if c.level < 9]
        assert len(numbered) >= 15, doc.plan.id
        assert not doc.warnings, doc.warnings


def test_spans_point_at_the_published_text(corpus):
    for doc in corpus.values():
        ids = [c.id for c in doc.clauses]
        assert len(ids) == len(set(ids)), "clause ids must be unique"
        for c in doc.clauses:
            assert doc.source[c.start:c.end] == c.text
            assert c.text.strip() == c.text and c.text


def test_001_task_14_names_the_hsr_station_and_line_24(corpus):
    task = clause(corpus, "001", "重點任務/(四)/14")
    assert task.parent_id == "001:重點任務/(四)"
    assert clause(corpus, "001", "重點任務/(四)").parent_id == "001:重點任務"
    assert "渝萬高鐵國際生物城站" in task.text
    assert "軌道交通24號線" in task.text
    assert task.heading == "打造便捷高效的城市通達體系。"
    assert task.number == "14."


def test_001_task_numbers_run_across_sections(corpus):
    items = [c for c in corpus["001"].clauses if c.level == 3]
    assert [int(c.path.rsplit("/", 1)[1]) for c in items] == list(range(1, 23))
    assert clause(corpus, "001", "重點任務/(五)/17").text.startswith("17.")


def test_002_health_port_clause(corpus):
    c = clause(corpus, "002", "五/(三)/1")
    assert "珠海国际健康港" in c.text and "10平方公里" in c.text
    assert c.heading == "培育生物医药产业特色园区。"


def test_002_departments_are_split_off(corpus):
    c = clause(corpus, "002", "五/(一)/4")
    assert c.departments == ("市科技创新局", "市市场监管局", "市卫生健康局")
    assert c.text.endswith("（市科技创新局、市市场监管局、市卫生健康局）")  # text stays verbatim
    title = [c for c in corpus["002"].clauses if "（2020-2025年）" in c.text and c.text.endswith("）")]
    assert all(not t.departments for t in title)


def test_004_qinba_park_clause(corpus):
    c = clause(corpus, "004", "四/(二)/4")
    assert "秦巴生物医药产业园" in c.text
    assert c.number == "4．"


def test_000_structure(corpus):
    c = clause(corpus, "000", "四/(四)")
    assert c.heading == "建设国家级生物医药产业集聚区。"
    assert clause(corpus, "000", "三/(一)/p1").parent_id == "000:三/(一)"


def test_003_capture_defects_do_not_break_the_tree(corpus):
    inferred = [c for c in corpus["003"].clauses if c.inferred_number]
    assert [c.path for c in inferred] == ["一/(三)", "一/(四)", "三/(二)", "三/(三)"]
    assert all(c.text.startswith(")") for c in inferred)  # kept as published
    assert clause(corpus, "003", "三/(四)").heading == "加快科研院所成果转化。"
    # the garbled document number stays verbatim in the clause text
    assert "渝府办发〔201952号" in clause(corpus, "003", "一/(一)").text


def test_001_traditional_text_is_kept_and_normalises(corpus):
    task = clause(corpus, "001", "重點任務/(四)/14")
    assert "渝万高铁国际生物城站" in normalize(task.text)


def test_unknown_structure_imports_as_paragraphs_with_warning():
    text = "第一段没有编号。\n\n第二段也没有。\n"
    result = parse_plan("x", text, file_name="odd.txt")
    assert [c.path for c in result.clauses] == ["p1", "p2"]
    assert result.warnings and "odd.txt" in result.warnings[0]


def test_item_marker_is_not_a_decimal():
    result = parse_plan("x", "一、总则\n1.5亿元用于平台建设。\n2.建设平台。\n")
    assert [c.path for c in result.clauses] == ["一", "一/p1", "一/2"]


WEB_LEFTOVERS = {"001": ("相關詞條", "熱門詞條", "聯絡我們"), "003": ("扫一扫在手机打开当前页",)}


def test_web_page_footers_are_not_part_of_the_plans(corpus):
    from gisplanner.paths import PLANS_DIR

    for plan_id, leftovers in WEB_LEFTOVERS.items():
        doc = corpus[plan_id]
        raw = (PLANS_DIR / doc.plan.file).read_text(encoding="utf-8-sig")
        assert all(word in raw for word in leftovers)  # the shipped file stays verbatim
        assert not any(word in doc.source for word in leftovers), plan_id
        assert not any(word in c.text for c in doc.clauses for word in leftovers), plan_id
        # only the footer lines went: every clause of the full capture before them is kept
        full = parse_plan(plan_id, raw, [*_sections(plan_id), *leftovers])
        kept = [c for c in full.clauses if not any(word in c.text for word in leftovers)]
        assert [(c.path, c.start, c.end) for c in doc.clauses] == [(c.path, c.start, c.end) for c in kept]
        assert len(full.clauses) - len(doc.clauses) == len(leftovers)
    last = corpus["001"].clauses[-1]
    assert last.path == "保障措施/p1"
    assert last.text.startswith("成立重慶國際生物城建設推進工作小組")
    assert last.text.endswith("由重慶國際生物城開發投資公司承擔。")
    assert corpus["001"].source.endswith("承擔。\n")
    assert corpus["003"].clauses[-1].text == "2021826"


def _sections(plan_id: str) -> list[str]:
    from gisplanner.plans.corpus import load_metadata

    return next(e.sections for e in load_metadata() if e.plan.id == plan_id)


def test_the_built_project_reads_plan_001_without_the_footer(project):
    source = project.plan("001")["source"]
    assert not any(word in source for word in WEB_LEFTOVERS["001"])
    clauses = project.clauses("001")
    assert clauses[-1]["text"].endswith("由重慶國際生物城開發投資公司承擔。")
    assert not [c for c in clauses if c["path"] in WEB_LEFTOVERS["001"]]


def test_a_missing_footer_line_is_named(tmp_path):
    import shutil

    from gisplanner.paths import PLANS_DIR
    from gisplanner.plans import CorpusError

    shutil.copytree(PLANS_DIR, tmp_path / "plans")
    target = tmp_path / "plans" / "001_33676d92b049c4bd.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("相關詞條", "相关"), encoding="utf-8")
    with pytest.raises(CorpusError, match="001_33676d92b049c4bd.txt.*相關詞條"):
        load_corpus(tmp_path / "plans")
