"""Browsing: the best three vacancies, more, details by number, and applying."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.handlers import age as ages
from bot.handlers.context import Context, choice, line
from bot.handlers.present import (
    TITLE_RANK,
    employer_name,
    employer_names,
    place_name,
    title,
    wage,
)
from bot.handlers.registration import start as start_registration
from bot.matching.answers import read_answer
from bot.matching.intents import read_number
from bot.replies import Elastic, Reply
from bot.search import seeker_facts
from storage.models import Vacancy
from storage.seekers import apply as create_application
from storage.vacancies import is_listable

PAGE = 3


async def vacancies_by_id(ctx: Context, ids: list[int]) -> list[Vacancy]:
    found = {
        v.id: v
        for v in await ctx.session.scalars(
            select(Vacancy).where(Vacancy.id.in_(ids)).options(selectinload(Vacancy.employer))
        )
    }
    return [found[i] for i in ids if i in found]


async def _others_exist(ctx: Context) -> bool:
    facts = seeker_facts(ctx.seeker)
    age = ages.age_of(ctx)
    return bool(await ctx.search.page(ctx.session, facts, ctx.today, k=1, in_trade=False, age=age))


async def _empty(ctx: Context, offset: int, other: bool, age_left_out: bool = False) -> Reply:
    """No (more) vacancies on this list: say so, and offer other work when the trade has none."""
    ctx.goto("browse", offset=offset, ids=[], other=other)
    if offset:
        return ctx.reply(line("jobs.no_more"))
    if not other and age_left_out:
        return await ages.none_for_age(ctx, ages.age_of(ctx))
    if not other and await _others_exist(ctx):
        return ctx.reply(line("jobs.none_in_trade"))
    return ctx.reply(line("jobs.none"))


async def _page(ctx: Context, offset: int, other: bool = False) -> Reply:
    """One page of the seeker's trade (or, asked for, of other work), labelled as such; what
    the worker's age rules out is left out, and the header says so."""
    listing = await ctx.search.listing(
        ctx.session,
        seeker_facts(ctx.seeker),
        ctx.today,
        k=PAGE,
        offset=offset,
        in_trade=not other,
        age=ages.age_of(ctx),
    )
    matches = listing.matches
    if not matches:
        return await _empty(ctx, offset, other, listing.age_left_out)
    vacancies = await vacancies_by_id(ctx, [m.vacancy_id for m in matches])
    ctx.goto("browse", offset=offset, ids=[v.id for v in vacancies], other=other)
    items = [
        choice(
            str(n),
            "jobs.item",
            employer=name,
            title=title(v),
            place=place_name(v, locale=ctx.seeker.locale),
            wage=wage(v, ctx.seeker.locale),
        )
        for n, (v, name) in enumerate(zip(vacancies, employer_names(vacancies), strict=True), 1)
    ]
    actions = [choice("上一页", "action.previous")] if offset else []
    actions += [choice("更多", "action.more")] if len(matches) == PAGE else []
    footer = [line("jobs.footer")]
    if not other and len(matches) < PAGE and offset == 0 and await _others_exist(ctx):
        # Fewer fit than a page holds: say so, rather than fill it with work they never asked for.
        footer.insert(0, line("jobs.fewer_in_trade"))
        actions.append(choice("其他岗位", "action.other"))
    header = "jobs.header_other" if other else "jobs.header"
    header += "_age" if listing.age_left_out else ""
    return ctx.reply(line(header), choices=items, actions=actions, footer=footer)


async def other(ctx: Context) -> Reply:
    """其他岗位 / other jobs — vacancies outside the seeker's trades, labelled as such."""
    if not ctx.registered:
        return await start_registration(ctx)
    return await _page(ctx, 0, other=True)


async def jobs(ctx: Context) -> Reply:
    """找工作 / jobs — registration first if needed, then the first page."""
    if not ctx.registered:
        return await start_registration(ctx)
    return await _page(ctx, 0)


async def more(ctx: Context) -> Reply:
    """更多 / more — the next page of the current list."""
    if not ctx.registered:
        return await start_registration(ctx)
    listing = ctx.state in ("browse", "details")
    offset = ctx.data.get("offset", -PAGE) + PAGE if listing else 0
    return await _page(ctx, offset, other=listing and bool(ctx.data.get("other")))


async def previous(ctx: Context) -> Reply:
    """上一页 / 返回 / previous — back one page, or from a vacancy's details back to its page."""
    if not ctx.registered:
        return await start_registration(ctx)
    offset = ctx.data.get("offset", 0)
    back = offset if ctx.state == "details" else max(offset - PAGE, 0)
    return await _page(ctx, back, other=bool(ctx.data.get("other")))


