"""Help, opting out and back in, and the hint for anything not understood."""

from __future__ import annotations

from bot.handlers.context import Context, line
from bot.handlers.registration import start as start_registration
from bot.replies import Reply
from storage.seekers import opt_in, opt_out


async def help_(ctx: Context) -> Reply:
    """帮助 / help — the keywords, in one short message."""
    if ctx.seeker.opted_out:
        return ctx.reply(line("help.opted_out"))
    return ctx.reply(line("help.keywords"))


async def stop(ctx: Context) -> Reply | None:
    """退订 / T / STOP — confirmed once; a repeated opt-out is not answered."""
    if ctx.seeker.opted_out:
        return None
    opt_out(ctx.seeker, ctx.now)
    ctx.reset()
    return ctx.reply(line("stop.done"))


async def start(ctx: Context) -> Reply:
    """订阅 / START — back in after opting out; otherwise a greeting."""
    if ctx.seeker.opted_out:
        opt_in(ctx.seeker)
        return ctx.reply(line("start.resumed"))
    if not ctx.registered:
        return await start_registration(ctx)
    return ctx.reply(line("start.hello"), line("help.keywords"))


async def acknowledged(ctx: Context) -> Reply:
    """谢谢 / 好的 with nothing asked: a friendly word, not "not understood"."""
    return ctx.reply(line("ack"))


async def unknown(ctx: Context) -> Reply:
    """Anything else: a one-line hint, or registration for someone we do not know yet."""
    if not ctx.registered:
        return await start_registration(ctx)
    return ctx.reply(line("hint.unknown"))
