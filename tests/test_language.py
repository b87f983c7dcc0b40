"""One language at a time: the window in Chinese shows no English words, in English no Chinese.

The window is opened on the shipped project, switched to the language (live, from the other
one), and every dock, menu, menu entry's dialog, the edit session's dialogs and tables and the
status bar are read (tests/language_check.py); texts that come from the project's data
(names, clause text, sources) are shown as stored and cut out before the check, except the
shipped notes the identify panel shows in Chinese (data/layers/notes_zh.toml). The parts that
need a server copy (sync progress, note, conflict dialog) are read in tests/test_sync_language.py.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QMessageBox,
    QWidget,
)

from conftest import open_window
from language_check import (
    ModalCatcher,
    menu_texts,
    other_language,
    project_data_texts,
    widget_texts,
    wrong_language,
)

EDIT_ACTIONS = ("status", "move", "place", "link", "unlink", "form", "undo_view", "journal")
FEATURE = "cq.hsr.biocity-station"


def _all_actions(menu, out: list, skip_menus: tuple) -> list:
    menu.aboutToShow.emit()
    for action in menu.actions():
        if action.menu() is not None:
            if action.menu() not in skip_menus:
                _all_actions(action.menu(), out, skip_menus)
        elif not action.isSeparator():
            out.append(action)
    return out


def _left_alone(win) -> set:
    """Menu entries the test does not trigger: they end the window, build or open another
    project, reach the network or switch the language; the edit session's are driven below."""
    named = win.actions_by_name
    out = {named["quit"], named["build"], win.tile_basemap.actions["osm"], *win.language_actions.actions()}
    return out | {a for a in win.findChildren(QAction) if a.objectName().startswith("edit_")}


def _menus_left_alone(win) -> tuple:
    """Menus whose entries open another project or start drawing; tables are opened below."""
    return win.recent_menu, win.editing.draw_menu, win.editing.table_menu


class Reader:
    """Collects texts from the window and from every window a triggered action opens."""

    def __init__(self, qtbot, win) -> None:
        self.qtbot, self.win = qtbot, win
        self.texts: list[tuple[str, str]] = []
        self.opened: list[str] = []
        from gisplanner.ui.document_view import DocumentView
        from gisplanner.ui.editing.history_view import FeatureHistory
        from gisplanner.ui.identify_panel import IdentifyPanel

        self.data_views = (DocumentView,)  # a plan's own text
        self.journal = FeatureHistory
        self.identify = IdentifyPanel

    def read(self, widget, where: str, leave_out=()) -> None:
        self.opened.append(f"{where}: {type(widget).__name__} {widget.windowTitle()!r}")
        self.texts += [(f"{where} / {w}", t) for w, t in widget_texts(widget, leave_out=leave_out)]

    def trigger(self, action, where: str) -> None:
        before = {w for w in QApplication.topLevelWidgets() if w.isVisible()}
        with ModalCatcher(lambda w: self.read(w, where)):
            action.trigger() if isinstance(action, QAction) else action.click()
            self.qtbot.wait(200)
        for w in QApplication.topLevelWidgets():
            if w.isVisible() and w not in before and w is not self.win:
                self.read(w, where)
                w.close()


def _read_window(reader: Reader, win, where: str) -> None:
    panels = win.findChildren(reader.identify)
    reader.read(win, where, leave_out=[*panels, *win.findChildren(reader.data_views[0])])
    for panel in panels:  # empty, then on a feature with listed values, relations and history
        reader.texts += [(f"{where} / identify", t) for _w, t in widget_texts(panel)]
        panel.show_feature(FEATURE)
        reader.texts += [(f"{where} / identify {FEATURE}", t) for _w, t in widget_texts(panel)]
    for menu_action in win.menuBar().actions():
        reader.texts += menu_texts(menu_action.menu(), f"{where} menu")


