"""One-shot reading of a seeker's message: intent, number, name, home region, skills and scope."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.matching import pinyin
from bot.matching.intents import normalise, read_keyword, read_label
from bot.matching.places import PlaceCandidate, exact_place, find_places
from bot.matching.regions import SURNAMES, Region
from bot.matching.scope import MIN_PLACE_SCORE, find_scopes, widest
from bot.matching.trades import TradeCandidate, find_trades

__all__ = ["Reading", "understand"]

# Long enough for a two-segment SMS and a chatty Telegram message; the rest is not read.
MAX_TEXT = 400
# Far beyond any message a worker types (ten SMS segments): a paste this long is no answer.
MAX_MESSAGE = 1600
# Intents whose argument is a command's own parameter, never profile facts.
_NO_FACTS = frozenset(["pick", "skip", "stop", "start", "help", "language", "more", "previous"])
_MASK = ","
# Places are looked up chunk by chunk: Han characters are never joined across punctuation or
# spaces (李四，会宁 is not 四会), while Latin words keep their spaces (Hong Kong, Inner Mongolia).
_CHUNK = re.compile(
    r"[^\s,.;:!?()\[\]{}<>\"'，。；：！？、（）【】《》“”‘’|/\\]+(?:[ \t]+[A-Za-z][^\s,.;:!?()，。；：！？、|/\\]*)*"
)
_PRIORITY = {"trade": 0, "scope": 1, "place": 2}
# Trade readings below SURE_TRADE are loose guesses ("weldr" ~ welder at 75, "drive" ~ driver at
# 78): kept when they are all the message offers, dropped beside a sure one ("drive a forklift").
MIN_TRADE_SCORE = 75.0
SURE_TRADE = 90.0
_DESTINATION = ("想去", "要去", "去", "到", "前往", "往")
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
_ROMANISED = re.compile(r"\s*([A-Z][a-z]{0,5})(?: [A-Z][a-z]{0,5}){1,2}\b")
_COMPOUND_SURNAMES = frozenset(re.findall("..", "欧阳司马诸葛上官皇甫令狐慕容尉迟公孙司徒"))
# Characters that end a name run ("张三男45岁", "李四今年") and never sit inside a given name.
_NOT_IN_NAME = frozenset(
    "男女岁人我你他她是在的了想要去会能找干做工活吃住个有没不和与及或都也就还省市县区镇乡村师傅叫姓名今号吗呢啊吧"
)
# Everyday words that begin with a surname character; a run starting with one is no name.
_NOT_NAMES = re.compile(
    "^(?:谢谢|谢了|高中|高空|毕业|安装|安全|安保|管理|管道|钱多|党员|常年|长期|明天|明年|全职|全家"
    "|车间|时间|华为|包工|包活|包吃|包住|路费|宁可|经验|熟练|司机|师傅|老板|单身|身体|能吃苦|力气)"
)
_EN_NOT_NAMES = frozenset(
    re.findall(
        r"\w+",
        "a an the from in at of and or to for with looking here interested available unemployed "
        "ready new back good fine ok okay not also very so just still now currently willing able "
        "living based male female years old married single student worker thanks thank",
    )
)


@dataclass(frozen=True, slots=True)
class Reading:
    """What one message says; fields the message does not give are None or empty."""

    intent: str | None
    number: int | None
    name: str | None
    region: Region | None
    region_candidates: tuple[PlaceCandidate, ...]
    skills: tuple[TradeCandidate, ...]
    scope: str | None
    argument: str
    # The profile field a leading label names ("地区 兰州" -> "region"), for answers out of turn.
    field: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The `gongyou understand --json` contract (plus "number")."""
        return {
            "intent": self.intent,
            "number": self.number,
            "name": self.name,
            "region": (
                {"code": self.region.code, "name": self.region.full_name} if self.region else None
            ),
            "region_candidates": [
                {"code": c.region.code, "name": c.region.full_name, "score": round(c.score, 1)}
                for c in self.region_candidates
            ],
            "skills": [
                {
                    "code": s.trade.code,
                    "name": s.trade.name_zh,
                    "name_en": s.trade.name_en,
                    "score": round(s.score, 1),
                }
                for s in self.skills
            ],
            "scope": self.scope,
        }


