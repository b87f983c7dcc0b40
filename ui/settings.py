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


def save_map_extent(settings: QSettings, project: Path, extent: tuple[float, float, float, float]) -> None:
    settings.setValue("map/project", str(Path(project).resolve()))
    settings.setValue("map/extent", ",".join(f"{v:.7f}" for v in extent))


def map_extent(settings: QSettings, project: Path) -> tuple[float, float, float, float] | None:
    """The extent last shown for ``project`` (WGS84), or None."""
    if str(settings.value("map/project") or "") != str(Path(project).resolve()):
        return None
    try:
        values = tuple(float(v) for v in str(settings.value("map/extent") or "").split(","))
    except ValueError:
        return None
    return values if len(values) == 4 and values[0] < values[2] and values[1] < values[3] else None


def flag(settings: QSettings | None, key: str, default: bool) -> bool:
    """A remembered on/off choice (ini files give back "true"/"false" text)."""
    value = settings.value(key) if settings is not None else None
    if value is None:
        return default
    return value if isinstance(value, bool) else str(value).lower() in ("true", "1")


def set_flag(settings: QSettings | None, key: str, on: bool) -> None:
    if settings is not None:
        settings.setValue(key, bool(on))
