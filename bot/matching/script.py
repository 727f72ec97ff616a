"""Which script a message is written in: Hanzi, pinyin (Chinese without a Chinese keyboard) or
Latin (English). A worker who writes `huining dianhan` is answered in Chinese, not English.
"""

from __future__ import annotations

import re
from functools import cache

from bot.matching import pinyin

__all__ = ["SCRIPTS", "script_of"]

SCRIPTS = ("hanzi", "pinyin", "latin")

# Everyday English words, chiefly those that also split into pinyin syllables (a, me, more, name,
# china, you, can) or sit one letter from it (hello): they are English evidence, not pinyin.
_ENGLISH_WORDS = """
a an and are am as at be been but by can cannot china chinese come could day did do does done
dont for from get go going good got had has have he hello help her here hi him his how i if in
is it its job jobs just know like long look looking make man me men more my name need new no not
now of ok okay on one or our out pay please same see she so some than thank thanks that the
their them then there they this to too up us use want was we well were what when where which who
why will with work worker would year years yes you your am pm ten then hen pen den bin pin ping
pang bang gang hang fan pan tan ran sun run gun bun fun hun die lie tie pie game came take make
bake lake wake cake sale tale male female hate dare care bare fare hare mare ware lane cane mane
bone cone gone tone zone menu lang wan dang dun man woman anywhere abroad overseas local nearby
province city county district region home hometown skill skills trade register apply stop start
next back previous prev english language yes sure fine done hey hiya morning evening afternoon
"""

_LATIN_WORD = re.compile(r"[a-z]+")
_MIN_NEAR = 5


@cache
def _english() -> frozenset[str]:
    """English evidence: the list above and every word of our English keywords, trades and places."""
    from bot.matching.countries import countries
    from bot.matching.keywords import KEYWORDS
    from bot.matching.places import FILLER_WORDS
    from bot.matching.regions import ENGLISH_NAMES
    from bot.matching.scope import SCOPE_WORDS
    from bot.matching.taxonomy import trades

    phrases: list[str] = [w for words in KEYWORDS.values() for w in words if w.isascii()]
    phrases += [w for words in SCOPE_WORDS.values() for w in words if w.isascii()]
    phrases += [n for names in ENGLISH_NAMES.values() for n in names]
    phrases += [c.name_en for c in countries()]
    for t in trades():
        phrases += [t.name_en, *t.synonyms_en]
    words = {w for phrase in phrases for w in _LATIN_WORD.findall(phrase.lower())}
    # Pinyin keywords (zhuce, gengduo) are pinyin evidence, never English.
    words = {w for w in words if not (len(w) > 3 and pinyin.is_pinyin(w))}
    return frozenset(words | set(_ENGLISH_WORDS.split()) | FILLER_WORDS)


@cache
def _near_pinyin(word: str) -> bool:
    """A word one slip from pinyin (huinng, lanzhuo): a misspelt pinyin word, not English."""
    if len(word) < _MIN_NEAR:
        return False
    letters = "abcdefghijklmnopqrstuwxyz"
    for i in range(len(word) + 1):
        if i < len(word) and pinyin.is_pinyin(word[:i] + word[i + 1 :]):
            return True
        for c in letters:
            if pinyin.is_pinyin(word[:i] + c + word[i:]):
                return True
    return False


def script_of(text: str) -> str | None:
    """ "hanzi" when any Chinese character is written, else "pinyin" when more words read as
    pinyin than as English, else "latin"; None when the message has no letters at all."""
    if any(pinyin.is_han(c) for c in text):
        return "hanzi"
    words = [pinyin.fold_latin(w) for w in re.findall(r"[^\W\d_]+", text)]
    words = [w for w in words if w]
    if not words:
        return None
    english = _english()
    chinese = sum(
        w not in english and len(w) > 1 and (pinyin.is_pinyin(w) or _near_pinyin(w)) for w in words
    )
    # A long English word (register, electrician, anywhere), or one slip from one (regester),
    # outweighs a pinyin name or place: "register Ma Jun Xiji electrician" is English.
    foreign = sum(
        (2 if len(w) >= _LONG else 1) if w in english else 2 if _near_english(w) else 0
        for w in words
    )
    return "pinyin" if chinese > foreign else "latin"


_LONG = 5


@cache
def _near_english(word: str) -> bool:
    """A long word one slip from a long English word we know (regester, electrican)."""
    if len(word) < _LONG + 1 or pinyin.is_pinyin(word) or _near_pinyin(word):
        return False
    from rapidfuzz.distance import Levenshtein
    from rapidfuzz.process import extractOne

    long_words = [w for w in _english() if len(w) > _LONG]
    found = extractOne(word, long_words, scorer=Levenshtein.distance, score_cutoff=1)
    return found is not None
