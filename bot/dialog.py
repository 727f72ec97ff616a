"""The one dialog every channel shares: find the seeker, read the message, route it to a step.

Routing, in order:
  1. opt-out words, from any state;
  2. an opted-out seeker hears only the answer to 订阅/START and help;
  3. a state that takes free text (registration, language) gets anything but a few global words;
  4. a state that takes numbers (a job list, a job's details) gets the picks;
  5. "地区 兰州"-style field changes, then keywords;
  6. a message with a place and a trade registers a new seeker in one go; anything else gets a hint.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.handlers import browse, general, profile, registration
from bot.handlers.context import Context
from bot.matching.understand import understand
from bot.replies import Inbound, Reply
from bot.search import VacancySearch
from messages import normalise_locale
from storage.seekers import find_or_create_seeker, link_phone

REGISTRATION_FORGOTTEN_AFTER = timedelta(hours=24)

KEYWORDS = {
    "register": registration.start,
    "jobs": browse.jobs,
    "more": browse.more,
    "previous": browse.previous,
    "apply": browse.apply,
    "me": profile.me,
    "help": general.help_,
    "language": profile.language,
    "start": general.start,
}
FREE_TEXT_STATES = registration.STEPS
PICK_STATES = browse.STEPS | profile.STEPS
# Words that still mean themselves in the middle of registration.
INTERRUPTS = {"register", "help", "language", "me"}
# Words that cannot be an answer (找工作 is no name, 报名 no trade): they repeat the open question.
RESUMES = {"jobs", "more", "previous", "apply", "start"}


def first_locale(text: str, hint: str | None, default: str) -> str:
    """A new seeker's language: English when they write English (or their app is English)."""
    if hint:
        return normalise_locale(hint)
    letters = sum(c.isascii() and c.isalpha() for c in text)
    return "en" if letters >= 3 and not any("\u3400" <= c <= "\u9fff" for c in text) else default


def _forget_stale_registration(ctx: Context) -> None:
    updated = ctx.seeker.dialog_updated_at
    if (ctx.state or "").startswith("register:") and updated is not None:
        if updated.tzinfo is None:  # SQLite hands back naive UTC
            updated = updated.replace(tzinfo=ctx.now.tzinfo)
        if ctx.now - updated > REGISTRATION_FORGOTTEN_AFTER:
            ctx.reset()


async def route(ctx: Context) -> Reply | None:
    """Pick the step for this message (see the module docstring for the order)."""
    intent = ctx.reading.intent
    if intent == "stop":
        return await general.stop(ctx)
    if ctx.seeker.opted_out:
        return await KEYWORDS[intent](ctx) if intent in ("start", "help") else None
    if ctx.state in FREE_TEXT_STATES and intent in RESUMES:
        return await registration.start(ctx)
    if ctx.state in FREE_TEXT_STATES and intent not in INTERRUPTS:
        return await FREE_TEXT_STATES[ctx.state](ctx)
    if ctx.state in PICK_STATES and intent == "pick":
        return await PICK_STATES[ctx.state](ctx)
    if intent is None and ctx.registered and (changed := await profile.change(ctx)):
        return changed
    if intent in KEYWORDS:
        return await KEYWORDS[intent](ctx)
    if not ctx.registered and ctx.reading.skills and ctx.reading.region_candidates:
        return await registration.start(ctx)
    return await general.unknown(ctx)


async def converse(
    session: AsyncSession,
    inbound: Inbound,
    search: VacancySearch,
    *,
    default_locale: str,
    today: date,
    now: datetime | None = None,
) -> Reply | None:
    """The reply to one inbound message (None: stay silent). Changes are flushed, not committed."""
    locale = first_locale(inbound.text, inbound.language_hint, default_locale)
    seeker = await find_or_create_seeker(session, inbound.channel, inbound.address, locale)
    if inbound.contact_phone:
        # The channel has checked that the contact is the sender's own, never a forwarded one.
        seeker = await link_phone(session, seeker, inbound.contact_phone)
    reading = understand(inbound.text)
    ctx = Context(session, seeker, inbound, reading, now or inbound.received_at, today, search)
    _forget_stale_registration(ctx)
    reply = await (profile.linked(ctx) if inbound.contact_phone else route(ctx))
    # The channel logs the inbound message against this seeker; session.info holds it for them.
    session.info["seeker_id"] = seeker.id
    await session.flush()
    return reply
