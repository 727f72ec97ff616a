"""One-shot reading of a seeker's message: intent, number, name, home region, skills and scope."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.matching.intents import normalise, read_keyword, read_label
from bot.matching.names import explicit_name, leftover_name, romanised_name
from bot.matching.places import PlaceCandidate, exact_place, find_places
from bot.matching.regions import Region
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
    # A question ("工资多少" -> "wage"; "other" for one about anything else), or a greeting.
    question: str | None = None
    greeting: bool = False

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

    def straddles(self, other: _Span) -> bool:
        """Overlapping without either holding the other: "天水 电工" read as 天[水 电工]."""
        inside = other.start <= self.start and self.end <= other.end
        holds = self.start <= other.start and other.end <= self.end
        return self.overlaps(other) and not inside and not holds


def _place_spans(text: str) -> list[_Span]:
    out = []
    for chunk in _CHUNK.finditer(text):
        for start, end, cands in find_places(chunk.group()):
            if cands and cands[0].score >= MIN_PLACE_SCORE:
                out.append(_Span(chunk.start() + start, chunk.start() + end, "place", cands))
    return out


def _trade_spans(text: str) -> list[_Span]:
    return [_Span(s, e, "trade", c) for s, e, c in find_trades(text) if c.score >= MIN_TRADE_SCORE]


def _trades_beside(text: str, places: list[_Span]) -> list[_Span]:
    """Trades in `text`, where a place wins over a trade reading that reaches into it.

    The trade is then read again without the place's characters (天水 电工 is 天水 and 电工, not
    水电工). A place wholly inside a longer trade phrase stays the trade's ("想去新疆摘棉花").
    """
    trades = _trade_spans(text)
    cut = [p for p in places if any(t.straddles(p) for t in trades)]
    if not cut:
        return trades
    kept = [t for t in trades if not any(t.straddles(p) for p in cut)]
    rest = text
    for place in cut:
        rest = _mask(rest, place.start, place.end)
    kept += [t for t in _trade_spans(rest) if not any(t.overlaps(k) for k in kept)]
    return kept


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

    found = explicit_name(rest) or romanised_name(rest, after_keyword=keyword is not None)
    name = found[0] if found else None
    masked = _mask(rest, found[1], found[2]) if found else rest

    spans = _place_spans(masked)
    spans += _trades_beside(masked, spans)
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
        name = leftover_name(leftover, rest, latin=intent == "register" or field == "name")
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