@pytest.mark.parametrize("code", ["zh", "en"])
def test_window_shows_one_language(qtbot, project_copy, tmp_path, code):
    from gisplanner.ui.actions import map_context_menu
    from gisplanner.ui.i18n import set_lang

    win = open_window(qtbot, project_copy, tmp_path / "settings.ini", settings_values={"editing/editor": "planner"})
    try:
        win.set_language("en" if code == "zh" else "zh")
        win.canvas.select([FEATURE])  # the status bar counts it
        win.set_language(code)  # switched live, as a user does
        # the shipped notes' Chinese renderings keep uids and proper names (test_shipped_notes checks their words)
        data = project_data_texts(project_copy) | {project_copy.name} | set(shipped_notes().values())
        reader = Reader(qtbot, win)
        for dock in win.findChildren(QDockWidget):
            dock.show()
        win.clause_browser.search_box.setText("高铁")
        win.clause_browser.run_search()
        _read_window(reader, win, "window")
        menu = map_context_menu(win, QPoint(300, 300))
        reader.texts += menu_texts(menu, "map context menu")
        left_alone = _left_alone(win)
        for top in win.menuBar().actions():
            for action in _all_actions(top.menu(), [], _menus_left_alone(win)):
                if action not in left_alone and action.menu() is None:
                    reader.trigger(action, f"{plain_title(top)} > {action.text()}")
        panel = win.findChild(QWidget, "bookmark_rename").parentWidget()  # the bookmark panel's questions
        panel.list.setCurrentRow(0)
        for key in ("rename", "delete"):
            reader.trigger(panel.buttons[key], f"bookmark {key}")
        # an edit session: its docks, tables and the dialogs that act on a selection
        editing = win.editing
        assert editing.start()
        win.canvas.select([FEATURE])
        for key in EDIT_ACTIONS:
            reader.trigger(editing.actions[key], f"edit {key}")
        editing.table_menu.aboutToShow.emit()
        for action in editing.table_menu.actions():
            reader.trigger(action, f"table {action.text()}")
        for dock in win.findChildren(QDockWidget):
            dock.show()
        win.canvas.select([])
        qtbot.wait(100)
        _read_window(reader, win, "editing")
        if editing.controller.dirty:
            editing.controller.discard()
        editing.stop()
        problems = wrong_language(reader.texts, code, data)
        if code == "zh":  # identify shows the shipped notes in Chinese: their English is not cut out there
            identify = [(where, t) for where, t in reader.texts if "/ identify" in where]
            problems += wrong_language(identify, code, data - set(shipped_notes()))
        assert len(reader.opened) >= 25, reader.opened  # the dialogs really opened
        for where in ("bookmark rename", "bookmark delete", "edit status", "edit link", "table"):
            assert any(o.startswith(where) for o in reader.opened), (where, reader.opened)
        assert not problems, f"{len(problems)} texts not in {code}:\n" + "\n".join(sorted(set(problems)))
    finally:
        set_lang("en")


def shipped_notes() -> dict[str, str]:
    """The shipped location notes and history sources as stored (in English) -> in Chinese."""
    from gisplanner.shipped_notes import NOTES_FILE, read_renderings

    return {en: zh for table in read_renderings(NOTES_FILE).values() for en, zh in table.items()}


def plain_title(action) -> str:
    return action.text().replace("&", "")


def test_collector_sees_the_other_language():
    """The check itself: it flags each language in the other's UI, and lets the allow-list pass."""
    assert other_language("导入数据… Import data…", "zh") == "Import data"
    assert other_language("导出为 GeoPackage (*.gpkg)，Ctrl+P", "zh") is None
    assert other_language("撤销(U)", "en") == "撤销"
    assert other_language("Language: 中文", "en") is None
    flagged = wrong_language([("a", "规划 / Planned"), ("b", "重庆国际生物城"), ("c", "已选 1")], "en",
                             {"重庆国际生物城"})
    assert flagged == ["a: '规划 / Planned'", "c: '已选 1'"]


