"""How far a seeker will go: local, province, country (anywhere in China) or overseas."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from bot.matching import pinyin
from bot.matching.countries import countries, resolve_country
from bot.matching.homophones import SoundTable
from bot.matching.places import find_places
from bot.matching.regions import SURNAMES

__all__ = ["SCOPES", "SCOPE_WORDS", "find_scopes", "reaching", "read_scope", "widest"]

SCOPES: tuple[str, ...] = ("local", "province", "country", "overseas")

SCOPE_WORDS: dict[str, tuple[str, ...]] = {
    "local": (
        "本地",
        "本县",
        "县内",
        "不出县",
        "当地",
        "附近",
        "家附近",
        "家门口",
        "离家近",
        "本市",
        "市内",
        "不出市",
        "local",
        "nearby",
        "near home",
        "close to home",
    ),
    "province": (
        "省内",
        "本省",
        "不出省",
        "省里头",
        "省里面",
        "in province",
        "in the province",
        "within province",
        "within the province",
        "same province",
    ),
    "country": (
        "省外",
        "外省",
        "出省",
        "跨省",
        "全国",
        "全国各地",
        "哪里都行",
        "去哪都行",
        "哪都行",
        "哪里都可以",
        "哪儿都行",
        "去哪里都行",
        "哪都去",
        "哪里都去",
        "去哪都可以",
        "去哪里都可以",
        "哪里都能去",
        "哪儿都能去",
        "哪都能去",
        "哪达都能去",
        "哪达都行",
        "哪达都去",
        "天南海北",
        "五湖四海",
        "看哪里有活",
        "哪里有活就去",
        "外地",
        "南方",
        "沿海",
        "anywhere",
        "nationwide",
        "other provinces",
        "other province",
        "out of province",
        "all over china",
        "anywhere in china",
        "the south",
        "south china",
        "coastal",
        "any province",
    ),
    "overseas": (
        "出国",
        "国外",
        "外国",
        "海外",
        "境外",
        "出国劳务",
        "外派劳务",
        "劳务输出国外",
        "abroad",
        "overseas",
        "go abroad",
        "foreign",
    ),
}

# Pinyin spellings of the longer Chinese words ("shengwai"), whole words only; two-syllable words
# that double as given names (南方 nanfang) are left out.
_ABROAD = "destination"  # an overseas hit that came from a country name, checked against places
_NO_PINYIN = frozenset(["南方", "沿海", "当地", "附近"])
# "不去外地", "不想出国": a negated wider scope says nothing about how far they will go.
_NEGATION = ("不想去", "不愿去", "不去", "不想", "不要", "不")
_WORD = re.compile(r"[a-z]+")
# A Chinese word standing alone between separators (生外, 全过 typed for 省外, 全国).
_HAN_WORD = re.compile(r"(?<![\u3400-\u9fff])[\u3400-\u9fff]{2,6}(?![\u3400-\u9fff])")
# Everyday names of destinations that are not the countries' table names; found inside sentences
# ("想去沙特干活"), where calling resolve_country on every substring would be far too slow.
_DESTINATIONS = re.findall(
    r"\w+",
    "沙特 迪拜 大马 马来 印尼 澳洲 狮城 南韩 俄国 外蒙 刚果 埃塞 巴新 孟加拉 利雅得 多哈 中东 非洲 欧洲 "
    "saudi dubai uae emirates korea burma",
)
# Weaker place readings are pinyin guesses ("japan" ~ 吉安), not a place the words spell out.
MIN_PLACE_SCORE = 75.0
MIN_TYPO = 6  # resolve_country forgives typos only from six letters on
MAX_PINYIN_WORDS = 4  # quan guo ge di


@cache
def _tables() -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    """(Chinese/English phrase regex, phrase -> scope, pinyin word -> scope)."""
    phrase: dict[str, str] = {}
    latin: dict[str, str] = {}
    for scope, words in SCOPE_WORDS.items():
        for word in words:
            phrase[word.lower()] = scope
            if not word.isascii() and word not in _NO_PINYIN:
                latin.setdefault(pinyin.joined(word), scope)
    # Country names found anywhere in a sentence ("想去沙特干活") imply overseas work.
    names = [n for c in countries() for n in (c.name_zh, c.name_en.lower())] + _DESTINATIONS
    for name in names:
        name = unicodedata.normalize("NFKC", name)
        if len(name) >= 2:
            phrase.setdefault(name, _ABROAD)
    parts = []
    for word in sorted(phrase, key=len, reverse=True):
        escaped = re.escape(word)
        parts.append(rf"\b{escaped}\b" if word.isascii() else escaped)
    return re.compile("|".join(parts)), phrase, latin


def _negated(low: str, start: int) -> bool:
    return any(low.endswith(n, 0, start) for n in _NEGATION)


def find_scopes(text: str) -> list[tuple[int, int, str]]:
    """Scope words in a message as (start, end, scope), in reading order; text should be normalised."""
    if not text:
        return []
    pattern, phrase, latin = _tables()
    low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    found: list[tuple[int, int, str]] = []
    for m in pattern.finditer(low):
        scope = phrase[m.group()]
        if scope != "local" and scope != "province" and _negated(low, m.start()):
            continue
        found.append((m.start(), m.end(), scope))
    taken = [(s, e) for s, e, _ in found]
    words = list(_WORD.finditer(low))
    i = 0
    while i < len(words):
        m = words[i]
        if any(s < m.end() and m.start() < e for s, e in taken):
            i += 1
            continue
        hit = _pinyin_scope(low, words, i, latin)
        if hit:
            end, scope = hit
            found.append((m.start(), words[end - 1].end(), scope))
            i = end
            continue
        word = m.group()
        # A misspelt country ("Malaysa") as a whole Latin word.
        if len(word) >= MIN_TYPO and not pinyin.is_pinyin(word) and resolve_country(word):
            found.append((m.start(), m.end(), _ABROAD))
        i += 1
    found += _sound_alikes(low, found)
    if found:
        found = _not_places(text, found)
    found.sort()
    return found


@cache
def sound_table() -> SoundTable[str]:
    """The scope words by sound, for homophone typos (生外, 全过)."""
    return SoundTable((w, scope) for scope, words in SCOPE_WORDS.items() for w in words)


def _sound_alikes(low: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Scope words typed with a wrong character of the right sound, as words of their own (生外,
    省歪, 全过, 本的), where no scope word was read."""
    out = []
    for m in _HAN_WORD.finditer(low):
        if any(s < m.end() and m.start() < e for s, e, _ in found):
            continue
        typed = m.group()
        # 闫海 and 严海 are people before they are 沿海 (a surname where the word has another).
        scopes = {
            s for w, s in sound_table().read(typed) if typed[0] == w[0] or typed[0] not in SURNAMES
        }
        if len(scopes) == 1:
            out.append((m.start(), m.end(), scopes.pop()))
    return out


