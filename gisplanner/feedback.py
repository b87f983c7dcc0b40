"""Progress and cancel for long work, one object for a Qt dialog and a CLI bar alike."""

from __future__ import annotations

import sys
from typing import ClassVar, Protocol

from gisplanner.errors import CodedText


class Step(CodedText):
    """A step of long work as a code with parameters: it reads as its English text (the CLI bar,
    logs, a cancel message), and a face words the code in its own language. Parameters:
    ``layer`` a layer's name, ``table`` a project table's name (a layer's or a shared one's),
    ``file`` a file's name (shown as it is)."""

    TEMPLATES: ClassVar[dict[str, str]] = {
        "assembling_page": "assembling the page", "checked_out": "checked out", "checking_file": "checking the file",
        "checking_values": "checking values", "collecting_changes": "collecting changes", "committing": "committing",
        "connecting": "connecting", "converting_coordinates": "converting coordinates",
        "creating_schema": "creating the schema", "cutting_basemap": "cutting the offline basemap",
        "drawing_charts": "drawing the charts", "drawing_map": "drawing the map",
        "drawing_progress": "drawing the progress panel", "encoding_features": "encoding features",
        "finding_overdue": "finding overdue features", "in_step": "in step with the server",
        "journal": "journal", "moving_into_place": "moving into place", "published": "published",
        "pulling": "pulling", "pushed": "pushed", "pushing": "pushing", "reading_features": "reading features",
        "reading_indicators": "reading indicators", "reading_layer_sources": "reading layer sources",
        "reading_links": "reading linked clauses", "reading_plans": "reading plans",
        "reading_project": "reading the project", "saving": "saving", "writing_features": "writing features",
        "writing_plans": "writing plans and clauses", "writing_page": "writing the page", "done": "done",
        "reading_layer": "reading {layer}", "reading_file": "reading {file}", "reading_table": "reading {table}",
        "writing_layer": "writing layer {layer}", "writing_table": "writing {table}", "writing_file": "writing {file}",
        "saving_file": "saving {file}", "pulling_table": "pulling {table}", "written_rows": "written {n} of {total}",
    }


class Canceled(Exception):
    """The user asked long work to stop; whatever it was writing is rolled back."""


class Feedback(Protocol):
    def progress(self, fraction: float, message: str = "") -> None:
        """``message``: a ``Step`` (a plain string only where no face shows it)."""

    def is_canceled(self) -> bool: ...


class NullFeedback:
    """Feedback that reports nowhere and never cancels."""

    def progress(self, fraction: float, message: str = "") -> None:
        pass

    def is_canceled(self) -> bool:
        return False


class ConsoleFeedback:
    """A one-line progress bar on stderr (only when it is a terminal)."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr

    def progress(self, fraction: float, message: str = "") -> None:
        if not self.stream.isatty():
            return
        done = int(max(0.0, min(1.0, fraction)) * 30)
        self.stream.write(f"\r[{'#' * done}{'.' * (30 - done)}] {fraction:4.0%} {message[:40]:<40}")
        if fraction >= 1.0:
            self.stream.write("\n")
        self.stream.flush()

    def is_canceled(self) -> bool:
        return False


def check(feedback: Feedback, fraction: float, message: str = "") -> None:
    """Report progress and raise ``Canceled`` if the user asked to stop."""
    feedback.progress(fraction, message)
    if feedback.is_canceled():
        raise Canceled(message or "canceled")
