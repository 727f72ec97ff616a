"""What one message says (the Reading understand() returns) and its JSON form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.matching.countries import Country
from bot.matching.places import PlaceCandidate
from bot.matching.regions import Region
from bot.matching.trades import TradeCandidate

__all__ = ["EMPTY", "Reading"]


@dataclass(frozen=True, slots=True)
class Reading:
    """What one message says; fields the message does not give are None or empty.

    question: what a question asks about, see questions.TOPICS (wage, board, age, place, date,
    requirements, headcount, contact; fee, apply for how to apply or use the service, about for
    who we are), "other" for a question about anything else, None for no question. greeting: the
    message is a greeting and nothing else (你好, 在吗, hello). Neither a question nor a greeting
    is ever a name. script: "hanzi", "pinyin" (Chinese typed in Latin letters: answer in
    Chinese) or "latin" (English), None without letters. destination: where the seeker wants to go (想去新疆, 去深圳, 想去沙特), a
    Region or a Country, never the home region. correction: the message corrects an answer
    (不对…, 错了…, …改成…); field then names the field it corrects, as a label does.
    """

    intent: str | None
    number: int | None
    name: str | None
    region: Region | None
    region_candidates: tuple[PlaceCandidate, ...]
    skills: tuple[TradeCandidate, ...]
    scope: str | None
    argument: str
    # The profile field a leading label names ("地区 兰州" -> "region"), or that 我叫X (name),
    # 我是X人 (region) or a correction (不对 我是会宁的) fills: for answers out of turn.
    field: str | None = None
    # A question ("工资多少" -> "wage"; "other" for one about anything else), or a greeting.
    question: str | None = None
    greeting: bool = False
    script: str | None = None
    destination: Region | Country | None = None
    correction: bool = False

    def as_json(self) -> dict[str, Any]:
        """The `gongyou understand --json` contract (plus "number" and the fields after scope)."""
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
            "field": self.field,
            "question": self.question,
            "greeting": self.greeting,
            "script": self.script,
            "destination": _destination_json(self.destination),
            "correction": self.correction,
        }


def _destination_json(place: Region | Country | None) -> dict[str, str] | None:
    if isinstance(place, Region):
        return {"kind": "region", "code": place.code, "name": place.full_name}
    if isinstance(place, Country):
        return {"kind": "country", "code": place.code, "name": place.name_zh}
    return None


EMPTY = Reading(None, None, None, None, (), (), None, "")
