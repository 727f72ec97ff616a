"""Wrong characters of the right sound: 兰洲 for 兰州, 瓦攻 for 瓦工, 生外 for 省外, 我滴 for 我的.

A pinyin keyboard offers every character of a sound; a worker who picks the wrong one has still
typed the right syllables. Such a word is read as the word of the same syllables, toneless, one
character at a time, that keeps at least one of the typed characters in its place. The readings
are a fallback, tried by the callers only where the exact characters are no word they know, and
never for a word of the language that sounds like one of ours (苹果 is no 平果县, 户口 no 湖口县):
see is_word. One character alone is never read by its sound (too many characters share each).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Generic, TypeVar

from rapidfuzz.distance import OSA

from bot.matching import pinyin

__all__ = ["SoundTable", "is_word", "shares_a_character", "sounds_of"]

Value = TypeVar("Value")
MIN_CHARS = 2
MAX_CHARS = 6
# A near-miss (挖据机 for 挖掘机: ju for jue) keeps all characters but one, in words this long.
MIN_NEAR_CHARS = 3
# Everyday characters read two ways in speech, where pypinyin gives one reading alone: 我滴 is
# 我的 (di/de), 本的 is 本地. A short list on purpose: the full heteronym table holds rare
# readings that would make unrelated words namesakes.
_SPOKEN = {
    "的": ("de", "di"),
    "地": ("di", "de"),
    "得": ("de", "dei"),
    "了": ("le", "liao"),
    "没": ("mei", "mo"),
    "都": ("du", "dou"),
    "还": ("hai", "huan"),
    "行": ("xing", "hang"),
    "长": ("chang", "zhang"),
    "重": ("zhong", "chong"),
    "着": ("zhe", "zhao", "zhuo"),
}


def _readings(char: str) -> tuple[str, ...]:
    return _SPOKEN.get(char) or (pinyin.syllables(char)[0],)


def sounds_of(text: str, fuzzy: bool = False) -> list[str]:
    """The toneless syllables of Han text read one character at a time (兰洲 -> ["lan zhou"]),
    every spoken reading of the characters in _SPOKEN; with `fuzzy`, as a fuzzy-pinyin keyboard
    merges them (zh/z, ing/in, n/l...)."""
    options = [
        tuple(dict.fromkeys(pinyin.fuzzy(r) if fuzzy else r for r in _readings(c))) for c in text
    ]
    return [" ".join(combo) for combo in itertools.product(*options)]


@cache
def _words() -> frozenset[str]:
    text = resources.files("bot.matching").joinpath("sound_alike_words.txt").read_text("utf-8")
    return frozenset(
        w for line in text.splitlines() if not line.startswith("#") for w in line.split()
    )


def is_word(text: str) -> bool:
    """Whether the characters are an everyday word (苹果, 户口, 回来) that sounds like a place, a
    trade or a keyword of ours: a word typed is meant, not a slip (see sound_alike_words.txt);
    pypinyin's phrase table, loaded with its first reading, holds many more words."""
    from pypinyin.phrases_dict import phrases_dict

    return text in _words() or text in phrases_dict


def shares_a_character(typed: str, word: str) -> bool:
    """At least one character typed right, in its place (兰洲/兰州 yes, 报案/保安 no)."""
    return any(a == b for a, b in zip(typed, word, strict=True))


class SoundTable(Generic[Value]):
    """Words by their sound, for reading homophone typos of them."""

    def __init__(self, words: Iterable[tuple[str, Value]], fuzzy: bool = False) -> None:
        self.fuzzy = fuzzy
        self._table: dict[str, list[tuple[str, Value]]] = {}
        # "挖?机" -> 挖掘机: the words with one character left out, for near-misses.
        self._gaps: dict[str, list[tuple[str, Value]]] = {}
        for word, value in words:
            if MIN_CHARS <= len(word) <= MAX_CHARS and all(map(pinyin.is_han, word)):
                for sound in sounds_of(word, fuzzy):
                    self._table.setdefault(sound, []).append((word, value))
                if len(word) >= MIN_NEAR_CHARS:
                    for at in range(len(word)):
                        gap = word[:at] + "?" + word[at + 1 :]
                        self._gaps.setdefault(gap, []).append((word, value))

    def read(self, typed: str) -> list[tuple[str, Value]]:
        """(word, value) of the words `typed` is a homophone typo of: the same sound, not the same
        characters, one character at least in its place; none for an everyday word."""
        found = self.sounds_like(typed)
        return [] if found and is_word(typed) else found

    def sounds_like(self, typed: str) -> list[tuple[str, Value]]:
        """read() without the everyday-word check (scripts/sound_alike_words.py lists them)."""
        if not MIN_CHARS <= len(typed) <= MAX_CHARS or not all(map(pinyin.is_han, typed)):
            return []
        found: dict[str, tuple[str, Value]] = {}
        for sound in sounds_of(typed, self.fuzzy):
            for word, value in self._table.get(sound, ()):
                if word != typed and shares_a_character(typed, word):
                    found.setdefault(word, (word, value))
        return list(found.values())

    def near(self, typed: str) -> list[tuple[str, Value]]:
        """(word, value) of the words `typed` misses by one character of a close sound (挖据机:
        挖掘机, ju for jue), every other character right; none for an everyday word."""
        found = self.near_like(typed)
        return [] if found and is_word(typed) else found

    def near_like(self, typed: str) -> list[tuple[str, Value]]:
        """near() without the everyday-word check."""
        if not MIN_NEAR_CHARS <= len(typed) <= MAX_CHARS or not all(map(pinyin.is_han, typed)):
            return []
        found: dict[str, tuple[str, Value]] = {}
        for at, char in enumerate(typed):
            for word, value in self._gaps.get(typed[:at] + "?" + typed[at + 1 :], ()):
                if word != typed and _close(char, word[at]):
                    found.setdefault(word, (word, value))
        return list(found.values())


def _close(typed: str, meant: str) -> bool:
    """Two characters whose sounds are one letter apart or merged by a fuzzy-pinyin keyboard."""
    return any(
        OSA.distance(pinyin.fuzzy(a), pinyin.fuzzy(b)) <= 1
        for a in _readings(typed)
        for b in _readings(meant)
    )
