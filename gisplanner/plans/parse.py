"""Parse a plan's text into a clause tree with stable, published numbering.

The plans number their items ``一、`` / ``（一）`` or ``(一)`` / ``1.`` or ``1．`` and hold plain
paragraphs between them. Some use unnumbered section headings (plan 001's 重點任務), which
the corpus metadata lists. Web captures lose characters (plan 003 drops ``（三`` before
``)``): such a marker is numbered from its previous sibling and flagged ``inferred_number``.
Text is never altered; every clause carries its character span in the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from gisplanner.plans.model import Clause

CN_DIGITS = "零一二三四五六七八九"
_CN_NUM = "[一二三四五六七八九十]+"

SECTION_RE = re.compile(rf"^({_CN_NUM})、")
SUBSECTION_RE = re.compile(rf"^[（(]({_CN_NUM})[）)]")
BROKEN_SUBSECTION_RE = re.compile(r"^[)）](?=\S)")
ITEM_RE = re.compile(r"^(\d{1,2})[.．](?!\d)")
# Departments responsible for a clause, appended in parentheses at its end (plan 002).
DEPARTMENTS_RE = re.compile(r"（([^（）]{2,120})）\s*$")
_DEPARTMENT_END = ("局", "委", "办", "部", "关", "会", "府", "厅", "院", "组", "区", "室", "行", "队")
_LEADING_SPACE = " \t\u3000\u00a0\ufeff"
_SENTENCE_END = "。；;！？"


def cn_to_int(text: str) -> int:
    """Chinese numeral (一 … 九十九) to int."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS.index(tens) if tens else 1) * 10 + (CN_DIGITS.index(ones) if ones else 0)
    return CN_DIGITS.index(text)


def int_to_cn(value: int) -> str:
    if value < 10:
        return CN_DIGITS[value]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def split_departments(text: str) -> tuple[str, ...]:
    """Departments named in a trailing ``（市科技创新局、市商务局）`` group, if any."""
    match = DEPARTMENTS_RE.search(text)
    if not match:
        return ()
    parts = [p.strip() for p in match.group(1).split("、")]
    if all(p and not re.search(r"\d", p) and p.endswith(_DEPARTMENT_END) for p in parts):
        return tuple(parts)
    return ()


def heading_of(body: str, limit: int = 60) -> str:
    """First sentence of a clause, the part a tree view shows."""
    for i, ch in enumerate(body):
        if ch in _SENTENCE_END:
            return body[: i + 1] if i < limit else body[:limit] + "…"
    return body if len(body) <= limit else body[:limit] + "…"


@dataclass
class _Line:
    text: str
    start: int
    end: int


def _lines(source: str) -> Iterable[_Line]:
    pos = 0
    for raw in source.splitlines(keepends=True):
        stripped_start = len(raw) - len(raw.lstrip(_LEADING_SPACE))
        content = raw.rstrip("\r\n").rstrip(_LEADING_SPACE)
        if len(content) > stripped_start:
            yield _Line(content[stripped_start:], pos + stripped_start, pos + len(content))
        pos += len(raw)


@dataclass
class ParseResult:
    clauses: list[Clause]
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Node:
    path: str
    level: int
    children: int = 0  # plain paragraphs seen directly under this node
    last_sub: int = 0  # last （n） number seen under this node


def parse_plan(
    plan_id: str, source: str, sections: Iterable[str] = (), file_name: str = ""
) -> ParseResult:
    """Split ``source`` into clauses.

    ``sections`` are unnumbered lines that act as level-1 headings (e.g. 重點任務).
    A text with none of the known markers still imports, as numbered paragraphs, with a
    warning naming the file.
    """
    section_names = set(sections)
    clauses: list[Clause] = []
    warnings: list[str] = []
    root = _Node(path="", level=0)
    stack: list[_Node] = [root]
    numbered = 0
    seen: set[str] = set()

    def parent_at(level: int) -> _Node:
        while stack[-1].level >= level:
            stack.pop()
        return stack[-1]

    def add(line: _Line, number: str, component: str, level: int, body: str, **extra) -> None:
        parent = parent_at(level)
        path = f"{parent.path}/{component}" if parent.path else component
        if path in seen:
            path = f"{path}~{line.start}"
            warnings.append(f"{file_name or plan_id}: duplicate number {number!r} at offset {line.start}")
        clauses.append(
            Clause(
                plan_id=plan_id,
                path=path,
                number=number,
                level=level,
                heading=heading_of(body),
                text=line.text,
                start=line.start,
                end=line.end,
                seq=len(clauses),
                parent_path=parent.path or None,
                departments=split_departments(line.text),
                **extra,
            )
        )
        seen.add(path)
        if level < 9:
            stack.append(_Node(path=path, level=level))

    for line in _lines(source):
        text = line.text
        if text in section_names:
            numbered += 1
            add(line, text, text, 1, text)
        elif m := SECTION_RE.match(text):
            numbered += 1
            add(line, m.group(0), m.group(1), 1, text[m.end():])
        elif m := SUBSECTION_RE.match(text):
            numbered += 1
            parent = parent_at(2)
            parent.last_sub = cn_to_int(m.group(1))
            add(line, m.group(0), f"({m.group(1)})", 2, text[m.end():])
        elif m := BROKEN_SUBSECTION_RE.match(text):
            numbered += 1
            parent = parent_at(2)
            parent.last_sub += 1
            component = f"({int_to_cn(parent.last_sub)})"
            add(line, m.group(0), component, 2, text[m.end():], inferred_number=True)
        elif m := ITEM_RE.match(text):
            numbered += 1
            add(line, m.group(0), m.group(1), 3, text[m.end():])
        else:
            parent = stack[-1]
            parent.children += 1
            add(line, "", f"p{parent.children}", 9, text)

    if numbered == 0 and clauses:
        warnings.append(
            f"{file_name or plan_id}: no known clause numbering (一、 / （一） / 1.) found; "
            f"imported as {len(clauses)} plain paragraphs"
        )
    return ParseResult(clauses=clauses, warnings=warnings)
