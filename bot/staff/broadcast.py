"""/broadcast for staff: a preview with its counts and a confirm button, then the queued broadcast.

    /broadcast 373            one vacancy (in the staff member's scope)
    /broadcast 春季洽谈会      a meeting's vacancies (one message per seeker, their best three)
    /broadcast status 12      how far broadcast 12 has got
    /broadcast confirm 12     what the confirm button sends

The preview is a broadcast row in state "preview" (bot/broadcasts/service.draft): the button may
be pressed on any server process, or after a restart, and a second press queues nothing more.
"""

from __future__ import annotations

import contextlib
import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from bot.broadcasts.alert import PER_MESSAGE
from bot.broadcasts.service import (
    PREVIEW_LIFETIME,
    NotFound,
    Status,
    Subject,
    Turn,
    confirm,
    draft,
    status,
)
from bot.broadcasts.targets import offered
from bot.clock import local_today
from bot.config import Settings
from bot.handlers.present import short_employer
from messages import t
from storage import broadcasts as store
from storage.models import Broadcast, Staff, Vacancy
from storage.staff import Scope, meeting_by_name

_ID = re.compile(r"#?([0-9]{1,18})")
CONFIRM = "/broadcast confirm {id}"


def _id(text: str) -> int | None:
    found = _ID.fullmatch(text.strip())
    return int(found.group(1)) if found else None


def _counts(found: Status) -> dict[str, int]:
    return {"targeted": found.targeted, "sms": found.sms, "telegram": found.telegram}


async def broadcast_answer(
    session: AsyncSession,
    staff: Staff,
    scope: Scope,
    argument: str,
    settings: Settings,
    locale: str,
    *,
    turn: Turn = contextlib.nullcontext,
) -> tuple[str, tuple[tuple[str, str], ...]]:
    """(text, buttons as (label, callback data)) answering `/broadcast argument`."""
    word, _, rest = argument.strip().partition(" ")
    sessions = async_sessionmaker(session.bind, expire_on_commit=False)
    if word.lower() == "status" and (number := _id(rest)) is not None:
        return await _status(session, scope, number, locale), ()
    if word.lower() == "confirm" and (number := _id(rest)) is not None:
        found = await confirm(sessions, number, settings, staff, turn=turn)
        if found is None:
            return t("staff.broadcast.expired", locale), ()
        return t("staff.broadcast.queued", locale, id=found.broadcast_id, **_counts(found)), ()
    if not argument.strip():
        return t("staff.broadcast.usage", locale), ()
    subject, described = await _subject(session, scope, argument.strip(), settings, locale)
    if subject is None:
        return described, ()
    try:
        found = await draft(sessions, subject, settings, staff, turn=turn)
    except NotFound as missing:
        return t(missing.key, locale, **missing.params), ()
    if found.broadcast_id is None:
        return t("broadcast.nobody", locale), ()
    minutes = int(PREVIEW_LIFETIME.total_seconds() // 60)
    text = t(
        "staff.broadcast.preview", locale, subject=described, minutes=minutes, **_counts(found)
    )
    button = (t("staff.broadcast.confirm", locale), CONFIRM.format(id=found.broadcast_id))
    return text, (button,)


async def _subject(
    session: AsyncSession, scope: Scope, argument: str, settings: Settings, locale: str
) -> tuple[Subject | None, str]:
    """The subject and its description; (None, why not) for one that is missing or out of scope."""
    number = _id(argument)
    if number is not None:
        vacancy = await session.scalar(
            select(Vacancy)
            .where(Vacancy.id == number, scope.vacancies())
            .options(selectinload(Vacancy.employer))
        )
        if vacancy is None:  # out of scope reads as not existing, as /applicants does
            return None, t("broadcast.no_vacancy", locale, id=number)
        described = t(
            "staff.broadcast.vacancy",
            locale,
            id=vacancy.id,
            employer=short_employer(vacancy.employer.name),
            title=vacancy.title,
        )
        return Subject(vacancy_id=vacancy.id), described
    meeting = await meeting_by_name(session, argument)
    if meeting is None or not (
        scope.everything or meeting.host_agency_id in (scope.agency_ids or ())
    ):
        return None, t("broadcast.no_meeting", locale, name=argument)
    today = local_today(settings.timezone)
    ids = await store.meeting_vacancy_ids(session, meeting.id)
    count = sum(offered(v, today) for v in await store.vacancies(session, ids))
    described = t(
        "staff.broadcast.meeting", locale, name=meeting.name, count=count, per=PER_MESSAGE
    )
    return Subject(meeting=meeting.name), described


async def _status(session: AsyncSession, scope: Scope, number: int, locale: str) -> str:
    row = await session.get(Broadcast, number)
    if row is None or not (scope.everything or await _started_in_scope(session, scope, row)):
        return t("broadcast.no_broadcast", locale, id=number)
    try:
        found = await status(session, number)
    except NotFound as missing:
        return t(missing.key, locale, **missing.params)
    return t("staff.broadcast.status", locale, **found.as_json() | {"id": number})


async def _started_in_scope(session: AsyncSession, scope: Scope, row: Broadcast) -> bool:
    """A broadcast another office started is not this staff member's to follow."""
    starter = await session.get(Staff, row.staff_id) if row.staff_id is not None else None
    return starter is not None and starter.agency_id in (scope.agency_ids or ())
