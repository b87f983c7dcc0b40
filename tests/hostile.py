"""Helpers for the hardening tests: damage a project, run a command as a user would."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def damage(path: Path, seed: int = 200, count: int = 20) -> None:
    """Flip ``count`` bytes in the b-tree page headers of the file's middle pages, so that
    ``PRAGMA integrity_check`` reports it (the header and schema stay readable)."""
    rng = random.Random(seed)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    pages = len(data) // page
    for _ in range(count):
        n = rng.randrange(max(2, pages // 2), pages)
        data[n * page + rng.randrange(0, 12)] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))


def integrity_ok(path: Path) -> bool:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        try:
            return conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        except sqlite3.DatabaseError:
            return False


def run(*args: str, env: dict | None = None, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """``python main.py ARGS`` in a subprocess (real stdout/stderr, real exit code)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, str(REPO / "main.py"), *args], capture_output=True, text=True,
                          env=full_env, timeout=timeout, cwd=REPO, **kwargs)


def no_traceback(out: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in out.stderr, out.stderr
    assert out.returncode == 1, (out.returncode, out.stdout, out.stderr)
    lines = [line for line in out.stderr.splitlines() if line.startswith("error:")]
    assert lines, out.stderr
