"""/applicants: who applied to a vacancy, with a button per applicant to move them along.

Pressing an applicant's button shows their application with one button per status; pressing a
status moves it (bot/staff/applications.py: history, places, the worker told, the audit log).
Button data: `staff:app:ID` (show) and `staff:app:ID:STATUS` (move).
"""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot import clock
from bot.handlers.present import short_employer
from bot.importing.service import Turn
from bot.staff.applications import MOVES, application_to_move, change_status
from bot.staff.reply import BUTTON_PREFIX, StaffReply, fit, mask_phone
from messages import t
from storage.models import Application, Seeker, Staff, Vacancy
from storage.staff import Scope

APPLICATION_BUTTONS = f"{BUTTON_PREFIX}app:"
# Buttons on one list: enough for a day's applicants, few enough to scroll past on a phone.
MAX_BUTTONS = 30
_ID = re.compile(r"[0-9]{1,18}")


def _name(seeker: Seeker, locale: str) -> str:
    return seeker.name or t("staff.applicants.no_name", locale)


def _status(status: str, locale: str) -> str:
    return t(f"staff.status.{status}", locale)


async def applicants_reply(
    session: AsyncSession, scope: Scope, argument: str, locale: str, timezone: str
) -> StaffReply:
    """Who applied to one vacancy in scope; a vacancy out of scope reads as not existing."""
    word = argument.lstrip("#")
    # Plain ASCII digits that fit a 64-bit id: "²" is isdigit() too, and 20 digits overflow bigint.
    if not _ID.fullmatch(word):
        return StaffReply(t("staff.applicants.usage", locale))
    vacancy = await session.scalar(
        select(Vacancy)
        .where(Vacancy.id == int(word), scope.vacancies())
        .options(selectinload(Vacancy.employer))
    )
    if vacancy is None:
        return StaffReply(t("staff.applicants.not_found", locale, id=word))
    applications = list(
        await session.scalars(
            select(Application)
            .where(Application.vacancy_id == vacancy.id)
            .options(selectinload(Application.seeker))
            .order_by(Application.created_at, Application.id)
        )
    )
    names = {"id": vacancy.id, "employer": short_employer(vacancy.employer.name)}
    names["title"] = vacancy.title
    if not applications:
        return StaffReply(t("staff.applicants.none", locale, **names))
    head = t("staff.applicants.header", locale, count=len(applications), **names)
    zone = ZoneInfo(timezone)
    items = [_applicant_line(a.seeker, a, zone, locale) for a in applications]
    buttons = tuple(
        (
            t(
                "application.button",
                locale,
                id=a.id,
                name=_name(a.seeker, locale),
                status=_status(a.status, locale),
            ),
            f"{APPLICATION_BUTTONS}{a.id}",
        )
        for a in applications[:MAX_BUTTONS]
    )
    return StaffReply(fit([head], items, locale), buttons=buttons)


def _utc(moment: datetime) -> datetime:
    # SQLite hands timestamps back without a zone; the storage layer writes them in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _applicant_line(seeker: Seeker, application: Application, zone: ZoneInfo, locale: str) -> str:
    contact = mask_phone(seeker.phone) or t("staff.applicants.telegram_only", locale)
    return t(
        "staff.applicants.item",
        locale,
        name=_name(seeker, locale),
        phone=contact,
        status=_status(application.status, locale),
        date=_utc(application.created_at).astimezone(zone).date().isoformat(),
    )


def _moves(application: Application, locale: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (
            ("✓ " if status == application.status else "") + _status(status, locale),
            f"{APPLICATION_BUTTONS}{application.id}:{status}",
        )
        for status in MOVES
    )


def _picked(application: Application, locale: str) -> str:
    return t(
        "application.pick",
        locale,
        name=_name(application.seeker, locale),
        id=application.id,
        title=application.vacancy.title,
        status=_status(application.status, locale),
    )


async def application_button(
    session: AsyncSession,
    staff: Staff,
    scope: Scope,
    data: str,
    locale: str,
    turn: Turn = contextlib.nullcontext,
) -> StaffReply | None:
    """The answer to an application button; None when `data` is not one."""
    parts = data.removeprefix(APPLICATION_BUTTONS).split(":")
    if not data.startswith(APPLICATION_BUTTONS) or not _ID.fullmatch(parts[0]):
        return None
    application_id = int(parts[0])
    if len(parts) == 1:
        application = await application_to_move(session, application_id, scope.applications())
        if application is None:
            return StaffReply(t("application.not_found", locale, id=application_id))
        return StaffReply(_picked(application, locale), buttons=_moves(application, locale))
    if len(parts) != 2 or parts[1] not in MOVES:
        return None
    async with turn():
        await session.commit()  # the read transaction so far ends; the move reads afresh
        application = await application_to_move(session, application_id, scope.applications())
        if application is None:
            return StaffReply(t("application.not_found", locale, id=application_id))
        before = application.status
        told = await change_status(
            session, staff, application, parts[1], clock.now(), via="telegram"
        )
        await session.commit()
    if told is None:
        text = t("application.unchanged", locale, id=application_id, status=_status(before, locale))
    else:
        text = t(
            "application.moved",
            locale,
            id=application_id,
            name=_name(application.seeker, locale),
            title=application.vacancy.title,
            before=_status(before, locale),
            after=_status(application.status, locale),
            told=t("schedule.told" if told else "schedule.untold", locale),
        )
    return StaffReply(text, buttons=_moves(application, locale))
