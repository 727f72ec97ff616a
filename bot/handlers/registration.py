"""Registration: one message, or step by step in the order name, home region, skills, scope."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.handlers.context import Context, choice, line
from bot.handlers.present import region_name
from bot.matching.places import resolve_place
from bot.matching.regions import regions
from bot.matching.scope import SCOPES, reaching
from bot.matching.taxonomy import trade
from bot.matching.trades import resolve_trade
from bot.matching.understand import understand
from bot.replies import Elastic, Line, Reply

MAX_PLACE_CHOICES = 6
# A seeker lists a few trades; the stored codes must also fit their column (500 characters).
MAX_TRADES = 6
SKILL_TRIES = 2
ORDER = ("name", "region", "skills", "scope")


def describe_skills(codes: list[str], locale: str) -> str:
    names = [trade(code) for code in codes]
    # English keeps to GSM-7: the Chinese list mark 、 alone would make the SMS UCS-2.
    separator = ", " if locale == "en" else "、"
    return separator.join(t.name_en if locale == "en" else t.name_zh for t in names if t)


def _merge_reading(ctx: Context, draft: dict) -> dict:
    """Fill the draft with whatever this message says, without overwriting earlier answers."""
    reading = ctx.reading
    if reading.name and not draft.get("name"):
        draft["name"] = reading.name
    if reading.region and not draft.get("region"):
        draft["region"] = reading.region.code
    if reading.skills and not draft.get("skills"):
        draft["skills"] = [c.trade.code for c in reading.skills][:MAX_TRADES]
        draft["skills_text"] = ctx.inbound.text.strip()[:200]
    if reading.scope and not draft.get("scope"):
        draft["scope"] = reading.scope
    if reading.destination is not None:
        draft["destination"] = reading.destination.code
    return draft


async def start(ctx: Context) -> Reply:
    """注册 / register, possibly with every answer in the same message.

    Another keyword in the middle of registration (我的, 找工作) resumes it with the answers so far;
    only 注册 itself starts again from nothing.
    """
    resuming = (ctx.state or "").startswith("register:") and ctx.reading.intent != "register"
    draft = _merge_reading(ctx, _draft(ctx) if resuming else {})
    if (
        ctx.reading.region is None
        and len(ctx.reading.region_candidates) > 1
        and "region" not in draft
    ):
        return _offer_places(ctx, draft, [c.region.code for c in ctx.reading.region_candidates])
    return await _next(ctx, draft, welcome=not ctx.registered and not resuming)


async def repeat(ctx: Context) -> Reply:
    """The open registration question again, the message's words left out (it was a question)."""
    registering = (ctx.state or "").startswith("register:")
    return await _next(ctx, _draft(ctx) if registering else {}, welcome=not registering)


async def _next(ctx: Context, draft: dict, welcome: bool = False) -> Reply:
    """Ask for the first missing answer, or save and confirm when none is missing."""
    missing = next(
        (f for f in ORDER if f not in draft and not (f == "name" and draft.get("name_skipped"))),
        None,
    )
    intro = (line("register.welcome"),) if welcome else ()
    if missing is None:
        return _save(ctx, draft)
    ctx.goto(f"register:{missing}", draft=draft)
    if missing == "scope":
        return ctx.reply(*intro, line("register.ask_scope"), choices=scope_choices())
    # On Telegram a worker who registered by SMS can share their number instead of starting over.
    ask_contact = welcome and ctx.inbound.channel == "telegram" and ctx.seeker.phone is None
    footer = (line("register.share_contact"),) if ask_contact else ()
    return ctx.reply(
        *intro, line(f"register.ask_{missing}"), footer=footer, ask_contact=ask_contact
    )


def scope_choices():
    return [choice(str(n), f"scope.{scope}") for n, scope in enumerate(SCOPES, start=1)]


def _save(ctx: Context, draft: dict) -> Reply:
    seeker = ctx.seeker
    seeker.name = draft.get("name") or seeker.name
    seeker.region_code = draft["region"]
    seeker.occupations = " ".join(draft.get("skills") or [])
    seeker.skills_text = draft.get("skills_text")
    seeker.scope = draft["scope"]
    seeker.destination = draft.get("destination") or seeker.destination
    ctx.reset()
    return ctx.reply(
        line(
            "register.done",
            name=line("register.name_part", name=seeker.name) if seeker.name else "",
            region=region_name(seeker.region_code, seeker.locale),
            skills=describe_skills(draft.get("skills") or [], seeker.locale)
            or seeker.skills_text
            or "-",
            scope=line(f"scope.{seeker.scope}"),
        ),
        line("register.next"),
    )


