"""Database fixtures: every test that takes `database_url` runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator

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
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    engine = create_engine(sync_url(url))
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
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
async def demo_sessions(database_url):
    """Sessions on a database holding the demo labour-cooperation meeting."""
    assert (await load_demo(database_url)).ok
    engine = storage_engine.create_engine(database_url)
    yield storage_engine.session_factory(engine)
    await engine.dispose()
