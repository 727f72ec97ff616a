"""The Today page's numbers: today's and this week's activity in one staff member's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.staff.stats import Numbers, day_start, week_start
from storage.models import (
    Application,
    ApplicationEvent,
    Meeting,
    OutboxMessage,
    Seeker,
    Vacancy,
)
from storage.staff import Scope

SENT = ("sent", "delivered")


@dataclass(frozen=True)
class Window:
    """How many since the start of today, and since Monday."""

    today: int
    week: int


@dataclass(frozen=True)
class Figures:
    seekers: Window
    applications: Window
    hires: Window
    sent: Window
    failed: Window
    seekers_total: int
    open_vacancies: int
    open_places: int


def in_scope_seekers(scope: Scope) -> ColumnElement[bool]:
    """Outbox rows to seekers in scope; the outbox knows its seeker, and scope knows seekers."""
    if scope.everything:
        return true()
    return OutboxMessage.seeker_id.in_(select(Seeker.id).where(scope.seekers()))


async def message_counts(
    session: AsyncSession, scope: Scope, today: datetime, week: datetime
) -> tuple[Window, Window]:
    """Messages sent (by when they went) and failed (by when they were queued), in one pass."""
    sent = OutboxMessage.status.in_(SENT)
    failed = OutboxMessage.status == "failed"
    query = select(
        func.count().filter(sent, OutboxMessage.sent_at >= today),
        func.count().filter(sent, OutboxMessage.sent_at >= week),
        func.count().filter(failed, OutboxMessage.created_at >= today),
        func.count().filter(failed, OutboxMessage.created_at >= week),
    ).where(
        in_scope_seekers(scope),
        or_(OutboxMessage.sent_at >= week, OutboxMessage.created_at >= week),
    )
    row = (await session.execute(query)).one()
    return Window(row[0], row[1]), Window(row[2], row[3])


async def hires(session: AsyncSession, scope: Scope, today: datetime, week: datetime) -> Window:
    """Applications moved to hired, by when the move was made."""
    query = select(
        func.count().filter(ApplicationEvent.at >= today),
        func.count().filter(ApplicationEvent.at >= week),
    ).where(ApplicationEvent.status == "hired", ApplicationEvent.at >= week)
    if not scope.everything:
        # Joined, so only this week's hires are checked against the scope, not every application.
        query = query.join(Application, Application.id == ApplicationEvent.application_id).where(
            scope.applications()
        )
    row = (await session.execute(query)).one()
    return Window(row[0] or 0, row[1] or 0)


async def collect_figures(
    session: AsyncSession, scope: Scope, numbers: Numbers, today: date, timezone: str
) -> Figures:
    """The Today page's figures; seekers and applications come from the /stats numbers."""
    start, week = day_start(today, timezone), week_start(today, timezone)
    sent, failed = await message_counts(session, scope, start, week)
    open_row = (
        await session.execute(
            select(func.count(Vacancy.id), func.sum(Vacancy.headcount - Vacancy.filled)).where(
                Vacancy.status == "open", scope.vacancies()
            )
        )
    ).one()
    return Figures(
        seekers=Window(numbers.seekers_today, numbers.seekers_this_week),
        applications=Window(numbers.applications_today, numbers.applications_this_week),
        hires=await hires(session, scope, start, week),
        sent=sent,
        failed=failed,
        seekers_total=numbers.seekers,
        open_vacancies=open_row[0] or 0,
        open_places=max(open_row[1] or 0, 0),
    )


@dataclass(frozen=True)
class MeetingFigures:
    meeting: Meeting
    open_vacancies: int
    open_places: int
    applications: int


async def meeting_figures(
    session: AsyncSession, scope: Scope, limit: int = 5
) -> list[MeetingFigures]:
    """The latest meetings in scope with their open vacancies, places and applications."""
    query = select(Meeting).order_by(Meeting.held_on.desc().nulls_last(), Meeting.id.desc())
    if not scope.everything:
        query = query.where(Meeting.host_agency_id.in_(scope.agency_ids or ()))
    meetings = list(await session.scalars(query.limit(limit)))
    if not meetings:
        return []
    ids = [m.id for m in meetings]
    open_rows = await session.execute(
        select(
            Vacancy.meeting_id, func.count(Vacancy.id), func.sum(Vacancy.headcount - Vacancy.filled)
        )
        .where(Vacancy.meeting_id.in_(ids), Vacancy.status == "open")
        .group_by(Vacancy.meeting_id)
    )
    open_by = {m: (n, places or 0) for m, n, places in open_rows.tuples()}
    applied_rows = await session.execute(
        select(Vacancy.meeting_id, func.count(Application.id))
        .join(Application, Application.vacancy_id == Vacancy.id)
        .where(Vacancy.meeting_id.in_(ids))
        .group_by(Vacancy.meeting_id)
    )
    applied_by = dict(applied_rows.tuples().all())
    return [
        MeetingFigures(
            m,
            open_by.get(m.id, (0, 0))[0],
            max(open_by.get(m.id, (0, 0))[1], 0),
            applied_by.get(m.id, 0),
        )
        for m in meetings
    ]