def _still_open(vacancy: Vacancy, ctx: Context) -> bool:
    """Listable, places left, deadline not passed: a list shown yesterday may be stale today."""
    in_time = vacancy.deadline is None or vacancy.deadline >= ctx.today
    return is_listable(vacancy) and vacancy.open_places > 0 and in_time


async def details(ctx: Context, number: int | None = None) -> Reply:
    """A number in the list — one vacancy in full, with how to apply."""
    ids = ctx.data.get("ids") or []
    number = number or ctx.reading.number or 0
    if not ids:
        return ctx.reply(line("jobs.no_list"))
    if not 1 <= number <= len(ids):
        return ctx.reply(line("jobs.bad_number", count=len(ids)))
    found = await vacancies_by_id(ctx, [ids[number - 1]])
    if not found or not _still_open(found[0], ctx):
        return ctx.reply(line("jobs.gone"))
    vacancy = found[0]
    data = ctx.data
    ctx.goto(
        "details",
        vacancy=vacancy.id,
        offset=data.get("offset", 0),
        ids=ids,
        other=data.get("other", False),
    )
    extras = []
    # Age and the skill requirement are what tells a worker whether they can get the job: they
    # stay (the requirement shortens); benefits are left out first on an SMS short of room.
    if vacancy.age_min or vacancy.age_max:
        extras.append(line("job.age", low=vacancy.age_min or 16, high=vacancy.age_max or 60))
    if vacancy.skills_text:
        extras.append(line("job.requirements", text=Elastic(vacancy.skills_text, TITLE_RANK)))
    if vacancy.benefits:
        extras.append(replace(line("job.benefits", text=Elastic(vacancy.benefits)), optional=2))
    # 日结 and 包吃住 decide for a day labourer; on an SMS short of room they go first.
    for key, text in (("job.pay_schedule", vacancy.pay_schedule), ("job.board", vacancy.board)):
        if text:
            extras.append(replace(line(key, text=Elastic(text)), optional=3))
    if vacancy.deadline:
        extras.append(line("job.deadline", date=vacancy.deadline.isoformat()))
    return ctx.reply(
        line(
            "job.details",
            employer=employer_name(vacancy),
            title=title(vacancy),
            place=place_name(vacancy, full=True, locale=ctx.seeker.locale),
            wage=wage(vacancy, ctx.seeker.locale),
            openings=vacancy.open_places,
        ),
        *extras,
        # The footer, so that an SMS too long for its budget is never cut here: the agency checked
        # the vacancy, a genuine job never charges a fee (reply 举报 if asked), how to apply.
        footer=[line("job.footer")],
        actions=[choice("报名", "action.apply"), choice("返回", "action.back")],
    )


async def apply(ctx: Context, number: int | None = None) -> Reply:
    """报名 / apply — the vacancy on screen, or "报名 2" / "2号报名" from the list."""
    if not ctx.registered:
        return await start_registration(ctx)
    data = ctx.data
    # The vacancy on screen: opened from a list, or the one a broadcast alert is about.
    vacancy_id = data.get("vacancy") if ctx.state in ("details", "alert") else None
    argument = ctx.reading.argument.strip()
    number = number or ctx.reading.number or read_number(argument)
    ids = data.get("ids") or []
    if number and 1 <= number <= len(ids):
        vacancy_id = ids[number - 1]
    if vacancy_id is None:
        return ctx.reply(line("apply.which"))
    found = await vacancies_by_id(ctx, [vacancy_id])
    if not found or not _still_open(found[0], ctx):
        return ctx.reply(line("jobs.gone"))
    vacancy = found[0]
    _, created = await create_application(ctx.session, ctx.seeker, vacancy)
    contact = vacancy.contact or "-"
    key = "apply.done" if created else "apply.again"
    return ctx.reply(
        line(
            key,
            employer=employer_name(vacancy),
            title=title(vacancy),
            contact=contact,
        )
    )


async def picked(ctx: Context) -> Reply:
    """The open list's answer: a number opens that vacancy; 取消 closes the list."""
    answer = read_answer(ctx.inbound.text)
    if answer is not None and answer.kind == "number" and answer.taking:
        return await apply(ctx, answer.number)
    if answer is not None and answer.kind == "no":
        ctx.reset()
        return ctx.reply(line("jobs.closed"))
    if answer is not None and answer.kind == "yes":
        if answer.taking and ctx.state == "details":
            return await apply(ctx)
        return ctx.reply(line("job.how_to_apply"))  # 好: heard; here is how to take it
    return await details(ctx)
