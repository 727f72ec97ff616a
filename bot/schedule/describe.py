"""Events and refusals in words, for staff (CLI, Telegram): one line per event."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.handlers.present import short_employer
from bot.schedule.kinds import Event, ScheduleError, kind_of
from bot.schedule.times import local, shown
from messages import t
from storage.models import TrainingSession, Vacancy


def explain(error: ScheduleError, locale: str) -> str:
    """The refusal's catalog text, its kind and field names in the staff member's language."""
    params = dict(error.params)
    if "kind" in params:
        params["kind"] = t(f"schedule.kind.{params['kind']}", locale)
    if "field" in params:
        params["field"] = t(f"schedule.field.{params['field']}", locale)
    return t(error.key, locale, **params)


def kind_name(event: Event, locale: str) -> str:
    return t(f"schedule.kind.{kind_of(event)}", locale)


async def what(session: AsyncSession, event: Event) -> str:
    """A training's title; a departure's employer and job title."""
    if isinstance(event, TrainingSession):
        return event.title
    vacancy = None
    if event.vacancy_id is not None:
        vacancy = await session.get(
            Vacancy, event.vacancy_id, options=[selectinload(Vacancy.employer)]
        )
    if vacancy is None:
        return event.destination or "-"
    return f"{short_employer(vacancy.employer.name)} {vacancy.title}"


async def summary(session: AsyncSession, event: Event, zone: str, locale: str) -> str:
    """ "电焊培训，2026-05-01 09:00至17:00，会宁县职教中心，名额30"; (已取消) when cancelled."""
    capacity = event.capacity if event.capacity is not None else t("schedule.unlimited", locale)
    if isinstance(event, TrainingSession):
        start = shown(event.starts_at, zone)
        end = event.ends_at or event.starts_at
        same_day = local(end, zone).date() == local(event.starts_at, zone).date()
        text = t(
            "schedule.summary.training",
            locale,
            title=event.title,
            start=start,
            end=local(end, zone).strftime("%H:%M") if same_day else shown(end, zone),
            place=event.place or "-",
            capacity=capacity,
        )
    else:
        text = t(
            "schedule.summary.departure",
            locale,
            title=await what(session, event),
            at=shown(event.departs_at, zone),
            meeting_point=event.assembly_point,
        )
    if event.cancelled_at is not None:
        text += t("schedule.roster.cancelled", locale)
    return text
