"""我的 / me: the profile and how to change one field; 语言 / language."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.handlers.context import Context, choice, line
from bot.handlers.registration import MAX_TRADES, describe_skills, scope_choices
from bot.handlers.registration import start as start_registration
from bot.matching.english_places import english_name
from bot.matching.places import resolve_place
from bot.matching.regions import regions
from bot.matching.trades import find_trades
from bot.matching.understand import understand
from bot.replies import Elastic, Reply
from storage.seekers import application_count

LANGUAGES = ("zh_CN", "en")


async def me(ctx: Context) -> Reply:
    """我的 / me — what we know, and how to change it."""
    if not ctx.registered:
        return await start_registration(ctx)
    seeker = ctx.seeker
    region = regions().get(seeker.region_code)
    skills = describe_skills(seeker.occupations.split(), seeker.locale) or seeker.skills_text or "-"
    applied = await application_count(ctx.session, seeker)
    return ctx.reply(
        line(
            "me.profile",
            # On SMS the long parts give way before the count and the how-to-change hint.
            name=Elastic(seeker.name or "-", 2),
            region=Elastic(region.full_name if region else "-", 1),
            skills=Elastic(skills, 0),
            scope=line(f"scope.{seeker.scope}"),
            applied=applied,
        ),
        footer=[line("me.how_to_change")],
    )


async def linked(ctx: Context) -> Reply:
    """A shared phone number: one record for the worker across SMS and Telegram."""
    if not ctx.registered:
        reply = await start_registration(ctx)
        return replace(reply, lines=(line("account.linked"), *reply.lines), ask_contact=False)
    shown = await me(ctx)
    return replace(shown, lines=(line("account.linked"), *shown.lines))


async def change(ctx: Context) -> Reply | None:
    """姓名/地区/技能/范围 + new value, or 不对…/我叫…/我是…人: one field, confirmed with the profile."""
    # The reader names the field ("地区 兰州", "不对 我是会宁的") and has read its value already.
    reading = ctx.reading
    field, value = reading.field, reading.argument.strip()
    if field is None or not value:
        return None
    seeker = ctx.seeker
    if field == "name":
        seeker.name = (reading.name or value)[:50]
    elif field == "region":
        candidates = list(reading.region_candidates) or resolve_place(value)
        best = [c for c in candidates if c.score == candidates[0].score] if candidates else []
        if reading.region is not None:
            best = [c for c in candidates if c.region.code == reading.region.code][:1] or best
        if len(best) != 1:
            key = "register.region_unknown" if not best else "me.region_ambiguous"
            return ctx.reply(line(key, text=value[:20]))
        seeker.region_code = best[0].region.code
    elif field == "skills":
        codes = [c.trade.code for c in reading.skills]
        codes = codes or [c.trade.code for _, _, c in find_trades(value)]
        codes = list(dict.fromkeys(codes))[:MAX_TRADES]
        if not codes:
            return ctx.reply(line("register.skills_unknown"))
        seeker.occupations, seeker.skills_text = " ".join(codes), value[:200]
    else:
        scope = reading.scope or understand(value).scope
        if scope is None:
            return ctx.reply(line("register.ask_scope"), choices=scope_choices())
        seeker.scope = scope
    shown = await me(ctx)
    changed = line(f"changed.{field}", value=Elastic(value[:30]))
    return replace(shown, lines=(changed, *shown.lines))


async def destination(ctx: Context) -> Reply:
    """想去新疆 / 去深圳 / 想去沙特: kept as where they would like to work; vacancies there rise."""
    wanted = ctx.reading.destination
    assert wanted is not None
    ctx.seeker.destination = wanted.code
    name = wanted.name_zh if hasattr(wanted, "name_zh") else wanted.full_name
    if ctx.seeker.locale == "en":
        name = wanted.name_en if hasattr(wanted, "name_en") else english_name(wanted)
    return ctx.reply(line("changed.destination", value=name), line("register.next"))


async def language(ctx: Context) -> Reply:
    """语言 / language — switch at once when named, else offer both."""
    wanted = _language_in(ctx.reading.argument or ctx.inbound.text)
    if wanted:
        return _set_language(ctx, wanted)
    ctx.goto("language")
    return ctx.reply(
        line("language.pick"), choices=[choice("1", "language.zh_CN"), choice("2", "language.en")]
    )


def _language_in(text: str) -> str | None:
    low = text.lower()
    if "english" in low or re.search(r"\ben\b", low) or "英" in text:
        return "en"
    if "中文" in text or "chinese" in low or "汉语" in text or re.search(r"\bzh\b", low):
        return "zh_CN"
    return None


def _set_language(ctx: Context, locale: str) -> Reply:
    ctx.seeker.locale = locale
    ctx.reset()
    return ctx.reply(line("language.set"))


async def picked_language(ctx: Context) -> Reply:
    """language — 1 or 2, or the language's name."""
    number = ctx.reading.number
    if ctx.reading.intent == "pick" and number in (1, 2):
        return _set_language(ctx, LANGUAGES[number - 1])
    wanted = _language_in(ctx.inbound.text)
    if wanted:
        return _set_language(ctx, wanted)
    return ctx.reply(
        line("language.pick"), choices=[choice("1", "language.zh_CN"), choice("2", "language.en")]
    )
