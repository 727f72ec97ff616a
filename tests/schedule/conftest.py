"""Fixtures for the schedule tests: the staff tests' agency network, on both databases."""

from __future__ import annotations

import pytest
from staff_world import World, build_world

from storage.engine import create_engine, session_factory


@pytest.fixture
async def sessions(database_url):
    engine = create_engine(database_url)
    yield session_factory(engine)
    await engine.dispose()


@pytest.fixture
async def session(sessions):
    async with sessions() as session:
        yield session


@pytest.fixture
async def world(session) -> World:
    world = await build_world(session)
    await session.commit()
    return world
