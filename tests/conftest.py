"""Database fixtures: every test that takes `database_url` runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.demo import load_demo
from storage import engine as storage_engine
from storage.engine import sync_url
from storage.migrate import upgrade
from storage.models import Base

POSTGRES_URL = os.environ.get(
    "GONGYOU_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() == "true"


def _postgres_problem() -> str | None:
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]
    return None


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A private PostgreSQL database for this run, migrated once; tests then empty its tables.

    Private, so that two test runs on one server (two developers, or CI beside a developer) never
    truncate each other's tables.
    """
    problem = _postgres_problem()
    if problem:
        reason = f"PostgreSQL is not answering at {POSTGRES_URL} ({problem}); set GONGYOU_TEST_POSTGRES_URL"
        if IN_CI:
            pytest.fail(f"CI=true requires PostgreSQL: {reason}")
        pytest.skip(reason)
    name = f"gongyou_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        # A throw-away database need not wait for the disk at each commit.
        admin.execute(f'ALTER DATABASE "{name}" SET synchronous_commit TO off')
    upgrade(url)
    yield url
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    """A migrated SQLite file that each test copies, so migrations run once."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return str(path)


def _empty_postgres(url: str) -> None:
    """Delete every row and restart the id sequences, as a fresh database would number them.

    DELETE, not TRUNCATE: on tables of a few rows it is twenty times faster (TRUNCATE makes new
    files for every table), and every database test pays this once.
    """
    engine = create_engine(sync_url(url))
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(text(f'DELETE FROM "{table.name}"'))
        sequences = connection.scalars(
            text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")
        ).all()
        for sequence in sequences:
            connection.execute(text(f'ALTER SEQUENCE "{sequence}" RESTART'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, monkeypatch) -> str:
    """A migrated, empty database; also exported as GONGYOU_DATABASE_URL for CLI calls."""
    if request.param == "sqlite":
        path = tmp_path / "gongyou.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_template")
        _empty_postgres(url)
    monkeypatch.setenv("GONGYOU_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)  # keep any .env of the developer's out of the test
    return url


@pytest.fixture
async def sessions(database_url):
    """Sessions on the migrated, empty database (test modules with data of their own override it)."""
    engine = storage_engine.create_engine(database_url)
    yield storage_engine.session_factory(engine)
    await engine.dispose()


@pytest.fixture
async def session(sessions):
    async with sessions() as session:
        yield session


def _load_demo(url: str) -> None:
    # In a thread: a session fixture may be set up while an async fixture's event loop runs.
    with ThreadPoolExecutor(1) as thread:
        assert thread.submit(asyncio.run, load_demo(url)).result().ok


@pytest.fixture(scope="session")
def sqlite_demo_template(sqlite_template: str, tmp_path_factory) -> str:
    """The migrated SQLite template with the demo meeting loaded once, for tests to copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(sqlite_template, path)
    _load_demo(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="session")
def postgres_demo_snapshot(postgres_template: str) -> str:
    """The demo meeting loaded once into the private database, then copied to a side schema."""
    _empty_postgres(postgres_template)
    _load_demo(postgres_template)
    engine = create_engine(sync_url(postgres_template))
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {_SNAPSHOT}"))
        for table in Base.metadata.sorted_tables:
            connection.execute(
                text(f'CREATE TABLE {_SNAPSHOT}."{table.name}" AS TABLE "{table.name}"')
            )
    engine.dispose()
    return postgres_template


_SNAPSHOT = "demo_snapshot"


def _restore_postgres_demo(url: str) -> None:
    """Empty the tables and copy the demo rows back, with each id sequence past the copied ids."""
    _empty_postgres(url)
    engine = create_engine(sync_url(url))
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            name = table.name
            connection.execute(text(f'INSERT INTO "{name}" SELECT * FROM {_SNAPSHOT}."{name}"'))
            if "id" in table.columns and table.columns["id"].autoincrement is not False:
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                        f'COALESCE((SELECT max(id) FROM "{name}"), 0) + 1, false) '
                        f"WHERE pg_get_serial_sequence('\"{name}\"', 'id') IS NOT NULL"
                    )
                )
    engine.dispose()


@pytest.fixture
def demo_url(database_url: str, request) -> str:
    """A migrated database holding the demo labour-cooperation meeting (loaded once per run)."""
    if database_url.startswith("sqlite"):
        shutil.copyfile(
            request.getfixturevalue("sqlite_demo_template"), make_url(database_url).database
        )
    else:
        _restore_postgres_demo(request.getfixturevalue("postgres_demo_snapshot"))
    return database_url


@pytest.fixture
async def demo_sessions(demo_url):
    """Sessions on a database holding the demo labour-cooperation meeting."""
    engine = storage_engine.create_engine(demo_url)
    yield storage_engine.session_factory(engine)
    await engine.dispose()