EMPTY = Reading(None, None, None, None, (), (), None, "")


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    kind: str  # "place" | "trade" | "scope"
    value: Any

    def overlaps(self, other: _Span) -> bool:
        return self.start < other.end and other.start < self.end


def _place_spans(text: str) -> list[_Span]:
    out = []
    for chunk in _CHUNK.finditer(text):
        for start, end, cands in find_places(chunk.group()):
            if cands and cands[0].score >= MIN_PLACE_SCORE:
                out.append(_Span(chunk.start() + start, chunk.start() + end, "place", cands))
    return out


def _resolve(spans: list[_Span]) -> tuple[list[_Span], list[_Span]]:
    """(kept, dropped): the longest of overlapping mentions wins, then the earlier, then a trade
    over a place ("baoan" is 保安 before 宝安); kept in reading order."""
    kept: list[_Span] = []
    dropped: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start - s.end, s.start, _PRIORITY[s.kind])):
        # A scope word may sit inside a trade ("出国劳务" is both a trade and a scope).
        if any(span.overlaps(k) and {span.kind, k.kind} != {"scope", "trade"} for k in kept):
            dropped.append(span)
        else:
            kept.append(span)
    return sorted(kept, key=lambda s: s.start), dropped


def _is_destination(text: str, span: _Span) -> bool:
    return any(text.endswith(word, 0, span.start) for word in _DESTINATION)


def _narrow(groups: list[list[PlaceCandidate]]) -> list[PlaceCandidate]:
    """Combine several mentions of one home ("甘肃，白银，会宁") into the deepest consistent one."""
    current = groups[0]
    for group in groups[1:]:
        deeper = [c for c in group if any(c.region.is_within(p.region) for p in current)]
        if deeper:
            current = deeper
            continue
        enclosing = [c for c in current if any(c.region.is_within(p.region) for p in group)]
        if enclosing:
            current = enclosing
    return current


def _best(cands: list[PlaceCandidate]) -> Region | None:
    """The single best region, or None when the top score is shared (ambiguous)."""
    if not cands:
        return None
    if len(cands) > 1 and cands[1].score >= cands[0].score:
        return None
    return cands[0].region


def _distinct_skills(spans: list[_Span]) -> tuple[TradeCandidate, ...]:
    """Each trade once, at its best score, best first; loose guesses only when nothing is sure."""
    if any(s.value.score >= SURE_TRADE for s in spans):
        spans = [s for s in spans if s.value.score >= SURE_TRADE]
    best: dict[str, tuple[TradeCandidate, int]] = {}
    for order, span in enumerate(spans):
        cand: TradeCandidate = span.value
        seen = best.get(cand.trade.code)
        if seen is None or seen[0].score < cand.score:
            best[cand.trade.code] = (cand, seen[1] if seen else order)
    ranked = sorted(best.values(), key=lambda item: (-item[0].score, item[1]))
    return tuple(cand for cand, _ in ranked)


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + _MASK * (end - start) + text[end:]


def _scope_from_destination(home: Region | None, places: list[_Span]) -> str | None:
    """ "会宁人，想去兰州": a destination in China says how far they will go, relative to home."""
    if home is None or not places:
        return None
    target = _best(places[0].value)
    if target is None:
        return None
    if target.province_code != home.province_code:
        return "country"
    return "local" if target.city_code == home.city_code and target.city_code else "province"


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


def _han_name(run: str, strict: bool) -> str | None:
    """A plausible Chinese name, or None; strict also rules out places, trades and everyday words."""
    if not 2 <= len(run) <= 4 or any(c in _NOT_IN_NAME for c in run[1:]):
        return None
    if not strict:
        return run
    if not _surname(run) or _NOT_NAMES.match(run) or exact_place(run):
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


def _romanised_name(text: str, after_keyword: bool) -> tuple[str, int, int] | None:
    """ "Zhang Wei Huining ...": a capitalised surname and given name heading the message."""
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


