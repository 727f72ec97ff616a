"""Rosters: who is on an event, what each answered, and who came.

A roster status is one of ROSTER_STATUSES. `no_show` is worked out, not stored: once staff have
taken attendance (marked anyone attended) and the event is over, everyone still holding a place
who was not marked is a no-show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TextIO

from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.exporting import CsvWriter
from bot.schedule.kinds import Event, ScheduleError, ends, enrolled_in, starts, target
from bot.schedule.times import shown
from bot.staff import audit
from messages import t
from storage.models import Enrolment, Staff

ROSTER_STATUSES = ("invited", "confirmed", "declined", "waiting", "attended", "no_show")
# Seated first (in enrolment order), then the waiting list in its order, then who declined.
_ORDER = case(
    (Enrolment.state == "waiting", 1),
    (Enrolment.state == "declined", 2),
    else_=0,
)


@dataclass(frozen=True)
class RosterRow:
    seeker_id: int
    name: str | None
    channel: str
    status: str
    reminders_sent: int
    phone: str | None = None
    waiting_position: int | None = None  # 1: the next to move up
    answered_at: datetime | None = None

    def contract(self) -> dict[str, object]:
        """The `roster --json` object (DESIGN.md)."""
        keys = ("seeker_id", "name", "channel", "status", "reminders_sent")
        return {k: v for k, v in asdict(self).items() if k in keys}


def status_of(enrolment: Enrolment, event: Event, now: datetime) -> str:
    state = enrolment.state
    taken = event.attendance_taken_at is not None
    if state in ("invited", "confirmed") and taken and ends(event) <= now:
        return "no_show"
    return state


async def roster(session: AsyncSession, event: Event, now: datetime) -> list[RosterRow]:
    """Everyone on the event except those staff removed."""
    query = (
        select(Enrolment)
        .where(enrolled_in(event), Enrolment.state != "removed")
        .options(selectinload(Enrolment.seeker))
        .order_by(_ORDER, Enrolment.waiting_position, Enrolment.created_at, Enrolment.id)
    )
    rows, rank = [], 0
    for e in await session.scalars(query):
        rank += e.state == "waiting"  # ordered by ticket: the rank is the count so far
        rows.append(
            RosterRow(
                seeker_id=e.seeker_id,
                name=e.seeker.name,
                channel=e.seeker.channel,
                status=status_of(e, event, now),
                reminders_sent=e.reminders_sent,
                phone=e.seeker.phone,
                waiting_position=rank if e.state == "waiting" else None,
                answered_at=e.answered_at,
            )
        )
    return rows


def counts(rows: Iterable[RosterRow]) -> dict[str, int]:
    """How many of each status, every status present (zeros included), in contract order."""
    found = dict.fromkeys(ROSTER_STATUSES, 0)
    for row in rows:
        found[row.status] += 1
    return found


async def mark_attended(
    session: AsyncSession,
    event: Event,
    seeker_ids: Iterable[int],
    now: datetime,
    *,
    staff: Staff | None,
    via: str,
) -> int:
    """Mark these enrolled seekers attended (all or none); how many were newly marked."""
    wanted = list(dict.fromkeys(seeker_ids))
    if starts(event) > now:
        raise ScheduleError("schedule.error.not_yet")
    found = {
        e.seeker_id: e
        for e in await session.scalars(
            select(Enrolment).where(
                enrolled_in(event), Enrolment.seeker_id.in_(wanted), Enrolment.state != "removed"
            )
        )
    }
    unknown = [str(i) for i in wanted if i not in found]
    if unknown:
        raise ScheduleError("schedule.error.not_enrolled", seekers=", ".join(unknown))
    marked = 0
    for enrolment in found.values():
        if enrolment.state != "attended":
            enrolment.state, enrolment.attended_at, enrolment.waiting_position = (
                "attended",
                now,
                None,
            )
            marked += 1
    event.attendance_taken_at = event.attendance_taken_at or now
    detail = {"seekers": wanted, "via": via}
    audit.record(session, staff, "attendance", target(event), detail, at=now)
    await session.flush()
    return marked


CSV_COLUMNS = (
    "seeker_id",
    "name",
    "phone",
    "channel",
    "status",
    "waiting_position",
    "answered_at",
    "reminders_sent",
)


def write_csv(rows: Iterable[RosterRow], out: TextIO, zone: str, locale: str) -> None:
    """CSV as the exports write it (a BOM for Excel, formulas defused); statuses in words."""
    writer = CsvWriter(out, CSV_COLUMNS)
    for row in rows:
        answered = shown(row.answered_at, zone) if row.answered_at else None
        status = t(f"schedule.status.{row.status}", locale)
        values = (row.seeker_id, row.name, row.phone, row.channel, status)
        values += (row.waiting_position, answered, row.reminders_sent)
        writer.write(dict(zip(CSV_COLUMNS, values, strict=True)))
    writer.close()
