"""Plans and their clauses: plain, immutable records shared by every face."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Plan:
    """A published policy document, kept verbatim in ``data/plans``."""

    id: str
    file: str
    title: str
    title_en: str
    issuer: str
    issuer_en: str
    number: str
    date: str
    date_precision: str
    period: str
    region: str
    region_en: str
    script: str
    note: str = ""


@dataclass(frozen=True)
class Clause:
    """One numbered item or paragraph of a plan.

    ``path`` is the published numbering joined by ``/`` (``重點任務/(四)/14``, ``五/(三)/1``,
    ``三/(一)/p2`` for the second plain paragraph under a heading); ``start``/``end`` are
    character offsets into the plan's source text, so ``source[start:end] == text``.
    """

    plan_id: str
    path: str
    number: str
    level: int
    heading: str
    text: str
    start: int
    end: int
    seq: int
    parent_path: str | None = None
    departments: tuple[str, ...] = ()
    inferred_number: bool = False
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def id(self) -> str:
        return clause_id(self.plan_id, self.path)

    @property
    def parent_id(self) -> str | None:
        return clause_id(self.plan_id, self.parent_path) if self.parent_path else None


def clause_id(plan_id: str, path: str) -> str:
    """Stable id of a clause: plan id and published path, e.g. ``001:重點任務/(四)/14``."""
    return f"{plan_id}:{path}"
