"""Progress and cancel for long work, one object for a Qt dialog and a CLI bar alike."""

from __future__ import annotations

import sys
from typing import Protocol


class Canceled(Exception):
    """The user asked long work to stop; whatever it was writing is rolled back."""


class Feedback(Protocol):
    def progress(self, fraction: float, message: str = "") -> None: ...

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
