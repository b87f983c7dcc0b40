"""Identify speaks one language: enum values and link relations by their label, the heading
names the feature, the shipped location note and history sources in Chinese in the Chinese UI;
only texts that come from data (names, a user's notes, clauses) keep theirs."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("pytestqt")

HSR = "cq.hsr.biocity-station"
CJK = re.compile(r"[\u3400-\u9fff]")
RAW_TOKENS = ("day", "month", "year", "start", "complete", "study", "site", "town", "district", "city",
              "mandates", "mentions", "reports_progress")


@pytest.fixture
def panel(qtbot, project):
    from gisplanner.ui.i18n import set_lang
    from gisplanner.ui.identify_panel import IdentifyPanel

    widget = IdentifyPanel()
    qtbot.addWidget(widget)
    widget.set_project(project)
    yield widget
    set_lang("en")


def data_texts(project, uid: str, shipped_notes: bool = True) -> list[str]:
    """Everything identify shows that comes from data, as stored (with or without the shipped
    location note and history sources, which a Chinese UI shows in Chinese)."""
    f = project.feature(uid)
    texts = [str(f.get(k) or "") for k in ("name_zh", "name_en", "notes")]
    texts += (f.get("aliases") or "").split("|")
    if shipped_notes:
        texts += [f.get("location_source") or ""] + [h["source"] or "" for h in project.status_history(uid)]
    for c in project.clauses_for(uid):
        texts += [c["text"] or "", c["path"] or "", c["plan_title"] or "", c.get("quote") or ""]
    return sorted((t for t in texts if t), key=len, reverse=True)


def without(text: str, pieces: list[str]) -> str:
    for piece in pieces:
        text = text.replace(piece, " ")
    return text


def test_chinese_identify_shows_labels_not_raw_values(panel, project):
    from gisplanner.ui.i18n import set_lang

    set_lang("zh")
    panel.show_feature(HSR)
    text = panel.text()
    assert text.splitlines()[0] == "渝万高铁重庆国际生物城站"  # the heading names the feature
    for label in ("期限类型", "开工", "定位精度", "乡镇/街道", "状态日期精度", "要求建设"):
        assert label in text
    assert "未找到车站选址" in text and "规划 001 重点任务第 14 项" in text  # the shipped notes, in Chinese
    chrome = without(text, data_texts(project, HSR, shipped_notes=False) + [HSR])
    found = [t for t in RAW_TOKENS if re.search(rf"\b{t}\b", chrome)]
    assert not found, chrome
    assert not re.search(r"[A-Za-z]{2,}", chrome), chrome  # no English word at all outside data


def test_english_identify_has_no_chinese_outside_data(panel, project):
    from gisplanner.ui.i18n import set_lang

    set_lang("en")
    panel.show_feature(HSR)
    text = panel.text()
    assert text.splitlines()[0] == "Yu-Wan HSR International Bio-City station"
    for label in ("Deadline kind", "start", "Location precision", "town", "mandates"):
        assert label in text
    chrome = without(text, data_texts(project, HSR))
    assert not CJK.search(chrome), chrome


def test_switching_language_rewords_the_shown_feature(panel):
    from gisplanner.ui.i18n import set_lang

    set_lang("en")
    panel.show_feature(HSR)
    assert "Deadline kind" in panel.text()
    set_lang("zh")
    assert "期限类型" in panel.text() and "Deadline kind" not in panel.text()


def test_every_listed_value_and_relation_has_a_label_in_both_languages():
    from gisplanner.features import RELATIONS
    from gisplanner.layers import layer_definitions, relation_label

    for definition in layer_definitions():
        for field in definition.fields:
            if field.type != "enum" or field.name in ("status", "kind"):
                continue
            for value in field.values:
                assert CJK.search(field.value_label(value, "zh")), (definition.name, field.name, value)
                assert not CJK.search(field.value_label(value, "en"))
    for relation in RELATIONS:
        assert CJK.search(relation_label(relation, "zh")) and not CJK.search(relation_label(relation, "en"))
