"""Runs the blind conversation corpus through the real dialog and checks each expectation.

Facts are read off the Reply the dialog returns (its catalog keys, choices and locale) and off the
text the worker's channel would show, never off the wording alone; see corpus_format.py.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import count

from corpus_format import Conversation
from sqlalchemy import func, select

from bot.channels.sms.render import render_sms
from bot.channels.telegram.render import render_telegram
from bot.dialog import converse
from bot.matching.countries import countries
from bot.matching.regions import regions
from bot.render import render_line
from bot.replies import Inbound, Reply
from bot.search import VacancySearch
from storage.models import Application
from storage.seekers import find_seeker

START = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
_PICK = re.compile(r"^\{pick(\?)?:(.+)\}$")

# Each reply fact, as the catalog keys of the lines that carry it (any one of them will do).
KEYS: dict[str, tuple[str, ...]] = {
    "asks:name": ("register.ask_name", "register.name_again"),
    "asks:region": ("register.ask_region", "register.region_unknown", "register.region_too_many"),
    "asks:region_choice": ("register.pick_place",),
    "asks:skills": ("register.ask_skills", "register.skills_unknown"),
    "asks:scope": ("register.ask_scope",),
    "asks:age": ("register.ask_age",),
    "registered": ("register.done",),
    "list:other": ("jobs.header_other", "jobs.other_header"),
    "list:none": ("jobs.none", "jobs.no_more", "jobs.none_in_trade"),
    "details": ("job.details",),
    "applied": ("apply.done", "apply.again"),
    "profile": ("me.profile",),
    "about": ("question.about", "question.hello", "question.fee", "question.how_to_apply"),
    "help": ("help.keywords", "help.opted_out"),
    "hint": ("hint.unknown", "jobs.bad_number", "jobs.no_list", "apply.which"),
    "stopped": ("stop.done",),
    "resumed": ("start.resumed",),
    "language": ("language.pick",),
}


def _keys(reply: Reply) -> set[str]:
    found = {line.key for line in (*reply.lines, *reply.footer)}
    found |= {c.label.key for c in (*reply.choices, *reply.actions)}
    return found


@dataclass
class Outcome:
    """How one conversation went: every expectation with whether it held."""

    conversation: Conversation
    checks: list[tuple[str, bool, str]] = field(default_factory=list)  # (what, held, detail)

    def check(self, what: str, held: bool, detail: str = "") -> None:
        self.checks.append((what, held, detail))

    @property
    def held(self) -> int:
        return sum(ok for _, ok, _ in self.checks)


def has_fact(fact: str, reply: Reply | None, shown: str) -> bool:
    """Whether a reply (and the text the worker sees) carries one fact of corpus_format.py."""
    if fact.startswith("not:"):
        return not has_fact(fact[4:], reply, shown)
    if fact == "silent":
        return reply is None
    if reply is None:
        return False
    keys = _keys(reply)
    if fact in KEYS:
        return bool(keys & set(KEYS[fact]))
    if fact == "list":
        return "jobs.item" in keys
    if fact == "distinct":
        rows = [r.split(". ", 1)[-1] for r in shown.split("\n") if r[:1].isdigit()]
        return len(rows) == len(set(rows))
    if fact.startswith("changed:"):
        return f"changed.{fact[8:]}" in keys or "me.profile" in keys
    if fact.startswith("answer:"):
        return f"question.topic.{fact[7:]}" in keys
    if fact == "english":
        return reply.locale == "en"
    if fact == "chinese":
        return reply.locale == "zh_CN"
    if fact.startswith("contains:"):
        return fact[9:] in shown
    if fact.startswith("lacks:"):
        return fact[6:] not in shown
    raise ValueError(f"unknown fact {fact!r}")


def _place_name(code: str | None) -> str | None:
    if code is None:
        return None
    region = regions().get(code)
    if region is not None:
        return region.full_name
    country = {c.code: c for c in countries()}.get(code)
    return country.name_zh if country else code


class CorpusRunner:
    """One database with the demo meeting; each conversation talks from a fresh number."""

    def __init__(self, sessions) -> None:
        self.sessions = sessions
        self.search = VacancySearch()
        self._numbers = count(13900000000)
        self._telegram_ids = count(900_000_000)

    async def _say(self, channel: str, address: str, text: str, now: datetime) -> Reply | None:
        async with self.sessions() as session, session.begin():
            inbound = Inbound(channel, address, text, now)
            return await converse(
                session, inbound, self.search, default_locale="zh_CN", today=now.date()
            )

    @staticmethod
    def shown(reply: Reply | None, channel: str) -> str:
        """The text the worker reads: the SMS, or the Telegram message with its button labels."""
        if reply is None:
            return ""
        if channel == "sms":
            return render_sms(reply)
        rendered = render_telegram(reply)
        buttons = [render_line(c.label, reply.locale) for c in (*reply.choices, *reply.actions)]
        return "\n".join([rendered.text, *buttons])

    async def run(self, conversation: Conversation) -> Outcome:
        channel = conversation.channel
        address = f"+86{next(self._numbers)}" if channel == "sms" else str(next(self._telegram_ids))
        outcome = Outcome(conversation)
        now, previous = START, ""
        for number, turn in enumerate(conversation.turns, start=1):
            text = turn.says
            if pick := _PICK.match(text):
                optional, wanted = pick.group(1), pick.group(2)
                rows = [r for r in previous.split("\n") if r[:1].isdigit() and wanted in r]
                if not rows:
                    if not optional:
                        outcome.check(f"turn {number} {text}", False, "no such choice offered")
                    continue
                text = rows[0].split(".", 1)[0]
            reply = await self._say(channel, address, text, now)
            now += timedelta(minutes=1)
            previous = self.shown(reply, channel)
            for fact in turn.expect:
                held = has_fact(fact, reply, previous)
                outcome.check(f"turn {number} {text!r} {fact}", held, previous[:160])
        await self._check_profile(outcome, channel, address)
        return outcome

    async def _check_profile(self, outcome: Outcome, channel: str, address: str) -> None:
        async with self.sessions() as session:
            seeker = await find_seeker(session, channel, address)
            applied = 0
            if seeker is not None:
                applied = await session.scalar(
                    select(func.count(Application.id)).where(Application.seeker_id == seeker.id)
                )
        draft = dict((seeker.dialog_data or {}).get("draft") or {}) if seeker else {}
        actual: dict[str, object] = {
            "name": (seeker.name if seeker else None) or draft.get("name"),
            "region": _place_name((seeker.region_code if seeker else None) or draft.get("region")),
            "trades": sorted(
                (seeker.occupations.split() if seeker and seeker.occupations else None)
                or draft.get("skills")
                or []
            ),
            "scope": (seeker.scope if seeker else None) or draft.get("scope"),
            "destination": _place_name(
                (seeker.destination if seeker else None) or draft.get("destination")
            ),
            "opted_out": bool(seeker and seeker.opted_out),
            "locale": seeker.locale if seeker else None,
            "applications": applied,
        }
        for key, expected in outcome.conversation.profile.items():
            want = sorted(expected) if key == "trades" else expected
            got = actual[key]
            outcome.check(f"profile {key}", got == want, f"{got!r} != {want!r}")


def report(outcomes: list[Outcome]) -> tuple[float, str]:
    """(share of expectations met, a table by kind with every miss listed)."""
    by_kind: Counter[str] = Counter()
    held_by_kind: Counter[str] = Counter()
    lines = []
    for outcome in outcomes:
        kind = outcome.conversation.kind
        by_kind[kind] += len(outcome.checks)
        held_by_kind[kind] += outcome.held
    total, held = sum(by_kind.values()), sum(held_by_kind.values())
    lines.append(f"conversation corpus: {held}/{total} expectations met ({held / total:.1%})")
    for kind in sorted(by_kind):
        share = held_by_kind[kind] / by_kind[kind]
        lines.append(f"  {kind:12} {held_by_kind[kind]:4}/{by_kind[kind]:<4} {share:.1%}")
    for outcome in outcomes:
        misses = [(w, d) for w, ok, d in outcome.checks if not ok]
        if misses:
            first = outcome.conversation.turns[0].says
            lines.append(
                f"  miss [{outcome.conversation.kind}] {first!r}: {outcome.conversation.note}"
            )
            lines += [f"      {what}  <- {detail!r}" for what, detail in misses]
    return held / total, "\n".join(lines)
