"""How well a vacancy fits a seeker: the single source of truth for matching order.

score = skill + place + openings + urgency + wage, at most 100 points:

  skill     50  the vacancy asks for one of the seeker's occupations        reason "skill"
            25  it asks for an occupation in one of the seeker's categories reason "related_skill"
             0  neither
            25  neutral, when the seeker listed no skills or the vacancy lists no occupations
  place     20  same county "same_county" / 15 same city "same_city" / 10 same province
                "same_province" / 5 elsewhere in China "in_china" / 2 abroad "abroad";
            22  abroad, for a seeker whose scope is "overseas" (they see it first) "abroad";
            24  in the place or country the seeker said they want to go to "destination"
  openings  10 * r / (r + 20), r = headcount - filled; half marks at 20 left ("many_openings")
  urgency    5  when the deadline is at most 7 days away ("closing_soon")
  wage      15 * clamp((midpoint - 2000) / 10000, 0, 1); "good_wage" from 8000 yuan a month;
                an unknown wage (面议) counts as 5000 so negotiable pay is neither rewarded nor sunk

The skill tiers are 25 apart, more than the whole place range (22), so within a seeker's chosen
scope the trade decides first and distance second; openings, urgency and wage only reorder
within roughly equal fits.

Excluded (score returns None): closed, no openings left, deadline passed, or outside the
seeker's scope: "local" = home city (the home province when only the province is known),
"province" = home province, "country" or None = anywhere in China, "overseas" = anywhere.
A seeker without a home region is treated as scope "country" ("overseas" stays "overseas") and
every place in China counts as "in_china" for them. A vacancy without a place in China and
without a foreign country is "in_china" too, and so outside any local or provincial scope.

Place codes are 6-digit GB/T 2260 codes compared by prefix (province = 2 digits, city = 4); a
trade's category is the part of its code before the dot.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

SKILL_EXACT = 50
SKILL_RELATED = 25
SKILL_NEUTRAL = 25
# Indexed by shared place level: 0 elsewhere in China, 1 province, 2 city, 3 county.
PLACE_POINTS = (5, 10, 15, 20)
PLACE_REASONS = ("in_china", "same_province", "same_city", "same_county")
PLACE_ABROAD_WANTED = 22
PLACE_DESTINATION = 24
OPENINGS_MAX = 10.0
OPENINGS_HALF = 20
MANY_OPENINGS = 20
URGENCY_POINTS = 5.0
CLOSING_SOON_DAYS = 7
WAGE_MAX = 15.0
WAGE_FLOOR = 2000
WAGE_SPAN = 10000
WAGE_UNKNOWN = 5000
GOOD_WAGE = 8000


@dataclass(frozen=True, slots=True)
class VacancyFacts:
    """What ranking needs to know about a vacancy."""

    id: int
    occupations: tuple[str, ...]
    region_code: str | None
    country: str | None
    headcount: int
    filled: int
    wage_min: int | None
    wage_max: int | None
    deadline: date | None
    status_open: bool = True
    # The ages the employer takes (18-45周岁); not ranked on, but a list leaves out what excludes.
    age_min: int | None = None
    age_max: int | None = None


@dataclass(frozen=True, slots=True)
class SeekerFacts:
    """What ranking needs to know about a seeker."""

    id: int
    occupations: tuple[str, ...]
    region_code: str | None
    scope: str | None
    # Where they want to go: a GB/T 2260 code (province, city or county) or a country code.
    destination: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """A scored vacancy with the reason codes the UI renders."""

    vacancy_id: int
    score: float
    reasons: tuple[str, ...]


def category(occupation: str) -> str:
    """Trade category of an occupation code ("construction.welder" -> "construction")."""
    return occupation.partition(".")[0]


def is_abroad(vacancy: VacancyFacts) -> bool:
    """True when the vacancy is outside China."""
    return vacancy.region_code is None and vacancy.country not in (None, "CN")


def shared_level(home: str, there: str) -> int:
    """How much of the place two codes share: 3 county, 2 city, 1 province, 0 none."""
    if home[:2] != there[:2]:
        return 0
    # A code ending in "0000" (or "00") names only a province (or city): it cannot be more
    # precise than that, so two such codes never count as the same county or city.
    if home[2:4] == "00" or there[2:4] == "00" or home[:4] != there[:4]:
        return 1
    if home[4:] == "00" or there[4:] == "00" or home != there:
        return 2
    return 3


def local_level(home: str) -> int:
    """Shared level a "local" seeker needs: the home city, or the province if that is all we know."""
    return 1 if home[2:4] == "00" else 2


def combine(skill: int, place: int, static: float) -> float:
    """Add the parts in one fixed order so index bounds and scores round identically."""
    return float(skill + place) + static


def vacancy_part(vacancy: VacancyFacts, today: date) -> tuple[float, tuple[str, ...]] | None:
    """Seeker-independent points and reasons, or None when nobody may see the vacancy."""
    left = vacancy.headcount - vacancy.filled
    if not vacancy.status_open or left <= 0:
        return None
    reasons: list[str] = []
    urgency = 0.0
    if vacancy.deadline is not None:
        days = (vacancy.deadline - today).days
        if days < 0:
            return None
        if days <= CLOSING_SOON_DAYS:
            urgency = URGENCY_POINTS
    if left >= MANY_OPENINGS:
        reasons.append("many_openings")
    if urgency:
        reasons.append("closing_soon")
    low, high = vacancy.wage_min, vacancy.wage_max
    if low is None and high is None:
        mid = WAGE_UNKNOWN
    else:
        mid = ((low or high or 0) + (high or low or 0)) / 2
        if mid >= GOOD_WAGE:
            reasons.append("good_wage")
    wage = WAGE_MAX * min(max((mid - WAGE_FLOOR) / WAGE_SPAN, 0.0), 1.0)
    openings = OPENINGS_MAX * left / (left + OPENINGS_HALF)
    return (openings + urgency) + wage, tuple(reasons)


def skill_fit(
    seeker_occupations: tuple[str, ...], vacancy_occupations: tuple[str, ...]
) -> tuple[int, str | None]:
    """Skill points and reason (or None) for a seeker's occupations against a vacancy's."""
    if not seeker_occupations or not vacancy_occupations:
        return SKILL_NEUTRAL, None
    for occupation in vacancy_occupations:
        if occupation in seeker_occupations:
            return SKILL_EXACT, "skill"
    mine = {category(o) for o in seeker_occupations}
    for occupation in vacancy_occupations:
        if category(occupation) in mine:
            return SKILL_RELATED, "related_skill"
    return 0, None


def destination_prefix(destination: str) -> str:
    """The part of a division code a place within it shares: 65 for 650000, 4403 for 440300."""
    if len(destination) != 6 or not destination.isdigit():
        return "@" + destination  # a country, as the index keys it
    if destination[2:] == "0000":
        return destination[:2]
    return destination[:4] if destination[4:] == "00" else destination


def in_destination(destination: str | None, vacancy: VacancyFacts) -> bool:
    """Whether the vacancy is where the seeker said they want to go."""
    if destination is None:
        return False
    prefix = destination_prefix(destination)
    if is_abroad(vacancy):
        return prefix == "@" + str(vacancy.country)
    return vacancy.region_code is not None and vacancy.region_code.startswith(prefix)


def place_fit(
    home: str | None, scope: str | None, vacancy: VacancyFacts, destination: str | None = None
) -> tuple[int, str] | None:
    """Place points and reason, or None when the vacancy is outside the seeker's scope."""
    fit = _place_in_scope(home, scope, vacancy)
    if fit is not None and in_destination(destination, vacancy):
        return PLACE_DESTINATION, "destination"
    return fit


