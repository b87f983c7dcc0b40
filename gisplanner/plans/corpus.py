"""The shipped plan corpus: metadata from ``plans.toml`` and the verbatim texts.

A plan captured from a web page may end in the page's own chrome (related-entry lists,
"contact us", "scan to open on your phone"); its ``ends_before`` names the first such line,
and the document is read up to it. Cutting only the tail keeps every clause offset valid.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from gisplanner.paths import PLANS_DIR
from gisplanner.plans.model import Clause, Plan
from gisplanner.plans.parse import parse_plan


@dataclass(frozen=True)
class PlanEntry:
    """A plan's metadata plus how its file is read (not stored with the plan)."""

    plan: Plan
    sections: list[str]
    ends_before: str = ""


@dataclass(frozen=True)
class PlanDocument:
    plan: Plan
    source: str
    clauses: list[Clause]
    warnings: list[str]


class CorpusError(ValueError):
    """A plan metadata entry or file that cannot be read; the message names the file."""


def load_metadata(plans_dir: Path = PLANS_DIR) -> list[PlanEntry]:
    meta_file = plans_dir / "plans.toml"
    try:
        entries = tomllib.loads(meta_file.read_text(encoding="utf-8"))["plan"]
    except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
        raise CorpusError(f"{meta_file}: cannot read plan metadata: {exc}") from exc
    names = {f.name for f in fields(Plan)}
    out = []
    for i, entry in enumerate(entries, start=1):
        missing = {"id", "file", "title"} - entry.keys()
        if missing:
            raise CorpusError(f"{meta_file}: plan entry {i} lacks {', '.join(sorted(missing))}")
        values = {k: str(entry.get(k, "")) for k in names}
        out.append(PlanEntry(Plan(**values), list(entry.get("sections", [])), str(entry.get("ends_before", ""))))
    return out


def read_plan_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc.strerror}") from exc


def published_part(text: str, ends_before: str, path: Path) -> str:
    """``text`` up to the line ``ends_before`` (blank lines before it dropped too)."""
    if not ends_before:
        return text
    pos = 0
    for line in text.splitlines(keepends=True):
        if line.strip() == ends_before:
            return text[:pos].rstrip() + "\n"
        pos += len(line)
    raise CorpusError(f"{path}: has no line {ends_before!r} (plans.toml ends_before)")


def load_corpus(plans_dir: Path = PLANS_DIR) -> list[PlanDocument]:
    """Every plan with its parsed clauses, in metadata order."""
    docs = []
    for entry in load_metadata(plans_dir):
        path = plans_dir / entry.plan.file
        source = published_part(read_plan_text(path), entry.ends_before, path)
        result = parse_plan(entry.plan.id, source, entry.sections, file_name=path.name)
        docs.append(PlanDocument(entry.plan, source, result.clauses, result.warnings))
    return docs
