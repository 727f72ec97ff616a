"""Vacancy search for the dialog: the pure in-memory index, kept in step with the database."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.importing.wages import monthly
from bot.matching.age import fits
from bot.matching.index import VacancyIndex
from bot.matching.ranking import Match, SeekerFacts, VacancyFacts
from storage.models import Seeker, Vacancy
from storage.vacancies import listable

_FACT_COLUMNS = (
    Vacancy.id,
    Vacancy.occupations,
    Vacancy.region_code,
    Vacancy.country,
    Vacancy.headcount,
    Vacancy.filled,
    Vacancy.wage_min,
    Vacancy.wage_max,
    Vacancy.wage_unit,
    Vacancy.deadline,
    Vacancy.age_min,
    Vacancy.age_max,
)


# Reasons that say a vacancy is in the seeker's trade, not merely within reach.
TRADE_REASONS = frozenset({"skill", "related_skill"})


def is_in_trade(match: Match) -> bool:
    return bool(match.reasons) and match.reasons[0] in TRADE_REASONS


def seeker_facts(seeker: Seeker) -> SeekerFacts:
    return SeekerFacts(
        seeker.id,
        tuple(seeker.occupations.split()),
        seeker.region_code,
        seeker.scope,
        seeker.destination,
    )


class VacancySearch:
    """One per process. The index is rebuilt when vacancies change (newest id or update) or the day turns."""

    def __init__(self) -> None:
        self._index: VacancyIndex | None = None
        self._version: tuple | None = None
        self._lock = asyncio.Lock()

    async def _current(self, session: AsyncSession, today: date) -> VacancyIndex:
        # Vacancies are never deleted (closing is an update), so the newest id and the newest change
        # tell whether anything changed; both are index look-ups, unlike count().
        stamp = (
            await session.execute(select(func.max(Vacancy.id), func.max(Vacancy.updated_at)))
        ).one()
        version = (tuple(stamp), today)
        if version == self._version and self._index is not None:
            return self._index
        if self._index is not None and self._lock.locked():
            # Another request is rebuilding (seconds for 300,000 vacancies): answer from the
            # previous index meanwhile rather than queue every webhook behind the rebuild.
            return self._index
        async with self._lock:
            if version != self._version or self._index is None:
                # Open and not held by the import checks: a held vacancy is never listed.
                rows = await session.execute(select(*_FACT_COLUMNS).where(listable()))
                facts = [
                    VacancyFacts(
                        id_,
                        tuple(occ.split()),
                        region,
                        country,
                        head,
                        filled,
                        # Ranked by the monthly equivalent: 300元/天 against 6000元 a month.
                        monthly(low, unit),
                        monthly(high, unit),
                        deadline,
                        age_min=age_min,
                        age_max=age_max,
                    )
                    for (
                        id_,
                        occ,
                        region,
                        country,
                        head,
                        filled,
                        low,
                        high,
                        unit,
                        deadline,
                        age_min,
                        age_max,
                    ) in rows.tuples()
                ]
                # Built in a thread, so the event loop keeps answering webhooks meanwhile.
                self._index = await asyncio.to_thread(VacancyIndex, facts, today)
                self._version = version
        return self._index

    async def top(
        self,
        session: AsyncSession,
        seeker: SeekerFacts,
        today: date,
        k: int,
        offset: int = 0,
        *,
        age: int | None = None,
    ) -> list[Match]:
        """The seeker's best open vacancies, page [offset, offset + k); with `age`, only those
        whose age range takes it."""
        index = await self._current(session, today)
        if age is None:
            return index.top(seeker, k=k, offset=offset)
        return _window(index, seeker, lambda m: True, k, offset, age).matches

    async def page(
        self,
        session: AsyncSession,
        seeker: SeekerFacts,
        today: date,
        k: int,
        offset: int = 0,
        *,
        in_trade: bool = True,
        age: int | None = None,
    ) -> list[Match]:
        """Page [offset, offset + k) of the seeker's vacancies in their trades (the same trade or
        one of its category), or of the other work when `in_trade` is False."""
        listing = await self.listing(session, seeker, today, k, offset, in_trade=in_trade, age=age)
        return listing.matches

    async def listing(
        self,
        session: AsyncSession,
        seeker: SeekerFacts,
        today: date,
        k: int,
        offset: int = 0,
        *,
        in_trade: bool = True,
        age: int | None = None,
    ) -> Listing:
        """page(), and whether the worker's `age` ruled vacancies of this list out.

        A seeker who named no trade has every vacancy in their trade. The index ranks all in one
        order, so the window it is asked for grows until the page is full or nothing is left.
        """
        index = await self._current(session, today)
        if not seeker.occupations:
            if not in_trade:
                return Listing([], False)
            if age is None:
                return Listing(index.top(seeker, k=k, offset=offset), False)
            return _window(index, seeker, lambda m: True, k, offset, age)
        return _window(index, seeker, lambda m: is_in_trade(m) == in_trade, k, offset, age)


@dataclass(frozen=True)
class Listing:
    matches: list[Match]
    # Whether vacancies of this list were left out because their age range excludes the worker.
    age_left_out: bool


def _window(
    index: VacancyIndex,
    seeker: SeekerFacts,
    belongs: Callable[[Match], bool],
    k: int,
    offset: int,
    age: int | None,
) -> Listing:
    """Page [offset, offset + k) of the ranked matches that belong to the list and fit `age`,
    asking the index for a window that grows until the page is full or nothing is left."""
    window = max(4 * (offset + k), 64)
    while True:
        ranked = index.top(seeker, k=window)
        listed = [m for m in ranked if belongs(m)]
        kept = [m for m in listed if _takes(index, m, age)]
        if len(kept) >= offset + k or len(ranked) < window:
            return Listing(kept[offset : offset + k], len(kept) < len(listed))
        window *= 4


def _takes(index: VacancyIndex, match: Match, age: int | None) -> bool:
    if age is None:
        return True
    facts = index.facts(match.vacancy_id)
    return facts is None or fits(age, facts.age_min, facts.age_max)
