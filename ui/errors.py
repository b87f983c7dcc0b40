"""The dialog for a project that cannot be opened: say why, offer a way forward.

The core raises project errors with a ``code`` and ``params``; they are worded here, in the
window's language. A damaged project shows what ``PRAGMA integrity_check`` found and offers
its ``.bak`` copy (when there is one) or a rebuild into a new file: the damaged file itself is
never overwritten, and the window never stays half-open on it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from gisplanner.ui.i18n import ZH, tr

OPEN_ANOTHER, BUILD_SHIPPED, CANCEL = "open", "build", "cancel"
OPEN_BAK, REBUILD = "bak", "rebuild"

# English text per error code ({path} and the error's params fill it); the Chinese beside it.
MESSAGES = {
    "damaged": "{path} is damaged. SQLite's integrity check reports:",
    "missing": "{path}: no such project file",
    "folder": "{path} is a folder, not a project file",
    "not_regular": "{path} is not a regular file (a pipe, socket or device)",
    "not_sqlite": "{path} is not a GeoPackage (not an SQLite database)",
    "not_geopackage": "{path} is an SQLite database but not a GeoPackage",
    "not_project": "{path} is a GeoPackage, but not a gisplanner project",
    "not_ours": "{path} is a file gisplanner did not write; it is never replaced. Build into a new file",
    "read_only": "{path} is read-only; it was not rebuilt",
    "bad_row": "{path}: a row of the table {table} cannot be read",
    "build_failed": "{path}: the project could not be built; nothing was replaced",
}
ZH.update({
    MESSAGES["damaged"]: "{path} 已损坏。SQLite 完整性检查报告：",
    MESSAGES["missing"]: "{path}：项目文件不存在",
    MESSAGES["folder"]: "{path} 是文件夹，不是项目文件",
    MESSAGES["not_regular"]: "{path} 不是普通文件（管道、套接字或设备）",
    MESSAGES["not_sqlite"]: "{path} 不是 GeoPackage（不是 SQLite 数据库）",
    MESSAGES["not_geopackage"]: "{path} 是 SQLite 数据库，但不是 GeoPackage",
    MESSAGES["not_project"]: "{path} 是 GeoPackage，但不是 gisplanner 项目",
    MESSAGES["not_ours"]: "{path} 不是 gisplanner 生成的文件，不会被覆盖。请生成到新文件",
    MESSAGES["read_only"]: "{path} 是只读文件，未重新生成",
    MESSAGES["bad_row"]: "{path}：表 {table} 中有一行无法读取",
    MESSAGES["build_failed"]: "{path}：项目未能生成，原文件未被替换",
    "Open the .bak copy": "打开 .bak 备份",
    "Rebuild into a new file…": "重新生成到新文件…",
    "Rebuild into a new file": "重新生成到新文件",
    "Details:": "详情：",
})


def describe(exc: BaseException) -> str:
    """The error in the window's language: its code's text, or the core's own message."""
    code = getattr(exc, "code", None)
    params = dict(getattr(exc, "params", {}) or {})
    if code not in MESSAGES or "path" not in params:
        return str(exc)
    text = tr(MESSAGES[code]).format_map({"table": "", **params})
    if code == "damaged":
        return text + "\n" + "\n".join(params.get("lines") or [params.get("detail", "")])
    if params.get("detail"):
        return f"{text}\n{tr('Details:')} {params['detail']}"
    return text


def as_project_error(path: Path, exc: BaseException) -> BaseException:
    """A read that failed inside SQLite becomes the project's damage report (with the check's lines)."""
    import sqlite3

    if isinstance(exc, sqlite3.DatabaseError):
        from gisplanner.store.integrity import damaged_from

        return damaged_from(path, exc)
    return exc


def bak_copy(path: Path) -> Path | None:
    bak = path.with_suffix(path.suffix + ".bak")
    return bak if bak.is_file() else None


def ask_after_project_error(parent: QWidget | None, message: str, *, bak: Path | None = None,
                            damaged: bool = False) -> str:
    """Show ``message``; return OPEN_ANOTHER, BUILD_SHIPPED, OPEN_BAK, REBUILD or CANCEL."""
    box = QMessageBox(parent)
    box.setObjectName("projectErrorDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr("Project problem"))
    box.setText(tr("The project could not be opened:"))
    box.setInformativeText(message)
    choices = {}
    if bak is not None:
        choices[box.addButton(tr("Open the .bak copy"), QMessageBox.ButtonRole.AcceptRole)] = OPEN_BAK
    if damaged:
        choices[box.addButton(tr("Rebuild into a new file…"), QMessageBox.ButtonRole.ActionRole)] = REBUILD
    open_btn = box.addButton(tr("Open another…"), QMessageBox.ButtonRole.AcceptRole)
    choices[open_btn] = OPEN_ANOTHER
    if not damaged:  # a damaged shipped project would be moved aside: a new file is the honest offer
        choices[box.addButton(tr("Build the shipped project"), QMessageBox.ButtonRole.ActionRole)] = BUILD_SHIPPED
    cancel_btn = box.addButton(tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(next(iter(choices)))
    box.setEscapeButton(cancel_btn)
    box.exec()
    return choices.get(box.clickedButton(), CANCEL)


def after_project_error(window, path: Path, exc: BaseException) -> bool:
    """Explain why ``path`` did not open and do what the user chose; True if a project opened."""
    exc = as_project_error(path, exc)
    damaged = getattr(exc, "code", "") == "damaged"
    bak = bak_copy(path) if damaged else None
    choice = ask_after_project_error(window, describe(exc), bak=bak, damaged=damaged)
    if choice == OPEN_BAK and bak is not None:
        return window.open_project(bak)
    if choice == REBUILD:
        suggestion = path.with_name(f"{path.stem}-rebuilt{path.suffix}")
        target, _ = QFileDialog.getSaveFileName(window, tr("Rebuild into a new file"), str(suggestion),
                                                tr("GeoPackage (*.gpkg);;All files (*)"))
        return window.build_and_open(Path(target)) if target else False
    if choice == OPEN_ANOTHER:
        return window.choose_project()
    if choice == BUILD_SHIPPED:
        return window.build_default_project()
    return False
