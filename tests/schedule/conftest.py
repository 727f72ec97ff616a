"""Fixtures for the schedule tests: the staff tests' agency network, on both databases."""

from __future__ import annotations

import pytest
from staff_world import World, build_world


@pytest.fixture
async def world(session) -> World:
    world = await build_world(session)
    await session.commit()
    return world
