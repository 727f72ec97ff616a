"""Trade resolver: colloquial Chinese, pinyin, English and misspelt skill phrases -> occupation codes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.matching.pinyin import fuzzy, is_pinyin, syllables
from bot.matching.regions import SURNAMES
from bot.matching.taxonomy import Trade, trade
from bot.matching.trade_index import (
    MIN_FUZZY_WORD,
    UNIT,
    TradeIndex,
    Unit,
    char_sound,
    fold,
    inside_place,
    place_sounds,
    segments,
    sound_table,
    trade_index,
)

__all__ = ["TradeCandidate", "find_trades", "normalise_skills", "resolve_trade"]

# A free message longer than a concatenated SMS is not a skills answer; refusing it keeps the
# worst case bounded for the one-shot reader.
MAX_MESSAGE = 1600
MAX_PHRASE = 80
# Homophone spotting inside a free message needs three syllables: two-syllable homophones hit
# real place names too often (宝安 is a district, 保安 a guard).
MIN_HOMOPHONE_SYLLABLES = 3
_STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "about also and been can could from have having with would years register zhuce jobs "
        "help start stop apply please hello thanks english",
    )
)

# A fuzzy-pinyin reading scores like a homophone; two letters (cc) are too short to trust.
MIN_SOUND_KEY = 4
SOUND_SCORE = 90.0
_SKILL_SPLIT = re.compile(r"[,，、;；。/|\n]+")
_CODE = re.compile(r"\b[a-z]+\.[a-z_]+\b")


@dataclass(frozen=True, slots=True)
class TradeCandidate:
    """A trade the text may mean, scored 0..100 (100: an exact synonym)."""

    trade: Trade
    score: float


def _lookup(idx: TradeIndex, key: str) -> tuple[tuple[str, ...], float] | None:
    codes = idx.exact.get(key)
    if codes is not None:
        return codes, 100.0
    # English plurals (welders, cleaners, loaders) are not listed; fold them here.
    if key.isascii() and len(key) > 4 and key.endswith("s"):
        for stem in (key[:-1], key[:-2]):
            if stem in idx.english:
                return idx.exact[stem], 98.0
    # Pinyin typed with a fuzzy-pinyin keyboard's merges (dianhang, cache, zuangzaiji).
    if key.isascii() and len(key) >= MIN_SOUND_KEY:
        sound = fuzzy(key)
        codes = idx.sounds_latin.get(sound)
        if codes and sound not in place_sounds():
            return codes, SOUND_SCORE
    return None


_Match = tuple[int, int, tuple[str, ...], float]  # first unit, end unit, codes, score
_Hit = tuple[int, tuple[str, ...], float]  # end unit, codes, score


def _cover(units: list[Unit], hits: list[list[_Hit]]) -> list[_Match]:
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


def _exact_hits(idx: TradeIndex, units: list[Unit]) -> list[list[_Hit]]:
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


def _sound_hits(idx: TradeIndex, run: list[Unit]) -> list[list[_Hit]]:
    # Wrong-character typing (电悍工): same syllables as a key, sharing at least one character.
    sounds = [char_sound(u.text) for u in run]
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


def _misspelt_words(units: list[Unit], i: int, j: int) -> list[_Match]:
    """Words of their own among untaken characters i..j typed with one wrong character: of the
    same sound in a two-character word (瓦攻, 橱师, 插车), of a close sound in a longer one
    (挖据机), as (start, end, codes, score)."""
    out: list[_Match] = []
    a = i
    while a < j:
        b = a + 1
        while b < j and units[b].start == units[b - 1].end:
            b += 1
        alone = (a == 0 or units[a - 1].end != units[a].start) and (
            b == len(units) or units[b].start != units[b - 1].end
        )
        typed = "".join(u.text for u in units[a:b])
        if alone and not inside_place(units, a, b):
            table = sound_table()
            hits = table.read(typed) if b - a == 2 else table.near(typed)
            # 司吉 and 车功 are people before they are 司机 and 车工.
            hits = [] if b - a == 2 and typed[0] in SURNAMES else hits
            if len({codes for _, codes in hits}) == 1:  # one meaning, or none trusted
                out.append((units[a].start, units[b - 1].end, hits[0][1], SOUND_SCORE))
        a = b
    return out


def _fuzzy_word(idx: TradeIndex, word: str) -> tuple[tuple[str, ...], float] | None:
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


def _find(idx: TradeIndex, folded: str) -> list[tuple[int, int, tuple[str, ...], float]]:
    found: list[tuple[int, int, tuple[str, ...], float]] = []
    for units in segments(folded):
        taken = [False] * len(units)
        for a, b, codes, score in _cover(units, _exact_hits(idx, units)):
            taken[a:b] = [True] * (b - a)
            if codes and not inside_place(units, a, b):
                found.append((units[a].start, units[b - 1].end, codes, score))
        i = 0
        while i < len(units):
            j = i
            while j < len(units) and not taken[j] and units[j].han:
                j += 1
            sounded = False
            if j - i >= MIN_HOMOPHONE_SYLLABLES:
                run = units[i:j]
                for a, b, codes, score in _cover(run, _sound_hits(idx, run)):
                    if not inside_place(units, i + a, i + b):
                        found.append((run[a].start, run[b - 1].end, codes, score))
                        sounded = True
            if j > i and not sounded:
                found += _misspelt_words(units, i, j)
            if j == i and not taken[i] and not units[i].han:
                fuzzy = _fuzzy_word(idx, units[i].text)
                if fuzzy and not inside_place(units, i, i + 1):
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
        for start, end, codes, score in _find(trade_index(), fold(text))
        for cand in _candidates(codes, score)
    ]


def _whole(idx: TradeIndex, compact: str) -> dict[str, float]:
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
    idx = trade_index()
    folded = fold(text)
    compact = "".join(UNIT.findall(folded))
    if not compact or compact.isdigit():
        return []
    scores = _whole(idx, compact)
    total = len(compact)
    for start, end, codes, score in _find(idx, folded):
        # A phrase that is mostly one trade's synonym ("我是电焊工") beats a loose fuzzy guess.
        covered = len("".join(UNIT.findall(folded[start:end])))
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
