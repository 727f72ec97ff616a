"""Names in a worker's message: said ("我叫李四"), romanised ("Zhang Wei") or a lone leftover token.

No name is better than a wrong one: a candidate must not be a place, a trade or a scope word.
"""

from __future__ import annotations

import re
from functools import cache

from bot.matching import pinyin
from bot.matching.places import exact_place, find_places
from bot.matching.regions import SURNAMES
from bot.matching.scope import find_scopes
from bot.matching.trades import find_trades

_SEPARATORS = " \t\r\n,.;:!?~，。；：！？、()（）[]【】<>《》'\"“”|/\\-_"

# Names: "我叫李四", "姓名：王五", "my name is Zhang Wei", "I am Zhang Wei".
_SAID_ZH = re.compile(
    r"(我的名字(?:是|叫)|我叫|我是|姓名|名字|本人|叫我|名叫|叫)[是为叫:：\s]*([\u3400-\u9fff]+)"
)
_SAID_EN = re.compile(
    r"\b(?:my name is|my name's|name is|name|i am|i'm|call me|this is)\s*:?\s*"
    r"([a-z]+(?:[ .'-]+[a-z]+){0,3})",
    re.IGNORECASE,
)
_LOWER_ROMANISED = re.compile(r"\s*([a-z]{1,6}(?: [a-z]{1,6}){1,2})\b")
_ROMANISED = re.compile(r"\s*([A-Z][a-z]{0,5})(?: [A-Z][a-z]{0,5}){1,2}\b")
_FROM = ("的", "人")
_COMPOUND_SURNAMES = frozenset(re.findall("..", "欧阳司马诸葛上官皇甫令狐慕容尉迟公孙司徒"))
# Characters that end a name run ("张三男45岁", "李四今年") and never sit inside a given name.
_NOT_IN_NAME = frozenset(
    "男女岁人我你他她是在的了想要去会能找干做工活吃住个有没不和与及或都也就还省市县区镇乡村师傅叫姓名今号吗呢啊吧"
)
# In a name standing alone between separators these are name characters, not sentence ones.
_ALONE_IN_NAME = frozenset("有")
# Yi, Tibetan and Uyghur names often start with 阿 (阿苏, 阿依), which is no surname.
_NAME_PREFIXES = frozenset("阿")
# 叫我儿子帮我打的: who was asked, not what the worker is called.
_KIN = re.compile(
    "^(?:儿子|女儿|孩子|娃|老婆|媳妇|老公|爱人|爸|妈|哥|姐|弟|妹|朋友|同事|老乡|亲戚)"
)
# Everyday words that begin with a surname character; a run starting with one is no name.
_NOT_NAMES = re.compile(
    "^(?:谢谢|谢了|高中|高空|毕业|安装|安全|安保|管理|管道|钱多|党员|常年|长期|明天|明年|全职|全家"
    "|车间|时间|华为|包工|包活|包吃|包住|路费|宁可|经验|熟练|司机|师傅|老板|单身|身体|能吃苦|力气"
    "|阿姨|阿叔|阿伯|阿婆|阿公|阿爸|阿妈|阿哥|阿姐|阿弟|阿妹|阿拉|阿们)"
)
_EN_NOT_NAMES = frozenset(
    re.findall(
        r"\w+",
        "a an the from in at of and or to for with looking here interested available unemployed "
        "ready new back good fine ok okay not also very so just still now currently willing able "
        "living based male female years old married single student worker thanks thank",
    )
)


def _surname(run: str) -> bool:
    return run[:2] in _COMPOUND_SURNAMES or run[0] in SURNAMES


def _cut(run: str) -> str | None:
    """A name at the head of a Han run: up to a non-name character or a place/trade/scope."""
    for end in range(2, min(len(run), 5)):
        tail = run[end:]
        if (
            run[end] in _NOT_IN_NAME
            or any(s == 0 for s, _, _ in find_places(tail))
            or any(s == 0 for s, _, _ in find_trades(tail))
            or any(s == 0 for s, _, _ in find_scopes(tail))
        ):
            return run[:end]
    return run if 2 <= len(run) <= 4 else None


def _han_name(run: str, strict: bool, alone: bool = False) -> str | None:
    """A plausible Chinese name, or None; strict also rules out places, trades and everyday words.
    A word standing alone may hold 有 (张有, 王有才) and be a minority name led by 阿 (阿苏)."""
    allowed = _ALONE_IN_NAME if alone else frozenset()
    if not 2 <= len(run) <= 4 or any(c in _NOT_IN_NAME - allowed for c in run[1:]):
        return None
    if not strict:
        return run
    prefixed = alone and run[0] in _NAME_PREFIXES and len(run) <= 3
    if not (_surname(run) or prefixed) or _NOT_NAMES.match(run) or exact_place(run):
        return None
    return None if find_trades(run) or find_scopes(run) else run


