"""Why a brief cannot be made, as a code with parameters; ``str()`` is the English sentence the
CLI prints. A face words the code in its language."""

from __future__ import annotations

from typing import Any

from gisplanner.errors import Blank, CodedError

# English templates; braces are the error's params.
BRIEF_ERRORS: dict[str, str] = {
    "no_scope": "give either a park or a plan",
    "no_plan": "no plan {plan!r}; plans are {plans}",
    "bad_suffix": "{file}: the brief is written as .html or .pdf, not {suffix}",
    "no_suffix": "{file}: the brief is written as .html or .pdf, not no extension",
    "folder": "{file} is a folder; give a file name ending in .html or .pdf",
    "no_font": "no Chinese font found for the PDF brief; install fonts-noto-cjk",
    "bad_date": "{label}: {detail}",
    "export": "{export}",  # the export's own refusal (unknown park, nothing to show, cannot write)
}


class BriefError(CodedError):
    """A brief that cannot be made (unknown park or plan, nothing to show): ``code`` and
    ``params`` naming the value; ``str()`` says it in English."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, **params)
        self.args = (BRIEF_ERRORS[code].format_map(Blank(params)),)
