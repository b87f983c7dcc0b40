"""The core's refusals as a code with parameters: the core words nothing, each face words the
code in its own language, once."""

from __future__ import annotations

from typing import Any, ClassVar


class CodedError(ValueError):
    """A refusal named by ``code`` with the ``params`` a face needs to word it."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


class Blank(dict):
    """Params for ``str.format_map``: a missing one shows as "?" rather than failing."""

    def __missing__(self, key: str) -> str:
        return "?"


class CodedText(str):
    """A sentence the core says (a report line, a note): it reads as its English text, so the
    CLI prints it as is, and carries ``code`` and ``params`` for a face to word it.
    Subclasses name their English templates in ``TEMPLATES``."""

    TEMPLATES: ClassVar[dict[str, str]] = {}
    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, **params: Any) -> CodedText:
        self = super().__new__(cls, cls.TEMPLATES[code].format_map(Blank(params)))
        self.code, self.params = code, params
        return self

    def __reduce__(self):  # pickled (worker processes) as its class, code and params
        return _coded_text, (type(self), self.code, self.params)


def _coded_text(cls: type[CodedText], code: str, params: dict[str, Any]) -> CodedText:
    return cls(code, **params)
