"""The edit journal in words: a status change with its source, an added or deleted feature
summarised (kind, name, status, layer) rather than a JSON record, in the window's language."""

from __future__ import annotations

import re

import pytest
from shapely.geometry import Point

from gisplanner.store import Project

UID = "cq.biocity.vaccine-incubator"
NEW = {"uid": "cq.test.shuangfu-sewage", "name_zh": "双福污水处理厂", "name_en": "Shuangfu sewage works",
       "kind": "sewage_plant", "status": "planned", "status_date": "2025-01-01", "location_precision": "site"}


@pytest.fixture
def edited(project_copy):
    """A project file with a saved status change, an added feature and a deleted one."""
    with Project.open(project_copy) as project:
        session = project.edit(editor="王工")
        session.set_status(UID, "under_construction", "2025-03-01", "区经信局通报 2025-03-02")
        session.add_feature("facilities", dict(NEW), Point(106.6, 29.4))
        session.delete("cq.biocity.antibody-incubator")
        session.commit()
        session.close()
    return project_copy


@pytest.fixture
def words():
    from gisplanner.ui.editing.journal_words import journal_text
    from gisplanner.ui.i18n import set_lang

    def read(project_path, uid: str, lang: str) -> list[str]:
        set_lang(lang)
        with Project.open(project_path) as project:
            return [journal_text(row) for row in project.edits_for(uid)]

    yield read
    set_lang("en")


def test_a_status_change_is_journaled_with_its_source(edited, words):
    with Project.open(edited) as project:
        rows = project.edits_for(UID)
    assert any(r["field"] == "status_source" and r["new"] == "区经信局通报 2025-03-02" and r["editor"] == "王工"
               for r in rows)
    en = words(edited, UID, "en")
    assert "Source of the status change: 区经信局通报 2025-03-02" in en
    assert any(w.startswith("Status: ") and w.endswith("→ Under construction") for w in en)
    zh = words(edited, UID, "zh")
    assert "状态变更来源：区经信局通报 2025-03-02" in zh
    assert any(w.startswith("状态：") and w.endswith("→ 在建") for w in zh)


def test_an_added_feature_is_summarised_in_words(edited, words):
    assert words(edited, NEW["uid"], "en")[0] == "Added Shuangfu sewage works (Sewage plant, Planned) " \
                                                 "to the Facilities layer"
    zh = words(edited, NEW["uid"], "zh")[0]
    assert zh == "在设施图层新增“双福污水处理厂”（污水处理厂，规划）"
    assert "{" not in zh and not re.search(r"[A-Za-z]", zh)


def test_a_deleted_feature_is_summarised_in_words(edited, words):
    with Project.open(edited) as project:
        name = project.edits_for("cq.biocity.antibody-incubator")[0]
    en = words(edited, "cq.biocity.antibody-incubator", "en")
    assert en[0].startswith("Deleted ") and en[0].endswith("from the Facilities layer")
    assert "{" not in en[0] and name["old"] not in en[0]
    zh = words(edited, "cq.biocity.antibody-incubator", "zh")
    assert zh[0].startswith("从设施图层删除") and "（" in zh[0]
    # the links the deleted feature had are journaled as unlinks, worded with the relation's label
    assert any(w.startswith("取消关联条款 ") and "（要求建设）" in w for w in zh[1:])


def test_the_history_view_shows_the_words(qtbot, edited):
    pytest.importorskip("pytestqt")
    from gisplanner.ui.editing.controller import EditController
    from gisplanner.ui.editing.history_view import FeatureHistory
    from gisplanner.ui.i18n import set_lang

    set_lang("zh")
    try:
        with Project.open(edited) as project:
            controller = EditController()
            controller.project = project
            view = FeatureHistory(controller)
            qtbot.addWidget(view)
            view.show_feature(NEW["uid"])
            cells = [view.journal.item(r, 2).text() for r in range(view.journal.rowCount())]
            assert "在设施图层新增“双福污水处理厂”（污水处理厂，规划）" in cells
            assert view.journal.horizontalHeaderItem(2).text() == "修改"
            assert "双福污水处理厂" in view.title.text()  # the heading names the feature
            set_lang("en")
            cells = [view.journal.item(r, 2).text() for r in range(view.journal.rowCount())]
            assert "Added Shuangfu sewage works (Sewage plant, Planned) to the Facilities layer" in cells
            assert view.journal_label.text() == "Saved changes (journal)" and "Shuangfu" in view.title.text()
    finally:
        set_lang("en")
