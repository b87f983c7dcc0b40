"""The ``gisplanner`` command: the desktop window, or a headless command when one is named.

``main.py`` in a checkout, the installed ``gisplanner`` script and ``python -m gisplanner``
all start here. The window's Qt code loads only when no command is named, so a command runs
without a display.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from gisplanner.cli import COMMANDS, load_command_modules
from gisplanner.cli import main as cli_main

NO_DISPLAY = """\
gisplanner: no display is available, so the window cannot open.
  - on a desktop, run it from a graphical session;
  - on a server, run it under a virtual screen:  xvfb-run -a {prog}
  - the headless commands work anywhere:          {prog} --help
"""


def has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def first_word(argv: Sequence[str]) -> str | None:
    """The command word, if any: the first argument after the shared ``--project FILE``."""
    rest = list(argv)
    while rest and (rest[0] == "--project" or rest[0].startswith("--project=")):
        rest = rest[2:] if rest[0] == "--project" else rest[1:]
    return rest[0] if rest else None


def main(argv: Sequence[str] | None = None, prog: str = "gisplanner") -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Commands are words; the window's options start with "-". The command modules (and the
    # libraries they import) load only for a command, so the window opens sooner.
    word = first_word(argv)
    if word is not None and (not word.startswith("-") or word in {"-h", "--help"}):
        load_command_modules()
        if word in COMMANDS or word in {"-h", "--help"}:
            return cli_main(argv)
    if argv and argv[0] == "gui":
        argv = argv[1:]
    if not has_display():
        sys.stderr.write(NO_DISPLAY.format(prog=prog))
        return 2
    from gisplanner.ui.app import run

    return run(argv)
