"""Shared pinyin helpers: toneless lowercase pinyin for Chinese text and folding of typed Latin."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

__all__ = ["fold_latin", "initials", "is_han", "joined", "syllables"]

# Runs of Latin letters/digits survive as single lowercase tokens so that mixed text such as
# "会宁abc" keeps "abc"; punctuation and whitespace carry no sound and are dropped.
_LATIN_RUN = re.compile(r"[0-9a-z]+")


def is_han(char: str) -> bool:
    """True for a CJK unified ideograph (basic block and extension A)."""
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF


def _strip_marks(text: str) -> str:
    # ü/ǚ are written "v" by pypinyin's NORMAL style, so typed umlauts must fold the same way;
    # NFKD also turns full-width Ｇａｎｓｕ into plain ASCII.
    decomposed = unicodedata.normalize("NFKD", text).lower().replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_latin(text: str) -> str:
    """Lowercase ASCII letters and digits of typed text, tone marks removed (Huìníng -> huining)."""
    return "".join(_LATIN_RUN.findall(_strip_marks(text)))


def _other(chunk: str) -> list[str]:
    # pypinyin hands non-Han runs to this callback; keep their alphanumeric runs as words.
    return _LATIN_RUN.findall(_strip_marks(chunk))


@lru_cache(maxsize=65536)
def _cached(text: str) -> tuple[str, ...]:
    # Whole-text conversion (not char by char) lets pypinyin's phrase table pick place readings
    # such as 六安 lu'an and 蚌埠 bengbu.
    out: list[str] = []
    for item in lazy_pinyin(text, style=Style.NORMAL, errors=_other):
        if isinstance(item, list):
            out.extend(item)
        elif item:
            out.append(item)
    return tuple(out)


def syllables(text: str) -> list[str]:
    """Toneless lowercase pinyin, one syllable per Chinese character; Latin runs kept as words."""
    return list(_cached(text))


def joined(text: str) -> str:
    """Pinyin of text with no separators (会宁县 -> huiningxian)."""
    return "".join(_cached(text))


def initials(text: str) -> str:
    """First letter of every syllable (会宁县 -> hnx); zh/ch/sh count as z/c/s."""
    return "".join(s[0] for s in _cached(text))
