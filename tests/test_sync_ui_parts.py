"""Team-project face, the parts that need no server: the status-bar wording in each language,
error wording, the remembered server address (never with its password), the worker task."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from gisplanner.feedback import Canceled
from gisplanner.ui.i18n import set_lang
from gisplanner.ui.sync.dialogs import LAST_SERVER_KEY, remember_server, without_password
from gisplanner.ui.sync.task import ServerTask
from gisplanner.ui.sync.text import error_detail, error_text, note_text, when_text


@pytest.fixture
def zh():
    set_lang("zh")
    yield
    set_lang("en")


class Coded(Exception):
    def __init__(self, code: str, **params) -> None:
        super().__init__(f"english message for {code}")
        self.code, self.params = code, params


def test_note_in_english_and_in_chinese_never_both(zh):
    ten_32 = dt.datetime.now().replace(hour=10, minute=32)
    set_lang("en")
    assert note_text(3, ten_32) == "3 local changes not synced · last sync 10:32"
    assert note_text(1, None, conflicts=2) == "1 local change not synced · never synced · 2 conflicts"
    set_lang("zh")
    text = note_text(3, ten_32.isoformat())
    assert text == "3 处本地修改未同步 · 上次同步 10:32"
    assert not any(c.isascii() and c.isalpha() for c in text + note_text(0, None, conflicts=1))


def test_an_older_sync_shows_its_date():
    assert when_text("2026-01-05T08:07:00") == "2026-01-05 08:07"
    assert when_text(None) == ""


def test_error_codes_worded_in_each_language(zh):
    exc = Coded("schema_exists", schema="team_a")
    set_lang("zh")
    assert error_text(exc) == "服务器上已有模式 team_a；请换一个名称。未做任何改动。"
    assert error_text(Coded("some_new_code", detail="x")) == "同步出错（some_new_code）。"
    lost = Coded("unreachable", server="db:5432/team", detail="Connection refused")
    assert error_text(lost) == "无法连接服务器 db:5432/team。" and error_detail(lost) == "Connection refused"
    set_lang("en")
    assert error_text(exc) == "The server already holds a schema team_a; choose another name. Nothing was changed."
    assert error_text(Coded("some_new_code")) == "english message for some_new_code"
    refused = Coded("permission_denied", server="db/team", user="anna", schema="parks")
    assert error_text(refused).startswith("The server refused the write: role anna may read parks")
    assert error_text(Coded("permission_denied", server="db/team")).startswith("The server db/team refused the write")


@pytest.mark.parametrize(("url", "kept"), [
    ("postgresql://anna:s3cret@db.example:5432/parks?sslmode=require", "postgresql://anna@db.example:5432/parks?sslmode=require"),
    ("host=db user=anna password=s3cret dbname=parks sslmode=verify-full", "user=anna dbname=parks host=db sslmode=verify-full"),
    ("host=db password='two words' dbname=parks", "dbname=parks host=db"),
    ("postgresql://db/parks?password=s3cret&sslmode=require", "postgresql://db/parks?sslmode=require"),
    ("password=s3cret = broken", ""),  # not a connection string: nothing is remembered
])
def test_server_remembered_without_password(url, kept, tmp_path):
    from PySide6.QtCore import QSettings

    assert without_password(url) == kept
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    remember_server(settings, url)
    settings.sync()
    assert "s3cret" not in (tmp_path / "s.ini").read_text() and "two words" not in (tmp_path / "s.ini").read_text()
    assert settings.value(LAST_SERVER_KEY) == kept


def _run(qtbot, work) -> ServerTask:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    task = ServerTask(parent, "job", work).start()
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    return task


def test_task_runs_off_the_gui_thread_and_shows_progress(qtbot):
    seen = {}

    def work(feedback):
        seen["thread"] = threading.current_thread()
        feedback.progress(0.5, "half way")
        return 42

    task = _run(qtbot, work)
    assert task.result == 42 and task.error is None
    assert seen["thread"] is not threading.main_thread()


def test_cancel_reaches_the_work(qtbot):
    started = threading.Event()

    def work(feedback):
        started.set()
        for _ in range(500):
            if feedback.is_canceled():
                raise Canceled("stopped")
            threading.Event().wait(0.01)
        return "finished anyway"

    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    task = ServerTask(parent, "job", work).start()
    assert started.wait(5)
    from PySide6.QtWidgets import QPushButton

    task.dialog.findChild(QPushButton).click()  # the dialog's own Cancel button
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert isinstance(task.error, Canceled) and task.result is None


def test_sync_steps_and_values_worded_without_table_names_or_wkt(zh):
    """A pull names the table by its title, a refused value the field by its label and the column
    type in words, a geometry by coordinates (no "facilities", "INTEGER" or "POLYGON")."""
    from shapely.geometry import Point, Polygon

    from gisplanner.feedback import Step
    from gisplanner.ui.progress import progress_words
    from gisplanner.ui.sync.conflicts import value_text

    area = Polygon([(106.5, 29.4), (106.6, 29.4), (106.6, 29.5)])
    refused = Coded("bad_value", field="deadline", value="明年", type="INTEGER", layer="facilities")
    set_lang("zh")
    assert [progress_words(Step("pulling_table", table=t)) for t in ("facilities", "clauses", "no_such_table")] == [
        "正在接收设施", "正在接收条款", "正在接收修改"]
    assert error_text(refused) == "明年 不是字段 规划期限 的有效值（整数）。"
    assert value_text(Point(106.55, 29.42)) == "106.550000, 29.420000"
    assert value_text(area) == "面，4 个节点，中心 106.566667, 29.433333"
    set_lang("en")
    assert progress_words(Step("pulling_table", table="status_history")) == "pulling status history"
    assert error_text(refused) == "明年 is not a valid value for Plan deadline (a whole number)."
    assert value_text(area) == "area of 4 vertices around 106.566667, 29.433333"
