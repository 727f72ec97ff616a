"""The indexes give exactly what exhaustive scoring gives, before and after changes."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from bot.matching.index import SeekerIndex, VacancyIndex
from bot.matching.ranking import (
    SeekerFacts,
    VacancyFacts,
    fits_for_broadcast,
    rank_all,
    score,
)

TODAY = date(2025, 3, 1)
# Few places and trades so that same county/city/province and equal scores are common.
COUNTIES = ["620422", "620421", "620402", "620102", "620103", "410102", "410103", "440306"]
PLACES = COUNTIES + ["620400", "620000", "410100", "440000", "110101", "110105"]
TRADES = [
    "construction.welder",
    "construction.rebar",
    "construction.mason",
    "factory.assembler",
    "factory.packer",
    "domestic.nanny",
]
SCOPES = ["local", "province", "country", "overseas", None]


def random_vacancy(rng: random.Random, vacancy_id: int) -> VacancyFacts:
    roll = rng.random()
    if roll < 0.08:
        region, country = None, rng.choice(["JP", "SG"])
    elif roll < 0.1:
        region, country = None, None
    else:
        region, country = rng.choice(PLACES), None
    wage = rng.choice([None, 3000, 4500, 6000, 8000])
    return VacancyFacts(
        id=vacancy_id,
        occupations=tuple(rng.sample(TRADES, rng.choice([0, 1, 1, 1, 2]))),
        region_code=region,
        country=country,
        headcount=rng.choice([1, 5, 20, 100]),
        filled=rng.choice([0, 0, 0, 1, 5]),
        wage_min=wage,
        wage_max=None if wage is None else wage + rng.choice([0, 1000]),
        deadline=rng.choice([None, TODAY + timedelta(days=rng.randint(-3, 20))]),
        status_open=rng.random() > 0.03,
    )


def random_seeker(rng: random.Random, seeker_id: int) -> SeekerFacts:
    return SeekerFacts(
        id=seeker_id,
        occupations=tuple(rng.sample(TRADES, rng.choice([0, 1, 1, 2, 3]))),
        region_code=rng.choice(PLACES + [None]),
        scope=rng.choice(SCOPES),
    )


@pytest.fixture(scope="module")
def world() -> tuple[list[VacancyFacts], list[SeekerFacts]]:
    rng = random.Random(20250301)
    vacancies = [random_vacancy(rng, i) for i in rng.sample(range(1, 100_000), 3000)]
    seekers = [random_seeker(rng, i) for i in rng.sample(range(1, 100_000), 3000)]
    return vacancies, seekers


@pytest.mark.parametrize(("k", "offset"), [(10, 0), (1, 0), (5, 10), (40, 0), (10, 2990)])
def test_top_equals_exhaustive(world, k, offset):
    vacancies, seekers = world
    index = VacancyIndex(vacancies, TODAY)
    for seeker in seekers[:150]:
        expected = rank_all(seeker, vacancies, TODAY, k=k, offset=offset)
        assert index.top(seeker, k=k, offset=offset) == expected, seeker


def test_top_after_add_and_remove(world):
    vacancies, seekers = world
    rng = random.Random(7)
    index = VacancyIndex(vacancies[:2000], TODAY)
    current = {v.id: v for v in vacancies[:2000]}
    for vacancy in vacancies[2000:]:
        index.add(vacancy)
        current[vacancy.id] = vacancy
    for vacancy_id in rng.sample(sorted(current), 800):
        was_indexed = vacancy_id in index
        assert index.remove(vacancy_id) is was_indexed
        assert vacancy_id not in index
        del current[vacancy_id]
    # Changed facts replace the old ones (some fill up or expire and drop out).
    for vacancy_id in rng.sample(sorted(current), 200):
        current[vacancy_id] = random_vacancy(rng, vacancy_id)
        index.add(current[vacancy_id])
    assert index.remove(-1) is False
    for seeker in seekers[:200]:
        assert index.top(seeker) == rank_all(seeker, current.values(), TODAY), seeker


def test_top_scores_few_vacancies(world):
    vacancies, seekers = world
    index = VacancyIndex(vacancies, TODAY)
    skilled = [s for s in seekers if s.occupations and s.scope in ("country", "overseas")][:100]
    scored = []
    for seeker in skilled:
        index.top(seeker)
        scored.append(index.last_scored)
    assert sorted(scored)[len(scored) // 2] < len(index) // 10


def test_invisible_vacancies_are_not_indexed(world):
    vacancies, _ = world
    index = VacancyIndex(vacancies, TODAY)
    visible = {v.id for v in vacancies if v.status_open and v.filled < v.headcount}
    visible -= {v.id for v in vacancies if v.deadline and v.deadline < TODAY}
    assert {v.id for v in vacancies if v.id in index} == visible
    assert len(index) == len(visible)


def exhaustive_seekers(seekers, vacancy, limit=None):
    """Every seeker the vacancy fits, by brute force, best first."""
    fits = [(s.id, m.score) for s in seekers if fits_for_broadcast(m := score(s, vacancy, TODAY))]
    return sorted(fits, key=lambda pair: (-pair[1], pair[0]))[:limit]


@pytest.mark.parametrize("limit", [None, 1, 25])
def test_seekers_for_equals_exhaustive(world, limit):
    vacancies, seekers = world
    index = SeekerIndex(seekers)
    assert len(index) == len(seekers)
    nonempty = 0
    for vacancy in vacancies[:250]:
        expected = exhaustive_seekers(seekers, vacancy, limit)
        assert index.seekers_for(vacancy, limit, today=TODAY) == expected, vacancy
        nonempty += bool(expected)
    assert nonempty > 150


def test_seekers_for_after_add_and_remove(world):
    vacancies, seekers = world
    rng = random.Random(11)
    index = SeekerIndex(seekers[:2000])
    current = {s.id: s for s in seekers[:2000]}
    for seeker in seekers[2000:]:
        index.add(seeker)
        current[seeker.id] = seeker
    for seeker_id in rng.sample(sorted(current), 700):
        index.remove(current.pop(seeker_id))
    assert len(index) == len(current)
    for vacancy in vacancies[:200]:
        expected = exhaustive_seekers(current.values(), vacancy)
        assert index.seekers_for(vacancy, today=TODAY) == expected, vacancy


@pytest.mark.parametrize(
    "vacancy",
    [
        VacancyFacts(1, ("construction.welder",), "620422", None, 5, 5, None, None, None),
        VacancyFacts(
            2, ("construction.welder",), "620422", None, 5, 0, None, None, TODAY - timedelta(1)
        ),
        VacancyFacts(3, (), "620422", None, 5, 0, None, None, None),
    ],
)
def test_seekers_for_nothing_to_broadcast(world, vacancy):
    _, seekers = world
    index = SeekerIndex(seekers)
    assert index.seekers_for(vacancy, today=TODAY) == []
