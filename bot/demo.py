"""The demo: a fresh database holding a sample labour cooperation meeting."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from bot.importing.fields import header_field, parse_date
from bot.importing.reader import Table, read_path
from bot.importing.service import ImportReport, import_table
from storage.engine import create_engine, is_sqlite, session_factory, sync_url
from storage.migrate import upgrade
from storage.models import Base

DEMO_FILE = Path(__file__).with_name("data") / "demo_meeting.csv"
DEMO_MEETING = "2026年冬季华北劳务协作洽谈会（示例）"
DEMO_DATE = date(2026, 11, 20)
DEMO_PLACE = "石家庄国际会展中心"
# The demo's staff member: an admin of the office that hosts the demo meeting, for the console.
DEMO_AGENCY = "华北劳务协作服务中心（示例）"
DEMO_STAFF_TELEGRAM_ID = 100_000_001
DEMO_STAFF_NAME = "演示专员"


def foreign_data(url: str) -> list[str]:
    """What the database at `url` holds beyond a demo: real data that a reset would lose.

    Other meetings by name, and any seekers, staff or agencies (a production database may hold
    those before its first meeting is imported).
    """
    engine = create_sync_engine(sync_url(url))
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("meetings"):
                return []
            query = text("SELECT name FROM meetings WHERE name <> :demo ORDER BY name")
            found = list(connection.execute(query, {"demo": DEMO_MEETING}).scalars())
            # The demo's own office and staff member are not real data.
            others = {
                "seekers": ("SELECT count(*) FROM seekers", {}),
                "staff": (
                    "SELECT count(*) FROM staff WHERE telegram_id IS NULL OR telegram_id <> :id",
                    {"id": DEMO_STAFF_TELEGRAM_ID},
                ),
                "agencies": (
                    "SELECT count(*) FROM agencies WHERE name <> :name",
                    {"name": DEMO_AGENCY},
                ),
            }
            for table, (query, params) in others.items():
                count = connection.execute(text(query), params).scalar_one()
                if count:
                    found.append(f"{table} × {count}")
            return found
    finally:
        engine.dispose()


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


def _shifted(table: Table, days: int) -> Table:
    """The demo file with every date moved `days` later, so its deadlines are never in the past."""
    columns = [
        i for i, cell in enumerate(table.header) if header_field(cell) in ("deadline", "departure")
    ]
    rows = []
    for number, cells in table.rows:
        cells = list(cells)
        for i in columns:
            when = parse_date(cells[i]) if i < len(cells) and cells[i] else None
            if when:
                cells[i] = (when + timedelta(days=days)).isoformat()
        rows.append((number, cells))
    return Table(table.header, rows)


async def load_demo(url: str, today: date | None = None) -> ImportReport:
    """Import the shipped meeting into the (migrated) database at `url`, dated as if held last week.

    The file was written for a meeting on DEMO_DATE; loading it later moves the meeting and every
    deadline and departure forward by the same number of days, so the demo (and every test built on
    it) shows open vacancies whatever the date.
    """
    today = today or date.today()
    days = max((today - DEMO_DATE).days - 7, 0)
    engine = create_engine(url)
    try:
        return await import_table(
            session_factory(engine),
            _shifted(read_path(DEMO_FILE), days),
            DEMO_MEETING,
            held_on=DEMO_DATE + timedelta(days=days),
            place=DEMO_PLACE,
            source=DEMO_FILE.name,
        )
    finally:
        await engine.dispose()


async def demo_login_link(url: str, base_url: str) -> str:
    """A sign-in link for the demo's staff member, created with its office if missing."""
    from bot import clock
    from bot.staff.login import create_login_link
    from storage.staff import ensure_agency, meeting_by_name, upsert_staff

    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            agency, _ = await ensure_agency(session, DEMO_AGENCY, level="province")
            meeting = await meeting_by_name(session, DEMO_MEETING)
            if meeting is not None and meeting.host_agency_id is None:
                meeting.host_agency_id = agency.id
            staff, _ = await upsert_staff(
                session, DEMO_STAFF_TELEGRAM_ID, agency, role="admin", name=DEMO_STAFF_NAME
            )
            link = await create_login_link(session, staff, base_url, clock.now())
            await session.commit()
            return link
    finally:
        await engine.dispose()


def prepare(url: str) -> ImportReport:
    """Reset, migrate and load: the whole demo set-up."""
    reset_database(url)
    upgrade(url)
    return asyncio.run(load_demo(url))
