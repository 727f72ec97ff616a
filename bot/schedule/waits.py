"""A reminder's question, opened when it is sent: 1 确认 / 2 不能去, and reminders too late to send.

Called from the dispatcher (bot/broadcasts/sending.py) with the claimed row: `stale` inside the
transaction that starts the send, `sent` inside the one that records it sent.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.schedule.kinds import Event, starts
from bot.states import LIST, State
from storage import outcomes
from storage.models import SEATED_STATES, Departure, Enrolment, Seeker, TrainingSession
from storage.outbox import Claim

PURPOSE = "reminder"


def _is_reminder(held: Claim) -> bool:
    return held.purpose == PURPOSE and held.enrolment_id is not None


async def event_of(session: AsyncSession, enrolment: Enrolment) -> Event | None:
    if enrolment.training_session_id is not None:
        return await session.get(TrainingSession, enrolment.training_session_id)
    return await session.get(Departure, enrolment.departure_id)


async def stale(session: AsyncSession, held: Claim, now: datetime) -> bool:
    """Drop a reminder whose event has begun or was cancelled, or whose worker left it (after
    downtime a late reminder still goes while its event is ahead); True when it was dropped."""
    if not _is_reminder(held):
        return False
    enrolment = await session.get(Enrolment, held.enrolment_id)
    event = await event_of(session, enrolment) if enrolment is not None else None
    if (
        event is not None
        and enrolment is not None
        and enrolment.state in SEATED_STATES
        and event.cancelled_at is None
        and starts(event) > now
    ):
        return False
    await outcomes.mark_cancelled(session, held, "the event has begun or the worker left it")
    return True


async def sent(session: AsyncSession, held: Claim, now: datetime) -> None:
    """The provider took a reminder: count it, and from now on `1` / `2` answer it."""
    if not _is_reminder(held):
        return
    enrolment = await session.get(Enrolment, held.enrolment_id)
    if enrolment is None:
        return
    enrolment.reminders_sent = (enrolment.reminders_sent or 0) + 1
    event = await event_of(session, enrolment)
    if event is None or held.seeker_id is None:
        return
    # Locked as the dialog locks it: a reply being read at this moment waits, or is waited for.
    query = select(Seeker).where(Seeker.id == held.seeker_id).with_for_update()
    seeker = await session.scalar(query)
    if seeker is None:
        return
    seeker.dialog_state = State.REMINDER.value
    seeker.dialog_data = {"enrolment": enrolment.id}
    seeker.dialog_updated_at = now
    seeker.dialog_expires_at = min(now + LIST, starts(event))
