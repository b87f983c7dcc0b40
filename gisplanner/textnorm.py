"""Text normalisation for search: one form for simplified and traditional Chinese.

Conversion is character by character (OpenCC's traditional-to-simplified table), so the
normalised text has exactly the length of the original and a match found in it marks the
same characters in the published text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import opencc

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN_RE = re.compile(rf"[{_CJK}]|[0-9A-Za-z]+")


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _char_t2s(ch: str) -> str:
    out = _converter().convert(ch)
    return out if len(out) == 1 else ch


def normalize(text: str) -> str:
    """Simplified, case-folded, full-width folded text of the same length as ``text``."""
    chars = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)
        ch = folded if len(folded) == 1 else ch
        chars.append(_char_t2s(ch).lower() if ch.isascii() is False else ch.lower())
    return "".join(chars)


def tokens(text: str) -> list[str]:
    """Search tokens: each Han character alone, ASCII words whole."""
    return _TOKEN_RE.findall(normalize(text))


def index_text(text: str) -> str:
    """What the FTS index stores: tokens separated by spaces, so 2-character queries match.

    Taiwan-style wording (數位化, 最佳化, 智慧型) is indexed a second time in mainland
    wording (数字化, 优化, 智能型), so a planner's usual terms find plan 001 too.
    """
    plain = " ".join(tokens(text))
    mainland = " ".join(tokens(_mainland().convert(text)))
    return plain if mainland == plain else f"{plain} {mainland}"


@cache
def _mainland() -> opencc.OpenCC:
    return opencc.OpenCC("tw2sp")
