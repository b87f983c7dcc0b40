"""The shipped layers' notes read in Chinese: every location note and history source the project
ships has a Chinese rendering (data/layers/notes_zh.toml) that a Chinese window shows; a note a
user wrote or edited is shown as stored, in either language."""

from __future__ import annotations

import re
import sqlite3

import pytest

from gisplanner.layers import builtin_layer_definitions
from gisplanner.shipped_notes import NOTES_FILE, NotesFileError, note_in, read_renderings
from language_check import ALLOWED_LATIN, CJK, other_language

HSR = "cq.hsr.biocity-station"
HSR_NOTE_ZH = "未找到车站选址；公开报道仅列出5座车站（不含国际生物城站），并称巴南段经过双河口/丰盛/木洞；定位于木洞镇中心"
HSR_SOURCE_ZH = "规划 001 重点任务第 14 项（推进建设）；条款 001:重點任務/(四)/14 “渝萬高鐵國際生物城站”"
# Latin a rendering keeps: abbreviations and proper names as Chinese planners write them
KEPT_LATIN = {"glp", "cdmo", "cmc", "cmo", "cro", "gmp", "kv", "github", "athenex"}
QUOTE = re.compile(r"“[^”]*”")
CLAUSE_REF = re.compile(r"\d{3}:\S+")  # 001:重點任務/(四)/14, as the clause browser names it
DOTTED = re.compile(r"[A-Za-z0-9-]{2,}(?:\.[A-Za-z0-9-]{2,})+")  # a uid, gazetteer id or web address
DOCUMENT_NO = re.compile(r"[\u4e00-\u9fff]+〔\d{4}〕\d+号")


@pytest.fixture(scope="module")
def shipped(built_project_path) -> dict[str, set[str]]:
    """Every location note and history source in the project built from the shipped data."""
    with sqlite3.connect(built_project_path) as db:
        notes = {text for d in builtin_layer_definitions()
                 for (text,) in db.execute(f'SELECT DISTINCT location_source FROM "{d.name}"') if text}
        sources = {text for (text,) in db.execute("SELECT DISTINCT source FROM status_history") if text}
    return {"location_source": notes, "history_source": sources}


def test_every_shipped_note_and_source_has_a_chinese_rendering(shipped):
    renderings = read_renderings(NOTES_FILE)
    assert len(shipped["location_source"]) > 60 and len(shipped["history_source"]) > 120
    for kind, texts in shipped.items():
        missing = sorted(t for t in texts if t not in renderings[kind])
        assert not missing, f"{len(missing)} shipped {kind} texts without a rendering in {NOTES_FILE.name}:\n" \
            + "\n".join(missing)
        stale = sorted(set(renderings[kind]) - texts)
        assert not stale, f"{NOTES_FILE.name} renders {kind} texts the data no longer ships:\n" + "\n".join(stale)


def sentence_words(text: str) -> str | None:
    """The Latin words of ``text`` beyond ids, clause references, quotes and the allowed names."""
    rest = DOTTED.sub(" ", CLAUSE_REF.sub(" ", QUOTE.sub(" ", text)))
    bad = (other_language(rest, "zh") or "").split()
    return " ".join(w for w in bad if w.lower() not in KEPT_LATIN and w.lower() not in ALLOWED_LATIN) or None


def test_each_rendering_is_chinese_and_keeps_quotes_ids_and_numbers():
    for kind, table in read_renderings(NOTES_FILE).items():
        for en, zh in table.items():
            assert CJK.search(zh), (kind, zh)
            assert sentence_words(zh) is None, (kind, sentence_words(zh), zh)
            ids = [d for d in DOTTED.findall(en) if not d.endswith(".toml")]  # our own file: named by its role
            kept = QUOTE.findall(en) + CLAUSE_REF.findall(en) + ids + DOCUMENT_NO.findall(en)
            lost = [k for k in kept if k not in zh]
            assert not lost, (kind, lost, zh)


def test_the_word_check_flags_an_english_sentence():
    assert sentence_words("定位于木洞镇中心, placed at the town centre") == "placed at the town centre"
    assert sentence_words("条款 001:重點任務/(四)/14 “Athenex制剂” 地名库 cq.banan.biocity-core，GMP 车间") is None


def test_a_note_is_rendered_only_in_chinese_and_only_when_shipped(shipped):
    note = next(n for n in sorted(shipped["location_source"]) if n.startswith("Station site not found"))
    assert note_in("zh", note, "location_source") == HSR_NOTE_ZH
    assert note_in("en", note, "location_source") == note
    assert note_in("zh", note + " (checked on site)", "location_source") == note + " (checked on site)"
    assert note_in("zh", note, "history_source") == note  # each kind of note has its own renderings
    assert note_in("zh", None, "history_source") == ""


