"""Keywords as workers type them without a Chinese keyboard, or with the wrong character.

Pinyin, spaced or not (zhao gongzuo, geng duo) and as a fuzzy-pinyin keyboard would take it
(zao gongzuo); and homophones of the Chinese words (找工做, 跟多, 报民, 注测), read the way 电悍 is
read as 电焊: same sounds, at least one character right. Opt-out words are never read by sound:
a slip must not unsubscribe anyone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import OSA

from bot.matching import pinyin
from bot.matching.homophones import sounds_of
from bot.matching.keywords import ALONE_ONLY, KEYWORDS
from bot.matching.regions import SURNAMES

__all__ = ["sounded_keyword"]

# The Chinese keywords whose pinyin is a keyword too. Two-syllable words that are also common
# given names (语言 yuyan, 岗位 gangwei, 职位 zhiwei, 英文 yingwen) are left out: a name typed
# in pinyin must stay a name.
_PINYIN_TEXT = (
    "注册 找工作 找活 找活干 有工作吗 有没有工作 有什么工作 有活吗 更多 下一页 上一页 报名 我的 "
    "我的信息 帮助 菜单 怎么用 跳过 不填 订阅 退订 取消订阅 推送 不要推送"
)
PINYIN_WORDS = frozenset(_PINYIN_TEXT.split())
_NO_SOUNDS = frozenset(["stop"])
# A typo (beyond what fuzzy pinyin merges) is forgiven only on long pinyin keywords.
MIN_TYPO_LETTERS = 8
MAX_WORDS = 5
_LATIN_WORD = re.compile(r"[a-z]+")
_SEPARATORS = " \t\r\n,.;:!?~，。；：！？、"


Entry = tuple[str, bool, int]  # intent, alone only, syllables


@dataclass(frozen=True, slots=True)
class _Tables:
    spelled: dict[str, Entry]  # a keyword's own pinyin (zhuce, zhaogongzuo, tuiding)
    sounds: dict[str, Entry]  # the same as a fuzzy-pinyin keyboard reads it (zuce, zaogonzuo)
    han: dict[str, list[tuple[str, str, bool]]]  # fuzzy syllables -> (word, intent, alone only)


@cache
def _tables() -> _Tables:
    spelled: dict[str, Entry] = {}
    han: dict[str, list[tuple[str, str, bool]]] = {}
    for intent, words in KEYWORDS.items():
        for word in words:
            alone = word.lower() in ALONE_ONLY
            # Latin keywords (zhuce, yuyan) are matched as written by intents.py already.
            if len(word) < 2 or not all(map(pinyin.is_han, word)):
                continue
            sounds = [pinyin.syllables(c)[0] for c in word]
            if word in PINYIN_WORDS:
                spelled.setdefault("".join(sounds), (intent, alone, len(word)))
            if intent not in _NO_SOUNDS:
                for key in sounds_of(word, fuzzy=True):  # 我的 as wo de and wo di (我滴)
                    han.setdefault(key, []).append((word, intent, alone))
    sounds = {
        pinyin.fuzzy(key): entry
        for key, entry in spelled.items()
        if entry[0] not in _NO_SOUNDS and entry[2] >= 2
    }
    return _Tables(spelled, sounds, han)


def _ends_alone(text: str, end: int) -> bool:
    return not text[end:].strip(_SEPARATORS)


def _latin(text: str) -> tuple[str, int] | None:
    """Spaced, joined or fuzzy pinyin of a keyword heading text, as (intent, length)."""
    words = []
    for m in _LATIN_WORD.finditer(text):
        if len(words) == MAX_WORDS or text[words[-1].end() if words else 0 : m.start()].strip():
            break
        words.append(m)
    if not words or words[0].start() != 0:
        return None
    for n in range(len(words), 0, -1):
        end = words[n - 1].end()
        typed = "".join(w.group() for w in words[:n])
        found = _lookup(typed)
        if found is None:
            continue
        intent, alone, exact = found
        # Beyond exact pinyin, a two-syllable keyword is read only as the whole message.
        if (alone or (not exact and len(typed) < MIN_TYPO_LETTERS)) and not _ends_alone(text, end):
            continue
        return intent, end
    return None


def _lookup(typed: str) -> tuple[str, bool, bool] | None:
    """(intent, alone only, exact) for typed pinyin: the keyword's own spelling, a fuzzy-pinyin
    reading of it, or, for long keywords, one slip off."""
    tables = _tables()
    if typed in tables.spelled:
        intent, alone, _ = tables.spelled[typed]
        return intent, alone, True
    sound = pinyin.fuzzy(typed)
    if sound in tables.sounds:
        intent, alone, _ = tables.sounds[sound]
        return intent, alone, False
    if len(typed) < MIN_TYPO_LETTERS:
        return None
    for key, (intent, alone, count) in tables.sounds.items():
        if count >= 3 and abs(len(key) - len(sound)) <= 1 and OSA.distance(sound, key) <= 1:
            return intent, alone, False
    return None


def _han(text: str) -> tuple[str, int] | None:
    """A homophone of a Chinese keyword heading text (找工做 for 找工作), as (intent, length)."""
    table = _tables().han
    for length in range(min(len(text), 6), 1, -1):
        typed = text[:length]
        if not all(map(pinyin.is_han, typed)):
            continue
        heard = dict.fromkeys(e for key in sounds_of(typed, fuzzy=True) for e in table.get(key, ()))
        for word, intent, alone in heard:
            shared = any(a == b for a, b in zip(typed, word, strict=True))
            # 耿多 is a person (a surname where 更多 has 更), not 更多.
            name_like = typed[0] != word[0] and typed[0] in SURNAMES
            if not shared or name_like or typed == word:
                continue
            if (
                (alone or length == 2)
                and not _ends_alone(text, length)
                and not _digit_after(text, length)
            ):
                continue
            return intent, length
    return None


def _digit_after(text: str, end: int) -> bool:
    rest = text[end:].lstrip(_SEPARATORS)
    return rest[:1].isdigit()


def sounded_keyword(text: str) -> tuple[str, int] | None:
    """A keyword in pinyin or as a homophone heading lowercased text, as (intent, length)."""
    if not text:
        return None
    if text[0].isascii():
        return _latin(text)
    return _han(text)
