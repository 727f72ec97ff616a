"""The one dialog every channel shares: find the seeker, read the message, route it to a step.

The conversation is declared in CONVERSATION below: one row per state, naming the step that
reads the answer, what the open question waits for, and how long it stays open. Routing, in order:
  1. an unambiguous opt-out word (T, TD, 退订, 取消订阅, STOP, UNSUBSCRIBE), from any state;
  2. an opted-out seeker hears only the answer to 订阅/START and help;
  3. an open question reads the answer it waits for first (a number, 是/不, 取消, or any text);
     during registration a keyword, a correction or a question is answered, then the question
     is asked again;
  4. "地区 兰州"-style changes, a destination, questions about the vacancies on screen, a
     question asking for work (有没有电焊的活: the list) or after oneself (我注册上了吗: the
     profile), then keywords;
  5. a message with a place and a trade registers a new seeker in one go; a greeting or a
     question gets a short answer; anything else a hint.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.handlers import (
    age,
    alerts,
    browse,
    general,
    profile,
    questions,
    registration,
    reminder,
    report,
    training,
)
from bot.handlers.context import Context
from bot.matching.answers import read_answer
from bot.matching.intents import normalise
from bot.matching.questions import wants
from bot.matching.understand import Reading, understand
from bot.replies import Inbound, Reply
from bot.search import VacancySearch
from bot.states import LIST, MENU, NOTE, PICK, REGISTRATION, TEXT, YES, Answer, State
from messages import normalise_locale
from storage.seekers import find_or_create_seeker, link_phone

Step = Callable[[Context], Awaitable[Reply | None]]


@dataclass(frozen=True)
class Wait:
    """What a state does with the next message: which answers it takes, read by which step."""

    step: Step
    takes: frozenset[Answer]
    lasts: timedelta


# fmt: off
CONVERSATION: dict[State, Wait] = {
    State.NAME:          Wait(registration.got_name,      TEXT, REGISTRATION),
    State.REGION:        Wait(registration.got_region,    TEXT, REGISTRATION),
    State.REGION_CHOICE: Wait(registration.picked_region, TEXT, REGISTRATION),
    State.SKILLS:        Wait(registration.got_skills,    TEXT, REGISTRATION),
    State.SCOPE:         Wait(registration.got_scope,     TEXT, REGISTRATION),
    State.JOBS:          Wait(browse.picked,              PICK, LIST),
    State.JOB:           Wait(browse.picked,              PICK | YES, LIST),
    State.LANGUAGE:      Wait(profile.picked_language,    PICK | TEXT, MENU),
    State.ALERT:         Wait(alerts.answered,            PICK | YES | TEXT, LIST),
    State.TRAININGS:     Wait(training.picked,            PICK, LIST),
    State.REPORT:        Wait(report.described,           NOTE, MENU),
    State.REMINDER:      Wait(reminder.answered,          PICK | YES | TEXT, LIST),
}
# fmt: on

KEYWORDS: dict[str, Step] = {
    "register": registration.start,
    "jobs": browse.jobs,
    "more": browse.more,
    "other": browse.other,
    "previous": browse.previous,
    "apply": browse.apply,
    "me": profile.me,
    "help": general.help_,
    "language": profile.language,
    "start": general.start,
    "alerts_off": alerts.alerts_off,
    "alerts_on": alerts.alerts_on,
    "training": training.trainings,
    "report": report.report,
}
# Words that still mean themselves in the middle of registration.
INTERRUPTS = {"register", "help", "language", "me", "alerts_off", "alerts_on", "report"}
# Words that cannot be an answer (找工作 is no name, 报名 no trade): they repeat the open question.
RESUMES = {"jobs", "more", "other", "previous", "apply", "start", "training"}


def first_locale(text: str, reading: Reading, hint: str | None, default: str) -> str:
    """A new seeker's language: English when they write English (or their app is English).

    Pinyin is Chinese typed on a phone without a Chinese keyboard, never English; a letter or
    two (T, TD, N) is a carrier keyword, not a language.
    """
    if hint:
        return normalise_locale(hint)
    letters = sum(c.isascii() and c.isalpha() for c in text)
    return "en" if reading.script == "latin" and letters >= 3 else default


def _wait_for(state: str | None) -> Wait | None:
    """The row of CONVERSATION for a stored state name (None for none, or a name no longer used)."""
    try:
        return CONVERSATION.get(State(state)) if state else None
    except ValueError:
        return None


def _close_expired(ctx: Context) -> None:
    """A question past its expiry no longer waits: the next message is read afresh."""
    seeker = ctx.seeker
    wait = _wait_for(ctx.state)
    expires = seeker.dialog_expires_at
    if expires is None and wait is not None and seeker.dialog_updated_at is not None:
        expires = seeker.dialog_updated_at + wait.lasts  # a state stored before expiries were
    if ctx.state is None or expires is None:
        return
    if ctx.now >= expires:
        ctx.reset()


def _answer_kind(ctx: Context) -> Answer | None:
    answer = read_answer(ctx.inbound.text)
    return Answer(answer.kind) if answer else None


async def _registering(ctx: Context, wait: Wait) -> Reply | None:
    """A registration question is open: keywords, corrections and questions first, then the answer."""
    intent = ctx.reading.intent
    if intent == "stop":  # 取消 / N: the worker gives up registering, they do not opt out
        return await registration.cancel(ctx)
    if intent in INTERRUPTS:
        return await KEYWORDS[intent](ctx)
    if intent in RESUMES:
        return await registration.start(ctx)
    if age.only_age(ctx):  # 我52岁: kept, and the question asked again
        return await age.noted_then_resume(ctx, registration.repeat)
    if registration.corrects(ctx):
        return await registration.corrected(ctx)
    if questions.is_question(ctx) or ctx.reading.question is not None:
        # 省外是啥意思 / 出国要花钱不: a question, though it names an answer, is answered first.
        return await questions.answered_then_resume(ctx, registration.repeat)
    return await wait.step(ctx)


async def _waiting(ctx: Context) -> Reply | None:
    """The reply of the open question's step, or None when this message is not its answer."""
    wait = _wait_for(ctx.state)
    if wait is None:
        return None
    if wait.takes == TEXT:
        return await _registering(ctx, wait)
    kind = _answer_kind(ctx)
    if kind in wait.takes:
        return await wait.step(ctx)
    if Answer.TEXT in wait.takes and ctx.reading.intent is None:
        return await wait.step(ctx)
    return None


