"""What the app remembers between runs (QSettings): window layout, projects, language."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORG, APP = "gisplanner", "gisplanner"
MAX_RECENT = 8


def app_settings() -> QSettings:
    return QSettings(ORG, APP)


def recent_projects(settings: QSettings) -> list[str]:
    value = settings.value("projects/recent", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or [])]


def remember_project(settings: QSettings, path: Path) -> None:
    path_s = str(Path(path).resolve())
    recent = [path_s, *[p for p in recent_projects(settings) if p != path_s]][:MAX_RECENT]
    settings.setValue("projects/recent", recent)
    settings.setValue("projects/last", path_s)


def last_project(settings: QSettings) -> Path | None:
    value = settings.value("projects/last")
    return Path(str(value)) if value else None


def save_window(settings: QSettings, geometry: QByteArray, state: QByteArray) -> None:
    settings.setValue("window/geometry", geometry)
    settings.setValue("window/state", state)


def window_layout(settings: QSettings) -> tuple[QByteArray | None, QByteArray | None]:
    return settings.value("window/geometry"), settings.value("window/state")


def language(settings: QSettings) -> str | None:
    value = settings.value("ui/language")
    return str(value) if value else None
