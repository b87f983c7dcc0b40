"""``python -m gisplanner``: the same as the ``gisplanner`` command."""

import sys

from gisplanner.launch import main

sys.exit(main(prog="python -m gisplanner"))
