"""Where reminders are planned: the hooks every schedule change calls, in its own transaction.

Reminders (issue 10 items 4, 6, 7) are outbox rows in the reminder lane, keyed by enrolment, and
come with the outbox v2. Until then these hooks plan nothing; what each one will do is written on
it, and every caller already passes what it will need. Keeping them here means the reminders work
fills in this module (and its tests) without touching the scheduling and enrolment code.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.schedule.kinds import Event
from storage.models import Enrolment


async def seated(session: AsyncSession, enrolment: Enrolment, event: Event, now: datetime) -> None:
    """A worker holds a place now (enrolled by staff, signed up, or moved up from the waiting
    list). To come: queue the enrolment notice (what, when, where, what to bring, whom to call,
    with the 1 确认 / 2 不能去 wait) and one reminder per GONGYOU_REMINDER_OFFSETS, deduplicated
    by enrolment, event start and offset."""


async def unseated(
    session: AsyncSession, enrolment: Enrolment, event: Event, now: datetime
) -> None:
    """A worker gave up their place (declined) or staff removed them. To come: cancel their
    pending reminders."""


async def moved(session: AsyncSession, event: Event, before: datetime, now: datetime) -> None:
    """The event's time changed from `before`. To come: cancel every pending reminder of the
    old time, plan the new ones, and tell each seated worker once."""


async def cancelled(session: AsyncSession, event: Event, now: datetime) -> None:
    """The event is cancelled. To come: cancel its pending reminders and tell each worker once."""
