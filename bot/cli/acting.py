"""Running one staff action from the CLI: migrate, one session, a refusal as exit status 2.

The CLI acts as the agency itself: no staff member, audited with `via: cli`.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")
EXIT_USAGE = 2


def act(settings, work: Callable[[AsyncSession], Awaitable[T]]) -> tuple[int, T | None]:
    """(0, what `work` returned), or (2, None) after printing why it was refused."""
    import asyncio

    from bot.cli.database import migrate
    from bot.schedule.describe import explain
    from bot.schedule.kinds import ScheduleError
    from storage.engine import one_session

    migrate(settings.database_url)

    async def run() -> T:
        async with one_session(settings.database_url) as session:
            return await work(session)

    try:
        return 0, asyncio.run(run())
    except ScheduleError as refusal:
        print(explain(refusal, settings.locale), file=sys.stderr)
        return EXIT_USAGE, None


def desk(settings, *, agency_id: int | None = None):
    """The scheduling desk for the CLI: no staff member, the agency's zone, now."""
    from bot import clock
    from bot.schedule.events import Desk

    return Desk(None, agency_id, settings.timezone, clock.now(), "cli")
