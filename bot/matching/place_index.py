"""The place index: every division's names, short forms and pinyin spellings, built once.

places.py reads text against it; keeping the building here keeps both modules short.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

from bot.matching import pinyin
from bot.matching.homophones import SoundTable
from bot.matching.near import NearWords
from bot.matching.regions import ENGLISH_NAMES, Region, ethnic_forms, regions, short_forms

# Pinyin cannot tell 丰县 from 奉贤 (both fengxian), so full and short pinyin score alike.
FULL, SHORT, PINYIN, ENGLISH = 100.0, 96.0, 90.0, 92.0
# Wrong characters of the right sound (兰洲, 静远): below every reading of the characters typed.
HOMOPHONE = 80.0

Entries = tuple[tuple[Region, float], ...]


# Compared and hashed by identity: there is one, and look-ups cache results against it.
@dataclass(frozen=True, slots=True, eq=False)
class PlaceIndex:
    han: dict[str, Entries]
    latin: dict[str, Entries]
    # The same keys as a fuzzy-pinyin keyboard reads them (lanzhou -> lanzou), see pinyin.fuzzy.
    sounds: dict[str, Entries]
    han_heads: frozenset[str]
    han_max: int
    latin_max: int


def _add(table: dict[str, dict[str, tuple[Region, float]]], key: str, region: Region, score: float):
    if not key:
        return
    slot = table.setdefault(key, {})
    if region.code not in slot or slot[region.code][1] < score:
        slot[region.code] = (region, score)


# Characters whose place-name reading people often write either way (朝阳 chaoyang/zhaoyang, 六安
# lu'an/liu'an, 长治, 重庆, 乐亭, 厦门, 蚌埠, 番禺, 铅山, 单县, 莘县, 涡阳, 黄陂, 尉氏). A short
# list on purpose: pypinyin's full heteronym table holds rare readings (郴 "lan") that would make
# 兰州 and 郴州 namesakes.
_BOTH_READINGS = {
    "朝": ("chao", "zhao"),
    "六": ("lu", "liu"),
    "长": ("chang", "zhang"),
    "重": ("chong", "zhong"),
    "乐": ("le", "yue"),
    "厦": ("xia", "sha"),
    "蚌": ("beng", "bang"),
    "番": ("pan", "fan"),
    "铅": ("yan", "qian"),
    "单": ("shan", "dan"),
    "莘": ("shen", "xin"),
    "涡": ("guo", "wo"),
    "陂": ("pi", "po"),
    "尉": ("yu", "wei"),
    # pypinyin reads 都兰, 都匀 as dou and 伽师 as ga; the places are Dulan, Duyun, Jiashi.
    "都": ("du", "dou"),
    "伽": ("jia", "ga"),
}
# The reading a place name has where pypinyin gives another one (see _BOTH_READINGS).
PLACE_READINGS = {"都": "du", "伽": "jia"}


def _pinyin_keys(text: str, name: str) -> set[str]:
    """Pinyin spellings of a name or short form: its reading inside the full name, and both
    readings of the characters in _BOTH_READINGS (pypinyin reads 朝阳 alone as zhaoyang)."""
    context = (
        pinyin.syllables(name)[: len(text)] if name.startswith(text) else pinyin.syllables(text)
    )
    if len(context) != len(text):
        return {pinyin.joined(text)}
    options = [
        _BOTH_READINGS.get(char, (sound,)) for char, sound in zip(text, context, strict=True)
    ]
    return {pinyin.joined(text)} | {"".join(combo) for combo in itertools.product(*options)}


@cache
def place_index() -> PlaceIndex:
    han: dict[str, dict[str, tuple[Region, float]]] = {}
    latin: dict[str, dict[str, tuple[Region, float]]] = {}
    table = regions()
    for region in table:
        _add(han, region.name, region, FULL)
        for key in _pinyin_keys(region.name, region.name):
            _add(latin, key, region, PINYIN)
        for form in short_forms(region.name, region.level) + ethnic_forms(region.name):
            _add(han, form, region, SHORT)
            for key in _pinyin_keys(form, region.name):
                _add(latin, key, region, PINYIN)
    for code, names in ENGLISH_NAMES.items():
        region = table.get(code)
        if region is not None:
            for name in names:
                _add(latin, pinyin.fold_latin(name), region, ENGLISH)
    sounds: dict[str, dict[str, tuple[Region, float]]] = {}
    for key, slot in latin.items():
        for region, score in slot.values():
            _add(sounds, pinyin.fuzzy(key), region, score)
    return PlaceIndex(
        han={k: tuple(v.values()) for k, v in han.items()},
        latin={k: tuple(v.values()) for k, v in latin.items()},
        sounds={k: tuple(v.values()) for k, v in sounds.items()},
        han_heads=frozenset(k[:2] for k in han),
        han_max=max(map(len, han)),
        latin_max=max(map(len, latin)),
    )


@cache
def near_index() -> tuple[NearWords, NearWords]:
    """Typo look-ups over the pinyin keys and their fuzzy readings, built on the first misspelling
    (most messages never need them)."""
    index = place_index()
    return NearWords(index.latin), NearWords(index.sounds)


@cache
def sound_index() -> SoundTable[Entries]:
    """The Chinese names and short forms by their sound, for homophone typos (兰洲 -> 兰州), built
    on the first one (most messages never need it)."""
    return SoundTable(place_index().han.items())
