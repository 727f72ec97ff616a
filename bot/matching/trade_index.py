"""The trade index: every synonym, its pinyin and its sounds, built once from the taxonomy.

trades.py reads messages against it; keeping the building here keeps both modules short.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from bot.matching.chars import simplify
from bot.matching.homophones import SoundTable
from bot.matching.pinyin import fuzzy, is_han, joined, syllables
from bot.matching.regions import ethnic_forms, regions, short_forms
from bot.matching.taxonomy import trades

# Typo tolerance only for words long enough that one edit cannot turn a place or a name into a
# trade; "weldr" (5) is the shortest misspelling worth catching.
MIN_FUZZY_WORD = 5
# Phrases that contain a trade word but name something else; they match as "no trade" so the
# longer reading wins (水电费 is the utility bill, not 水电 the installer).
NOT_TRADES = ("水电费", "出国旅游", "出国留学", "出国旅行")

UNIT = re.compile(r"[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Keys never run across punctuation, only across spaces (spaced pinyin: "dian han").
BREAK = re.compile(r"[,，、;；。.!！?？/|()（）\[\]【】:：\n\t+&＆和及与]")


@dataclass(frozen=True, slots=True)
class Unit:
    start: int
    end: int
    text: str

    @property
    def han(self) -> bool:
        return self.text >= "\u3400"


@dataclass(frozen=True, slots=True)
class TradeIndex:
    exact: dict[str, tuple[str, ...]]  # compact key (汉字, english, pinyin) -> codes
    english: frozenset[str]  # exact keys that are English words (plural folding applies)
    sounds: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]  # "dian han gong" -> (key, codes)
    max_units: int
    fuzzy_latin: dict[int, tuple[str, ...]]  # word length -> Latin keys close enough in length
    all_latin: tuple[str, ...]
    all_han: tuple[str, ...]
    all_pinyin: tuple[str, ...]
    # Pinyin keys as a fuzzy-pinyin keyboard reads them (dianhang, cache -> 电焊, 叉车).
    sounds_latin: dict[str, tuple[str, ...]]


@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    # One output char per input char keeps spans aligned with the original message.
    if is_han(char):
        return simplify(char)
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed[:1] in "uU" and "\u0308" in decomposed:
        return "v"
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else char


def fold(text: str) -> str:
    return text.lower() if text.isascii() else "".join(fold_char(c) for c in text)


def compact(text: str) -> str:
    return "".join(UNIT.findall(fold(text)))


def char_sound(char: str) -> str:
    return syllables(char)[0]


def segments(folded: str) -> list[list[Unit]]:
    out: list[list[Unit]] = []
    pos = 0
    for cut in [*(m.start() for m in BREAK.finditer(folded)), len(folded)]:
        units = [
            Unit(m.start() + pos, m.end() + pos, m.group()) for m in UNIT.finditer(folded[pos:cut])
        ]
        if units:
            out.append(units)
        pos = cut + 1
    return out


@cache
def trade_index() -> TradeIndex:
    owners: dict[str, list[str]] = {}
    sounds: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    english: set[str] = set()
    han_keys: set[str] = set()
    pinyin_keys: set[str] = set()
    max_units = 1

    def own(key: str, code: str) -> None:
        if key and code not in owners.setdefault(key, []):
            owners[key].append(code)

    for t in trades():
        for phrase in (t.name_en, *t.synonyms_en):
            key = compact(phrase)
            own(key, t.code)
            english.add(key)
            max_units = max(max_units, len(UNIT.findall(fold(phrase))))
        for phrase in (t.name_zh, *t.synonyms_zh):
            key = compact(phrase)
            own(key, t.code)
            han_keys.add(key)
            max_units = max(max_units, len(key))
            han_only = all(c >= "\u3400" for c in key)
            readings = {tuple(syllables(key))}
            if han_only:
                # The homophone pass reads typed characters one by one, so index that reading too.
                readings.add(tuple(char_sound(c) for c in key))
            for reading in readings:
                max_units = max(max_units, len(reading))
                spelled = "".join(reading)
                # Typed pinyin writes ü as either v or u (lv / lu for 绿).
                for variant in {spelled, spelled.replace("v", "u")}:
                    own(variant, t.code)
                    pinyin_keys.add(variant)
                entries = sounds.setdefault(" ".join(reading), [])
                if han_only and (key, (t.code,)) not in entries:
                    entries.append((key, (t.code,)))
    for phrase in NOT_TRADES:
        owners[phrase] = []
    latin = sorted({k for k in owners if k.isascii() and k not in han_keys} - {""})
    # Pinyin keys stay out of typo matching in free text: pinyin names (zhangsan ~ zhangshao 掌勺)
    # and places sit one or two letters from them.
    fuzzy_pool = [k for k in latin if k in english]
    by_length = {
        n: tuple(k for k in fuzzy_pool if abs(len(k) - n) <= 2) for n in range(MIN_FUZZY_WORD, 40)
    }
    return TradeIndex(
        exact={k: tuple(v) for k, v in owners.items()},
        english=frozenset(english),
        sounds={k: tuple(v) for k, v in sounds.items() if v},
        max_units=max_units,
        fuzzy_latin=by_length,
        all_latin=tuple(latin),
        all_han=tuple(sorted(k for k in han_keys if not k.isascii())),
        all_pinyin=tuple(sorted(pinyin_keys)),
        sounds_latin=_fuzzy_keys(pinyin_keys, owners),
    )


@cache
def sound_table() -> SoundTable[tuple[str, ...]]:
    """The Chinese keys by sound, for words typed with a wrong character (瓦攻, 挖据机)."""
    idx = trade_index()
    return SoundTable((key, idx.exact[key]) for key in idx.all_han if idx.exact[key])


def _fuzzy_keys(keys: set[str], owners: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """Fuzzy-pinyin readings of the pinyin keys (exact keys are looked up before these)."""
    out: dict[str, list[str]] = {}
    for key in keys:
        sound = fuzzy(key)
        for code in owners.get(key, ()):
            if code not in out.setdefault(sound, []):
                out[sound].append(code)
    return {k: tuple(v) for k, v in out.items() if v}


@cache
def place_words() -> frozenset[str]:
    names: set[str] = set()
    for region in regions():
        names.add(region.name)
        names.update(short_forms(region.name, region.level) + ethnic_forms(region.name))
    return frozenset(names | {joined(name) for name in names})


@cache
def place_sounds() -> frozenset[str]:
    """Place names in pinyin as a fuzzy-pinyin keyboard reads them: jincang is 金昌 before 进厂."""
    return frozenset(fuzzy(word) for word in place_words() if word.isascii())


def inside_place(units: list[Unit], a: int, b: int) -> bool:
    # A trade word that is, or sits inside, a place name is the place: 路桥区, 保安族, and in
    # pinyin shi-jia-zhuang (家装), bao an (宝安), jin chang (金昌).
    if b < len(units) and units[b].text in ("族", "zu"):
        return True
    places = place_words()
    for lo in range(max(0, a - 5), a + 1):
        for hi in range(b, min(len(units), b + 3) + 1):
            if "".join(u.text for u in units[lo:hi]) in places:
                return True
    return False
