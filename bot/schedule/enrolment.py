"""Enrolment: one per seeker and event, places up to the capacity, then a waiting list that
moves up (with a message) when a place frees.

Places are counted and given while holding the event's row (hold()), so two processes enrolling
at once never give out one place twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.schedule import reminders
from bot.schedule.kinds import (
    Event,
    ScheduleError,
    enrolled_in,
    enrolment_for,
    is_open,
    kind_of,
    starts,
)
from bot.schedule.times import short
from storage.models import SEATED_STATES, Application, Departure, Enrolment, Seeker, Vacancy

# Enrolments that no longer count: signing up again (or staff enrolling again) reopens them.
ENDED = ("declined", "removed")
CLIP = 16  # characters of a title or place in an SMS notice, so that it stays within budget


@dataclass(frozen=True)
class MovedUp:
    """Someone who moved up from the waiting list, and whether the message could be queued."""

    enrolment: Enrolment
    told: bool


@dataclass(frozen=True)
class Enrolled:
    """What enrolling did: `seated` (a place), `waiting` (on the list), or `already`; `rank` is
    the place in the waiting list (1: next to move up) for whoever is waiting."""

    enrolment: Enrolment
    outcome: str
    rank: int | None = None


async def hold(session: AsyncSession, event: Event, now: datetime) -> None:
    """Take the event's row until commit: a write, so that SQLite also takes its write lock
    before places are counted (a read first could not upgrade while another process writes)."""
    model = type(event)
    await session.execute(
        update(model)
        .where(model.id == event.id)
        .values(updated_at=now)
        .execution_options(synchronize_session=False)
    )


async def places_taken(session: AsyncSession, event: Event) -> int:
    query = select(func.count(Enrolment.id)).where(
        enrolled_in(event), Enrolment.state.in_(SEATED_STATES)
    )
    return await session.scalar(query) or 0


async def find_enrolment(session: AsyncSession, event: Event, seeker_id: int) -> Enrolment | None:
    return await session.scalar(
        select(Enrolment).where(enrolled_in(event), Enrolment.seeker_id == seeker_id)
    )


async def _anyone_waiting(session: AsyncSession, event: Event) -> bool:
    query = select(Enrolment.id).where(enrolled_in(event), Enrolment.state == "waiting").limit(1)
    return await session.scalar(query) is not None


async def waiting_rank(session: AsyncSession, event: Event, enrolment: Enrolment) -> int | None:
    """Where the enrolment stands in the waiting list (1: next), None when not waiting.

    Positions are tickets taken in order; the rank counts who holds an earlier one still waiting.
    """
    if enrolment.state != "waiting" or enrolment.waiting_position is None:
        return None
    query = select(func.count(Enrolment.id)).where(
        enrolled_in(event),
        Enrolment.state == "waiting",
        Enrolment.waiting_position < enrolment.waiting_position,
    )
    return (await session.scalar(query) or 0) + 1


async def _next_position(session: AsyncSession, event: Event) -> int:
    query = select(func.max(Enrolment.waiting_position)).where(enrolled_in(event))
    return (await session.scalar(query) or 0) + 1


async def enrol(
    session: AsyncSession, event: Event, seeker: Seeker, now: datetime, *, source: str
) -> Enrolled:
    """Give `seeker` a place on `event`, or a place on its waiting list when it is full.

    `source` is "staff", "hired" or "seeker"; a worker who signs up has confirmed by doing so.
    """
    if not is_open(event, now):
        raise ScheduleError("schedule.error.closed", kind=kind_of(event), id=event.id)
    await hold(session, event, now)
    enrolment = await find_enrolment(session, event, seeker.id)
    if enrolment is not None and enrolment.state not in ENDED:
        return Enrolled(enrolment, "already", await waiting_rank(session, event, enrolment))
    # Counted before the new row joins the session, which would flush it into the count.
    room = event.capacity is None or (
        await places_taken(session, event) < event.capacity
        and not await _anyone_waiting(session, event)  # a free place is theirs first
    )
    position = None if room else await _next_position(session, event)
    if enrolment is None:
        enrolment = enrolment_for(event, seeker.id)
        session.add(enrolment)
    enrolment.source = source
    enrolment.reminders_sent = 0
    enrolment.answered_at = enrolment.confirmed_at = None
    if room:
        _seat(enrolment, now, confirmed=source == "seeker")
    else:
        enrolment.state = "waiting"
        enrolment.waiting_position = position
    await session.flush()
    if room:
        await reminders.seated(session, enrolment, event, now)
        return Enrolled(enrolment, "seated")
    return Enrolled(enrolment, "waiting", await waiting_rank(session, event, enrolment))


def _seat(enrolment: Enrolment, now: datetime, *, confirmed: bool) -> None:
    enrolment.state = "confirmed" if confirmed else "invited"
    enrolment.waiting_position = None
    if confirmed:
        enrolment.answered_at = enrolment.confirmed_at = now


async def hired_seekers(session: AsyncSession, departure: Departure) -> list[Seeker]:
    """Everyone hired for the departure's vacancy, in the order they applied."""
    if departure.vacancy_id is None:
        return []
    query = (
        select(Seeker)
        .join(Application, Application.seeker_id == Seeker.id)
        .where(Application.vacancy_id == departure.vacancy_id, Application.status == "hired")
        .order_by(Application.created_at, Application.id)
    )
    return list(await session.scalars(query))


