"""Telling a database that cannot answer now from a bug: the first is waited out, the second not.

A message the database cannot take because it is stopped, restarting, unreachable, out of
connections or busy is worth keeping and trying again; a dialog step that raises on bad data
would raise again, so it gets an apology instead.
"""

from __future__ import annotations

import sqlite3

import psycopg
from sqlalchemy import exc

# SQLite's primary result codes that mean "not now": BUSY, LOCKED, NOMEM, READONLY, IOERR, FULL,
# CANTOPEN, PROTOCOL. Others (no such table, constraint, mismatch) are bugs or bad data.
_SQLITE_NOT_NOW = {5, 6, 7, 8, 10, 13, 14, 15}


def _not_now(error: BaseException) -> bool:
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True  # the connection dropped under the statement
    if isinstance(error, exc.TimeoutError | exc.DisconnectionError):
        return True  # no pooled connection came free in time, or a pooled one was dead
    if isinstance(error, ConnectionError | TimeoutError):
        return True
    if isinstance(error, sqlite3.OperationalError):
        code = getattr(error, "sqlite_errorcode", None)
        return code is not None and code & 0xFF in _SQLITE_NOT_NOW
    # Refused, dropped, timed out, shut down by the administrator, cancelled, out of resources,
    # deadlocked: psycopg reports every one as an OperationalError; a closed connection as an
    # InterfaceError. Bad SQL and bad data are ProgrammingError, DataError, IntegrityError.
    return isinstance(error, psycopg.OperationalError | psycopg.InterfaceError)


def database_unavailable(error: BaseException | None) -> bool:
    """True when `error`, or an error it was raised from, says the database cannot answer now."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if _not_now(current):
            return True
        seen.add(id(current))
        current = current.__cause__
    return False
