"""Scoring rules: scope exclusions, place and skill order, exclusions, reasons."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from bot.matching.ranking import (
    Match,
    SeekerFacts,
    VacancyFacts,
    fits_for_broadcast,
    rank_all,
    score,
    shared_level,
)

TODAY = date(2025, 3, 1)
HUINING = "620422"  # 甘肃省白银市会宁县
BAIYIN = "620402"  # 甘肃省白银市白银区, same city as Huining
LANZHOU = "620102"  # 甘肃省兰州市城关区, same province
GANSU = "620000"
BAOAN = "440306"  # 广东省深圳市宝安区, elsewhere in China


def vacancy(**changes: object) -> VacancyFacts:
    base = VacancyFacts(
        id=1,
        occupations=("construction.welder",),
        region_code=BAOAN,
        country=None,
        headcount=10,
        filled=0,
        wage_min=5000,
        wage_max=5000,
        deadline=None,
    )
    return replace(base, **changes)


def seeker(**changes: object) -> SeekerFacts:
    base = SeekerFacts(
        id=7, occupations=("construction.welder",), region_code=HUINING, scope="country"
    )
    return replace(base, **changes)


ABROAD = {"region_code": None, "country": "JP"}


@pytest.mark.parametrize(
    ("scope", "place", "expected"),
    [
        ("local", {"region_code": HUINING}, "same_county"),
        ("local", {"region_code": BAIYIN}, "same_city"),
        ("local", {"region_code": "620400"}, "same_city"),
        ("local", {"region_code": LANZHOU}, None),
        ("local", {"region_code": GANSU}, None),
        ("local", {"region_code": BAOAN}, None),
        ("local", ABROAD, None),
        ("province", {"region_code": LANZHOU}, "same_province"),
        ("province", {"region_code": GANSU}, "same_province"),
        ("province", {"region_code": BAOAN}, None),
        ("province", {"region_code": None, "country": None}, None),
        ("province", ABROAD, None),
        ("country", {"region_code": BAOAN}, "in_china"),
        ("country", {"region_code": None, "country": "CN"}, "in_china"),
        ("country", ABROAD, None),
        (None, {"region_code": BAOAN}, "in_china"),
        (None, ABROAD, None),
        ("overseas", {"region_code": BAOAN}, "in_china"),
        ("overseas", {"region_code": HUINING}, "same_county"),
        ("overseas", ABROAD, "abroad"),
    ],
)
def test_scope_decides_what_a_seeker_may_see(scope, place, expected):
    match = score(seeker(scope=scope), vacancy(**place), TODAY)
    if expected is None:
        assert match is None
    else:
        assert match is not None and match.reasons[1] == expected


@pytest.mark.parametrize(
    ("home", "scope", "place", "expected"),
    [
        # Only the province is known: "local" widens to the province.
        (GANSU, "local", LANZHOU, "same_province"),
        (GANSU, "local", BAOAN, None),
        # Only the city is known: the county cannot match, the city can.
        ("620400", "local", HUINING, "same_city"),
        ("620400", "local", LANZHOU, None),
        # No home region: treated as "country", everything in China is "in_china".
        (None, "local", BAOAN, "in_china"),
        (None, "province", HUINING, "in_china"),
        # Municipalities: districts of Beijing share the city prefix 1101.
        ("110101", "local", "110105", "same_city"),
    ],
)
def test_partial_homes(home, scope, place, expected):
    match = score(seeker(region_code=home, scope=scope), vacancy(region_code=place), TODAY)
    assert (match.reasons[1] if match else None) == expected


def test_place_order_abroad_first_for_the_overseas_minded_then_county_city_province_china():
    """An overseas-minded welder saw abroad only after three pages of jobs at home."""
    who = seeker(scope="overseas")
    places = [ABROAD] + [{"region_code": c} for c in (HUINING, BAIYIN, LANZHOU, BAOAN)]
    scores = [score(who, vacancy(**p), TODAY).score for p in places]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) == len(scores)


@pytest.mark.parametrize(
    ("destination", "there"),
    [
        ("440000", {"region_code": BAOAN}),  # Guangdong, a county in it
        ("440300", {"region_code": BAOAN}),  # Shenzhen
        (BAOAN, {"region_code": BAOAN}),
        (ABROAD["country"], ABROAD),
    ],
)
def test_the_destination_ranks_first(destination, there):
    who = seeker(scope="overseas", destination=destination)
    wanted = score(who, vacancy(**there), TODAY)
    home = score(who, vacancy(region_code=HUINING), TODAY)
    assert "destination" in wanted.reasons
    assert wanted.score > home.score


def test_a_destination_outside_the_scope_shows_nothing_new():
    who = seeker(scope="local", destination="440300")
    assert score(who, vacancy(region_code=BAOAN), TODAY) is None


@pytest.mark.parametrize(
    ("seeker_skills", "vacancy_skills", "reason", "points_over_none"),
    [
        (("construction.welder",), ("construction.welder",), "skill", 50),
        (("construction.welder",), ("factory.assembler", "construction.welder"), "skill", 50),
        (("construction.welder",), ("construction.rebar",), "related_skill", 25),
        (("construction.welder",), ("factory.assembler",), None, 0),
        ((), ("factory.assembler",), None, 25),
        (("construction.welder",), (), None, 25),
    ],
)
def test_skill_fit(seeker_skills, vacancy_skills, reason, points_over_none):
    none = score(seeker(), vacancy(occupations=("domestic.nanny",)), TODAY)
    match = score(seeker(occupations=seeker_skills), vacancy(occupations=vacancy_skills), TODAY)
    assert match.score - none.score == pytest.approx(points_over_none)
    assert (match.reasons[0] if match.reasons[0] != "in_china" else None) == reason


@pytest.mark.parametrize(
    "changes",
    [
        {"filled": 10},
        {"filled": 12},
        {"headcount": 0},
        {"status_open": False},
        {"deadline": TODAY - timedelta(days=1)},
    ],
)
def test_full_closed_and_expired_vacancies_are_excluded(changes):
    assert score(seeker(), vacancy(**changes), TODAY) is None
    assert score(seeker(), vacancy(), TODAY) is not None


@pytest.mark.parametrize(
    ("changes", "reasons"),
    [
        ({}, ("skill", "in_china")),
        ({"headcount": 20}, ("skill", "in_china", "many_openings")),
        ({"headcount": 30, "filled": 11}, ("skill", "in_china")),
        ({"deadline": TODAY}, ("skill", "in_china", "closing_soon")),
        ({"deadline": TODAY + timedelta(days=7)}, ("skill", "in_china", "closing_soon")),
        ({"deadline": TODAY + timedelta(days=8)}, ("skill", "in_china")),
        ({"wage_min": 8000, "wage_max": None}, ("skill", "in_china", "good_wage")),
        ({"wage_min": 6000, "wage_max": 10000}, ("skill", "in_china", "good_wage")),
        ({"wage_min": 6000, "wage_max": 9000}, ("skill", "in_china")),
        (
            {"headcount": 500, "deadline": TODAY, "wage_max": 12000, "region_code": HUINING},
            ("skill", "same_county", "many_openings", "closing_soon", "good_wage"),
        ),
    ],
)
def test_reasons(changes, reasons):
    assert score(seeker(), vacancy(**changes), TODAY).reasons == reasons


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        ({"headcount": 40}, {"headcount": 5}),
        ({"deadline": TODAY + timedelta(days=3)}, {"deadline": TODAY + timedelta(days=30)}),
        ({"wage_min": 7000, "wage_max": 9000}, {"wage_min": 4000, "wage_max": 5000}),
        ({"wage_min": None, "wage_max": None}, {"wage_min": 3000, "wage_max": 3000}),
    ],
)
def test_vacancy_side_bonuses(better, worse):
    assert (
        score(seeker(), vacancy(**better), TODAY).score
        > score(seeker(), vacancy(**worse), TODAY).score
    )


def test_wage_saturates_and_score_stays_within_100():
    rich = vacancy(wage_min=30000, wage_max=50000, headcount=10**6, deadline=TODAY)
    richer = replace(rich, wage_min=90000, wage_max=90000)
    top = score(seeker(region_code=BAOAN), rich, TODAY)
    assert top.score == score(seeker(region_code=BAOAN), richer, TODAY).score
    assert 99 < top.score <= 100


@pytest.mark.parametrize(
    ("home", "there", "level"),
    [
        (HUINING, HUINING, 3),
        (HUINING, BAIYIN, 2),
        ("620400", "620400", 2),
        (HUINING, LANZHOU, 1),
        (GANSU, GANSU, 1),
        (HUINING, BAOAN, 0),
    ],
)
def test_shared_level(home, there, level):
    assert shared_level(home, there) == level == shared_level(there, home)


def test_rank_all_orders_by_score_then_id_and_pages():
    who = seeker(scope="province")
    vacancies = [
        vacancy(id=5, region_code=LANZHOU),
        vacancy(id=3, region_code=LANZHOU),
        vacancy(id=9, region_code=HUINING),
        vacancy(id=4, region_code=BAOAN),  # outside the province
        vacancy(id=2, region_code=BAIYIN, filled=10),  # full
    ]
    ids = [m.vacancy_id for m in rank_all(who, vacancies, TODAY, k=10)]
    assert ids == [9, 3, 5]
    assert [m.vacancy_id for m in rank_all(who, vacancies, TODAY, k=1, offset=1)] == [3]
    assert rank_all(who, vacancies, TODAY, k=0) == []


@pytest.mark.parametrize(
    ("match", "fits"),
    [
        (None, False),
        (Match(1, 80.0, ("skill", "in_china")), True),
        (Match(1, 60.0, ("related_skill", "same_city")), True),
        (Match(1, 40.0, ("same_city", "good_wage")), False),
    ],
)
def test_fits_for_broadcast(match, fits):
    assert fits_for_broadcast(match) is fits
