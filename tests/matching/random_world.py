"""A small random world of vacancies and seekers where ties and shared places are common."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from bot.matching.ranking import SeekerFacts, VacancyFacts, fits_for_broadcast, score

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
        # A destination is as often a province or city as a county, sometimes a country.
        destination=rng.choice([None, None, None, "JP", *PLACES]),
    )


def build_world() -> tuple[list[VacancyFacts], list[SeekerFacts]]:
    rng = random.Random(20250301)
    vacancies = [random_vacancy(rng, i) for i in rng.sample(range(1, 100_000), 3000)]
    seekers = [random_seeker(rng, i) for i in rng.sample(range(1, 100_000), 3000)]
    return vacancies, seekers


def exhaustive_seekers(seekers, vacancy, limit=None):
    """Every seeker the vacancy fits, by brute force, best first.

    Broadcasts order seekers without their destinations (a vacancy fits a seeker or not).
    """
    fits = [
        (s.id, m.score)
        for s in seekers
        if fits_for_broadcast(m := score(replace(s, destination=None), vacancy, TODAY))
    ]
    return sorted(fits, key=lambda pair: (-pair[1], pair[0]))[:limit]
