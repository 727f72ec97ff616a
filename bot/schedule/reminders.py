"""Where reminders are planned: the hooks every schedule change calls, in its own transaction.

Reminders (issue 10 items 4, 6, 7) are outbox rows in the reminder lane, with the enrolment as
reference, so a change cancels them with `outbox.cancel(enrolment_id=...)`. A seated worker gets
an enrolment notice at once and one reminder per GONGYOU_REMINDER_OFFSETS; each says what, when,
where, what to bring and whom to call, and asks 1 确认 / 2 不能去 (its wait opens when it is sent:
bot/schedule/answers.py). Times are planned in local time (GONGYOU_TIMEZONE):
- a reminder whose time has passed while the event is ahead is due now (only the latest of them:
  the enrolment notice says the rest);
- by SMS, a reminder in quiet hours goes earlier, the evening before, never after the event.

The hooks take what their callers pass; the zone and offsets are the service's settings, given
once at start-up (`configure`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Offset, parse_offsets
from bot.replies import Choice, Elastic, Line
from bot.schedule.describe import what
from bot.schedule.kinds import Event, enrolled_in, kind_of, starts
from bot.schedule.times import local, short
from storage import outbox
from storage.models import SEATED_STATES, Enrolment, Seeker, TrainingSession
from storage.outbox import Outgoing

CHOICES = (Choice(Line("reminder.confirm"), "1"), Choice(Line("reminder.decline"), "2"))
# By SMS nothing goes out between these local times; a reminder that would is sent this long
# before they begin, the evening before.
QUIET = (time(21, 0), time(8, 0))
EVENING = timedelta(hours=1)


@dataclass(frozen=True)
class Plan:
    zone: str = "Asia/Shanghai"
    offsets: tuple[Offset, ...] = field(default_factory=lambda: parse_offsets(None))
    quiet: tuple[time, time] = QUIET


_plan = Plan()


def configure(zone: str, offsets: tuple[Offset, ...], quiet: tuple[time, time] = QUIET) -> Plan:
    """Set the service's zone and offsets (start-up); returns the plan replaced."""
    global _plan
    before, _plan = _plan, Plan(zone, offsets, quiet)
    return before


def plan() -> Plan:
    return _plan


def at_offset(start: datetime, offset: Offset, zone: str) -> datetime:
    """When the offset's reminder goes: `before` the start, or at a local clock time days before."""
    if offset.at is None:
        return start - offset.before
    day = local(start, zone).date() - timedelta(days=offset.before.days)
    return datetime.combine(day, offset.at, ZoneInfo(zone)).astimezone(UTC)


def _quiet(moment: time, quiet: tuple[time, time]) -> bool:
    begins, ends = quiet
    if begins <= ends:
        return begins <= moment < ends
    return moment >= begins or moment < ends


def before_quiet(when: datetime, zone: str, quiet: tuple[time, time] = QUIET) -> datetime:
    """`when`, or, inside quiet hours, the evening before them (never later than `when`)."""
    there = local(when, zone)
    if not _quiet(there.time().replace(tzinfo=None), quiet):
        return when
    day = there.date()
    if quiet[0] > quiet[1] and there.time().replace(tzinfo=None) < quiet[1]:
        day -= timedelta(days=1)  # after midnight: the quiet hours began the evening before
    moved = datetime.combine(day, quiet[0], ZoneInfo(zone)).astimezone(UTC) - EVENING
    return min(moved, when)


def reminder_times(
    start: datetime, now: datetime, channel: str, chosen: Plan | None = None
) -> list[tuple[Offset, datetime]]:
    """(offset, due time) for each reminder still worth sending, earliest first."""
    chosen = chosen or _plan
    if start <= now:
        return []
    planned = []
    for offset in chosen.offsets:
        when = at_offset(start, offset, chosen.zone)
        if when >= start:
            continue
        if channel == "sms":
            when = before_quiet(when, chosen.zone, chosen.quiet)
        planned.append((offset, when))
    planned.sort(key=lambda pair: pair[1])
    passed = [(offset, now) for offset, when in planned if when <= now][-1:]
    ahead, seen = [], set()
    for offset, when in planned:
        if when > now and when not in seen:  # two offsets moved to one evening: one reminder
            seen.add(when)
            ahead.append((offset, when))
    return passed + ahead


def _reach(seeker: Seeker | None) -> tuple[str, str] | None:
    # Imported here as bot/schedule/enrolment.py does: bot.console loads Starlette.
    from bot.console.notices import address_of

    if seeker is None or seeker.opted_out:
        return None
    return address_of(seeker)