def _pinyin_scope(
    low: str, words: list[re.Match[str]], i: int, latin: dict[str, str]
) -> tuple[int, str] | None:
    """A scope word in pinyin at word i, spaced or not (sheng wai, shengwai), as (end word, scope)."""
    for end in range(min(len(words), i + MAX_PINYIN_WORDS), i, -1):
        gaps = (
            low[a.end() : b.start()] for a, b in zip(words[i:end], words[i + 1 : end], strict=False)
        )
        if any(gap.strip() for gap in gaps):
            continue
        scope = latin.get("".join(w.group() for w in words[i:end]))
        if scope:
            return end, scope
    return None


def _not_places(text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Hits inside a Chinese place name (蒙古 in 内蒙古, 海外 in 上海外滩) are dropped."""
    places = [(s, e) for s, e, cands in find_places(text) if cands[0].score >= MIN_PLACE_SCORE]
    out = []
    for start, end, scope in found:
        # "甘肃省外": the place's own suffix character may begin a scope word.
        # 天南海北 holds 南海 whole: the longer words win.
        inside = [
            (s, e)
            for s, e in places
            if s < end
            and start < e
            and not (text[start] in "省市县" and e == start + 1)
            and not (start <= s and e <= end and e - s < end - start)
        ]
        if not inside:
            out.append((start, end, "overseas" if scope == _ABROAD else scope))
    return out


def widest(scopes: list[str]) -> str | None:
    """The widest of several scopes ("省内省外都行" -> country), or None for none."""
    known = [s for s in scopes if s in SCOPES]
    return max(known, key=SCOPES.index) if known else None


def reaching(home: str | None, destination: str) -> str:
    """The narrowest scope from `home` that reaches `destination` (a division or country code)."""
    if not destination.isdigit():
        return "overseas"
    if home is None or home[:2] != destination[:2]:
        return "country"
    same_city = home[2:4] != "00" and home[:4] == destination[:4]
    return "local" if same_city else "province"


def read_scope(text: str) -> str | None:
    """The scope a short answer names ("省外", "shengwai", "abroad", "沙特"), else None."""
    found = [s for _, _, s in find_scopes(text)]
    if not found and text.strip():
        country = resolve_country(text.strip())
        return "overseas" if country is not None else None
    return widest(found)