def _explicit_name(text: str) -> tuple[str, int, int] | None:
    """A name the seeker says is theirs, as (name, start, end)."""
    for m in _SAID_ZH.finditer(text):
        cut = _cut(m.group(2))
        name = _han_name(cut, strict=m.group(1) in ("我是", "本人", "叫")) if cut else None
        if name:
            return name, m.start(2), m.start(2) + len(name)
    for m in _SAID_EN.finditer(text):
        name = _latin_name(re.split(r"[ .'-]+", m.group(1)))
        if name:
            return name, m.start(1), m.start(1) + len(name)
    return None


def _leftover_name(leftover: str, rest: str, latin: bool) -> str | None:
    """A lone 2-4 character token left over after places, trades and scope ("张三 会宁 电焊")."""
    head = len(rest) - len(rest.lstrip(_SEPARATORS))
    for m in re.finditer(r"[\u3400-\u9fff]+|[A-Za-z]+(?:[ ]+[A-Za-z]+)*", leftover):
        at_head = m.start() == head
        if m.group()[0].isascii():
            if latin and at_head:
                return _latin_name(m.group().split())
            continue
        before = rest[m.start() - 1] if m.start() else " "
        after = rest[m.end()] if m.end() < len(rest) else " "
        alone = before in _SEPARATORS and after in _SEPARATORS
        cut = _cut(m.group()) if at_head else m.group()
        if (at_head or alone) and cut and (name := _han_name(cut, strict=True)):
            return name
    return None


def understand(text: str) -> Reading:
    """Read one message: a leading keyword and whatever profile facts it carries."""
    if not text or not text.strip() or len(text) > MAX_MESSAGE:
        return EMPTY
    body = normalise(text[: MAX_TEXT * 2])[:MAX_TEXT]
    keyword = read_keyword(body)
    intent = keyword.intent if keyword else None
    number = keyword.number if keyword else None
    start = keyword.end if keyword else 0
    if intent in _NO_FACTS:
        return Reading(
            intent, number, None, None, (), (), None, keyword.argument if keyword else ""
        )
    label = read_label(body[start:])
    field = label[0] if label else None
    if label:
        start += label[1]
    rest = body[start:]
    argument = (
        keyword.argument if keyword and not label else rest.strip(" \t\r\n,.;:!~，。；：！、")
    )

    found = _explicit_name(rest) or _romanised_name(rest, after_keyword=keyword is not None)
    name = found[0] if found else None
    masked = _mask(rest, found[1], found[2]) if found else rest

    spans = _place_spans(masked)
    spans += [
        _Span(s, e, "trade", c) for s, e, c in find_trades(masked) if c.score >= MIN_TRADE_SCORE
    ]
    spans += [_Span(s, e, "scope", v) for s, e, v in find_scopes(masked)]
    spans, dropped = _resolve(spans)

    places = [s for s in spans if s.kind == "place"]
    home = [s for s in places if not _is_destination(masked, s)]
    # A destination can hide inside a trade phrase ("想去新疆摘棉花").
    away = [s for s in places + dropped if s.kind == "place" and _is_destination(masked, s)]
    candidates = _narrow([s.value for s in home]) if home else []
    trade_spans = [s for s in spans if s.kind == "trade"]
    scope = widest([s.value for s in spans if s.kind == "scope"])

    leftover = masked
    for span in spans:
        leftover = _mask(leftover, span.start, span.end)
    if name is None:
        name = _leftover_name(leftover, rest, latin=intent == "register" or field == "name")
    if not candidates and not trade_spans and name is None and scope is None:
        # A bare place answer that free-text spotting leaves alone ("高台", "合作").
        candidates = [PlaceCandidate(r, 100.0) for r in exact_place(argument)]
    region = _best(candidates)
    if scope is None:
        scope = _scope_from_destination(region, away)
    return Reading(
        intent,
        number,
        name,
        region,
        tuple(candidates),
        _distinct_skills(trade_spans),
        scope,
        argument,
        field,
    )
