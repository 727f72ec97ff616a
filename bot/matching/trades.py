"""Trade resolver: colloquial Chinese, pinyin, English and misspelt skill phrases -> occupation codes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.matching.pinyin import is_pinyin, joined, syllables
from bot.matching.regions import regions, short_forms
from bot.matching.taxonomy import Trade, trade, trades

__all__ = ["TradeCandidate", "find_trades", "normalise_skills", "resolve_trade"]

# A free message longer than a concatenated SMS is not a skills answer; refusing it keeps the
# worst case bounded for the one-shot reader.
MAX_MESSAGE = 1600
MAX_PHRASE = 80
# Homophone spotting inside a free message needs three syllables: two-syllable homophones hit
# real place names too often (宝安 is a district, 保安 a guard).
MIN_HOMOPHONE_SYLLABLES = 3
# Typo tolerance only for words long enough that one edit cannot turn a place or a name into a
# trade; "weldr" (5) is the shortest misspelling worth catching.
MIN_FUZZY_WORD = 5
_STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "about also and been can could from have having with would years register zhuce jobs "
        "help start stop apply please hello thanks english",
    )
)

# Phrases that contain a trade word but name something else; they match as "no trade" so the
# longer reading wins (水电费 is the utility bill, not 水电 the installer).
_NOT_TRADES = ("水电费", "出国旅游", "出国留学", "出国旅行")

_UNIT = re.compile(r"[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Keys never run across punctuation, only across spaces (spaced pinyin: "dian han").
_BREAK = re.compile(r"[,，、;；。.!！?？/|()（）\[\]【】:：\n\t+&＆和及与]")
_SKILL_SPLIT = re.compile(r"[,，、;；。/|\n]+")
_CODE = re.compile(r"\b[a-z]+\.[a-z_]+\b")


@dataclass(frozen=True, slots=True)
class TradeCandidate:
    """A trade the text may mean, scored 0..100 (100: an exact synonym)."""

    trade: Trade
    score: float


@dataclass(frozen=True, slots=True)
class _Unit:
    start: int
    end: int
    text: str

    @property
    def han(self) -> bool:
        return self.text >= "\u3400"


@dataclass(frozen=True, slots=True)
class _Index:
    exact: dict[str, tuple[str, ...]]  # compact key (汉字, english, pinyin) -> codes
    english: frozenset[str]  # exact keys that are English words (plural folding applies)
    sounds: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]  # "dian han gong" -> (key, codes)
    max_units: int
    fuzzy_latin: dict[int, tuple[str, ...]]  # word length -> Latin keys close enough in length
    all_latin: tuple[str, ...]
    all_han: tuple[str, ...]
    all_pinyin: tuple[str, ...]


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    # One output char per input char keeps spans aligned with the original message.
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed[:1] in "uU" and "\u0308" in decomposed:
        return "v"
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else char


def _fold(text: str) -> str:
    return text.lower() if text.isascii() else "".join(_fold_char(c) for c in text)


def _compact(text: str) -> str:
    return "".join(_UNIT.findall(_fold(text)))


def _char_sound(char: str) -> str:
    return syllables(char)[0]


def _segments(folded: str) -> list[list[_Unit]]:
    out: list[list[_Unit]] = []
    pos = 0
    for cut in [*(m.start() for m in _BREAK.finditer(folded)), len(folded)]:
        units = [
            _Unit(m.start() + pos, m.end() + pos, m.group())
            for m in _UNIT.finditer(folded[pos:cut])
        ]
        if units:
            out.append(units)
        pos = cut + 1
    return out


@cache
def _index() -> _Index:
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
            key = _compact(phrase)
            own(key, t.code)
            english.add(key)
            max_units = max(max_units, len(_UNIT.findall(_fold(phrase))))
        for phrase in (t.name_zh, *t.synonyms_zh):
            key = _compact(phrase)
            own(key, t.code)
            han_keys.add(key)
            max_units = max(max_units, len(key))
            han_only = all(c >= "\u3400" for c in key)
            readings = {tuple(syllables(key))}
            if han_only:
                # The homophone pass reads typed characters one by one, so index that reading too.
                readings.add(tuple(_char_sound(c) for c in key))
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
    for phrase in _NOT_TRADES:
        owners[phrase] = []
    latin = sorted({k for k in owners if k.isascii() and k not in han_keys} - {""})
    # Pinyin keys stay out of typo matching in free text: pinyin names (zhangsan ~ zhangshao 掌勺)
    # and places sit one or two letters from them.
    fuzzy_pool = [k for k in latin if k in english]
    by_length = {
        n: tuple(k for k in fuzzy_pool if abs(len(k) - n) <= 2) for n in range(MIN_FUZZY_WORD, 40)
    }
    return _Index(
        exact={k: tuple(v) for k, v in owners.items()},
        english=frozenset(english),
        sounds={k: tuple(v) for k, v in sounds.items() if v},
        max_units=max_units,
        fuzzy_latin=by_length,
        all_latin=tuple(latin),
        all_han=tuple(sorted(k for k in han_keys if not k.isascii())),
        all_pinyin=tuple(sorted(pinyin_keys)),
    )


@cache
def _places() -> frozenset[str]:
    names: set[str] = set()
    for region in regions():
        names.add(region.name)
        names.update(short_forms(region.name, region.level))
    return frozenset(names | {joined(name) for name in names})


def _inside_place(units: list[_Unit], a: int, b: int) -> bool:
    # A trade word that is, or sits inside, a place name is the place: 路桥区, 保安族, and in
    # pinyin shi-jia-zhuang (家装), bao an (宝安), jin chang (金昌).
    if b < len(units) and units[b].text in ("族", "zu"):
        return True
    places = _places()
    for lo in range(max(0, a - 5), a + 1):
        for hi in range(b, min(len(units), b + 3) + 1):
            if "".join(u.text for u in units[lo:hi]) in places:
                return True
    return False


def _lookup(idx: _Index, key: str) -> tuple[tuple[str, ...], float] | None:
    codes = idx.exact.get(key)
    if codes is not None:
        return codes, 100.0
    # English plurals (welders, cleaners, loaders) are not listed; fold them here.
    if key.isascii() and len(key) > 4 and key.endswith("s"):
        for stem in (key[:-1], key[:-2]):
            if stem in idx.english:
                return idx.exact[stem], 98.0
    return None


_Match = tuple[int, int, tuple[str, ...], float]  # first unit, end unit, codes, score
_Hit = tuple[int, tuple[str, ...], float]  # end unit, codes, score


def _cover(units: list[_Unit], hits: list[list[_Hit]]) -> list[_Match]:
    # Maximum coverage, then fewest pieces: "开叉车司机" is one forklift match, not 开 + 叉车 + 司机.
    n = len(units)
    best: list[tuple[int, int]] = [(0, 0)] * (n + 1)
    pick: list[_Hit | None] = [None] * (n + 1)
    for i in range(n - 1, -1, -1):
        best[i], pick[i] = best[i + 1], None
        for end, codes, score in hits[i]:
            weight = sum(len(u.text) for u in units[i:end])
            cand = (best[end][0] + weight, best[end][1] - 1)
            if cand > best[i]:
                best[i], pick[i] = cand, (end, codes, score)
    out: list[_Match] = []
    i = 0
    while i < n:
        chosen = pick[i]
        if chosen is None:
            i += 1
            continue
        out.append((i, chosen[0], chosen[1], chosen[2]))
        i = chosen[0]
    return out


def _exact_hits(idx: _Index, units: list[_Unit]) -> list[list[_Hit]]:
    hits: list[list[_Hit]] = []
    for i in range(len(units)):
        row: list[_Hit] = []
        key = ""
        for j in range(i, min(len(units), i + idx.max_units)):
            key += units[j].text
            found = _lookup(idx, key)
            if found:
                row.append((j + 1, *found))
        hits.append(row)
    return hits


def _sound_hits(idx: _Index, run: list[_Unit]) -> list[list[_Hit]]:
    # Wrong-character typing (电悍工): same syllables as a key, sharing at least one character.
    sounds = [_char_sound(u.text) for u in run]
    hits: list[list[_Hit]] = []
    for i in range(len(run)):
        row: list[_Hit] = []
        for j in range(i + MIN_HOMOPHONE_SYLLABLES, min(len(run), i + idx.max_units) + 1):
            typed = "".join(u.text for u in run[i:j])
            for key, codes in idx.sounds.get(" ".join(sounds[i:j]), ()):
                if any(a == b for a, b in zip(typed, key, strict=True)):
                    row.append((j, codes, 90.0))
        hits.append(row)
    return hits


def _fuzzy_word(idx: _Index, word: str) -> tuple[tuple[str, ...], float] | None:
    # A word that reads as pinyin (xining, tieling) is a name or a place, not a misspelt trade.
    if len(word) < MIN_FUZZY_WORD or word in _STOPWORDS or not word.isalpha() or is_pinyin(word):
        return None
    choices = idx.fuzzy_latin.get(len(word), ())
    allowed = 1 if len(word) < 8 else 2
    found = process.extractOne(word, choices, scorer=OSA.distance, score_cutoff=allowed)
    if found is None:
        return None
    key, distance, _ = found
    return idx.exact[key], round(100.0 * (1 - distance / max(len(key), len(word))) - 5, 1)


def _find(idx: _Index, folded: str) -> list[tuple[int, int, tuple[str, ...], float]]:
    found: list[tuple[int, int, tuple[str, ...], float]] = []
    for units in _segments(folded):
        taken = [False] * len(units)
        for a, b, codes, score in _cover(units, _exact_hits(idx, units)):
            taken[a:b] = [True] * (b - a)
            if codes and not _inside_place(units, a, b):
                found.append((units[a].start, units[b - 1].end, codes, score))
        i = 0
        while i < len(units):
            j = i
            while j < len(units) and not taken[j] and units[j].han:
                j += 1
            if j - i >= MIN_HOMOPHONE_SYLLABLES:
                run = units[i:j]
                for a, b, codes, score in _cover(run, _sound_hits(idx, run)):
                    if not _inside_place(units, i + a, i + b):
                        found.append((run[a].start, run[b - 1].end, codes, score))
            if j == i and not taken[i] and not units[i].han:
                fuzzy = _fuzzy_word(idx, units[i].text)
                if fuzzy and not _inside_place(units, i, i + 1):
                    found.append((units[i].start, units[i].end, *fuzzy))
            i = max(j, i + 1)
    return sorted(found)


def _candidates(codes: tuple[str, ...], score: float) -> list[TradeCandidate]:
    # A key two trades share (浇筑/浇铸 both read jiaozhu) is offered for both, a little lower.
    if len(codes) > 1:
        score = min(score, 95.0)
    return [TradeCandidate(t, score) for c in codes if (t := trade(c)) is not None]


def find_trades(text: str) -> list[tuple[int, int, TradeCandidate]]:
    """Trade mentions in a free message as (start, end, candidate), in reading order."""
    if not text or len(text) > MAX_MESSAGE:
        return []
    return [
        (start, end, cand)
        for start, end, codes, score in _find(_index(), _fold(text))
        for cand in _candidates(codes, score)
    ]


def _whole(idx: _Index, compact: str) -> dict[str, float]:
    scores: dict[str, float] = {}

    def offer(codes: tuple[str, ...], score: float) -> None:
        for cand in _candidates(codes, score):
            scores[cand.trade.code] = max(scores.get(cand.trade.code, 0.0), cand.score)

    found = _lookup(idx, compact)
    if found:
        offer(*found)
        return scores
    if compact.isascii():
        for key, score, _ in process.extract(
            compact, idx.all_latin, scorer=fuzz.ratio, score_cutoff=75, limit=5
        ):
            offer(idx.exact[key], score - 5)
        return scores
    spelled = "".join(syllables(compact))
    for key, codes in idx.sounds.get(" ".join(syllables(compact)), ()):
        offer(codes, 92.0 if len(key) > 2 else 90.0)
    if spelled in idx.exact:
        offer(idx.exact[spelled], 90.0)
    for key, score, _ in process.extract(
        compact, idx.all_han, scorer=fuzz.ratio, score_cutoff=66, limit=5
    ):
        offer(idx.exact[key], score * 0.85)
    for key, score, _ in process.extract(
        spelled, idx.all_pinyin, scorer=fuzz.ratio, score_cutoff=85, limit=5
    ):
        offer(idx.exact[key], score * 0.85)
    return scores


def resolve_trade(text: str) -> list[TradeCandidate]:
    """Trades a short skills phrase may mean, best first (empty when nothing is close)."""
    if not text or len(text) > MAX_PHRASE:
        return []
    idx = _index()
    folded = _fold(text)
    compact = "".join(_UNIT.findall(folded))
    if not compact or compact.isdigit():
        return []
    scores = _whole(idx, compact)
    total = len(compact)
    for start, end, codes, score in _find(idx, folded):
        # A phrase that is mostly one trade's synonym ("我是电焊工") beats a loose fuzzy guess.
        covered = len("".join(_UNIT.findall(folded[start:end])))
        for cand in _candidates(codes, score * (0.5 + 0.5 * covered / total)):
            code = cand.trade.code
            scores[code] = max(scores.get(code, 0.0), cand.score)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])[:5]
    return [TradeCandidate(t, round(s, 1)) for c, s in ranked if (t := trade(c)) is not None]


def normalise_skills(text: str) -> list[str]:
    """Occupation codes named in a free skills text, in order of first mention, no repeats."""
    if not text or len(text) > MAX_MESSAGE:
        return []
    codes: list[str] = [c for c in _CODE.findall(text.lower()) if trade(c) is not None]
    for part in _SKILL_SPLIT.split(_CODE.sub(" ", text)):
        found = [cand.trade.code for _, _, cand in find_trades(part)]
        if not found and part.strip():
            best = resolve_trade(part.strip())
            found = [best[0].trade.code] if best and best[0].score >= 85 else []
        codes.extend(found)
    return list(dict.fromkeys(codes))
