"""The seeker index: who should hear about a vacancy (broadcasts), without scanning everyone.

SeekerIndex answers "who should hear about this vacancy" for broadcasts: seekers whose
occupation or category matches, inside their scope. Inverted lists map each occupation and
each category to seekers grouped by home province; each group is sorted by home code, so the
same county and same city are contiguous ranges found by bisection, and seekers elsewhere in
China come from a pre-filtered list of those willing to go anywhere. Every seeker in such a
range gets the same place points, so scores are computed per range, not per seeker.

Array-backed columns (8-byte ids, 4-byte codes, 1-byte scopes) keep a million seekers small.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from datetime import date
from itertools import compress, repeat

from bot.matching.ranking import (
    PLACE_ABROAD_WANTED,
    PLACE_POINTS,
    SKILL_EXACT,
    SKILL_RELATED,
    SeekerFacts,
    VacancyFacts,
    category,
    combine,
    is_abroad,
    local_level,
    vacancy_part,
)

LOCAL, PROVINCE, COUNTRY, OVERSEAS = range(4)


def _seeker_row(seeker: SeekerFacts) -> tuple[str, int, int]:
    """(province key, home code as int, effective scope) of a seeker."""
    home, scope = seeker.region_code, seeker.scope
    if home is None:
        return "", 0, OVERSEAS if scope == "overseas" else COUNTRY
    if scope == "local":
        effective = LOCAL if local_level(home) == 2 else PROVINCE
    else:
        effective = {"province": PROVINCE, "overseas": OVERSEAS}.get(scope or "", COUNTRY)
    return home[:2], int(home), effective


class _Rows:
    """Seekers of one skill key and home province, sorted by (home code, id)."""

    __slots__ = ("ids", "codes", "scopes", "wide", "abroad")

    def __init__(self) -> None:
        self.ids = array("q")
        self.codes = array("i")
        self.scopes = array("b")
        self.wide = array("q")  # willing to work anywhere in China, sorted
        self.abroad = array("q")  # willing to work abroad, sorted

    def append(self, seeker_id: int, code: int, scope: int) -> None:
        self.ids.append(seeker_id)
        self.codes.append(code)
        self.scopes.append(scope)
        if scope >= COUNTRY:
            self.wide.append(seeker_id)
        if scope == OVERSEAS:
            self.abroad.append(seeker_id)

    def finish(self) -> None:
        ids, codes, scopes = self.ids, self.codes, self.scopes
        order = sorted(range(len(ids)), key=lambda i: (codes[i], ids[i]))
        self.ids = array("q", [ids[i] for i in order])
        self.codes = array("i", [codes[i] for i in order])
        self.scopes = array("b", [scopes[i] for i in order])
        self.wide = array("q", sorted(self.wide))
        self.abroad = array("q", sorted(self.abroad))

    def _position(self, seeker_id: int, code: int) -> int:
        lo = bisect_left(self.codes, code)
        return bisect_left(self.ids, seeker_id, lo, bisect_right(self.codes, code, lo))

    def insert(self, seeker_id: int, code: int, scope: int) -> None:
        at = self._position(seeker_id, code)
        self.ids.insert(at, seeker_id)
        self.codes.insert(at, code)
        self.scopes.insert(at, scope)
        if scope >= COUNTRY:
            insort(self.wide, seeker_id)
        if scope == OVERSEAS:
            insort(self.abroad, seeker_id)

    def delete(self, seeker_id: int, code: int) -> None:
        at = self._position(seeker_id, code)
        if at < len(self.ids) and self.ids[at] == seeker_id:
            del self.ids[at], self.codes[at], self.scopes[at]
        for column in (self.wide, self.abroad):
            at = bisect_left(column, seeker_id)
            if at < len(column) and column[at] == seeker_id:
                del column[at]

    def split_home(self, code: int, county: set[int], city: set[int], province: set[int]) -> None:
        """Add this home province's seekers to the level sets for a vacancy at `code`."""
        codes, ids, scopes = self.codes, self.ids, self.scopes
        c_lo = c_hi = t_lo = t_hi = 0
        if code // 100 % 100:
            base = code // 100 * 100
            t_lo = bisect_left(codes, base)
            t_hi = bisect_left(codes, base + 100, t_lo)
            if code % 100:
                c_lo = bisect_left(codes, code, t_lo, t_hi)
                c_hi = bisect_right(codes, code, c_lo, t_hi)
            else:
                c_lo = c_hi = t_lo
        county.update(ids[c_lo:c_hi])
        city.update(ids[t_lo:c_lo])
        city.update(ids[c_hi:t_hi])
        # Elsewhere in the province: everyone but those who stay in their home city.
        for lo, hi in ((0, t_lo), (t_hi, len(ids))):
            province.update(compress(ids[lo:hi], map(LOCAL.__ne__, scopes[lo:hi])))