def _draft(ctx: Context) -> dict:
    return dict(ctx.data.get("draft") or {})


async def got_name(ctx: Context) -> Reply:
    """register:name — a name, or 跳过/skip; a message that already carries other answers fills them too."""
    draft = _merge_reading(ctx, _draft(ctx))
    if ctx.reading.intent == "skip":
        draft["name_skipped"] = True
    elif "name" not in draft:
        # "张　德　福": an older worker's spaces between the characters are not part of the name.
        text = _HAN_GAPS.sub("", ctx.inbound.text.strip())
        if text != ctx.inbound.text.strip() and (name := understand(text).name):
            text = name
        keyword = ctx.reading.intent is not None
        carries = ctx.reading.skills or ctx.reading.region or ctx.reading.destination
        if keyword or len(text) > 20 or carries:
            draft["name_skipped"] = True
        elif looks_like_a_name(text):
            draft["name"] = text
        elif not ctx.data.get("name_asked_again"):
            # "我想找个活" is a wish, not a name: ask once more, plainly, then go on without one.
            ctx.goto("register:name", draft=draft, name_asked_again=True)
            return ctx.reply(line("register.name_again"))
        else:
            draft["name_skipped"] = True
    return await _next(ctx, draft)


_HAN_GAPS = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
# Characters of a sentence, not of a name: 我想找个活, 要我名字干啥.
_NOT_IN_NAMES = frozenset("我你他她想要找个活干啥么吗呢的了是这那哪")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z'\-]*(?: [A-Za-z][A-Za-z'\-]*){0,3}")


def looks_like_a_name(text: str) -> bool:
    """王建国, 欧阳秀英, 阿依古丽, Li Lei: a few Han characters or Latin words, no sentence."""
    if _LATIN_NAME.fullmatch(text):
        return True
    han = [c for c in text if "\u3400" <= c <= "\u9fff" or c == "·"]
    return 2 <= len(han) == len(text) <= 8 and not _NOT_IN_NAMES & set(text)


async def got_region(ctx: Context) -> Reply:
    """register:region — a home county or city, offered as choices when ambiguous."""
    draft = _merge_reading(ctx, _draft(ctx))
    if "region" in draft:
        return await _next(ctx, draft)
    candidates = list(ctx.reading.region_candidates) or resolve_place(ctx.inbound.text)
    if not candidates:
        return ctx.reply(line("register.region_unknown", text=ctx.inbound.text.strip()[:20]))
    best = [c for c in candidates if c.score == candidates[0].score]
    if len(best) == 1:
        draft["region"] = best[0].region.code
        return await _next(ctx, draft)
    return _offer_places(ctx, draft, [c.region.code for c in best])


def _offer_places(ctx: Context, draft: dict, codes: list[str]) -> Reply:
    if len(codes) > MAX_PLACE_CHOICES:
        # A misspelt pinyin can sit equally close to a dozen places; a list that long does not fit
        # an SMS, and cutting it might drop the right one. Ask for more instead.
        ctx.goto("register:region", draft=draft)
        return ctx.reply(line("register.region_too_many", count=len(codes)))
    ctx.goto("register:region_choice", draft=draft, places=codes)
    options = [
        choice(str(n), "register.place_option", name=region_name(code, ctx.seeker.locale))
        for n, code in enumerate(codes, start=1)
    ]
    return ctx.reply(line("register.pick_place"), choices=options)


async def picked_region(ctx: Context) -> Reply:
    """register:region_choice — a number from the list, or another place name."""
    places = ctx.data.get("places") or []
    number = ctx.reading.number
    draft = _draft(ctx)
    if ctx.reading.intent == "pick" and number and 1 <= number <= len(places):
        draft["region"] = places[number - 1]
        return await _next(ctx, draft)
    # "北京那个" for 北京市朝阳区 among the namesakes: the one offered place the words point into.
    named = [c.region for c in ctx.reading.region_candidates]
    chosen = [code for code in places if any(_within(code, region) for region in named)]
    if len(chosen) == 1:
        draft["region"] = chosen[0]
        return await _next(ctx, draft)
    ctx.goto("register:region", draft=draft)
    return await got_region(ctx)


