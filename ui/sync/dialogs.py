"""The forms of Project → Publish to server… and Open from server…, and the password prompt.

They only gather a server address, a schema name and (for a checkout) a file; the work is the
core's ``publish`` / ``checkout``. The last server address is remembered without its password;
a password is asked for when the server wants one and handed to libpq for that connection only.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gisplanner.ui.i18n import tr

LAST_SERVER_KEY = "sync/last_server"


def without_password(url: str) -> str:
    """``url`` with any password taken out (the core's reading of libpq's syntax); "" when it is
    not a connection string at all, so nothing unreadable is remembered."""
    from gisplanner.sync import SyncError
    from gisplanner.sync.connect import strip_password

    try:
        return strip_password(url.strip())
    except SyncError:
        return ""


def last_server(settings) -> str:
    return str(settings.value(LAST_SERVER_KEY, "") or "")


def remember_server(settings, url: str) -> None:
    settings.setValue(LAST_SERVER_KEY, without_password(url))


def ask_password(parent: QWidget | None, server: str) -> str | None:
    """A masked prompt; None when the user cancels. The text is never stored anywhere."""
    text, ok = QInputDialog.getText(parent, tr("Password"), tr("Password for {server}:").format(server=server),
                                    QLineEdit.EchoMode.Password)
    return text if ok else None


def default_schema(project_path: Path) -> str:
    """A schema name from the project's file name: lower-case letters, digits and ``_``."""
    name = re.sub(r"[^a-z0-9_]+", "_", project_path.stem.lower()).strip("_")
    return name if name[:1].isalpha() else f"p_{name}" if name else "project"


class ServerForm(QDialog):
    """Server address and schema; with ``with_file`` also the GeoPackage to write."""

    def __init__(self, title: str, server: str, schema: str = "", with_file: bool = False,
                 file_path: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverForm")
        self.setWindowTitle(title)
        self.server_edit = QLineEdit(server)
        self.server_edit.setObjectName("server")
        self.server_edit.setPlaceholderText("postgresql://user@host:5432/dbname?sslmode=require")
        self.server_edit.setMinimumWidth(460)
        self.schema_edit = QLineEdit(schema)
        self.schema_edit.setObjectName("schema")
        self.file_edit = QLineEdit(file_path)
        self.file_edit.setObjectName("file")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Server"), self.server_edit)
        form.addRow(tr("Schema"), self.schema_edit)
        self.with_file = with_file
        if with_file:
            browse = QPushButton(tr("Browse…"))
            browse.clicked.connect(self._browse)
            row = QHBoxLayout()
            row.addWidget(self.file_edit, 1)
            row.addWidget(browse)
            form.addRow(tr("File"), row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def values(self) -> tuple[str, str, Path | None]:
        path = self.file_edit.text().strip()
        return (self.server_edit.text().strip(), self.schema_edit.text().strip(),
                Path(path).expanduser() if self.with_file and path else None)

    def _check(self) -> None:
        server, schema, path = self.values()
        if not server or not schema or (self.with_file and path is None):
            self.message.setText(tr("Choose a server, a schema and a file.") if self.with_file
                                 else tr("Choose a server and a schema."))
            return
        self.accept()

    def _browse(self) -> None:
        start = self.file_edit.text() or str(Path.home() / f"{self.schema_edit.text() or 'project'}.gpkg")
        path, _ = QFileDialog.getSaveFileName(self, self.windowTitle(), start, tr("GeoPackage (*.gpkg);;All files (*)"))
        if path:
            self.file_edit.setText(path if path.lower().endswith(".gpkg") else path + ".gpkg")
