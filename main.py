"""Start gisplanner: the desktop window, or a headless command (``python main.py --help``)."""

from __future__ import annotations

import os
import sys

from gisplanner.cli import COMMANDS, load_command_modules
from gisplanner.cli import main as cli_main

NO_DISPLAY = """\
gisplanner: no display is available, so the window cannot open.
  - on a desktop, run it from a graphical session;
  - on a server, run it under a virtual screen:  xvfb-run -a python main.py
  - the headless commands work anywhere:          python main.py --help
"""


def has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def first_word(argv: list[str]) -> str | None:
    """The command word, past a leading ``--project FILE`` (the form ``--help`` shows)."""
    i = 0
    while i < len(argv) and (argv[i] == "--project" or argv[i].startswith("--project=")):
        i += 2 if argv[i] == "--project" else 1
    return argv[i] if i < len(argv) else (argv[0] if argv else None)


def main(argv: list[str]) -> int:
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
        sys.stderr.write(NO_DISPLAY)
        return 2
    from gisplanner.ui.app import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
