"""Misspelt and fuzzy-pinyin place names: the candidates a worker can pick from, best first.

A worker on a basic phone writes 兰州 as lanzou (z/zh), 金昌 as jincang (c/ch), 会宁 as huinng (a
letter dropped). Two tables of the place index answer: the pinyin keys themselves, within one or
two edits, and the same keys as a fuzzy-pinyin keyboard reads them (pinyin.fuzzy). Only keys of
similar length are compared, through the index (near.py), never every place.
"""

from __future__ import annotations

from functools import lru_cache

from bot.matching import pinyin
from bot.matching.place_index import PlaceIndex, near_index
from bot.matching.regions import Region

__all__ = ["FUZZY_STEP", "MIN_TYPO", "spell"]

Found = dict[str, tuple[Region, float, str]]

FUZZY_STEP = 12.0  # score lost per edit
# A fuzzy-pinyin reading (lanzou for lanzhou) scores like one edit, so that the existing rankings
# of plain typos stay put, but goes first among equals: it is what the keyboard would have offered.
SOUND_COST = 1.0
SOUND_ORDER = -0.5
# People rarely get the first letter wrong; among equals, a candidate that differs there goes last.
FIRST_LETTER_ORDER = 0.5
MIN_TYPO = 3
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {
    a: {row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)}
    for row in _ROWS
    for i, a in enumerate(row)
}
# Order among candidates of equal score: lower goes first.
Order = dict[str, float]


def _limit(query: str) -> int:
    return 1 if len(query) <= 4 else 2


def _order(typed: str, key: str) -> float:
    """Tie-break among equal edits: a neighbouring key slipped is likelier, a wrong first letter less."""
    order = FIRST_LETTER_ORDER if typed[:1] != key[:1] else 0.0
    if len(typed) == len(key):
        slips = [(a, b) for a, b in zip(typed, key, strict=True) if a != b]
        if len(slips) == 1 and slips[0][1] in _NEIGHBOURS.get(slips[0][0], ()):
            order -= 0.25
    return order


def _put(found: Found, order: Order, region: Region, score: float, key: str, rank: float) -> None:
    seen = found.get(region.code)
    if seen is None or seen[1] < score or (seen[1] == score and order[region.code] > rank):
        found[region.code] = (region, score, key)
        order[region.code] = rank


def spell(
    query: str, index: PlaceIndex, *, edits: bool = True, missed_only: bool = False
) -> tuple[Found, Order]:
    """Places query may be a misspelling of, with their order among equals.

    edits=False keeps only fuzzy-pinyin readings; missed_only keeps, of the edits, only names
    the query has dropped a letter of (jiayugan for jiayuguan). Callers get their own copies.
    """
    found, order = _spelt(query, index, edits, missed_only)
    return dict(found), dict(order)


@lru_cache(maxsize=8192)
def _spelt(query: str, index: PlaceIndex, edits: bool, missed_only: bool) -> tuple[Found, Order]:
    # Workers' words repeat (the same county, the same trade): a typo is worked out once.
    found: Found = {}
    order: Order = {}
    if len(query) < MIN_TYPO:
        return found, order
    sound = pinyin.fuzzy(query)
    for region, score in index.sounds.get(sound, ()):
        _put(found, order, region, score - FUZZY_STEP * SOUND_COST, sound, SOUND_ORDER)
    if not edits:
        return found, order
    if missed_only:
        for key in near_index()[0].missing_one(query):
            for region, score in index.latin[key]:
                _put(found, order, region, score - FUZZY_STEP, key, _order(query, key))
        return found, order
    limit = _limit(query)
    for key, slips in near_index()[0].near(query, limit):
        for region, score in index.latin[key]:
            _put(found, order, region, score - FUZZY_STEP * slips, key, _order(query, key))
    for key, slips in near_index()[1].near(sound, limit):
        cost = SOUND_COST + slips
        for region, score in index.sounds[key]:
            _put(found, order, region, score - FUZZY_STEP * cost, key, _order(sound, key))
    return found, order
