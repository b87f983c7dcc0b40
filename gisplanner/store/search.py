"""Clause search over the project's FTS5 index.

The index holds each clause as normalised single-character tokens (see ``textnorm``), so a
two-character query is a phrase of two tokens and simplified queries find traditional text.
Snippets are cut from the published text, with the matched characters marked.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from sqlite_utils import Database

from gisplanner.textnorm import normalize, tokens


@dataclass(frozen=True)
class SearchHit:
    clause_id: str
    plan_id: str
    plan_title: str
    path: str
    heading: str
    text: str
    rank: float
    spans: tuple[tuple[int, int], ...]  # matched character ranges in ``text``

    def snippet(self, width: int = 36, mark: tuple[str, str] = ("【", "】")) -> str:
        """Plain-text excerpt around the first match, matches wrapped in ``mark``."""
        return "".join(f"{mark[0]}{t}{mark[1]}" if hit else t for t, hit in self.snippet_parts(width))

    def snippet_html(self, width: int = 36) -> str:
        return "".join(f"<mark>{html.escape(t)}</mark>" if hit else html.escape(t)
                       for t, hit in self.snippet_parts(width))

    def snippet_parts(self, width: int = 36) -> list[tuple[str, bool]]:
        text = self.text
        first = self.spans[0][0] if self.spans else 0
        lo, hi = max(0, first - width), min(len(text), first + width * 2)
        parts: list[tuple[str, bool]] = [("…", False)] if lo > 0 else []
        pos = lo
        for start, end in self.spans:
            if end <= lo or start >= hi:
                continue
            start, end = max(start, lo), min(end, hi)
            if start > pos:
                parts.append((text[pos:start], False))
            parts.append((text[start:end], True))
            pos = end
        if pos < hi:
            parts.append((text[pos:hi], False))
        if hi < len(text):
            parts.append(("…", False))
        return parts


def query_terms(query: str) -> list[str]:
    """Whitespace-separated terms that hold something searchable."""
    return [part for part in query.split() if tokens(part)]


def match_spans(text: str, terms: list[str]) -> tuple[tuple[int, int], ...]:
    """Character ranges of ``text`` where a term occurs (in any script)."""
    norm = normalize(text)
    spans = []
    for term in terms:
        needle = normalize(term)
        start = norm.find(needle)
        while start != -1 and needle:
            spans.append((start, start + len(needle)))
            start = norm.find(needle, start + len(needle))
    return tuple(sorted(spans))


MAX_LIMIT = 100_000


def search_clauses(db: Database, query: str, limit: int = 20, plan_id: str | None = None) -> list[SearchHit]:
    """Clauses matching every term of ``query``, best first (bm25)."""
    terms = query_terms(query)
    if not terms:
        return []
    match = " AND ".join('"' + " ".join(tokens(t)) + '"' for t in terms)
    sql = (
        "SELECT c.id, c.plan_id, p.title, c.path, c.heading, c.text, bm25(clauses_fts) AS rank "
        "FROM clauses_fts JOIN clauses c ON c.rowid = clauses_fts.rowid "
        "JOIN plans p ON p.id = c.plan_id WHERE clauses_fts MATCH ?"
    )
    params: list[object] = [match]
    if plan_id:
        sql += " AND c.plan_id = ?"
        params.append(plan_id)
    sql += " ORDER BY rank, c.plan_id, c.seq LIMIT ?"
    params.append(max(0, min(int(limit), MAX_LIMIT)))  # SQLite takes 64-bit ints; -1 would mean "all"
    return [
        SearchHit(cid, pid, title, path, heading, text, rank, match_spans(text, terms))
        for cid, pid, title, path, heading, text, rank in db.execute(sql, params).fetchall()
    ]
