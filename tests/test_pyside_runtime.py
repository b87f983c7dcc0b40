"""PySide6 6.12.0 aborts on CPython 3.11 after thousands of void calls ("none_dealloc")."""

from __future__ import annotations

import subprocess
import sys

import PySide6


def test_pinned_pyside_is_not_the_broken_release():
    if sys.version_info[:2] == (3, 11):
        assert PySide6.__version__ != "6.12.0"


def test_many_void_calls_do_not_abort():
    code = (
        "from PySide6.QtCore import QPointF\n"
        "p = QPointF()\n"
        "for i in range(200_000):\n"
        "    p.setX(i); p.setY(-i)\n"
        "print(int(p.x()))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-1000:]
    assert out.stdout.strip() == "199999"
