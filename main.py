"""Start gisplanner from a checkout: the desktop window, or a headless command (``python main.py --help``).

An installed copy starts the same way with the ``gisplanner`` command (gisplanner.launch).
"""

from __future__ import annotations

import sys

from gisplanner.launch import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], prog="python main.py"))
