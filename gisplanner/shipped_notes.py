"""The shipped layers' notes in Chinese: a face in Chinese shows our rendering of our own words.

The layer sources carry English notes written by the project (a feature's location note, the
source of each status-history entry). They are not a user's data, so the project ships them in
Chinese as well: ``data/layers/notes_zh.toml`` pairs each note, exactly as shipped, with its
rendering. The lookup is by the text itself, so a note a user wrote or edited (which no longer
matches) is shown as stored, and nothing in the project file changes.
"""

from __future__ import annotations

import logging
import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

from gisplanner.paths import LAYER_SOURCES_DIR

NOTES_FILE = LAYER_SOURCES_DIR / "notes_zh.toml"
NoteKind = Literal["location_source", "history_source"]
KINDS: tuple[NoteKind, ...] = ("location_source", "history_source")

log = logging.getLogger(__name__)


class NotesFileError(ValueError):
    """The renderings file cannot be read; the message names the file and the entry."""


def read_renderings(path: Path) -> dict[str, dict[str, str]]:
    """Per note kind, shipped English text -> Chinese rendering, as ``path`` lists them."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise NotesFileError(f"{path.name}: {exc}") from exc
    out: dict[str, dict[str, str]] = {}
    for kind in KINDS:
        table = out[kind] = {}
        for index, entry in enumerate(data.get(kind, []), start=1):
            en, zh = entry.get("en"), entry.get("zh")
            if not (isinstance(en, str) and isinstance(zh, str) and en.strip() and zh.strip()):
                raise NotesFileError(f"{path.name}: {kind} entry {index} needs a non-empty en and zh")
            if table.get(en, zh) != zh:
                raise NotesFileError(f"{path.name}: {kind} entry {index} renders {en[:40]!r}… a second way")
            table[en] = zh
    return out


@cache
def _shipped() -> dict[str, dict[str, str]]:
    """The shipped renderings, read once; none (notes shown as stored) if the file is unusable."""
    if not NOTES_FILE.is_file():
        return {kind: {} for kind in KINDS}
    try:
        return read_renderings(NOTES_FILE)
    except NotesFileError as exc:
        log.warning("shipped notes shown as stored: %s", exc)
        return {kind: {} for kind in KINDS}


def note_in(lang: str, text: str | None, kind: NoteKind) -> str:
    """``text`` as a face in ``lang`` shows it: our Chinese rendering of a shipped note, else as stored."""
    text = text or ""
    if lang != "zh":
        return text
    return _shipped()[kind].get(text, text)


def shipped_matching(lang: str, text: str, kind: NoteKind) -> list[str]:
    """The shipped notes (as stored) whose rendering in ``lang`` holds ``text``: a search in a
    Chinese face finds a note by the words it shows."""
    if lang != "zh" or not text:
        return []
    needle = text.lower()
    return [en for en, zh in _shipped()[kind].items() if needle in zh.lower()]
