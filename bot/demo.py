"""The demo: a fresh database holding a sample labour cooperation meeting."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.importing.reader import read_path
from bot.importing.service import ImportReport, import_table
from storage.engine import create_engine, is_sqlite, session_factory, sync_url
from storage.migrate import upgrade
from storage.models import Base

DEMO_FILE = Path(__file__).with_name("data") / "demo_meeting.csv"
DEMO_MEETING = "2026年冬季华北劳务协作洽谈会（示例）"
DEMO_DATE = date(2026, 11, 20)
DEMO_PLACE = "石家庄国际会展中心"


def reset_database(url: str) -> None:
    """Drop everything at `url` so the demo always starts the same way."""
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            for suffix in ("", "-wal", "-shm"):
                Path(database + suffix).unlink(missing_ok=True)
        return
    engine = create_sync_engine(sync_url(url))
    with engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


async def load_demo(url: str) -> ImportReport:
    """Import the shipped meeting file into the (migrated) database at `url`."""
    engine = create_engine(url)
    try:
        return await import_table(
            session_factory(engine),
            read_path(DEMO_FILE),
            DEMO_MEETING,
            held_on=DEMO_DATE,
            place=DEMO_PLACE,
            source=DEMO_FILE.name,
        )
    finally:
        await engine.dispose()


def prepare(url: str) -> ImportReport:
    """Reset, migrate and load: the whole demo set-up."""

    reset_database(url)
    upgrade(url)
    return asyncio.run(load_demo(url))
