"""Misspelt and fuzzy-pinyin places: the intended place among at most six candidates."""

from __future__ import annotations

import random
import zlib

import pytest
from place_corpus import _stem, sample_regions

from bot.matching.near import NearWords
from bot.matching.pinyin import fuzzy, syllables
from bot.matching.places import find_places, resolve_place
from bot.matching.understand import understand

CHOICES = 6
TARGET = 0.90


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("lanzou", "lanzou"),
        ("lanzhou", "lanzou"),
        ("tiansui", "tiansui"),
        ("tianshui", "tiansui"),
        ("jincang", "jincan"),
        ("jinchang", "jincan"),
        ("nanning", "lanlin"),
        ("fuyang", "huyan"),
        ("lvliang", "lulian"),
    ],
)
def test_fuzzy_pinyin_key(typed, key):
    assert fuzzy(typed) == key


def test_near_words_finds_slips_through_the_index():
    near = NearWords(["huining", "huinong", "lanzhou", "jiayuguan"])
    assert dict(near.near("huinng", 1)) == {"huining": 1, "huinong": 1}
    assert dict(near.near("lanzohu", 1)) == {"lanzhou": 1}  # neighbours swapped: one slip
    assert dict(near.near("lnazhuo", 2)) == {"lanzhou": 2}
    assert dict(near.near("lnazuho", 2)) == {}  # three slips
    assert dict(near.near("lanzuho", 2)) == {"lanzhou": 2}
    assert near.missing_one("jiayugan") == ["jiayuguan"]


ISSUE = [
    ("lanzou", "620100"),
    ("tiansui", "620500"),
    ("jincang", "620300"),
    ("jiayugan", "620200"),
    ("huinng", "620422"),
]


@pytest.mark.parametrize(("typed", "code"), ISSUE)
def test_issue_misspellings_are_offered(typed, code):
    assert code in [c.region.code for c in resolve_place(typed)[:CHOICES]]
    reading = understand(typed)
    assert code in [c.region.code for c in reading.region_candidates[:CHOICES]]
    assert len(reading.region_candidates) <= CHOICES


@pytest.mark.parametrize(("typed", "code"), ISSUE)
def test_issue_misspellings_inside_a_message(typed, code):
    reading = understand(f"zhuce liu deming {typed} dianhan")
    assert code in [c.region.code for c in reading.region_candidates]
    assert reading.name == "Liu Deming"
    assert [s.trade.code for s in reading.skills] == ["construction.welder"]


def test_an_exact_pinyin_name_still_offers_its_sound_alikes():
    # jinyuan is 晋源; a worker from 靖远 whose keyboard does not tell in from ing types it too.
    found = [c.region.code for c in resolve_place("jinyuan")]
    assert found[0] == "140110" and "620421" in found[:CHOICES]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("东乡族", "622926"),
        ("东乡自治县", "622926"),
        ("肃南裕固族", "620721"),
        ("河南蒙古族", "632324"),
        ("积石山", "622927"),
        ("积石山保安族", "622927"),
        ("临夏州", "622900"),
        ("临夏回族", "622900"),
        ("张家川", "620525"),
    ],
)
def test_ethnic_autonomous_stems(text, code):
    found = resolve_place(text)
    assert found[0].region.code == code and found[0].score > found[-1].score or len(found) == 1
    assert understand(f"我是{text}的 电焊").region.code == code


def test_dongxiang_is_offered_with_its_namesake():
    assert {c.region.code for c in resolve_place("东乡")} == {"361003", "622926"}


_SWAPS = [("zh", "z"), ("ch", "c"), ("sh", "s"), ("ang", "an"), ("eng", "en"), ("ing", "in")]
_SWAPS += [(b, a) for a, b in _SWAPS] + [("n", "l"), ("l", "n"), ("f", "h"), ("h", "f")]


def _ime(sounds: list[str], rng: random.Random) -> str | None:
    """One fuzzy-pinyin confusion in one syllable (zh->z, ing->in, n->l...), or None."""
    options = []
    for i, sound in enumerate(sounds):
        for a, b in _SWAPS:
            if len(a) == 1 and sound.startswith(a) and sound[:2] not in ("zh", "ch", "sh"):
                options.append((i, b + sound[1:]))
            elif len(a) == 2 and sound.startswith(a):
                options.append((i, b + sound[2:]))
            elif len(a) == 3 and sound.endswith(a) or len(a) == 2 and sound.endswith(a + "g"):
                continue
            elif len(a) >= 2 and a[-1] in "ng" and sound.endswith(a):
                options.append((i, sound[: -len(a)] + b))
    if not options:
        return None
    i, new = rng.choice(options)
    return "".join(sounds[:i] + [new] + sounds[i + 1 :])


def _slip(word: str, rng: random.Random) -> str:
    """One typing slip: a letter dropped, doubled, or two neighbours swapped."""
    pos = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:pos] + word[pos + 1 :]
    if kind == 1:
        return word[:pos] + word[pos] + word[pos:]
    return word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]


def _misspellings() -> list[tuple[str, str, str]]:
    """(kind, typed, code): a fuzzy-pinyin confusion, a slip, or both, for every sampled place."""
    out = []
    for region in sample_regions():
        rng = random.Random(zlib.crc32(region.code.encode()))
        sounds = syllables(_stem(region))
        word = "".join(sounds)
        confused = _ime(sounds, rng)
        if confused and confused != word:
            out.append(("fuzzy", confused, region.code))
            out.append(("fuzzy+slip", _slip(confused, rng), region.code))
        if len(word) > 3:
            out.append(("slip", _slip(word, rng), region.code))
    return out


def test_misspelt_pinyin_gives_the_intended_place_among_six():
    cases = _misspellings()
    rates = {}
    for kind in ("fuzzy", "slip", "fuzzy+slip"):
        rows = [(typed, code) for k, typed, code in cases if k == kind]
        hits = sum(code in [c.region.code for c in resolve_place(t)[:CHOICES]] for t, code in rows)
        rates[kind] = hits / len(rows)
        print(f"\n{kind:11} n={len(rows)} among six={rates[kind]:.3f}", end="")
    overall = sum(
        code in [c.region.code for c in resolve_place(t)[:CHOICES]] for _, t, code in cases
    ) / len(cases)
    print(f"\noverall     n={len(cases)} among six={overall:.3f}")
    assert overall >= TARGET


def test_free_text_typos_stay_within_one_edit():
    # "welder" is two letters from 文登 (wendeng): an English word, not a place.
    assert find_places("register John Huining welder anywhere")[-1][0] == 14
    assert len(find_places("register John Huining welder anywhere")) == 1


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("博州", "652700"),  # a long prefecture stem goes by its first character
        ("克州", "653000"),
        ("dulan", "632822"),  # 都 in place names is du (pypinyin says dou)
        ("chengdou", "510100"),  # and dou is typed for it too
        ("jiashi", "653129"),  # 伽师, not gashi
    ],
)
def test_place_readings_people_use(typed, code):
    assert resolve_place(typed)[0].region.code == code


@pytest.mark.parametrize(
    ("typed", "exact", "sounds_like"),
    [
        ("jinning", "530115", "620826"),
        ("minqing", "350124", "620621"),
        ("daxin", "451424", "110115"),
    ],
)
def test_a_bare_pinyin_answer_offers_sound_alikes_after_the_exact_place(typed, exact, sounds_like):
    reading = understand(typed)
    assert reading.region is not None and reading.region.code == exact
    assert sounds_like in [c.region.code for c in reading.region_candidates[:CHOICES]]