def test_a_bad_renderings_file_is_refused_naming_file_and_entry(tmp_path):
    path = tmp_path / "notes_zh.toml"
    path.write_text('[[history_source]]\nen = "plan 001"\nzh = "规划 001"\n\n'
                    '[[history_source]]\nen = "plan 001"\nzh = "第一份规划"\n', encoding="utf-8")
    with pytest.raises(NotesFileError, match=r"notes_zh.toml: history_source entry 2 renders 'plan 001'"):
        read_renderings(path)
    path.write_text('[[location_source]]\nen = "placed at the centre"\n', encoding="utf-8")
    with pytest.raises(NotesFileError, match="location_source entry 1 needs a non-empty en and zh"):
        read_renderings(path)
    path.write_text('[[location_source]\n', encoding="utf-8")
    with pytest.raises(NotesFileError, match="notes_zh.toml"):
        read_renderings(path)


def _identify(win, uid: str) -> str:
    assert win.show_feature(uid)
    return win.identify.text()


def test_identify_shows_shipped_notes_in_the_window_language_and_edited_ones_as_stored(qtbot, project_copy,
                                                                                      tmp_path):
    from conftest import open_window
    from gisplanner.store import Project
    from gisplanner.ui.i18n import set_lang

    with Project.open(project_copy) as project:
        note_en = project.feature(HSR)["location_source"]
        source_en = project.status_history(HSR)[0]["source"]
    win = open_window(qtbot, project_copy, tmp_path / "settings.ini", settings_values={"editing/editor": "陈工"})
    set_lang("zh")
    text = _identify(win, HSR)
    assert HSR_NOTE_ZH in text and HSR_SOURCE_ZH in text
    assert note_en not in text and source_en not in text
    set_lang("en")
    text = _identify(win, HSR)
    assert note_en in text and source_en in text and HSR_NOTE_ZH not in text

    # a planner corrects the note and records a status change; both are theirs, shown as stored
    mine = "Site checked on a visit, 2025-03: east of 木洞镇"
    editing = win.editing
    assert editing.start()
    controller = editing.controller
    assert controller.apply(lambda s: s.set_value(HSR, "location_source", mine)) is not None
    assert controller.apply(lambda s: s.set_status(HSR, "under_construction", "2025-03-10", "site visit 2025-03"))
    assert controller.save() is not None
    editing.stop()
    for code in ("zh", "en"):
        set_lang(code)
        text = _identify(win, HSR)
        assert mine in text and "site visit 2025-03" in text, (code, text)
        assert HSR_NOTE_ZH not in text
        assert (HSR_SOURCE_ZH in text) == (code == "zh")  # the shipped entry before it still is ours
    history = editing.history  # the journal names the shipped note the edit replaced in our words
    for code, old in (("zh", HSR_NOTE_ZH), ("en", note_en)):
        set_lang(code)
        history.show_feature(HSR)
        cells = [history.journal.item(r, 2).text() for r in range(history.journal.rowCount())]
        assert any(c.endswith(f"{old} → {mine}") for c in cells), (code, cells)
    with Project.open(project_copy) as project:
        assert project.feature(HSR)["location_source"] == mine  # stored as typed, in no other words


def test_feature_history_shows_shipped_sources_in_the_window_language(qtbot, project):
    from gisplanner.ui.editing.controller import EditController
    from gisplanner.ui.editing.history_view import FeatureHistory
    from gisplanner.ui.i18n import set_lang

    controller = EditController()
    controller.project = project
    view = FeatureHistory(controller)
    qtbot.addWidget(view)
    set_lang("zh")
    view.show_feature(HSR)
    assert view.statuses.item(0, 2).text() == HSR_SOURCE_ZH
    set_lang("en")
    assert view.statuses.item(0, 2).text() == project.status_history(HSR)[0]["source"]


def test_attribute_table_shows_shipped_notes_in_the_window_language_and_edits_the_stored_one(qtbot, project):
    from PySide6.QtCore import Qt

    from gisplanner.ui.editing.attribute_table import AttributeTable
    from gisplanner.ui.editing.controller import EditController
    from gisplanner.ui.i18n import set_lang

    controller = EditController()
    controller.set_project(project)
    set_lang("zh")
    table = AttributeTable(controller, "transport_points")
    qtbot.addWidget(table)
    model = table.model
    col = [f.name for f in model.fields].index("location_source")
    row = model.row_of_uid(HSR)
    assert model.data(model.index(row, col)) == HSR_NOTE_ZH
    stored = project.feature(HSR)["location_source"]
    assert model.data(model.index(row, col), Qt.ItemDataRole.EditRole) == stored  # the editor gets the stored note
    table.filter_edit.setText("木洞镇中心")  # found by the words the cell shows
    assert [model.uid_at(r) for r in range(model.rowCount())] == [HSR]
    set_lang("en")
    table.filter_edit.setText("")
    row = model.row_of_uid(HSR)
    assert model.data(model.index(row, col)) == stored
    table.filter_edit.setText("木洞镇中心")  # the English note names 木洞镇 but not its 中心
    assert model.rowCount() == 0
    table.close()
