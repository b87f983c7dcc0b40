"""The shipped plan corpus: metadata from ``plans.toml`` and the verbatim texts."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from gisplanner.paths import PLANS_DIR
from gisplanner.plans.model import Clause, Plan
from gisplanner.plans.parse import parse_plan


@dataclass(frozen=True)
class PlanDocument:
    plan: Plan
    source: str
    clauses: list[Clause]
    warnings: list[str]


class CorpusError(ValueError):
    """A plan metadata entry or file that cannot be read; the message names the file."""


def load_metadata(plans_dir: Path = PLANS_DIR) -> list[tuple[Plan, list[str]]]:
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
        out.append((Plan(**values), list(entry.get("sections", []))))
    return out


def read_plan_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc.strerror}") from exc


def load_corpus(plans_dir: Path = PLANS_DIR) -> list[PlanDocument]:
    """Every plan with its parsed clauses, in metadata order."""
    docs = []
    for plan, sections in load_metadata(plans_dir):
        path = plans_dir / plan.file
        source = read_plan_text(path)
        result = parse_plan(plan.id, source, sections, file_name=path.name)
        docs.append(PlanDocument(plan, source, result.clauses, result.warnings))
    return docs
