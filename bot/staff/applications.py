"""Moving an application: the one service the console, the CLI and Telegram staff all call.

A move records the status history, keeps the vacancy's filled places following hires (and
un-hires), tells the worker of the moves they hear about (bot/console/notices.py) and writes the
audit log, all in the caller's transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.staff import audit
from storage.models import APPLICATION_STATUSES, Application, ApplicationEvent, Staff, Vacancy

# What staff may type, in the contract's words; "withdrew" is stored as "withdrawn".
STATUS_WORDS = {"withdrew": "withdrawn", **{s: s for s in APPLICATION_STATUSES}}
# The moves staff make by hand, in the order buttons show them.
MOVES = ("interested", "contacted", "hired", "rejected", "withdrawn")


def stored_status(word: str) -> str | None:
    """The stored status for what staff typed ("withdrew" -> "withdrawn"); None if no status."""
    return STATUS_WORDS.get(word.strip().lower())


async def _places(session: AsyncSession, vacancy_id: int, before: str, after: str) -> None:
    """A hire fills one of the vacancy's places; taking a hire back frees it again."""
    step = (after == "hired") - (before == "hired")
    if step:
        filled = Vacancy.filled + step
        await session.execute(
            update(Vacancy)
            .where(Vacancy.id == vacancy_id)
            .values(filled=case((filled < 0, 0), else_=filled))
        )


async def application_to_move(
    session: AsyncSession, application_id: int, visible=None
) -> Application | None:
    """The application with its seeker and vacancy (and employer), locked for the move; None
    when it does not exist or `visible` (a scope condition) hides it."""
    query = (
        select(Application)
        .where(Application.id == application_id)
        .options(
            selectinload(Application.seeker),
            selectinload(Application.vacancy).selectinload(Vacancy.employer),
        )
        .with_for_update()
    )
    if visible is not None:
        query = query.where(visible)
    return await session.scalar(query)


async def change_status(
    session: AsyncSession,
    staff: Staff | None,
    application: Application,
    status: str,
    now: datetime,
    *,
    via: str,
) -> bool | None:
    """Set the status, log it, tell the worker; None when nothing changed, else whether told.

    `application` comes from application_to_move (seeker and vacancy loaded); `staff` is None for
    the CLI, which acts as the agency itself.
    """
    # Imported here: importing bot.console runs its package (routes, Starlette), which imports
    # the console's pages, one of which imports this module.
    from bot.console.notices import tell_worker

    before = application.status
    if before == status:
        return None
    application.status = status
    event = ApplicationEvent(
        application_id=application.id,
        status=status,
        staff_id=staff.id if staff else None,
        at=now,
    )
    session.add(event)
    await session.flush()
    await _places(session, application.vacancy_id, before, status)
    told = await tell_worker(
        session,
        application.seeker,
        application,
        application.vacancy,
        status,
        event_id=event.id,
        now=now,
    )
    audit.record(
        session,
        staff,
        "application_status",
        f"application:{application.id}",
        {
            "from": before,
            "to": status,
            "seeker_id": application.seeker_id,
            "vacancy_id": application.vacancy_id,
            "told": told,
            "via": via,
        },
        at=now,
    )
    return told
