"""A worker's age: heard in any message (52岁, 五十多, 我是70年的, I am 52), kept as a birth year, and
used to leave out of their lists what an employer's age range excludes — saying so, and pointing
an older worker whose trade has nothing for them at the trades that take their age."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from bot.handlers.context import Context, line
from bot.handlers.registration import describe_skills
from bot.matching.age import age_in, read_birth_year
from bot.replies import Reply
from bot.search import seeker_facts
from storage.models import Vacancy

# How many other vacancies are looked at for trades that take the worker's age, and named.
LOOKED_AT = 60
TRADES_NAMED = 3


def heard(ctx: Context) -> bool:
    """Keep the age this message states, if it states one; whether it did."""
    born = read_birth_year(ctx.inbound.text, ctx.today)
    if born is None:
        return False
    ctx.seeker.birth_year = born
    return True


def age_of(ctx: Context) -> int | None:
    return age_in(ctx.seeker.birth_year, ctx.today)


def only_age(ctx: Context) -> bool:
    """The message says an age and nothing else the dialog reads (我今年52岁)."""
    reading = ctx.reading
    facts = reading.name or reading.region or reading.skills or reading.scope
    said = reading.intent is None and not facts
    return said and read_birth_year(ctx.inbound.text, ctx.today) is not None


async def noted(ctx: Context) -> Reply:
    """我52岁 with nothing else: kept, and what it changes."""
    follow = "age.jobs" if ctx.registered else "question.how_to_start"
    return ctx.reply(line("age.noted", age=age_of(ctx)), line(follow))


async def noted_then_resume(ctx: Context, resume) -> Reply:
    """我52岁 in the middle of registration: kept, then the open question again."""
    asked = await resume(ctx)
    return replace(asked, lines=(line("age.noted", age=age_of(ctx)), *asked.lines))


async def trades_taking(ctx: Context, age: int) -> str:
    """The trades, outside the worker's own, whose vacancies within reach take `age`."""
    others = await ctx.search.page(
        ctx.session, seeker_facts(ctx.seeker), ctx.today, k=LOOKED_AT, in_trade=False, age=age
    )
    ids = [m.vacancy_id for m in others]
    if not ids:
        return ""
    rows = dict(
        (
            await ctx.session.execute(
                select(Vacancy.id, Vacancy.occupations).where(Vacancy.id.in_(ids))
            )
        )
        .tuples()
        .all()
    )
    codes: list[str] = []
    for vacancy_id in ids:  # best ranked first
        first = (rows.get(vacancy_id) or "").split()[:1]
        if first and first[0] not in codes:
            codes.append(first[0])
    return describe_skills(codes[:TRADES_NAMED], ctx.seeker.locale)


async def none_for_age(ctx: Context, age: int) -> Reply:
    """Every vacancy in the worker's trade excludes their age: say so, and what takes it."""
    own = describe_skills(ctx.seeker.occupations.split(), ctx.seeker.locale)
    trades = await trades_taking(ctx, age)
    if not trades:
        return ctx.reply(line("jobs.none_for_age_only", trade=own, age=age))
    return ctx.reply(line("jobs.none_for_age", trade=own, age=age, trades=trades))
