"""Resolve place text (Chinese, pinyin, English; full, short or with parents) to GB/T 2260 regions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.matching import pinyin
from bot.matching.chars import simplify
from bot.matching.place_index import (
    HOMOPHONE,
    PINYIN,
    Entries,
    PlaceIndex,
    place_index,
    sound_index,
)
from bot.matching.place_typos import FUZZY_STEP, Order, spell
from bot.matching.regions import (
    FREE_TEXT_STOPWORDS,
    SURNAMES,
    Region,
)
from bot.matching.trade_index import trade_index

__all__ = ["PlaceCandidate", "exact_place", "find_places", "resolve_place"]

# A name is read as the higher unit when that unit encloses the other (白银 -> 白银市 over 白银区)
# or is a province (河南 -> 河南省 over 青海 河南县); unrelated namesakes stay tied.
LEVEL_PENALTY = 6.0
SPAN_FALLBACK = 0.9
MAX_INPUT = 200  # a place answer is short; longer text is only scanned by find_places
MAX_MESSAGE = 2000
# Misspelt places in a free message: at least two syllables, spaced over at most three words, and
# no more readings than a reply can offer as numbered choices.
MIN_SPELT = 5
MAX_SPELT_WORDS = 3
LONG_SPELT = 6
MAX_CHOICES = 6  # two SMS segments are far shorter; the rest of a pasted essay is ignored
# A homophone place is read as a word of its own, or after a word that leads to a place (想去深训,
# 我是静远的) and before one that follows it.
MAX_SOUND_CHARS = 5
_BEFORE_PLACE = frozenset("去到是在往")
_AFTER_PLACE = frozenset("的人")

_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]"
_LATIN = r"[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]+"
_TOKEN = re.compile(f"{_HAN}|{_LATIN}")
# English words around a place name that carry no place ("Gansu Province", "Lanzhou City").
_FILLER_TEXT = "province city county district prefecture autonomous region sar municipality"
FILLER_WORDS = frozenset(_FILLER_TEXT.split())


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    """A region the text may mean, with a 0..100 confidence."""

    region: Region
    score: float


# code -> (region, score, the key it was reached by); the level preference only applies
# between regions reached by the same key.
Found = dict[str, tuple[Region, float, str]]


@dataclass(frozen=True, slots=True)
class _Token:
    han: bool
    key: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        if len(word) == 1 and pinyin.is_han(word):
            out.append(_Token(True, simplify(word), m.start(), m.end()))
        else:
            key = pinyin.fold_latin(word)
            if key and key not in FILLER_WORDS:
                out.append(_Token(False, key, m.start(), m.end()))
    return out


def _matches(tokens: list[_Token], i: int, index: PlaceIndex) -> list[tuple[int, str, Entries]]:
    """Dictionary keys starting at token i, shortest first, as (end token, key, entries)."""
    first = tokens[i]
    if first.han:
        if i + 1 >= len(tokens) or first.key + tokens[i + 1].key not in index.han_heads:
            return []
        table, limit = index.han, index.han_max
    else:
        table, limit = index.latin, index.latin_max
    found = []
    key = ""
    for j in range(i, len(tokens)):
        if tokens[j].han != first.han:
            break
        key += tokens[j].key
        if len(key) > limit:
            break
        entries = table.get(key)
        if entries:
            found.append((j + 1, key, entries))
    return found


def _within(region: Region, parents: Iterable[Region]) -> bool:
    return any(region.is_within(p) for p in parents)


def _put(found: Found, region: Region, score: float, key: str) -> None:
    if region.code not in found or found[region.code][1] < score:
        found[region.code] = (region, score, key)


def _ranked(found: Found, order: Order | None = None) -> list[PlaceCandidate]:
    """Apply the level preference and sort best first (ties: `order` of a misspelling, higher
    level, then code)."""
    order = order or {}
    by_key: dict[str, list[tuple[Region, float]]] = {}
    for region, score, key in found.values():
        by_key.setdefault(key, []).append((region, score))
    out = []
    for items in by_key.values():
        for region, score in items:
            beaten = any(
                other_score >= score
                and (region.is_within(other) or (other.level == "province" != region.level))
                for other, other_score in items
            )
            out.append(PlaceCandidate(region, score - LEVEL_PENALTY if beaten else score))
    out.sort(key=lambda c: (-c.score, order.get(c.region.code, 0.0), c.region.rank, c.region.code))
    return out


def _complete(tokens: list[_Token], index: PlaceIndex) -> Found:
    """Every reading of the whole token list as a chain of nested places (甘肃 白银 会宁)."""
    memo: dict[tuple[int, str], Found] = {}

    def walk(i: int, parent: Region | None) -> Found:
        memo_key = (i, parent.code if parent else "")
        if memo_key in memo:
            return memo[memo_key]
        result: Found = {}
        for end, key, entries in _matches(tokens, i, index):
            for region, score in entries:
                if parent is not None and not region.is_within(parent):
                    continue
                if end == len(tokens):
                    _put(result, region, score, key)
                    continue
                for last, tail_score, last_key in walk(end, region).values():
                    _put(result, last, min(score, tail_score), last_key)
        memo[memo_key] = result
        return result

    return walk(0, None) if tokens else {}


def resolve_place(text: str) -> list[PlaceCandidate]:
    """Regions the text may name, best first; every namesake is listed when ambiguous."""
    if not text or len(text) > MAX_INPUT:
        return []
    index = place_index()
    tokens = _tokens(text)
    if not tokens:
        return []
    found = _complete(tokens, index)
    order: Order = {}
    if not any(t.han for t in tokens):
        # Sound-alikes are offered after an exact pinyin name too: jinyuan is 晋源, and also what
        # a worker from 靖远 types when the keyboard does not tell in from ing.
        typed = "".join(t.key for t in tokens)
        spelt, order = spell(typed, index, edits=not found)
        for code, item in spelt.items():
            found.setdefault(code, item)
    if found:
        return _ranked(found, order)
    spans = find_places(text)
    if not spans:
        return []
    _start, _end, candidates = max(spans, key=lambda s: s[1] - s[0])
    return [PlaceCandidate(c.region, c.score * SPAN_FALLBACK) for c in candidates]


def exact_place(text: str) -> list[Region]:
    """Regions whose name (full, short, with parents, or exact pinyin) is exactly the text."""
    if not text or len(text) > MAX_INPUT:
        return []
    tokens = _tokens(text)
    ranked = _ranked(_complete(tokens, place_index())) if tokens else []
    return [c.region for c in ranked if c.score == ranked[0].score]


def _extend(tokens: list[_Token], end: int, found: Found, index: PlaceIndex) -> tuple[int, Found]:
    """Follow a match with places nested in it (白银 会宁 -> 会宁县), keeping the longest chain."""
    best_end, best = end, found
    if end >= len(tokens):
        return best_end, best
    parents = [(region, score) for region, score, _ in found.values()]
    for nxt, key, entries in reversed(_matches(tokens, end, index)):
        inner: Found = {}
        for region, score in entries:
            for parent, parent_score in parents:
                if region.is_within(parent):
                    _put(inner, region, min(score, parent_score), key)
        if inner:
            chain_end, chain = _extend(tokens, nxt, inner, index)
            if chain_end > best_end:
                best_end, best = chain_end, chain
    return best_end, best


def _looks_like_name(tokens: list[_Token], i: int, end: int) -> bool:
    """A surname plus a bare two-character stem standing alone ("王永昌") is a person."""
    if i == 0 or end - i != 2 or tokens[i - 1].key not in SURNAMES:
        return False
    surname = tokens[i - 1]
    before = tokens[i - 2] if i >= 2 else None
    after = tokens[end] if end < len(tokens) else None
    alone_before = before is None or not before.han or before.end != surname.start
    alone_after = after is None or not after.han or after.start != tokens[end - 1].end
    return alone_before and alone_after


def _acceptable(tokens: list[_Token], i: int, end: int, key: str) -> bool:
    """Whether a bare match (no parent/child chain) is trusted inside a free message."""
    if key in FREE_TEXT_STOPWORDS:
        return False
    if not tokens[i].han:
        return len(key) >= 4
    return not _looks_like_name(tokens, i, end)


def _typo_span(
    tokens: list[_Token], i: int, index: PlaceIndex
) -> tuple[int, list[PlaceCandidate]] | None:
    """A misspelt or fuzzy-pinyin place at token i, spaced or not ("lan zou"), as (end, found)."""
    if tokens[i].han:
        return None
    for end in range(min(len(tokens), i + MAX_SPELT_WORDS), i, -1):
        if any(t.han for t in tokens[i:end]):
            continue
        typed = "".join(t.key for t in tokens[i:end])
        if len(typed) < MIN_SPELT:
            continue
        # A word that is itself valid pinyin (dianhan, zhangsan) is only read as the place a
        # fuzzy-pinyin keyboard would have typed from it, or, when long, one missing a letter
        # (jiayugan); a word that is not pinyin (huinng) may be a letter or two off.
        alone = end == i + 1
        valid = pinyin.is_pinyin(typed)
        found, order = spell(
            typed, index, edits=alone and (len(typed) >= LONG_SPELT or not valid), missed_only=valid
        )
        close = _closest(found, order)
        if close:
            return end, close
    return None


def _adjacent(tokens: list[_Token], i: int) -> bool:
    """Token i is a Han character written right after the Han character before it."""
    return (
        0 < i < len(tokens)
        and tokens[i].han
        and tokens[i - 1].han
        and (tokens[i - 1].end == tokens[i].start)
    )


def _sound_span(tokens: list[_Token], i: int) -> tuple[int, list[PlaceCandidate]] | None:
    """Wrong characters of the right sound as a word of their own (兰洲, 林夏县, 去深训, 是静远的),
    as (end, found): a homophone inside a run of characters is too often a slice of other words."""
    if not tokens[i].han or (_adjacent(tokens, i) and tokens[i - 1].key not in _BEFORE_PLACE):
        return None
    last = i + 1
    while last < min(len(tokens), i + MAX_SOUND_CHARS) and _adjacent(tokens, last):
        last += 1
    for end in range(last, i + 1, -1):
        if _adjacent(tokens, end) and tokens[end].key not in _AFTER_PLACE:
            continue
        typed = "".join(t.key for t in tokens[i:end])
        if typed in trade_index().exact:
            continue  # 保安 is a guard, 海员 a seaman: words of their own, not 宝安 or 海原
        found: Found = {}
        for key, entries in sound_index().read(typed):
            for region, _score in entries:
                # Of namesakes by sound, the larger place is the likelier (新僵: 新疆, not 新绛县).
                _put(found, region, HOMOPHONE - region.rank, key)
        if found:
            return end, _ranked(found)[:MAX_CHOICES]
    return None


def _closest(found: Found, order: Order) -> list[PlaceCandidate]:
    """The best readings if one edit or less away, at most as many as a reply can offer."""
    best = max((score for _, score, _ in found.values()), default=0.0)
    if best < PINYIN - FUZZY_STEP:
        return []
    close = sorted(
        (item for item in found.values() if item[1] == best),
        key=lambda item: (order.get(item[0].code, 0.0), item[0].rank, item[0].code),
    )
    return [PlaceCandidate(region, score) for region, score, _ in close[:MAX_CHOICES]]


def find_places(text: str) -> list[tuple[int, int, list[PlaceCandidate]]]:
    """Place mentions in a free message as (start, end, candidates), longest match first."""
    if not text:
        return []
    index = place_index()
    tokens = _tokens(text[:MAX_MESSAGE])
    out: list[tuple[int, int, list[PlaceCandidate]]] = []
    i = 0
    while i < len(tokens):
        best: tuple[int, Found] | None = None
        for end, key, entries in reversed(_matches(tokens, i, index)):
            found: Found = {r.code: (r, s, key) for r, s in entries}
            chain_end, chain = _extend(tokens, end, found, index)
            if chain_end == end and not _acceptable(tokens, i, end, key):
                continue
            if best is None or chain_end > best[0]:
                best = (chain_end, chain)
        if best is not None:
            end, chain = best
            out.append((tokens[i].start, tokens[end - 1].end, _ranked(chain)))
            i = end
        elif sound := _sound_span(tokens, i):
            end, candidates = sound
            out.append((tokens[i].start, tokens[end - 1].end, candidates))
            i = end
        elif typo := _typo_span(tokens, i, index):
            end, candidates = typo
            out.append((tokens[i].start, tokens[end - 1].end, candidates))
            i = end
        else:
            i += 1
    return out
