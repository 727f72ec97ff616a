"""Who a broadcast reaches, and with which vacancies: the seeker index loaded from the database.

Eligible: registered seekers with trades, not opted out, alerts on, reachable on the channel
address_of picks for them (an SMS number inside GONGYOU_SMS_COUNTRIES), of the channel asked for.
A vacancy is offered when it is open, has places left and its deadline has not passed, to the
seekers SeekerIndex says it fits (trade or trade category, inside their scope), except those who
applied to it or were told of it before. A seeker who already had GONGYOU_ALERTS_PER_DAY
broadcasts today gets none. Each seeker gets one message: the best `per_seeker` vacancies.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.notices import address_of
from bot.importing.wages import monthly
from bot.matching.broadcast import SeekerIndex
from bot.matching.ranking import SeekerFacts, VacancyFacts
from storage import broadcasts as store
from storage.models import Vacancy
from storage.vacancies import is_listable

CHANNELS = ("all", "sms", "telegram")


@dataclass(frozen=True, slots=True)
class Recipient:
    """One message of a broadcast: to whom, where, in which language, about which vacancies."""

    seeker_id: int
    channel: str
    address: str
    locale: str
    vacancy_ids: tuple[int, ...]  # best first


@dataclass(frozen=True, slots=True)
class Exclusions:
    """Who must not hear (again): applied or alerted (seeker, vacancy) pairs, and capped seekers."""

    pairs: frozenset[tuple[int, int]] = frozenset()
    capped: frozenset[int] = frozenset()


@dataclass
class Targets:
    recipients: list[Recipient] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.recipients)

    def count(self, channel: str) -> int:
        return sum(r.channel == channel for r in self.recipients)


def offered(vacancy: Vacancy, today: date) -> bool:
    """Open and not held by the import checks, places left, deadline not passed: a vacancy a
    worker can still get."""
    in_time = vacancy.deadline is None or vacancy.deadline >= today
    return is_listable(vacancy) and vacancy.open_places > 0 and in_time


def vacancy_facts(vacancy: Vacancy) -> VacancyFacts:
    """What ranking knows of a vacancy; wages as monthly equivalents, as the search ranks them."""
    return VacancyFacts(
        vacancy.id,
        tuple(vacancy.occupations.split()),
        vacancy.region_code,
        vacancy.country,
        vacancy.headcount,
        vacancy.filled,
        monthly(vacancy.wage_min, vacancy.wage_unit),
        monthly(vacancy.wage_max, vacancy.wage_unit),
        vacancy.deadline,
        vacancy.status == "open",
    )


async def exclusions(
    session: AsyncSession, vacancy_ids: Sequence[int], today: date, cap: int
) -> Exclusions:
    pairs = await store.applied(session, vacancy_ids) | await store.alerted(session, vacancy_ids)
    return Exclusions(frozenset(pairs), frozenset(await store.capped(session, today, cap)))


def _reach(row, channel: str, sms_codes: tuple[str, ...]) -> tuple[str, str] | None:
    reached = address_of(row)
    if reached is None or channel not in ("all", reached[0]):
        return None
    if reached[0] == "sms" and not reached[1].startswith(sms_codes):
        return None  # the dispatcher would refuse it: a number outside GONGYOU_SMS_COUNTRIES
    return reached


def choose(
    rows: Sequence,
    vacancies: Sequence[Vacancy],
    excluded: Exclusions,
    *,
    channel: str,
    today: date,
    per_seeker: int,
    sms_codes: tuple[str, ...],
) -> Targets:
    """The recipients, from seeker rows (storage.broadcasts.alertable_seekers): pure CPU work."""
    reachable = {}
    facts = []
    for row in rows:
        if row.id in excluded.capped or (reached := _reach(row, channel, sms_codes)) is None:
            continue
        reachable[row.id] = (row.locale, reached)
        occupations = tuple(row.occupations.split())
        facts.append(SeekerFacts(row.id, occupations, row.region_code, row.scope, row.destination))
    index = SeekerIndex(facts)
    blocked: dict[int, set[int]] = defaultdict(set)
    for seeker_id, vacancy_id in excluded.pairs:
        blocked[vacancy_id].add(seeker_id)
    offers: defaultdict[int, list[tuple[float, int]]] = defaultdict(list)
    for vacancy in vacancies:
        if not offered(vacancy, today):
            continue
        # Millions of (seeker, vacancy) pairs for a big meeting: plain locals in the loop.
        vacancy_id, skip = vacancy.id, blocked.get(vacancy.id, ())
        for seeker_id, score in index.seekers_for(vacancy_facts(vacancy), today=today):
            if seeker_id not in skip:
                offers[seeker_id].append((-score, vacancy_id))
    targets = Targets()
    add = targets.recipients.append
    for seeker_id in sorted(offers):
        locale, (reached_channel, address) = reachable[seeker_id]
        mine = offers[seeker_id]
        best = sorted(mine)[:per_seeker] if len(mine) > 1 else mine
        add(Recipient(seeker_id, reached_channel, address, locale, tuple(v for _, v in best)))
    return targets


async def find(
    session: AsyncSession,
    vacancies: Sequence[Vacancy],
    *,
    channel: str,
    today: date,
    cap: int,
    per_seeker: int,
    sms_codes: tuple[str, ...],
) -> Targets:
    """The recipients of a broadcast of `vacancies` as the database stands now."""
    ids = [v.id for v in vacancies]
    excluded = await exclusions(session, ids, today, cap)
    rows = await store.alertable_seekers(session)
    # Building the index for many seekers takes seconds: a thread keeps the event loop answering.
    return await asyncio.to_thread(
        choose,
        rows,
        vacancies,
        excluded,
        channel=channel,
        today=today,
        per_seeker=per_seeker,
        sms_codes=sms_codes,
    )


def still_allowed(targets: Targets, excluded: Exclusions) -> Targets:
    """The targets less what became excluded since they were found (checked again under lock)."""
    kept = Targets()
    for recipient in targets.recipients:
        if recipient.seeker_id in excluded.capped:
            continue
        ids = tuple(
            v for v in recipient.vacancy_ids if (recipient.seeker_id, v) not in excluded.pairs
        )
        if ids:
            kept.recipients.append(
                Recipient(
                    recipient.seeker_id, recipient.channel, recipient.address, recipient.locale, ids
                )
            )
    return kept
