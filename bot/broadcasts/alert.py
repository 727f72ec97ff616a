"""The alert a broadcast sends, as an outbox row names it: a catalog line, parameters, choices.

One vacancy: what, where and the wage as written, then "1. 报名 2. 详情 3. 不要推送" — numbered
lines on SMS (one segment when the names are short, never more than two: the renderer shortens
the employer, then the title), buttons on Telegram. Several vacancies (a meeting): a numbered
list, as 找工作 shows one, to pick from by number. The row is rendered when it is sent, in the
seeker's language (bot/outgoing.py); `vacancies` in the parameters is what the wait opens on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.handlers.context import choice, line
from bot.handlers.present import employer_name, employer_names, place_name, title, wage
from bot.replies import Choice, Line
from storage.models import Vacancy

# How many vacancies a meeting's alert lists: one page, as 找工作 shows.
PER_MESSAGE = 3
# The answers to a one-vacancy alert, typed or pressed (bot/handlers/alerts.py reads them).
APPLY, DETAILS, NO_ALERTS = "1", "2", "3"


@dataclass(frozen=True, slots=True)
class AlertMessage:
    template: str
    params: dict[str, Any]
    choices: tuple[Choice, ...]
    footer: tuple[Line, ...] = ()


def alert(vacancies: Sequence[Vacancy], locale: str) -> AlertMessage:
    """The alert about `vacancies` (best first, employers loaded), its names in `locale`."""
    ids = [v.id for v in vacancies]
    if len(vacancies) == 1:
        vacancy = vacancies[0]
        params = {
            "employer": employer_name(vacancy),
            "title": title(vacancy),
            "place": place_name(vacancy, locale=locale),
            "wage": wage(vacancy, locale),
            "vacancies": ids,
        }
        answers = (
            choice(APPLY, "action.apply"),
            choice(DETAILS, "alert.details"),
            choice(NO_ALERTS, "action.alerts_off"),
        )
        return AlertMessage("alert.one", params, answers)
    items = tuple(
        choice(
            str(number),
            "jobs.item",
            employer=name,
            title=title(vacancy),
            place=place_name(vacancy, locale=locale),
            wage=wage(vacancy, locale),
        )
        for number, (vacancy, name) in enumerate(
            zip(vacancies, employer_names(list(vacancies)), strict=True), 1
        )
    )
    return AlertMessage("alert.several", {"vacancies": ids}, items, (line("alert.pick"),))


async def load_vacancies(session: AsyncSession, ids: Sequence[int]) -> list[Vacancy]:
    """The vacancies in the order given, with their employers; gone ones left out."""
    query = select(Vacancy).where(Vacancy.id.in_(ids)).options(selectinload(Vacancy.employer))
    found = {v.id: v for v in await session.scalars(query)}
    return [found[i] for i in ids if i in found]
