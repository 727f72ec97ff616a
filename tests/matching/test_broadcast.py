"""SeekerIndex finds exactly the seekers exhaustive scoring finds, before and after changes."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from random_world import TODAY, build_world, exhaustive_seekers

from bot.matching.broadcast import SeekerIndex
from bot.matching.ranking import VacancyFacts


@pytest.fixture(scope="module")
def world():
    return build_world()


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
