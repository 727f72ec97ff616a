"""Which real errors mean "the database cannot answer now" (journal and retry) and which are bugs."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

import psycopg
import pytest
from db_outage import unreachable
from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.engine import create_engine, sync_url
from storage.outage import database_unavailable


async def error_of(url: str, *statements: str) -> BaseException:
    """The error the engine raises running `statements` on `url` (the test fails if none)."""
    engine = create_engine(url)
    before = set(threading.enumerate())
    try:
        async with engine.begin() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    except Exception as error:
        return error
    finally:
        await engine.dispose()
        await _threads_ended(before)
    pytest.fail(f"no error from {statements}")


async def _threads_ended(before: set[threading.Thread]) -> None:
    """After a failed connect aiosqlite stops its thread through the loop: keep the loop until it has."""
    deadline = time.monotonic() + 10
    while any("_connection_worker" in t.name for t in set(threading.enumerate()) - before):
        assert time.monotonic() < deadline, "aiosqlite's thread did not end"
        await asyncio.sleep(0.01)


async def test_nothing_answering_is_unavailable(database_url: str, tmp_path: Path) -> None:
    assert database_unavailable(await error_of(unreachable(database_url, tmp_path), "SELECT 1"))


async def test_bad_sql_is_a_bug(database_url: str) -> None:
    assert not database_unavailable(await error_of(database_url, "SELECT * FROM no_such_table"))


async def test_a_broken_constraint_is_a_bug(database_url: str) -> None:
    insert = (
        "INSERT INTO inbound_messages (channel, provider_id, address, body, received_at)"
        " VALUES ('sms', 'SM1', '+8613800001234', 'x', CURRENT_TIMESTAMP)"
    )
    assert not database_unavailable(await error_of(database_url, insert, insert))


async def test_a_connection_dropped_under_a_statement_is_unavailable(postgres_template: str):
    """A server-side end to the session (pg_terminate_backend; a fast shutdown does the same)."""
    engine = create_engine(postgres_template)
    admin = make_url(sync_url(postgres_template)).set(drivername="postgresql")
    try:
        async with engine.connect() as connection:
            pid = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
            with psycopg.connect(admin.render_as_string(False), autocommit=True) as other:
                other.execute("SELECT pg_terminate_backend(%s)", (pid,))
            with pytest.raises(Exception) as raised:
                await connection.execute(text("SELECT 1"))
    finally:
        await engine.dispose()
    assert database_unavailable(raised.value)


def test_a_busy_sqlite_database_is_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(sqlite3.OperationalError) as raised:
            sqlite3.connect(path, timeout=0).execute("INSERT INTO t VALUES (1)")
    finally:
        holder.close()
    assert database_unavailable(raised.value)


@pytest.mark.parametrize("error", [ValueError("bad"), KeyError("x"), RuntimeError("bug")])
def test_other_errors_are_bugs(error: Exception) -> None:
    assert not database_unavailable(error)


def test_an_error_raised_from_an_outage_is_unavailable() -> None:
    try:
        try:
            raise ConnectionRefusedError("refused")
        except ConnectionRefusedError as cause:
            raise RuntimeError("wrapped") from cause
    except RuntimeError as error:
        assert database_unavailable(error)
