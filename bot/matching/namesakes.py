"""Names that read as places: 注册 马龙 会宁 (马龙 is the worker, not 马龙区), 张寿 (not 长寿区 by
sound), 白银花 (a name that holds 白银). understand.py asks here which place mentions of a message
are the worker's name instead.

The rule of thumb a counsellor follows: a worker gives one home. A place read only by the sound
of wrong characters beside a place spelt right is a name (or noise); a name-like word heading a
registration, with another home place after it, is the name.
"""

from __future__ import annotations

from bot.matching.place_index import HOMOPHONE
from bot.matching.regions import SURNAMES
from bot.matching.spans import Span

__all__ = ["head_name", "sounded", "sounded_name", "without_sound_alikes"]

_COMPOUND = frozenset(
    ["欧阳", "司马", "诸葛", "上官", "皇甫", "令狐", "慕容", "尉迟", "公孙", "司徒"]
)
# Characters of a sentence or a place word, never of a name at the head of a registration.
_NOT_IN_NAME = frozenset("的人省市县区镇乡村州我你他她是在了想要去会能找干做工活")
_SEPARATORS = " \t\r\n,.;:!?~，。；：！？、"


def _typed(text: str, span: Span) -> str:
    return text[span.start : span.end]


def sounded(text: str, span: Span) -> bool:
    """A place read only by the sound of wrong Chinese characters (兰洲, 静远)."""
    return not _typed(text, span).isascii() and span.value[0].score <= HOMOPHONE


def _related(a: Span, b: Span) -> bool:
    return any(
        x.region.is_within(y.region) or y.region.is_within(x.region) or x.region == y.region
        for x in a.value
        for y in b.value
    )


def without_sound_alikes(text: str, home: list[Span]) -> list[Span]:
    """Home mentions without the sound-alikes that a place spelt right contradicts (注册 张寿 会宁:
    张寿 sounds like 长寿区, 会宁 is written out); 甘肃 静远 keeps both, one inside the other."""
    spelt = [s for s in home if not sounded(text, s)]
    if not spelt:
        return home
    return [s for s in home if s in spelt or any(_related(s, other) for other in spelt)]


def _surname_led(word: str) -> bool:
    return word[:2] in _COMPOUND or word[:1] in SURNAMES


def sounded_name(text: str, home: list[Span]) -> Span | None:
    """A sound-alike that may as well be a name, surname first (杨春 for 阳春, 黄刚 for 黄冈); the
    caller takes it as the name when the message has no other."""
    for span in home:
        if sounded(text, span) and _surname_led(_typed(text, span)):
            return span
    return None


def _word_at(text: str, start: int) -> str:
    end = start
    while end < len(text) and text[end] not in _SEPARATORS:
        end += 1
    return text[start:end]


def head_name(text: str, home: list[Span], head: int) -> tuple[str, Span] | None:
    """(name, span) when the first home mention heads a registration (the caller knows it is one:
    注册 first), is a name-like word of its own (马龙, 白银花) and another, unrelated home mention
    follows; else None."""
    if len(home) < 2 or home[0].start != head:
        return None
    first = home[0]
    word = _word_at(text, head)
    if not 2 <= len(word) <= 4 or not all("\u3400" <= c <= "\u9fff" for c in word):
        return None
    if not _surname_led(word) or _NOT_IN_NAME & set(word[1:]):
        return None
    inside = [s for s in home[1:] if s.start < head + len(word)]
    holds = first.end < head + len(word) and not inside  # 白银花: more than the place, no place
    if not holds and (inside or any(_related(first, other) for other in home[1:])):
        return None
    return word, first