def _place_in_scope(
    home: str | None, scope: str | None, vacancy: VacancyFacts
) -> tuple[int, str] | None:
    if is_abroad(vacancy):
        # Workers who said they will go abroad see abroad first, not after three pages at home.
        return (PLACE_ABROAD_WANTED, "abroad") if scope == "overseas" else None
    there = vacancy.region_code
    if home is None:
        return PLACE_POINTS[0], PLACE_REASONS[0]
    level = 0 if there is None else shared_level(home, there)
    if scope == "local":
        needed = local_level(home)
    elif scope == "province":
        needed = 1
    else:
        needed = 0
    if level < needed:
        return None
    return PLACE_POINTS[level], PLACE_REASONS[level]


def score(seeker: SeekerFacts, vacancy: VacancyFacts, today: date) -> Match | None:
    """Score one vacancy for one seeker; None when the seeker must not see it."""
    part = vacancy_part(vacancy, today)
    if part is None:
        return None
    place = place_fit(seeker.region_code, seeker.scope, vacancy, seeker.destination)
    if place is None:
        return None
    skill, skill_reason = skill_fit(seeker.occupations, vacancy.occupations)
    head = (skill_reason, place[1]) if skill_reason else (place[1],)
    return Match(vacancy.id, combine(skill, place[0], part[0]), head + part[1])


def order_key(match: Match) -> tuple[float, int]:
    """Sort key for best-first order: score descending, then vacancy id ascending."""
    return (-match.score, match.vacancy_id)


def rank_all(
    seeker: SeekerFacts,
    vacancies: Iterable[VacancyFacts],
    today: date,
    k: int = 10,
    offset: int = 0,
) -> list[Match]:
    """Exhaustive baseline: score every vacancy and return the page [offset, offset + k)."""
    if k <= 0:
        return []
    scored = (m for v in vacancies if (m := score(seeker, v, today)) is not None)
    return heapq.nsmallest(k + offset, scored, key=order_key)[offset:]


def fits_for_broadcast(match: Match | None) -> bool:
    """A vacancy is broadcast to a seeker only when in scope and the trade matches or is related."""
    return match is not None and match.reasons[0] in ("skill", "related_skill")
