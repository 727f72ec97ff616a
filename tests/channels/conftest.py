"""Fixtures for the channel tests: the demo meeting loaded once, and the SMS harness around the app."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sms_harness import SmsHarness, settings_for
from sqlalchemy.engine import make_url

from bot.demo import load_demo
from storage.engine import is_sqlite


@pytest.fixture(scope="session")
def sqlite_demo_template(sqlite_template: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The migrated SQLite template with the demo meeting loaded once, for tests to copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(sqlite_template, path)
    assert asyncio.run(load_demo(f"sqlite:///{path}")).ok
    return path


@pytest.fixture
def demo_url(database_url: str, request: pytest.FixtureRequest) -> str:
    """A migrated database holding the demo labour-cooperation meeting."""
    if is_sqlite(database_url):
        # Same content as load_demo, without importing 371 rows again for every test.
        shutil.copyfile(
            request.getfixturevalue("sqlite_demo_template"), make_url(database_url).database
        )
    else:
        assert asyncio.run(load_demo(database_url)).ok
    return database_url


@pytest.fixture
def harness(database_url: str) -> Iterator[SmsHarness]:
    """The app on an empty database: enough for everything but browsing vacancies."""
    with SmsHarness(settings_for(database_url)) as h:
        yield h


@pytest.fixture
def demo_harness(demo_url: str) -> Iterator[SmsHarness]:
    with SmsHarness(settings_for(demo_url)) as h:
        yield h
