"""The indicator catalogue says what the plans say: every clause exists and holds the value."""

from __future__ import annotations

import pytest

from gisplanner.monitor.catalogue import CatalogueError, load_catalogue
from gisplanner.plans import load_corpus
from gisplanner.textnorm import normalize


@pytest.fixture(scope="module")
def clauses() -> dict[str, str]:
    return {c.id: normalize(c.text) for d in load_corpus() for c in d.clauses}


def _number(value: float) -> str:
    return f"{value:g}"


def test_every_indicator_clause_exists_and_states_its_value(clauses):
    catalogue = load_catalogue()
    assert len(catalogue.indicators) >= 80
    for ind in catalogue.indicators:
        text = clauses.get(ind["clause_id"])
        assert text is not None, f"{ind['id']}: no clause {ind['clause_id']}"
        quote = normalize(ind["quote"])
        assert quote in text, f"{ind['id']}: clause {ind['clause_id']} does not say {ind['quote']!r}"
        if ind["kind"] == "target":
            wanted = ind["value_text"] or _number(ind["value"])
            assert wanted in quote, f"{ind['id']}: quote {ind['quote']!r} does not hold {wanted}"
        if ind["kind"] == "target" and ind["year"] and ind["year_from"] != "period":
            plan_text = " ".join(t for cid, t in clauses.items() if cid.startswith(ind["plan_id"] + ":"))
            assert str(ind["year"]) in plan_text or ind["note"], ind["id"]


def test_every_stated_figure_is_in_its_source_clause(clauses):
    catalogue = load_catalogue()
    assert len(catalogue.actuals) >= 15
    for act in catalogue.actuals:
        text = clauses[act["source"]]
        assert normalize(act["quote"]) in text, act
        assert _number(act["value"]) in act["quote"], act


def test_each_plan_with_targets_is_covered():
    plans = {i["plan_id"] for i in load_catalogue().indicators if i["kind"] != "statistic"}
    assert plans == {"000", "001", "002", "004"}  # 003 is a reply that reports figures only
    assert {i["plan_id"] for i in load_catalogue().indicators if i["kind"] == "statistic"} == {"003"}


def test_a_bad_entry_is_named(tmp_path):
    path = tmp_path / "indicators.toml"
    path.write_text('[[indicator]]\nid = "x.one"\nclause = "000:二/(一)"\nkind = "target"\nname_zh = "a"\n'
                    'name_en = "a"\nscope = "city"\nscope_ref = "c"\nquote = "3%"\ncomparator = "≥"\n'
                    'value = "three"\nunit = "%"\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"indicators.toml: indicator 1 \(x.one\): a target needs a numeric value"):
        load_catalogue(path)


def test_the_project_holds_the_catalogue_as_attribute_tables(project):
    conn = project.db.conn
    assert conn.execute("SELECT count(*) FROM indicators").fetchone()[0] == len(load_catalogue().indicators)
    kinds = dict(conn.execute("SELECT table_name, data_type FROM gpkg_contents WHERE table_name LIKE 'indicator%'"))
    assert kinds == {"indicators": "attributes", "indicator_actuals": "attributes"}
    for table in ("indicators", "indicator_actuals"):
        cols = {r[1]: (r[2], r[5]) for r in conn.execute(f"PRAGMA table_info({table})")}
        assert cols["fid"] == ("INTEGER", 1)
        unique = [r for r in conn.execute(f"PRAGMA index_list({table})") if r[2]]
        assert any(conn.execute(f"PRAGMA index_info({r[1]})").fetchone()[2] == "id" for r in unique)
    row = conn.execute("SELECT value, source, date, date_precision FROM indicator_actuals"
                       " WHERE indicator_id = '000.output'").fetchone()
    assert row == (672.0, "003:二/(一)/p1", "2020", "year")
