"""SMS segment arithmetic: GSM-7 or UCS-2, how many parts a text costs, and cutting it to a budget."""

from __future__ import annotations

from typing import Literal

Encoding = Literal["gsm7", "ucs2"]

# GSM 03.38 basic character set. ESC (0x1B) is left out: it only introduces the extension table.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Extension table: each is sent as ESC + code, so it costs two septets.
GSM7_EXTENSION = frozenset("\f^{}\\[]~|€")

# (single-message capacity, per-part capacity once a concatenation header is needed), in units.
CAPACITY: dict[Encoding, tuple[int, int]] = {"gsm7": (160, 153), "ucs2": (70, 67)}
ELLIPSIS: dict[Encoding, str] = {"gsm7": "...", "ucs2": "…"}


def is_gsm7(text: str) -> bool:
    """True when every character is in the GSM-7 basic or extension table."""
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def encoding(text: str) -> Encoding:
    """The encoding a phone network would use: one non-GSM character makes the whole text UCS-2."""
    return "gsm7" if is_gsm7(text) else "ucs2"


def char_units(char: str, enc: Encoding) -> int:
    """Septets (GSM-7) or UTF-16 code units (UCS-2) one character costs."""
    if enc == "gsm7":
        return 2 if char in GSM7_EXTENSION else 1
    return 2 if ord(char) > 0xFFFF else 1


def units(text: str, enc: Encoding | None = None) -> int:
    """The length of `text` in its encoding's units."""
    enc = enc or encoding(text)
    return sum(char_units(c, enc) for c in text)


def split(text: str) -> list[str]:
    """The parts a network would send; an escape pair or surrogate pair never straddles two parts."""
    if not text:
        return []
    enc = encoding(text)
    single, per_part = CAPACITY[enc]
    if units(text, enc) <= single:
        return [text]
    parts: list[str] = []
    start, used = 0, 0
    for i, char in enumerate(text):
        cost = char_units(char, enc)
        if used + cost > per_part:
            parts.append(text[start:i])
            start, used = i, 0
        used += cost
    parts.append(text[start:])
    return parts


def segments(text: str) -> int:
    """How many SMS segments `text` costs (0 for the empty text, which is never sent)."""
    if not text:
        return 0
    enc = encoding(text)
    if units(text, enc) <= CAPACITY[enc][0]:
        return 1
    return len(split(text))


def fits(text: str, budget: int) -> bool:
    return segments(text) <= budget


def fit(text: str, budget: int, ellipsis: str | None = None) -> str:
    """`text` unchanged if it fits `budget` segments, else its longest prefix that fits with an ellipsis."""
    if fits(text, budget):
        return text
    mark = ELLIPSIS[encoding(text)] if ellipsis is None else ellipsis
    # Segments grow with the prefix length, so the longest fitting prefix is found by bisection.
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(text[:middle].rstrip() + mark, budget):
            low = middle
        else:
            high = middle - 1
    cut = text[:low].rstrip() + mark
    return cut if fits(cut, budget) else ""