def test_qt_dialogs_speak_chinese(qtbot):
    """Qt's own texts (standard buttons, the file dialog) follow the UI language."""
    from gisplanner.ui.i18n import set_lang

    app = QApplication.instance()
    set_lang("zh")
    try:
        box = QMessageBox(QMessageBox.Icon.Question, "t", "?", QMessageBox.StandardButton.Ok
                          | QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Save)
        qtbot.addWidget(box)
        buttons = {box.button(b).text().replace("&", "") for b in (QMessageBox.StandardButton.Ok,
                                                                    QMessageBox.StandardButton.Cancel)}
        assert buttons <= {"确定", "取消", "确定(O)", "取消(C)"} and not any(other_language(t, "zh") for t in buttons)
        dialog = QFileDialog(None, "t")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        texts = [t for _w, t in widget_texts(dialog)]
        assert any("文件名" in t or "文件类型" in t for t in texts), texts
        assert not wrong_language([("file dialog", t) for t in texts], "zh", set()), texts
        bar = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(bar)
        assert not any(other_language(b.text(), "zh") for b in bar.buttons())
    finally:
        set_lang("en")
    assert QMessageBox(QMessageBox.Icon.Question, "t", "?", QMessageBox.StandardButton.Ok).button(
        QMessageBox.StandardButton.Ok).text().replace("&", "") == "OK"
    assert isinstance(app, QApplication) and QDialog is not None


def test_core_progress_steps_are_worded():
    """The core's progress steps are codes the face words: a layer by its title, a file by its
    name; a message that is not a step shows in English only. Every step has its Chinese."""
    from gisplanner.feedback import Step
    from gisplanner.ui.i18n import ZH, set_lang
    from gisplanner.ui.progress import progress_words

    assert set(Step.TEMPLATES.values()) <= set(ZH), set(Step.TEMPLATES.values()) - set(ZH)
    set_lang("zh")
    try:
        assert progress_words(Step("reading_plans")) == "正在读取规划"
        assert progress_words(Step("saving_file", file="brief.pdf")) == "正在保存 brief.pdf"
        assert progress_words(Step("reading_layer", layer="parks")) == "正在读取园区"
        assert progress_words(Step("written_rows", n=500, total=1200)) == "已写入 500 / 1200"
        assert progress_words(Step("done")) == "完成" and progress_words("some new step") == ""
    finally:
        set_lang("en")
    assert progress_words(Step("reading_plans")) == "reading plans" == Step("reading_plans")
    assert progress_words(Step("reading_layer", layer="parks")) == "reading Parks and zones"


def test_catalogue_gives_each_text_one_translation():
    """Parts add to the one catalogue: an English text added twice must mean the same in Chinese
    (else which one shows depends on which part loaded last)."""
    import ast

    from conftest import REPO

    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for path in sorted((REPO / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "update" \
                    and getattr(node.func.value, "id", "") == "ZH" and node.args and isinstance(node.args[0], ast.Dict):
                entries = node.args[0]
            elif isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "ZH":
                entries = node.value
            else:
                continue
            for key, value in zip(entries.keys, entries.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(value, ast.Constant):
                    first = seen.setdefault(key.value, (value.value, path.name))
                    if first[0] != value.value:
                        clashes.append(f"{key.value!r}: {first} vs {(value.value, path.name)}")
    assert len(seen) > 300 and not clashes, clashes


def test_without_qt_catalogue_the_app_still_speaks_chinese(qtbot, tmp_path):
    """A Qt without its Chinese catalogue: Qt's own buttons stay English, the app's words switch."""
    from gisplanner.ui.i18n import install_qt_translations, set_lang, tr

    app = QApplication.instance()
    set_lang("zh")
    try:
        assert not install_qt_translations(app, "zh", folder=str(tmp_path))  # no qtbase_zh_CN.qm there
        box = QMessageBox(QMessageBox.Icon.Question, "t", "?", QMessageBox.StandardButton.Ok)
        qtbot.addWidget(box)
        assert box.button(QMessageBox.StandardButton.Ok).text().replace("&", "") == "OK"
        assert tr("Layers") == "图层"
        assert install_qt_translations(app, "zh")  # the wheel's catalogue back for the other tests
    finally:
        set_lang("en")
