"""VacancyIndex gives exactly what exhaustive scoring gives, before and after changes."""

from __future__ import annotations

import random

import pytest
from random_world import TODAY, build_world, random_vacancy

from bot.matching.index import VacancyIndex
from bot.matching.ranking import rank_all


@pytest.fixture(scope="module")
def world():
    return build_world()


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
