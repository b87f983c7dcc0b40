"""The core's refusals as a code with parameters: the core words nothing, each face words the
code in its own language, once."""

from __future__ import annotations


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
