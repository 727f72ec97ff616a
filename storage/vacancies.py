"""Which vacancies workers may see, and staff review of the ones the import checks held.

`listable()` is the one filter every way a worker meets a vacancy goes through: the dialog's
lists (bot/search.py), opening or applying from an old list, and broadcasts. A vacancy is
listable when it is open and not held by the import checks (bot/importing/checks.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import Staff, Vacancy

HELD = "held"
APPROVED = "approved"


def listable() -> ColumnElement[bool]:
    """The SQL condition for a vacancy a worker may be shown or sent: open and not held."""
    return and_(Vacancy.status == "open", Vacancy.review != HELD)


def is_listable(vacancy: Vacancy) -> bool:
    """listable() for a loaded vacancy."""
    return vacancy.status == "open" and vacancy.review != HELD


def held_query(meeting_id: int | None = None):
    query = (
        select(Vacancy)
        .where(Vacancy.review == HELD)
        .options(selectinload(Vacancy.employer), selectinload(Vacancy.meeting))
        .order_by(Vacancy.id)
    )
    return query if meeting_id is None else query.where(Vacancy.meeting_id == meeting_id)


async def held_vacancies(session: AsyncSession, meeting_id: int | None = None) -> list[Vacancy]:
    """Every held vacancy (of one meeting), oldest first."""
    return list(await session.scalars(held_query(meeting_id)))


@dataclass(frozen=True)
class Approval:
    vacancy: Vacancy
    changed: bool  # False: it was not held (already approved, or never flagged)


async def approve(
    session: AsyncSession, vacancy_id: int, staff: Staff | None, now: datetime
) -> Approval | None:
    """Let a held vacancy through; None when there is no such vacancy. The caller commits.

    updated_at moves, so every process's search index reloads and lists it.
    """
    vacancy = await session.get(Vacancy, vacancy_id, options=[selectinload(Vacancy.employer)])
    if vacancy is None:
        return None
    if vacancy.review != HELD:
        return Approval(vacancy, False)
    vacancy.review = APPROVED
    vacancy.reviewed_at = now
    vacancy.reviewed_by = staff.id if staff else None
    vacancy.updated_at = now
    return Approval(vacancy, True)


def flags_of(vacancy: Vacancy) -> list[dict[str, Any]]:
    return list(vacancy.review_flags or [])