def _within(code: str, region) -> bool:
    place = regions().get(code)
    return place is not None and (place.code == region.code or place.is_within(region))


async def got_skills(ctx: Context) -> Reply:
    """register:skills — trades in any words; after a second miss the raw text is kept."""
    draft = _merge_reading(ctx, _draft(ctx))
    if "skills" not in draft:
        matches = list(ctx.reading.skills) or resolve_trade(ctx.inbound.text)[:1]
        tries = ctx.data.get("tries", 0) + 1
        if matches:
            draft["skills"] = [c.trade.code for c in matches][:MAX_TRADES]
            draft["skills_text"] = ctx.inbound.text.strip()[:200]
        elif tries < SKILL_TRIES:
            ctx.goto("register:skills", draft=draft, tries=tries)
            return ctx.reply(line("register.skills_unknown"))
        else:
            draft["skills"] = []
            draft["skills_text"] = ctx.inbound.text.strip()[:200]
    return await _next(ctx, draft)


async def got_scope(ctx: Context) -> Reply:
    """register:scope — a number from the list or words such as 省外, 本地, 出国."""
    draft = _merge_reading(ctx, _draft(ctx))
    number = ctx.reading.number
    if (
        "scope" not in draft
        and ctx.reading.intent == "pick"
        and number
        and 1 <= number <= len(SCOPES)
    ):
        draft["scope"] = SCOPES[number - 1]
    if "scope" not in draft and draft.get("destination"):
        # 想去深圳 answers how far: as far as the place they want to go.
        draft["scope"] = reaching(draft.get("region"), draft["destination"])
    if "scope" not in draft:
        ctx.goto("register:scope", draft=draft)
        return ctx.reply(line("register.ask_scope"), choices=scope_choices())
    return await _next(ctx, draft)


def corrects(ctx: Context) -> bool:
    """Whether the message changes an answer by naming its field: 技能 木工, 不对 我是会宁的, 我叫X."""
    return ctx.reading.field in ORDER and bool(ctx.reading.argument.strip())


async def corrected(ctx: Context) -> Reply:
    """An answer changed mid-registration: the new one replaces the old, then the open question."""
    reading, draft = ctx.reading, _draft(ctx)
    field = reading.field
    if field == "name":
        draft["name"] = (reading.name or reading.argument.strip())[:50]
        draft.pop("name_skipped", None)
    elif field == "region":
        draft.pop("region", None)
        if reading.region is None and len(reading.region_candidates) > 1:
            return _offer_places(ctx, draft, [c.region.code for c in reading.region_candidates])
        if reading.region is None:
            ctx.goto(_state_for(draft), draft=draft)
            return ctx.reply(line("register.region_unknown", text=reading.argument.strip()[:20]))
        draft["region"] = reading.region.code
    elif field == "skills":
        if not reading.skills:
            ctx.goto(_state_for(draft), draft=draft)
            return ctx.reply(line("register.skills_unknown"))
        draft["skills"] = [c.trade.code for c in reading.skills][:MAX_TRADES]
        draft["skills_text"] = reading.argument.strip()[:200]
    elif field == "scope" and reading.scope:
        draft["scope"] = reading.scope
    stored = draft.get(field)
    as_read = described(field, stored, ctx.seeker.locale) if stored else None
    changed = line(f"changed.{field}", value=as_read or Elastic(reading.argument.strip()[:30]))
    asked = await _next(ctx, draft)
    return replace(asked, lines=(changed, *asked.lines))


def described(field: str, stored: object, locale: str) -> Elastic | Line:
    """A field's stored answer as the worker should read it back (会宁 as 甘肃省白银市会宁县)."""
    if field == "scope":
        return line(f"scope.{stored}")
    if field == "region":
        value = region_name(str(stored), locale)
    elif field == "skills":
        value = describe_skills(list(stored), locale)  # type: ignore[call-overload]
    else:
        value = str(stored)
    return Elastic(value[:30])


def _state_for(draft: dict) -> str:
    missing = next((f for f in ORDER if f not in draft), "scope")
    return f"register:{missing}"


async def cancel(ctx: Context) -> Reply:
    """取消 / N during registration: the answers so far are dropped; nobody is opted out."""
    ctx.reset()
    return ctx.reply(line("register.cancelled"))
