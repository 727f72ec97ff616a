from __future__ import annotations

import pytest
from broadcast_world import World, build

from bot.config import load_settings
from storage.engine import create_engine, session_factory


@pytest.fixture
async def sessions(database_url):
    engine = create_engine(database_url)
    yield session_factory(engine)
    await engine.dispose()


@pytest.fixture
async def world(sessions) -> World:
    async with sessions() as session:
        return await build(session)


@pytest.fixture
def settings(database_url, monkeypatch):
    monkeypatch.delenv("GONGYOU_ALERTS_PER_DAY", raising=False)
    return load_settings(database_url=database_url)
