"""Server connections: a libpq URL or conninfo string, never a stored password.

The copy keeps the URL with any password removed; libpq finds the password on its own
(``PGPASSWORD``, ``~/.pgpass``, a service file), and every other parameter, ``sslmode``
included, passes through to libpq unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import conninfo

from gisplanner.sync.errors import SyncError

CONNECT_TIMEOUT_S = 10
_AUTH_WORDS = ("password authentication failed", "no password supplied", "authentication failed",
               "fe_sendauth")


def strip_password(url: str) -> str:
    """The same connection without its password, as a conninfo string or URI like the input."""
    try:
        params = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise SyncError("unreachable", {"server": "?", "detail": f"not a connection string: {exc}"}) from exc
    params.pop("password", None)
    if url.startswith(("postgresql://", "postgres://")):
        from urllib.parse import quote

        host, port = params.pop("host", ""), params.pop("port", "")
        user, dbname = params.pop("user", ""), params.pop("dbname", "")
        netloc = (quote(user, safe="") + "@" if user else "") + host + (f":{port}" if port else "")
        query = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in params.items())
        return f"postgresql://{netloc}/{quote(dbname, safe='')}" + (f"?{query}" if query else "")
    return conninfo.make_conninfo(**params)


def display(url: str) -> str:
    """user@host:port/db for messages (never a password)."""
    try:
        p = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "?"
    user = p.get("user")
    where = f"{p.get('host', 'localhost')}:{p.get('port', 5432)}/{p.get('dbname', '')}"
    return f"{user}@{where}" if user else where


def user_of(conn: psycopg.Connection) -> str:
    return conn.info.user


def classify(exc: psycopg.Error, url: str) -> SyncError:
    """A psycopg error as a SyncError code (unreachable, auth_failed, permission_denied, server_lost)."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    params = {"server": display(url), "detail": detail}
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return SyncError("permission_denied", params)
    low = detail.lower()
    if any(w in low for w in _AUTH_WORDS):
        return SyncError("auth_failed", params)
    if isinstance(exc, psycopg.OperationalError):  # includes a server shutting down under us
        return SyncError("server_lost", params)
    return SyncError("server_error", params)


def connect(url: str, **kwargs: Any) -> psycopg.Connection:
    """Open a connection; failures become SyncError (unreachable, auth_failed)."""
    try:
        return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, application_name="gisplanner",
                               autocommit=True, **kwargs)
    except psycopg.Error as exc:
        err = classify(exc, url)
        if err.code == "server_lost":
            err = SyncError("unreachable", err.params)
        raise err from exc


@contextmanager
def session(url: str, password: str | None = None) -> Iterator[psycopg.Connection]:
    """A connection whose psycopg errors surface as SyncError, closed afterwards. ``password``
    (asked of the planner by a face) is used for this connection only."""
    conn = connect(url, **({"password": password} if password else {}))
    try:
        yield conn
    except psycopg.Error as exc:
        err = classify(exc, url)
        if (conn.closed or conn.broken) and err.code == "server_error":
            err = SyncError("server_lost", err.params)
        raise err from exc
    finally:
        conn.close()
