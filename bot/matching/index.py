"""The vacancy index: best vacancies for a seeker without scoring every vacancy.

VacancyIndex answers "best vacancies for this seeker". Every open vacancy is filed in buckets
keyed by (skill group, place): skill groups are each occupation, each category (key "cat."),
"*" (every vacancy naming occupations) and "-" (vacancies naming none); places are provinces
("44"), cities ("4401", or "4400" for a vacancy placed only at province level), "@JP" for a
foreign country and "?" for an unknown place. Inside a bucket vacancies are sorted by their
seeker-independent points (ranking.vacancy_part). A query opens one cursor per bucket the
seeker's skills and scope can reach (cities of the home province, whole provinces elsewhere),
bounds each cursor by the best skill and place points the bucket can give plus the next
vacancy's own points, and pops cursors best bound first, scoring each vacancy once with
ranking.score. It stops when the k-th best match beats every remaining bound, so the result
equals ranking.rank_all, ties included (score descending, vacancy id ascending).

Buckets keep vacancy ids in arrays to stay small. The reverse direction lives in broadcast.py.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date
from heapq import heapify, heappop, heappush, heapreplace
from itertools import count

from bot.matching.ranking import (
    PLACE_ABROAD_WANTED,
    PLACE_DESTINATION,
    PLACE_POINTS,
    SKILL_EXACT,
    SKILL_NEUTRAL,
    SKILL_RELATED,
    Match,
    SeekerFacts,
    VacancyFacts,
    category,
    destination_prefix,
    is_abroad,
    local_level,
    score,
    vacancy_part,
)

ALL = "*"
UNNAMED = "-"
UNKNOWN_PLACE = "?"
PROVINCE_PLACE = PLACE_POINTS[1]
CHINA_PLACE = PLACE_POINTS[0]


def _category_key(occupation: str) -> str:
    # The trailing dot keeps category keys apart from occupation codes, which have a slug.
    return category(occupation) + "."


def _skill_groups(vacancy: VacancyFacts) -> list[str]:
    if not vacancy.occupations:
        return [UNNAMED]
    occupations = list(dict.fromkeys(vacancy.occupations))
    return occupations + list(dict.fromkeys(map(_category_key, occupations))) + [ALL]


def _places(vacancy: VacancyFacts) -> tuple[str, str | None]:
    """Province-level and city-level bucket places of a vacancy."""
    if is_abroad(vacancy):
        return "@" + str(vacancy.country), None
    code = vacancy.region_code
    if code is None:
        return UNKNOWN_PLACE, None
    return code[:2], code[:4]


class _Bucket:
    """Vacancy ids sorted by (negated seeker-independent points, id)."""

    __slots__ = ("neg", "ids")

    def __init__(self) -> None:
        self.neg = array("d")
        self.ids = array("q")

    def _position(self, neg: float, vacancy_id: int) -> int:
        lo = bisect_left(self.neg, neg)
        return bisect_left(self.ids, vacancy_id, lo, bisect_right(self.neg, neg, lo))

    def insert(self, neg: float, vacancy_id: int) -> None:
        at = self._position(neg, vacancy_id)
        self.neg.insert(at, neg)
        self.ids.insert(at, vacancy_id)

    def delete(self, neg: float, vacancy_id: int) -> None:
        at = self._position(neg, vacancy_id)
        if at < len(self.ids) and self.ids[at] == vacancy_id:
            del self.neg[at]
            del self.ids[at]


class VacancyIndex:
    """Open vacancies bucketed by skill and place; build a new one when the date changes."""

    def __init__(self, vacancies: Iterable[VacancyFacts], today: date) -> None:
        self.today = today
        self._facts: dict[int, VacancyFacts] = {}
        self._buckets: dict[tuple[str, str], _Bucket] = {}
        self._cities: dict[str, set[str]] = {}
        self._china: set[str] = set()
        self._abroad: set[str] = set()
        # How many vacancies the last top() scored: the index's whole point, so it is observable.
        self.last_scored = 0
        rows: list[tuple[float, int]] = []
        for vacancy in vacancies:
            self._facts[vacancy.id] = vacancy
        for vacancy_id, vacancy in list(self._facts.items()):
            part = vacancy_part(vacancy, today)
            if part is None:
                del self._facts[vacancy_id]
            else:
                rows.append((-part[0], vacancy_id))
        # Filing in sorted order lets every bucket append instead of insert.
        rows.sort()
        for neg, vacancy_id in rows:
            for bucket in self._buckets_of(self._facts[vacancy_id]):
                bucket.neg.append(neg)
                bucket.ids.append(vacancy_id)

    def __len__(self) -> int:
        return len(self._facts)

    def __contains__(self, vacancy_id: object) -> bool:
        return vacancy_id in self._facts

    def facts(self, vacancy_id: int) -> VacancyFacts | None:
        """The facts an indexed vacancy was filed with."""
        return self._facts.get(vacancy_id)

    def _buckets_of(self, vacancy: VacancyFacts) -> list[_Bucket]:
        province, city = _places(vacancy)
        places = [province]
        if city is None:
            (self._abroad if province.startswith("@") else self._china).add(province)
        else:
            self._china.add(province)
            self._cities.setdefault(province, set()).add(city)
            places.append(city)
        buckets = self._buckets
        return [
            buckets.get(key) or buckets.setdefault(key, _Bucket())
            for group in _skill_groups(vacancy)
            for key in ((group, place) for place in places)
        ]

    def add(self, vacancy: VacancyFacts) -> None:
        """Index a new or changed vacancy (one that nobody may see is only removed)."""
        self.remove(vacancy.id)
        part = vacancy_part(vacancy, self.today)
        if part is None:
            return
        self._facts[vacancy.id] = vacancy
        for bucket in self._buckets_of(vacancy):
            bucket.insert(-part[0], vacancy.id)

    def remove(self, vacancy_id: int) -> bool:
        """Drop a vacancy; False when it was not indexed."""
        vacancy = self._facts.pop(vacancy_id, None)
        if vacancy is None:
            return False
        part = vacancy_part(vacancy, self.today)
        assert part is not None  # only visible vacancies are ever filed
        for bucket in self._buckets_of(vacancy):
            bucket.delete(-part[0], vacancy_id)
        return True

    def _seeker_places(self, seeker: SeekerFacts) -> list[tuple[str, int]]:
        """Bucket places the seeker's scope reaches, with the most place points each can give."""
        home, scope = seeker.region_code, seeker.scope
        places: list[tuple[str, int]] = []
        home_province = None
        if home is not None:
            home_province, home_city = home[:2], home[:4]
            cities = self._cities.get(home_province, set())
            if scope == "local" and local_level(home) == 2:
                cities = cities & {home_city}
            # The home city's bucket can give no more than the home code is precise: a seeker
            # known only by city never shares a county, one known by province never a city.
            precision = 1 if home[2:4] == "00" else 2 if home[4:] == "00" else 3
            best = PLACE_POINTS[precision]
            places += [(c, best if c == home_city else PROVINCE_PLACE) for c in cities]
        if home is None or scope not in ("local", "province"):
            places += [(p, CHINA_PLACE) for p in self._china if p != home_province]
        if scope == "overseas":
            places += [(p, PLACE_ABROAD_WANTED) for p in self._abroad]
        if seeker.destination is None:
            return places
        # A bucket that holds the destination, or lies within it, may give destination points:
        # an upper bound for the bucket (other places in it score less, never more).
        wanted = destination_prefix(seeker.destination)
        return [
            (p, PLACE_DESTINATION if p.startswith(wanted) or wanted.startswith(p) else points)
            for p, points in places
        ]

    def top(self, seeker: SeekerFacts, k: int = 10, offset: int = 0) -> list[Match]:
        """Best matches for the seeker, page [offset, offset + k), same as ranking.rank_all."""
        offset = max(offset, 0)
        need = k + offset
        if k <= 0:
            return []
        occupations = seeker.occupations
        if occupations:
            groups = [(o, SKILL_EXACT) for o in dict.fromkeys(occupations)]
            groups += [(c, SKILL_RELATED) for c in dict.fromkeys(map(_category_key, occupations))]
            groups += [(ALL, 0), (UNNAMED, SKILL_NEUTRAL)]
        else:
            groups = [(ALL, SKILL_NEUTRAL), (UNNAMED, SKILL_NEUTRAL)]
        places = self._seeker_places(seeker)
        tie = count()
        # Cursor: (negated bound of next vacancy, its id, tie, bucket bound, bucket, position).
        cursors = []
        buckets = self._buckets
        for group, skill in groups:
            for place, points in places:
                bucket = buckets.get((group, place))
                if bucket is not None and bucket.ids:
                    bound = float(skill + points)
                    cursors.append(
                        (bucket.neg[0] - bound, bucket.ids[0], next(tie), bound, bucket, 0)
                    )
        heapify(cursors)
        # Worst kept match at best[0]: (score, -id, match).
        best: list[tuple[float, int, Match]] = []
        seen: set[int] = set()
        facts, today = self._facts, self.today
        while cursors:
            neg_bound, vacancy_id, _, bound, bucket, at = cursors[0]
            if len(best) >= need:
                worst, worst_neg_id, _ = best[0]
                # Nothing left can beat the k-th best: bounds are exact upper limits, and
                # within a bucket equal bounds come in ascending id order.
                if neg_bound > -worst or (neg_bound == -worst and vacancy_id > -worst_neg_id):
                    break
            at += 1
            if at < len(bucket.ids):
                nxt = (bucket.neg[at] - bound, bucket.ids[at], next(tie), bound, bucket, at)
                heapreplace(cursors, nxt)
            else:
                heappop(cursors)
            if vacancy_id in seen:
                continue
            seen.add(vacancy_id)
            match = score(seeker, facts[vacancy_id], today)
            if match is None:
                continue
            entry = (match.score, -vacancy_id, match)
            if len(best) < need:
                heappush(best, entry)
            elif entry > best[0]:
                heapreplace(best, entry)
        self.last_scored = len(seen)
        best.sort(reverse=True)
        return [entry[2] for entry in best[offset:]]
