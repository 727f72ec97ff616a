"""Seeker keywords (Chinese, English, pinyin, typos) -> intent, and the picked-number forms."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import OSA

from bot.matching import pinyin
from bot.matching.chars import simplify
from bot.matching.keyword_sounds import sounded_keyword
from bot.matching.keywords import ALONE_ONLY, DIALECT, FIELD_LABELS, INTENTS, KEYWORDS
from bot.matching.places import exact_place

__all__ = [
    "ALONE_ONLY",
    "FIELD_LABELS",
    "INTENTS",
    "KEYWORDS",
    "Keyword",
    "normalise",
    "read_keyword",
    "read_label",
    "read_number",
]


# Typos are forgiven only on these Latin words: opt-out words are matched exactly, as the
# carriers do, so a misspelt word never silently unsubscribes anyone; short everyday words
# (work, next, back, more) have real English neighbours (word, text, bank, mode).
_FUZZY_WORDS = ("register", "jobs", "help", "apply", "language", "previous", "profile")
# Real words one edit from a keyword that a worker may well start a message with.
_NOT_TYPOS = frozenset(["hell", "held", "heap", "hemp", "helm", "apple", "jogs", "joys", "bobs"])
MIN_FUZZY = 4
MIN_CUT = 5  # a keyword cut short must keep five letters and three quarters of itself

# Courtesy a worker puts before the keyword: "我要注册", "你好，我想找工作", "please register".
_POLITE = re.compile(
    r"^(?:(?:你好|您好|老师好|hi|hello|hey|请问|请|麻烦|帮我|给我|我想要|我要|我想|想要|看看|看一下|查一下|"
    r"please|pls|plz|i want to|i'd like to|i would like to|i want|can i|let me|"
    r"ni ?hao|nin ?hao|qing ?wen|wo ?yao|wo ?xiang(?: ?yao)?)"
    r"(?![a-z])[\s,.!:~，。！：、]*)+",
)
_SEPARATORS = " \t\r\n,.;:!~，。；：！、·|/\\-_=+*"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202f\ufeff]")

_NUMBER = re.compile(
    r"^(?:no\.?|number|num|#|第|选择?|看看?|查看|pick|choose|select)?\s*([0-9]{1,3})\s*(?:号|个|條|条|项|个岗位|\.)?$"
)
_HAN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
_HAN_ORDINAL = re.compile(
    r"^第?([一二三四五六七八九十]|十[一二三四五六七八九])\s*(?:个|条|项|号)?$"
)
# Ordinals typed in pinyin: "di er ge", "di3ge".
_PINYIN_DIGITS = {
    w: i
    for i, w in enumerate(["yi", "er", "san", "si", "wu", "liu", "qi", "ba", "jiu", "shi"], start=1)
}
_PINYIN_ORDINAL = re.compile(
    r"^di\s*(yi|er|san|si|wu|liu|qi|ba|jiu|shi|[0-9]{1,2})\s*(?:ge|hao|tiao)?$"
)
_LANGUAGE_NAMES = frozenset(["中文", "英文", "english", "chinese"])
_LATIN_HEAD = re.compile(r"[a-z][a-z']*")


@dataclass(frozen=True, slots=True)
class Keyword:
    """A keyword found at the head of a message: its intent, where it ends, the text after it."""

    intent: str
    end: int
    argument: str
    number: int | None = None


def _ascii_digit(char: str) -> str:
    """'⓵', '፩' or '١' as '1'; any other character as itself."""
    if char.isascii() or not char.isdigit():
        return char
    value = unicodedata.digit(char, None)
    return str(value) if value is not None else char


def normalise(text: str) -> str:
    """NFKC (full-width digits, letters and punctuation to ASCII), every Unicode digit as its
    ASCII digit, traditional characters as simplified, control and zero-width characters removed.

    `str.isdigit()` is true of '⓵' and '፩', which `int()` refuses: reading them by value here means
    no step ever meets a digit it cannot count.
    """
    folded = unicodedata.normalize("NFKC", text)
    if not folded.isascii():
        folded = simplify("".join(map(_ascii_digit, folded)))
    return _CONTROL.sub(" ", folded)


def read_number(text: str) -> int | None:
    """The number a worker picks ("2", "２", "第2个", "2号", "No. 2", "第二个"), else None."""
    s = normalise(text).strip().lower().rstrip(".。!！、,，")
    m = _NUMBER.match(s)
    if m:
        return int(m.group(1))
    m = _PINYIN_ORDINAL.match(s)
    if m:
        word = m.group(1)
        return int(word) if word.isdigit() else _PINYIN_DIGITS[word]
    m = _HAN_ORDINAL.match(s)
    if m:
        word = m.group(1)
        return 10 + _HAN_DIGITS[word[1]] if len(word) == 2 else _HAN_DIGITS[word]
    return None


@cache
def _tables() -> tuple[dict[str, str], list[tuple[str, str]], dict[str, str]]:
    """(whole-message words, leading words longest first, fuzzy Latin words) -> intent."""
    alone: dict[str, str] = {}
    leading: list[tuple[str, str]] = []
    fuzzy: dict[str, str] = {}
    for intent, words in KEYWORDS.items():
        for word in words:
            key = word.lower()
            alone.setdefault(key, intent)
            if key not in ALONE_ONLY:
                leading.append((key, intent))
            if key in _FUZZY_WORDS:
                fuzzy[key] = intent
    leading.sort(key=lambda item: -len(item[0]))
    return alone, leading, fuzzy


def _strip_courtesy(s: str) -> int:
    m = _POLITE.match(s)
    return m.end() if m else 0


def _leading(s: str) -> tuple[str, int] | None:
    """The longest leading keyword of lowercased s as (intent, length)."""
    _, leading, _ = _tables()
    for key, intent in leading:
        if not s.startswith(key):
            continue
        # A Latin keyword must end at a word boundary ("join" is not "joined", "me" not "menu").
        if key[-1].isascii() and key[-1].isalnum() and len(s) > len(key):
            nxt = s[len(key)]
            if nxt.isascii() and nxt.isalnum():
                continue
        return intent, len(key)
    return None


def _fuzzy(s: str) -> tuple[str, int] | None:
    """A misspelt Latin keyword ("rigister", "jbos", "hlep") heading s, as (intent, length)."""
    m = _LATIN_HEAD.match(s)
    if not m:
        return None
    word = m.group()
    # Pinyin words are names and places ("wang" is one letter from "lang"), never typos.
    if len(word) < MIN_FUZZY or word in _NOT_TYPOS or pinyin.is_pinyin(word) or exact_place(word):
        return None
    _, _, fuzzy = _tables()
    limit = 2 if len(word) >= 8 else 1
    hits = {
        intent
        for key, intent in fuzzy.items()
        if abs(len(key) - len(word)) <= limit
        and OSA.distance(word, key) <= limit
        # A word cut short ("regist") or two letters swapped in a short word ("mroe").
        or len(word) >= MIN_CUT
        and key.startswith(word)
        and len(word) >= len(key) * 3 // 4
    }
    hits |= {intent for key, intent in _swappable().items() if _swapped(word, key)}
    if len(hits) != 1:
        return None
    return hits.pop(), len(word)


@cache
def _swappable() -> dict[str, str]:
    """Short Latin keywords that forgive only two neighbouring letters swapped (mroe, wrok)."""
    return {w: i for w, i in ((w.lower(), i) for i, ws in KEYWORDS.items() for w in ws)
            if w.isalpha() and len(w) >= 4 and w not in _FUZZY_WORDS and i != "stop"}  # fmt: skip


def _swapped(word: str, key: str) -> bool:
    if len(word) != len(key) or word == key:
        return False
    slips = [i for i, (a, b) in enumerate(zip(word, key, strict=True)) if a != b]
    return (
        len(slips) == 2
        and slips[1] == slips[0] + 1
        and word[slips[0]] == key[slips[1]]
        and word[slips[1]] == key[slips[0]]
    )


def _plain(text: str) -> str:
    for regional, plain in DIALECT:
        text = text.replace(regional, plain)
    return text


def _after(text: str, end: int) -> str:
    return text[end:].strip(_SEPARATORS)


@cache
def _labels() -> list[tuple[str, str]]:
    pairs = [(word, field) for field, words in FIELD_LABELS.items() for word in words]
    return sorted(pairs, key=lambda item: -len(item[0]))


def read_label(text: str) -> tuple[str, int] | None:
    """A field label heading the text ("地区 兰州" -> ("region", 2)), as (field, end), or None."""
    body = text.lstrip()
    offset = len(text) - len(body)
    low = body.lower()
    for word, field in _labels():
        if not low.startswith(word):
            continue
        nxt = low[len(word) : len(word) + 1]
        if word.isascii() and nxt.isascii() and nxt.isalnum():
            continue
        # The label must be followed by an answer, not be the answer ("老家" alone says nothing).
        if not low[len(word) :].strip(_SEPARATORS + "是为"):
            return None
        return field, offset + len(word)
    return None


def read_keyword(text: str) -> Keyword | None:
    """The keyword a message starts with (or consists of), or None; text should be normalised."""
    alone, _, _ = _tables()
    body = text.strip()
    offset = len(text) - len(text.lstrip())
    # Per-character lowering keeps indices aligned with text (some capitals lower to two chars).
    whole = "".join(c if len(c.lower()) != 1 else c.lower() for c in body).rstrip(".。!！~ ")
    if not whole:
        return None
    number = read_number(whole)
    if number is not None:
        if whole == "0":
            return Keyword("skip", len(text), "", None)
        return Keyword("pick", len(text), "", number) if number else None
    # "更 多": a space typed inside a Chinese keyword.
    joined = re.sub(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", "", whole)
    if whole in alone or joined in alone:
        intent = alone[whole if whole in alone else joined]
        argument = body if intent == "language" else ""
        return Keyword(intent, len(text), argument, None)
    skipped = _strip_courtesy(whole)
    rest = whole[skipped:]
    if skipped and rest in alone:
        intent = alone[rest]
        return Keyword(intent, len(text), body[skipped:] if intent == "language" else "", None)
    if (plain := _plain(joined)) != joined:
        # 瞅瞅俺的, 有莫得活路: the whole message in the keywords' own words.
        plain = plain[_strip_courtesy(plain) :]
        if plain in alone and alone[plain] not in ("stop", "language"):
            return Keyword(alone[plain], len(text), "", None)
    found = _leading(rest) or _fuzzy(rest) or sounded_keyword(rest)
    if found is None:
        return None
    intent, length = found
    end = offset + skipped + length
    # "English please": the language word is itself the answer; "语言 English": the rest is.
    named = intent == "language" and rest[:length] in _LANGUAGE_NAMES
    argument = _after(text, offset + skipped if named else end)
    number = read_number(argument) if argument else None
    if intent == "pick" and (number is None or number == 0):
        return None
    return Keyword(intent, end, argument, number if intent in ("pick", "apply") else None)
