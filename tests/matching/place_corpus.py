"""Deterministic corpus of place inputs for accuracy tests and benchmarks.

Every Gansu division plus a fixed-seed national sample, each written the ways seekers write
places: full name, short name, with its parent, pinyin (several typings) and misspelt pinyin.
"""

from __future__ import annotations

import random
import zlib
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from pypinyin import Style, lazy_pinyin

from bot.matching.pinyin import fold_latin, joined
from bot.matching.regions import Region, regions, short_forms

FORMS = ("full", "stem", "parent", "pinyin", "typo")
HOME_PROVINCE = "62"  # Gansu: the agency's home province, tested exhaustively
NATIONAL_SAMPLE = 300
SEED = 2260


@dataclass(frozen=True, slots=True)
class PlaceCase:
    """One input, the region it was written for, and every region the same words name.

    preferred: the namesakes a reader should put first: a name means the enclosing unit over
    the one inside it (白银 -> 白银市 before 白银区) and a province over anything else (河南).
    collision: a misspelling that is itself another place's name (jingyuan -> jinyuan 晋源).
    """

    form: str
    text: str
    code: str
    namesakes: frozenset[str]
    preferred: frozenset[str]
    collision: bool = False


def preferred(codes: frozenset[str]) -> frozenset[str]:
    """The namesakes not outranked by an enclosing namesake or a province namesake."""
    table = regions()
    found = [r for r in (table.get(c) for c in codes) if r is not None]
    return frozenset(
        r.code
        for r in found
        if not any(
            o.code != r.code and (r.is_within(o) or (o.level == "province" != r.level))
            for o in found
        )
    )


def _case(form: str, text: str, code: str, namesakes: frozenset[str], collision: bool = False):
    return PlaceCase(form, text, code, namesakes, preferred(namesakes), collision)


def _stem(region: Region) -> str:
    forms = short_forms(region.name, region.level)
    return forms[0] if forms else region.name


@cache
def _names_to_codes() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    # Truth for "which regions does this text name", built from the table, not the resolver.
    han: dict[str, set[str]] = defaultdict(set)
    latin: dict[str, set[str]] = defaultdict(set)
    for region in regions():
        for name in (region.name, *short_forms(region.name, region.level)):
            han[name].add(region.code)
            latin[joined(name)].add(region.code)
    return (
        {k: frozenset(v) for k, v in han.items()},
        {k: frozenset(v) for k, v in latin.items()},
    )


def _parent_case(region: Region) -> PlaceCase | None:
    table = regions()
    parent_code = region.ancestor_codes()[-1] if region.ancestor_codes() else None
    if parent_code is None:
        return None
    parent = table.get(parent_code)
    assert parent is not None
    # Alternate "白银会宁" and "白银市会宁县" so both styles are measured.
    child = _stem(region) if int(region.code) % 2 else region.name
    head = _stem(parent) if int(region.code) % 2 else parent.name
    han, _ = _names_to_codes()
    # 临夏临夏 is still two places (临夏州 临夏市 and 临夏县): namesakes inside the same parent.
    inside = frozenset(
        c for c in han[child] if (r := table.get(c)) is not None and r.is_within(parent)
    )
    return _case("parent", head + child, region.code, inside)


def _pinyin_text(region: Region) -> str:
    stem = _stem(region)
    style = int(region.code) % 4
    if style == 0:
        return joined(stem)
    if style == 1:
        return " ".join(s.capitalize() for s in lazy_pinyin(stem))
    if style == 2:
        return "".join(lazy_pinyin(stem, style=Style.TONE)).capitalize()
    return joined(stem).upper()


def _typo(word: str, salt: str) -> str:
    """One letter dropped or substituted at a position fixed by the salt."""
    h = zlib.crc32(salt.encode())
    pos = h % len(word)
    if (h >> 8) % 2:
        return word[:pos] + word[pos + 1 :]
    letters = "abcdefghijklmnopqrstuvwxyz"
    replacement = letters[(letters.index(word[pos]) + 1 + (h >> 16) % 25) % 26]
    return word[:pos] + replacement + word[pos + 1 :]


def sample_regions(sample: int = NATIONAL_SAMPLE, seed: int = SEED) -> list[Region]:
    """Every home-province division plus a fixed random sample of the rest."""
    everything = list(regions())
    home = [r for r in everything if r.code.startswith(HOME_PROVINCE)]
    rest = [r for r in everything if not r.code.startswith(HOME_PROVINCE)]
    return home + random.Random(seed).sample(rest, sample)


def build_corpus(sample: int = NATIONAL_SAMPLE, seed: int = SEED) -> list[PlaceCase]:
    """All forms for every sampled region."""
    han, latin = _names_to_codes()
    cases: list[PlaceCase] = []
    for region in sample_regions(sample, seed):
        cases.append(_case("full", region.name, region.code, han[region.name]))
        stem = _stem(region)
        if stem != region.name:
            cases.append(_case("stem", stem, region.code, han[stem]))
        parent = _parent_case(region)
        if parent:
            cases.append(parent)
        text = _pinyin_text(region)
        cases.append(_case("pinyin", text, region.code, latin[fold_latin(text)]))
        typo = _typo(joined(stem), region.code)
        if typo in latin:
            cases.append(_case("typo", typo, region.code, latin[typo], collision=True))
        else:
            cases.append(_case("typo", typo, region.code, latin[joined(stem)]))
    return cases