async def decline(
    session: AsyncSession, enrolment: Enrolment, event: Event, now: datetime, *, zone: str
) -> list[MovedUp]:
    """The worker cannot come: their place goes to the waiting list. Returns who moved up."""
    enrolment.answered_at = now
    return await _leave(session, enrolment, event, "declined", now, zone)


async def remove(
    session: AsyncSession, enrolment: Enrolment, event: Event, now: datetime, *, zone: str
) -> list[MovedUp]:
    """Staff take the worker off the event; their place goes to the waiting list."""
    return await _leave(session, enrolment, event, "removed", now, zone)


async def _leave(
    session: AsyncSession,
    enrolment: Enrolment,
    event: Event,
    state: str,
    now: datetime,
    zone: str,
) -> list[MovedUp]:
    held_place = enrolment.state in SEATED_STATES
    enrolment.state = state
    enrolment.waiting_position = None
    await session.flush()
    if not held_place:
        return []
    await reminders.unseated(session, enrolment, event, now)
    return await move_up(session, event, now, zone=zone)


async def move_up(
    session: AsyncSession, event: Event, now: datetime, *, zone: str
) -> list[MovedUp]:
    """Give free places to the waiting list, first come first served, each told by message."""
    if not is_open(event, now):
        return []  # nobody is asked to come to a cancelled or past event
    await hold(session, event, now)
    free = None if event.capacity is None else event.capacity - await places_taken(session, event)
    if free is not None and free <= 0:
        return []
    query = (
        select(Enrolment)
        .where(enrolled_in(event), Enrolment.state == "waiting")
        .order_by(Enrolment.waiting_position, Enrolment.id)
        .options(selectinload(Enrolment.seeker))
        .limit(free)
    )
    moved = list(await session.scalars(query))
    for enrolment in moved:
        _seat(enrolment, now, confirmed=False)
    await session.flush()
    told = []
    for enrolment in moved:
        told.append(MovedUp(enrolment, await _tell_place(session, enrolment, event, now, zone)))
        await reminders.seated(session, enrolment, event, now)
    return told


def clip(text: str | None, limit: int = CLIP) -> str:
    text = (text or "").strip() or "-"
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def _tell_place(
    session: AsyncSession, enrolment: Enrolment, event: Event, now: datetime, zone: str
) -> bool:
    """The message to a worker who moved up from the waiting list."""
    # Imported here: bot.console loads Starlette, which a chat turn (that never moves anyone up
    # yet) need not. The notice queue is the console's until the outbox v2 gives it a home.
    from bot.console.notices import tell_seeker

    seeker = enrolment.seeker
    when = short(starts(event), zone, seeker.locale)
    key = f"schedule.notice.moved_up.{kind_of(event)}"
    if isinstance(event, Departure):
        vacancy = await session.get(Vacancy, event.vacancy_id) if event.vacancy_id else None
        what, where = clip(vacancy.title if vacancy else None), clip(event.assembly_point)
    else:
        what, where = clip(event.title), clip(event.place)
    return await tell_seeker(
        session,
        seeker,
        key,
        dedupe_key=f"enrolment-moved-up:{enrolment.id}:{int(now.timestamp())}",
        now=now,
        what=what,
        when=when,
        where=where,
    )
