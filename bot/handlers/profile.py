"""我的 / me: the profile and how to change one field; 语言 / language."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.handlers.context import Context, choice, line
from bot.handlers.present import region_name
from bot.handlers.registration import MAX_TRADES, describe_skills, described, scope_choices
from bot.handlers.registration import start as start_registration
from bot.matching.places import resolve_place
from bot.matching.scope import reaching, widest
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
    skills = describe_skills(seeker.occupations.split(), seeker.locale) or seeker.skills_text or "-"
    applied = await application_count(ctx.session, seeker)
    return ctx.reply(
        line(
            "me.profile",
            # On SMS the long parts give way before the count and the how-to-change hint.
            name=Elastic(seeker.name or "-", 2),
            region=Elastic(region_name(seeker.region_code, seeker.locale), 1),
            skills=Elastic(skills, 0),
            scope=line(f"scope.{seeker.scope}"),
            wanted=line(
                "me.wanted_part",
                place=Elastic(region_name(seeker.destination, seeker.locale), 1),
            )
            if seeker.destination
            else "",
            applied=applied,
            alerts=line("me.alerts_on" if seeker.alerts else "me.alerts_off"),
        ),
        footer=[line("me.how_to_change")],
        # New-opening alerts, switched with one button (不要推送 / 推送 typed does the same).
        actions=[
            choice("不要推送", "action.alerts_off")
            if seeker.alerts
            else choice("推送", "action.alerts_on")
        ],
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
    if field is None:
        return await _said_in_passing(ctx)
    if not value:
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
    stored = {
        "name": seeker.name,
        "region": seeker.region_code,
        "skills": seeker.occupations.split(),
        "scope": seeker.scope,
    }[field]
    changed = line(f"changed.{field}", value=described(field, stored, seeker.locale))
    return replace(shown, lines=(changed, *shown.lines))


# "还会开叉车": a trade added to the ones already given, not one that replaces them.
_ADDING = ("还会", "也会", "另外会", "还能干", "也能干", "还可以")


async def _said_in_passing(ctx: Context) -> Reply | None:
    """能出国, 我不会电焊 我是电工, 不去外省了 就在省内: profile facts in plain words change them."""
    reading, seeker = ctx.reading, ctx.seeker
    if reading.question is not None or reading.greeting:
        return None  # 兰州有活吗 asks for work in Lanzhou, it does not move anyone there
    if reading.destination is not None:
        # 去阿联酋, 去北京干家政: where they want to go (which may widen the scope); the work named
        # beside it is the work there, not a change of trades.
        return await destination(ctx)
    changed = []
    if reading.scope and reading.scope != seeker.scope:
        seeker.scope = reading.scope
        changed.append(line("changed.scope", value=line(f"scope.{reading.scope}")))
    if reading.skills:
        codes = [c.trade.code for c in reading.skills]
        if any(word in ctx.inbound.text for word in _ADDING):
            codes = seeker.occupations.split() + codes
        codes = list(dict.fromkeys(codes))[:MAX_TRADES]
        if codes != seeker.occupations.split():
            seeker.occupations = " ".join(codes)
            skills = describe_skills(codes, seeker.locale)
            changed.append(line("changed.skills", value=Elastic(skills)))
    if reading.correction and reading.region and reading.region.code != seeker.region_code:
        seeker.region_code = reading.region.code
        home = region_name(seeker.region_code, seeker.locale)
        changed.append(line("changed.region", value=Elastic(home)))
    if not changed and (reading.scope or reading.skills):
        # 咱就在本地干: what they said is what we have; show it rather than "not understood".
        changed.append(line("ack"))
    if not changed:
        return None
    shown = await me(ctx)
    return replace(shown, lines=(*changed, *shown.lines))


async def destination(ctx: Context) -> Reply:
    """想去新疆 / 去深圳 / 想去沙特: kept as where they would like to work; vacancies there rise."""
    wanted, seeker = ctx.reading.destination, ctx.seeker
    assert wanted is not None
    seeker.destination = wanted.code
    lines = [line("changed.destination", value=region_name(wanted.code, seeker.locale))]
    # A place beyond how far they said they would go widens it: they have just said they would.
    wider = widest([seeker.scope or "country", reaching(seeker.region_code, wanted.code)])
    if wider != seeker.scope:
        seeker.scope = wider
        lines.append(line("changed.scope", value=line(f"scope.{wider}")))
    return ctx.reply(*lines, line("register.next"))


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
