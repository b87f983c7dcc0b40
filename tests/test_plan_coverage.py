"""The items the plans name, clause by clause, are on the map and linked; the table in
data/SOURCES.md is the one the coverage tool prints."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from conftest import PYTHON, REPO
from gisplanner.paths import LAYER_SOURCES_DIR
from gisplanner.plans import load_corpus

TOOL = REPO / "data" / "tools" / "plan_coverage.py"


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("plan_coverage", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules["plan_coverage"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def docs():
    return {d.plan.id: d for d in load_corpus()}


def test_every_plan_has_items_and_every_mapped_item_links_its_clause(tool, docs):
    rows, problems = tool.coverage(tool.load_items(), tool.load_links(LAYER_SOURCES_DIR), docs)
    assert not problems
    assert [r["plan"] for r in rows] == sorted(docs)
    for row in rows:
        assert row["mapped"] == row["linked"], row["unlinked"]
        assert row["named"] == row["mapped"] + len(row["unmapped"])
        assert all(why.strip() for _, why in row["unmapped"])
    assert sum(r["mapped"] for r in rows) >= 120


def test_items_and_features_match_both_ways(tool):
    items = tool.load_items()
    listed = {uid for item in items for uid in item.get("features", [])}
    on_map = set(tool.load_links(LAYER_SOURCES_DIR))
    assert listed == on_map
    assert all(bool(item.get("features")) != bool(item.get("unmapped")) for item in items)


def test_a_feature_missing_from_the_map_is_counted_unmapped(tool, docs, tmp_path):
    links = tool.load_links(LAYER_SOURCES_DIR)
    del links["bz.edz.zone"]
    rows, _ = tool.coverage(tool.load_items(), links, docs)
    bazhong = next(r for r in rows if r["plan"] == "004")
    assert ("巴中经开区", "listed features not on the map") in bazhong["unmapped"]


def test_sources_md_table_is_up_to_date():
    done = subprocess.run([PYTHON, str(TOOL), "--check"], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
