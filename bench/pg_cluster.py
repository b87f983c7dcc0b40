"""A throwaway PostgreSQL + PostGIS cluster for benchmarks: initdb and pg_ctl in a folder, a
free port, trust login on its Unix socket; run as ``postgres`` when we are root (PostgreSQL
refuses to run as root). Stopped and removed on exit."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path


def _bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    raise FileNotFoundError(f"{name} not found: install postgresql (scripts/setup.sh)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        self.conninfo = f"host={self.folder} port={self.port} dbname=postgres user=postgres"
        self.version = ""

    def _run(self, *args: str) -> str:
        cmd = ["runuser", "-u", "postgres", "--", *args] if self.as_root else list(args)
        return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout

    def __enter__(self) -> Cluster:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")
            os.chmod(self.folder.parent, 0o755)
        data = self.folder / "data"
        self._run(_bin("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        self._run(_bin("pg_ctl"), "-D", str(data), "-l", str(self.folder / "log"), "-w", "-o",
                  f"-p {self.port} -k {self.folder} -c listen_addresses='' -c fsync=on", "start")
        import psycopg

        with psycopg.connect(self.conninfo, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            self.version = conn.execute("SHOW server_version").fetchone()[0]
        return self

    def __exit__(self, *exc) -> None:
        self._run(_bin("pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
