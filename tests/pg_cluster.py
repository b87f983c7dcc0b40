"""A throwaway PostgreSQL 15 + PostGIS cluster for the sync tests: initdb + pg_ctl in a temp folder.

PostgreSQL refuses to run as root, so as root (CI) the server binaries run as the
``postgres`` system user (``runuser``) on a folder handed to that user; as a normal user they
run directly. The cluster listens on 127.0.0.1 on a free port. Local connections are
trusted except for the ``gp_secret`` role, which must give its password (SCRAM), so the
tests can check that passwords come from libpq (``PGPASSWORD``/``.pgpass``) and never
land in a project file.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PG_BIN = Path(os.environ.get("GISPLANNER_PG_BIN", "/usr/lib/postgresql/15/bin"))
SUPERUSER = "gisadmin"
SECRET_ROLE, SECRET_PASSWORD = "gp_secret", "s3cret-Pa55"


def available() -> str | None:
    """Why a cluster cannot start here (None when it can)."""
    for name in ("initdb", "pg_ctl", "postgres"):
        if not (PG_BIN / name).exists():
            return f"{PG_BIN / name} is missing (install postgresql and postgresql-15-postgis-3)"
    if not Path("/usr/share/postgresql/15/extension/postgis.control").exists():
        return "PostGIS for PostgreSQL 15 is missing (install postgresql-15-postgis-3)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root needs runuser to start PostgreSQL as the postgres user"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    folder: Path
    port: int = field(default_factory=free_port)
    dbname: str = "team"

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, user: str = SUPERUSER, password: str | None = None, dbname: str | None = None) -> str:
        auth = f"{user}:{password}@" if password else f"{user}@"
        return f"postgresql://{auth}127.0.0.1:{self.port}/{dbname or self.dbname}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True, cwd="/")

    def init(self) -> None:
        self.data.parent.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8")
        hba = (f"host all {SECRET_ROLE} 127.0.0.1/32 scram-sha-256\n"
               "host all all 127.0.0.1/32 trust\nlocal all all trust\n")
        self._write(self.data / "pg_hba.conf", hba)
        self._write(self.data / "postgresql.auto.conf",
                    f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                    f"unix_socket_directories = '{self.folder}'\nfsync = off\nmax_connections = 40\n")

    def _write(self, path: Path, text: str) -> None:
        if os.geteuid() == 0:
            subprocess.run(["runuser", "-u", "postgres", "--", "tee", str(path)], input=text, text=True,
                           check=True, capture_output=True)
        else:
            path.write_text(text)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log.txt"), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def sql(self, statement: str, dbname: str | None = None) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url(dbname=dbname or self.dbname), autocommit=True) as conn:
            cur = conn.execute(statement)
            return cur.fetchall() if cur.description else []

    def prepare(self) -> None:
        self.sql(f"CREATE DATABASE {self.dbname}", dbname="postgres")
        self.sql("CREATE EXTENSION postgis")
        self.sql(f"CREATE ROLE {SECRET_ROLE} LOGIN PASSWORD '{SECRET_PASSWORD}'")


def start_cluster() -> Cluster:
    """Init and start a cluster with a ``team`` database holding PostGIS; ``stop_cluster`` ends it."""
    reason = available()
    if reason:
        raise RuntimeError(reason)
    folder = Path(tempfile.mkdtemp(prefix="gisplanner-pg-"))
    cluster = Cluster(folder)
    cluster.init()
    for _ in range(3):  # the free port may be taken between choosing and binding it
        try:
            cluster.start()
            break
        except subprocess.CalledProcessError:
            cluster.port = free_port()
            cluster._write(cluster.data / "postgresql.auto.conf",
                           f"port = {cluster.port}\nlisten_addresses = '127.0.0.1'\n"
                           f"unix_socket_directories = '{folder}'\nfsync = off\nmax_connections = 40\n")
            time.sleep(0.5)
    else:
        raise RuntimeError(f"PostgreSQL did not start: {(folder / 'log.txt').read_text(errors='replace')[-2000:]}")
    cluster.prepare()
    return cluster


def stop_cluster(cluster: Cluster) -> None:
    cluster.stop("immediate")
    shutil.rmtree(cluster.folder, ignore_errors=True)
