"""Mentions in a message as spans (places, trades, scope words) and how overlapping ones are
resolved; understand.py reads a message with them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.matching.places import PlaceCandidate, find_places
from bot.matching.regions import Region
from bot.matching.scope import MIN_PLACE_SCORE
from bot.matching.trades import TradeCandidate, find_trades

MASK = ","
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


@dataclass(slots=True)
class Span:
    start: int
    end: int
    kind: str  # "place" | "trade" | "scope"
    value: Any

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def straddles(self, other: Span) -> bool:
        """Overlapping without either holding the other: "天水 电工" read as 天[水 电工]."""
        inside = other.start <= self.start and self.end <= other.end
        holds = self.start <= other.start and other.end <= self.end
        return self.overlaps(other) and not inside and not holds


def place_spans(text: str) -> list[Span]:
    out = []
    for chunk in _CHUNK.finditer(text):
        for start, end, cands in find_places(chunk.group()):
            if cands and cands[0].score >= MIN_PLACE_SCORE:
                out.append(Span(chunk.start() + start, chunk.start() + end, "place", cands))
    return out


def _trade_spans(text: str) -> list[Span]:
    return [Span(s, e, "trade", c) for s, e, c in find_trades(text) if c.score >= MIN_TRADE_SCORE]


def trades_beside(text: str, places: list[Span]) -> list[Span]:
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
        rest = mask(rest, place.start, place.end)
    kept += [t for t in _trade_spans(rest) if not any(t.overlaps(k) for k in kept)]
    return kept


def resolve(spans: list[Span]) -> tuple[list[Span], list[Span]]:
    """(kept, dropped): the longest of overlapping mentions wins, then the earlier, then a trade
    over a place ("baoan" is 保安 before 宝安); kept in reading order."""
    kept: list[Span] = []
    dropped: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start - s.end, s.start, _PRIORITY[s.kind])):
        # A scope word may sit inside a trade ("出国劳务" is both a trade and a scope).
        if any(span.overlaps(k) and {span.kind, k.kind} != {"scope", "trade"} for k in kept):
            dropped.append(span)
        else:
            kept.append(span)
    return sorted(kept, key=lambda s: s.start), dropped


def narrow(groups: list[list[PlaceCandidate]]) -> list[PlaceCandidate]:
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


def best(cands: list[PlaceCandidate]) -> Region | None:
    """The single best region, or None when the top score is shared (ambiguous)."""
    if not cands:
        return None
    if len(cands) > 1 and cands[1].score >= cands[0].score:
        return None
    return cands[0].region


def distinct_skills(spans: list[Span]) -> tuple[TradeCandidate, ...]:
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


def mask(text: str, start: int, end: int) -> str:
    return text[:start] + MASK * (end - start) + text[end:]