def _latin_name(words: list[str]) -> str | None:
    """Leading name-like Latin words ("Zhang Wei"), title-cased when typed in lower case."""
    kept: list[str] = []
    for word in words[:3]:
        low = word.lower()
        name_like = word[0].isupper() or pinyin.is_pinyin(low)
        if (
            not word.isalpha()
            or not name_like
            or low in _EN_NOT_NAMES
            or exact_place(word)
            or find_trades(word)
            or find_scopes(word)
        ):
            break
        kept.append(word if not word.islower() else word.capitalize())
    return " ".join(kept) or None


@cache
def _surname_sounds() -> frozenset[str]:
    return frozenset(pinyin.joined(c) for c in SURNAMES | _COMPOUND_SURNAMES)


def pinyin_name(run: str) -> str | None:
    """A name typed in pinyin, surname first ("liu deming", "liu de ming", "liudeming"), shown as
    written with capitals ("Liu Deming", "Liu De Ming", "Liudeming"); never a place, a trade or a
    scope word.

    Kept in Latin letters: the same syllables are many different names in Chinese characters.
    """
    words = run.lower().split()
    if not 1 <= len(words) <= 3 or not all(w.isascii() and w.isalpha() for w in words):
        return None
    if len(words) == 1:
        surnames = [s for s in _surname_sounds() if words[0].startswith(s) and words[0] != s]
        if not surnames:
            return None
        surname = max(surnames, key=len)
        given = words[0][len(surname) :]
    else:
        surname, given = words[0], "".join(words[1:])
    syllables = pinyin.split(given)
    if surname not in _surname_sounds() or syllables is None or len(syllables) > 2:
        return None
    if any(w in _EN_NOT_NAMES for w in words) or exact_place(run) or find_trades(run):
        return None
    if find_scopes(run):
        return None
    return " ".join(w.capitalize() for w in words)


def romanised_name(text: str, after_keyword: bool) -> tuple[str, int, int] | None:
    """ "Zhang Wei Huining ...": a capitalised surname and given name heading the message; after
    a keyword (注册 liu deming huining), in lower case too."""
    if after_keyword and (m := _LOWER_ROMANISED.match(text)):
        words = m.group(1).split()
        for n in (3, 2):
            name = pinyin_name(" ".join(words[:n])) if len(words) >= n else None
            # A third word joins the name only when it is one short syllable (liu de ming).
            if name and (n == 2 or len(words[2]) <= 4):
                end = m.start(1) + len(" ".join(words[:n]))
                return name, m.start(1), end
    m = _ROMANISED.match(text)
    if not m or m.group(1).lower() not in _surname_sounds():
        return None
    words = m.group().split()
    # A third word is part of the name only when it is one short syllable ("Wang Xiao Ming").
    third = words[2].lower() if len(words) == 3 else ""
    if third and (len(third) > 4 or not pinyin.is_pinyin(third) or exact_place(third)):
        words = words[:2]
    name = " ".join(words)
    # Without 注册 in front, "Bai Yin" is the place 白银; after it, the name comes first.
    if find_trades(name) or (not after_keyword and exact_place(name)):
        return None
    return name, m.start(), m.start() + len(name)


def explicit_name(text: str) -> tuple[str, int, int] | None:
    """A name the seeker says is theirs, as (name, start, end)."""
    for m in _SAID_ZH.finditer(text):
        if _KIN.match(m.group(2)):
            continue
        cut = _cut(m.group(2))
        if cut and m.group(1) == "我是" and m.group(2)[len(cut) : len(cut) + 1] in _FROM:
            continue  # 我是兰洲的, 我是静远人: where they are from, however it is spelt
        name = _han_name(cut, strict=m.group(1) in ("我是", "本人", "叫")) if cut else None
        if name:
            return name, m.start(2), m.start(2) + len(name)
    for m in _SAID_EN.finditer(text):
        name = _latin_name(re.split(r"[ .'-]+", m.group(1)))
        if name:
            return name, m.start(1), m.start(1) + len(name)
    return None


def leftover_name(leftover: str, rest: str, latin: bool, in_pinyin: bool = False) -> str | None:
    """A lone 2-4 character token left over after places, trades and scope ("张三 会宁 电焊");
    in a pinyin message, a pinyin name heading it ("liu deming huining dianhan")."""
    head = len(rest) - len(rest.lstrip(_SEPARATORS))
    for m in re.finditer(r"[\u3400-\u9fff]+|[A-Za-z]+(?:[ ]+[A-Za-z]+)*", leftover):
        at_head = m.start() == head
        if m.group()[0].isascii():
            if in_pinyin and at_head and (name := pinyin_name(m.group())):
                return name
            if latin and at_head:
                return _latin_name(m.group().split())
            continue
        before = rest[m.start() - 1] if m.start() else " "
        after = rest[m.end()] if m.end() < len(rest) else " "
        alone = before in _SEPARATORS and after in _SEPARATORS
        cut = _cut(m.group()) if at_head else m.group()
        whole = alone and cut == m.group()
        if (at_head or alone) and cut and (name := _han_name(cut, strict=True, alone=whole)):
            return name
    return None