def _keys(seeker: SeekerFacts) -> tuple[list[str], list[str]]:
    occupations = list(dict.fromkeys(seeker.occupations))
    return occupations, list(dict.fromkeys(map(category, occupations)))


class SeekerIndex:
    """Seekers by occupation and category, then home province, for broadcast targeting."""

    def __init__(self, seekers: Iterable[SeekerFacts]) -> None:
        self._exact: dict[str, dict[str, _Rows]] = {}
        self._related: dict[str, dict[str, _Rows]] = {}
        self._count = 0
        for seeker in seekers:
            for rows in self._rows_of(seeker):
                rows.append(seeker.id, *_seeker_row(seeker)[1:])
            self._count += 1
        for table in (self._exact, self._related):
            for by_province in table.values():
                for rows in by_province.values():
                    rows.finish()

    def __len__(self) -> int:
        return self._count

    def _rows_of(self, seeker: SeekerFacts) -> list[_Rows]:
        province = _seeker_row(seeker)[0]
        occupations, categories = _keys(seeker)
        return [
            table.setdefault(key, {}).get(province) or table[key].setdefault(province, _Rows())
            for table, keys in ((self._exact, occupations), (self._related, categories))
            for key in keys
        ]

    def add(self, seeker: SeekerFacts) -> None:
        """Index a new seeker (remove the old facts first when a seeker changes)."""
        _, code, scope = _seeker_row(seeker)
        for rows in self._rows_of(seeker):
            rows.insert(seeker.id, code, scope)
        self._count += 1

    def remove(self, seeker: SeekerFacts) -> None:
        """Unindex a seeker, given the facts it was indexed with."""
        _, code, _ = _seeker_row(seeker)
        for rows in self._rows_of(seeker):
            rows.delete(seeker.id, code)
        self._count -= 1

    def _by_place(
        self, vacancy: VacancyFacts, tables: list[dict[str, _Rows]]
    ) -> list[tuple[int, set[int]]]:
        """(place points, seeker ids) for every place level, seekers out of scope left out."""
        if is_abroad(vacancy):
            abroad: set[int] = set()
            for by_province in tables:
                for rows in by_province.values():
                    abroad.update(rows.abroad)
            return [(PLACE_ABROAD_WANTED, abroad)]
        there = vacancy.region_code
        province_key = there[:2] if there else None
        levels: list[set[int]] = [set(), set(), set(), set()]
        for by_province in tables:
            for key, rows in by_province.items():
                if key == province_key:
                    rows.split_home(int(str(there)), levels[3], levels[2], levels[1])
                else:
                    levels[0].update(rows.wide)
        return list(zip(PLACE_POINTS, levels, strict=True))

    def seekers_for(
        self, vacancy: VacancyFacts, limit: int | None = None, *, today: date | None = None
    ) -> list[tuple[int, float]]:
        """Seekers the vacancy fits (trade or category, in scope), best first with scores."""
        part = vacancy_part(vacancy, today or date.today())
        if part is None or not vacancy.occupations or (limit is not None and limit <= 0):
            return []
        occupations = list(dict.fromkeys(vacancy.occupations))
        categories = list(dict.fromkeys(map(category, occupations)))
        exact = self._by_place(vacancy, [self._exact[o] for o in occupations if o in self._exact])
        related = self._by_place(
            vacancy, [self._related[c] for c in categories if c in self._related]
        )
        matched: set[int] = set().union(*(ids for _, ids in exact))
        by_score: dict[float, set[int]] = {}
        for skill, groups in ((SKILL_EXACT, exact), (SKILL_RELATED, related)):
            for points, ids in groups:
                if skill != SKILL_EXACT:
                    ids -= matched
                if ids:
                    by_score.setdefault(combine(skill, points, part[0]), set()).update(ids)
        result: list[tuple[int, float]] = []
        for value in sorted(by_score, reverse=True):
            result.extend(zip(sorted(by_score[value]), repeat(value)))
            if limit is not None and len(result) >= limit:
                return result[:limit]
        return result
