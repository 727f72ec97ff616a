"""Engines and sessions: one URL from the settings, async drivers underneath."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

_DRIVERS = {
    # (backend, sync driver, async driver)
    "sqlite": ("sqlite", "sqlite+aiosqlite"),
    "postgresql": ("postgresql+psycopg", "postgresql+psycopg"),
    "postgres": ("postgresql+psycopg", "postgresql+psycopg"),
}


def safe_url(url: str) -> str:
    """The URL with any password hidden, fit for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1]


def _with_driver(url: str, position: int) -> str:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in _DRIVERS:
        raise ArgumentError(f"unsupported database {backend!r}: use sqlite:/// or postgresql://")
    return parsed.set(drivername=_DRIVERS[backend][position]).render_as_string(hide_password=False)


def sync_url(url: str) -> str:
    """The URL with a synchronous driver (Alembic, bulk tools)."""
    return _with_driver(url, 0)


def async_url(url: str) -> str:
    """The URL with an asyncio driver (the server and the CLI)."""
    return _with_driver(url, 1)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the dispatcher read while a webhook writes; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Writers in one server queue on storage.turn; this wait is for other processes (a CLI import,
    # a second tool). Five seconds gave up mid-burst; a late answer beats a lost message.
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def configure(engine: Engine, url: str) -> None:
    """Apply per-connection settings to a synchronous engine."""
    if is_sqlite(url):
        event.listen(engine, "connect", _sqlite_pragmas)


def create_engine(url: str, **kwargs) -> AsyncEngine:
    """An async engine for the database at `url` (contract URL form, driver chosen here)."""
    engine = create_async_engine(async_url(url), **kwargs)
    configure(engine.sync_engine, url)
    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def one_session(url: str) -> AsyncIterator[AsyncSession]:
    """A session on its own engine, disposed afterwards: one command's whole use of the database."""
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            yield session
    finally:
        await engine.dispose()


async def lazy_commit(session) -> None:
    """Let this transaction's commit return before its record reaches the disk (PostgreSQL).

    For the outbox's frequent, repeatable writes (claims, send slots, outcomes): a database crash
    could lose the last fraction of a second of them, which puts rows back as they were before;
    the next durable commit (a send marked started, which must be durable) writes them all first.
    On a busy disk a durable commit takes tens of milliseconds, and a broadcast makes many.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SET LOCAL synchronous_commit TO OFF"))