async def _facts(session: AsyncSession, event: Event) -> dict[str, Any]:
    """What every message about the event says, long values elastic so SMS can shorten them."""
    where = event.place or "-" if isinstance(event, TrainingSession) else event.assembly_point
    return {
        "what": Elastic(await what(session, event), 1),
        "where": Elastic(where, 2),
        "bring": Elastic(event.bring, 0) if event.bring else Line("reminder.nothing"),
        # Whom to call is never shortened: the telephone number is at its end.
        "contact": event.contact or Line("reminder.nobody"),
    }


def _row(
    reach: tuple[str, str],
    seeker: Seeker,
    enrolment: Enrolment,
    template: str,
    params: dict[str, Any],
    key: str,
    *,
    due: datetime,
    purpose: str = "reminder",
) -> Outgoing:
    channel, address = reach
    return Outgoing(
        channel,
        address,
        template=template,
        params=params,
        choices=CHOICES if purpose == "reminder" else (),
        purpose=purpose,
        seeker_id=seeker.id,
        enrolment_id=enrolment.id,
        due_at=due,
        dedupe_key=key,
    )


async def _plan_rows(
    session: AsyncSession,
    enrolment: Enrolment,
    event: Event,
    now: datetime,
    first: str | None,
) -> list[Outgoing]:
    """The reminders for one seated enrolment, after a first message (`first`: a template kind)."""
    seeker = await session.get(Seeker, enrolment.seeker_id)
    reach = _reach(seeker)
    start = starts(event)
    if reach is None or seeker is None or event.cancelled_at is not None or start <= now:
        return []
    kind = kind_of(event)
    params = await _facts(session, event) | {"when": short(start, _plan.zone, seeker.locale)}
    # The planning time makes each key new: a re-planned reminder is not the cancelled one.
    stem = f"reminder:{enrolment.id}:{int(start.timestamp())}"
    planned = f"{int(now.timestamp())}"
    rows = []
    if first is not None:
        key = f"{stem}:{first}:{planned}"
        purpose = "reminder" if first == "enrolled" else "notice"
        rows.append(
            _row(
                reach,
                seeker,
                enrolment,
                f"reminder.{first}.{kind}",
                params,
                key,
                due=now,
                purpose=purpose,
            )
        )
    for offset, when in reminder_times(start, now, reach[0]):
        key = f"{stem}:{offset.text}:{planned}"
        rows.append(
            _row(reach, seeker, enrolment, f"reminder.remind.{kind}", params, key, due=when)
        )
    return rows


async def seated(session: AsyncSession, enrolment: Enrolment, event: Event, now: datetime) -> None:
    """A worker holds a place now (enrolled by staff, signed up, or moved up from the waiting
    list): the enrolment notice now, and one reminder per offset."""
    rows = await _plan_rows(session, enrolment, event, now, "enrolled")
    await outbox.enqueue_many(session, rows, now=now)


async def unseated(
    session: AsyncSession, enrolment: Enrolment, event: Event, now: datetime
) -> None:
    """A worker gave up their place (declined) or staff removed them: no more reminders."""
    await outbox.cancel(session, enrolment_id=enrolment.id, reason="left the event")


async def _enrolled(
    session: AsyncSession, event: Event, states: tuple[str, ...]
) -> list[Enrolment]:
    query = (
        select(Enrolment)
        .where(enrolled_in(event), Enrolment.state.in_(states))
        .order_by(Enrolment.id)
    )
    return list(await session.scalars(query))


async def moved(session: AsyncSession, event: Event, before: datetime, now: datetime) -> None:
    """The event's time changed from `before`: its pending reminders are cancelled, each seated
    worker is told once (the change notice) and reminded at the new times."""
    rows = []
    for enrolment in await _enrolled(session, event, SEATED_STATES):
        await outbox.cancel(session, enrolment_id=enrolment.id, reason="event moved")
        rows += await _plan_rows(session, enrolment, event, now, "moved")
    await outbox.enqueue_many(session, rows, now=now)


async def cancelled(session: AsyncSession, event: Event, now: datetime) -> None:
    """The event is cancelled: its pending reminders are cancelled and each worker told once."""
    rows = []
    for enrolment in await _enrolled(session, event, (*SEATED_STATES, "waiting")):
        await outbox.cancel(session, enrolment_id=enrolment.id, reason="event cancelled")
        seeker = await session.get(Seeker, enrolment.seeker_id)
        reach = _reach(seeker)
        if reach is None or seeker is None:
            continue
        params = await _facts(session, event) | {
            "when": short(starts(event), _plan.zone, seeker.locale)
        }
        key = f"reminder:{enrolment.id}:cancelled"
        template = f"reminder.cancelled.{kind_of(event)}"
        rows.append(
            _row(reach, seeker, enrolment, template, params, key, due=now, purpose="notice")
        )
    await outbox.enqueue_many(session, rows, now=now)
