"""Fixtures for the channel tests: the SMS harness around the app, on an empty or a demo database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sms_harness import SmsHarness, settings_for


@pytest.fixture
def harness(database_url: str) -> Iterator[SmsHarness]:
    """The app on an empty database: enough for everything but browsing vacancies."""
    with SmsHarness(settings_for(database_url)) as h:
        yield h


@pytest.fixture
def demo_harness(demo_url: str) -> Iterator[SmsHarness]:
    with SmsHarness(settings_for(demo_url)) as h:
        yield h
