"""The alert a broadcast sends: data (catalog lines and choices), rendered by each channel.

One vacancy: what, where, the wage as written, and "回复1报名 2看详情" (buttons 报名 / 详情 on
Telegram); one SMS segment when the names are short, never more than two (the SMS renderer
shortens the employer, then the title). Several vacancies (a meeting): a numbered list, as 找工作
shows one, to pick from by number.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.handlers.context import choice, line
from bot.handlers.present import employer_name, employer_names, place_name, title, wage
from bot.replies import Reply
from storage.models import Vacancy

# How many vacancies a meeting's alert lists: one page, as 找工作 shows.
PER_MESSAGE = 3


def alert_reply(vacancies: Sequence[Vacancy], locale: str) -> Reply:
    """The alert about `vacancies` (best first; their employers loaded) in `locale`."""
    if len(vacancies) == 1:
        vacancy = vacancies[0]
        return Reply(
            (
                line(
                    "alert.one",
                    employer=employer_name(vacancy),
                    title=title(vacancy),
                    place=place_name(vacancy, locale=locale),
                    wage=wage(vacancy, locale),
                ),
            ),
            # The answers typed on SMS are the buttons' commands on Telegram: one path.
            actions=(
                choice("1", "action.apply"),
                choice("2", "action.details"),
                choice("不要推送", "action.alerts_off"),
            ),
            footer=(line("alert.answer"),),
            locale=locale,
        )
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
    return Reply(
        (line("alert.several"),),
        choices=items,
        actions=(choice("不要推送", "action.alerts_off"),),
        footer=(line("alert.pick"),),
        locale=locale,
    )


async def load_vacancies(session: AsyncSession, ids: Sequence[int]) -> list[Vacancy]:
    """The vacancies in the order given, with their employers; gone ones left out."""
    query = select(Vacancy).where(Vacancy.id.in_(ids)).options(selectinload(Vacancy.employer))
    found = {v.id: v for v in await session.scalars(query)}
    return [found[i] for i in ids if i in found]
