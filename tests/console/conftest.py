"""The console on a database holding the staff tests' agency network (both databases)."""

from __future__ import annotations

import pytest
from console_harness import ConsoleHarness
from staff_world import build_world


@pytest.fixture
def console(database_url):
    with ConsoleHarness(database_url) as harness:
        harness.world = harness.build(build_world)
        yield harness