async def route(ctx: Context) -> Reply | None:
    """Pick the step for this message (see the module docstring for the order)."""
    intent = ctx.reading.intent
    soft_no = _answer_kind(ctx) is Answer.NO
    if intent == "stop" and not soft_no:
        return await general.stop(ctx)
    if ctx.seeker.opted_out:
        return await KEYWORDS[intent](ctx) if intent in ("start", "help") else None
    if (reply := await _waiting(ctx)) is not None:
        return reply
    if intent == "stop":  # 取消 / N with no question open: the carriers' opt-out words
        return await general.stop(ctx)
    if intent is None and ctx.registered and (changed := await profile.change(ctx)):
        return changed
    if intent is None and ctx.registered and ctx.reading.destination is not None:
        return await profile.destination(ctx)
    if ctx.registered and (answer := await questions.about_vacancies(ctx)) is not None:
        return answer
    if intent is None and ctx.registered and (shown := _shown_on_request(ctx)) is not None:
        return await shown(ctx)  # 有没有电焊的活: the list; 我注册上了吗: the profile
    if intent in KEYWORDS:
        return await KEYWORDS[intent](ctx)
    if intent == "pick":
        return await browse.picked(ctx)
    if not ctx.registered and ctx.reading.skills and ctx.reading.region_candidates:
        return await registration.start(ctx)
    if questions.is_question(ctx):
        if not ctx.registered:  # 你好 from a new number: who we are, then the first question
            return await questions.answered_then_resume(ctx, registration.repeat)
        return await questions.answered(ctx)
    if ctx.registered and _answer_kind(ctx) in (Answer.YES, Answer.THANKS):
        return await general.acknowledged(ctx)
    if age.only_age(ctx):
        return await age.noted(ctx)
    return await general.unknown(ctx)


def _shown_on_request(ctx: Context) -> Step | None:
    asked = wants(normalise(ctx.inbound.text).lower()) if ctx.reading.question else None
    return {"jobs": browse.jobs, "me": profile.me}.get(asked or "")


def _stamp_expiry(ctx: Context, state_before: str | None, updated_before: datetime | None) -> None:
    """A question asked this turn stays open as long as its row in CONVERSATION says."""
    seeker = ctx.seeker
    if seeker.dialog_state is None:
        seeker.dialog_expires_at = None
        return
    asked = seeker.dialog_state != state_before or seeker.dialog_updated_at != updated_before
    wait = _wait_for(seeker.dialog_state)
    if asked and wait is not None:
        seeker.dialog_expires_at = ctx.now + wait.lasts


async def converse(
    session: AsyncSession,
    inbound: Inbound,
    search: VacancySearch,
    *,
    default_locale: str,
    today: date,
    now: datetime | None = None,
    timezone: str = "Asia/Shanghai",
) -> Reply | None:
    """The reply to one inbound message (None: stay silent). Changes are flushed, not committed."""
    reading = understand(inbound.text)
    locale = first_locale(inbound.text, reading, inbound.language_hint, default_locale)
    seeker = await find_or_create_seeker(session, inbound.channel, inbound.address, locale)
    if inbound.contact_phone:
        # The channel has checked that the contact is the sender's own, never a forwarded one.
        seeker = await link_phone(session, seeker, inbound.contact_phone)
    moment = now or inbound.received_at
    ctx = Context(session, seeker, inbound, reading, moment, today, search, timezone)
    _close_expired(ctx)
    age.heard(ctx)  # 52岁, 五十多, 我是70年的: kept from whatever message says it
    state_before, updated_before = seeker.dialog_state, seeker.dialog_updated_at
    reply = await (profile.linked(ctx) if inbound.contact_phone else route(ctx))
    _stamp_expiry(ctx, state_before, updated_before)
    # The channel logs the inbound message against this seeker; session.info holds it for them.
    session.info["seeker_id"] = seeker.id
    await session.flush()
    return reply
