"""New-opening alerts in the conversation: answering one (1 报名, 2 详情), and turning them off or on.

A broadcast's alert opens its wait from outside the conversation (bot/broadcasts/wait.py): a
single vacancy waits in State.ALERT for `1` or `2`; several wait as a job list (pick a number).
"""

from __future__ import annotations

import re

from bot.handlers import browse
from bot.handlers.context import Context, choice, line
from bot.matching.answers import read_answer
from bot.matching.intents import normalise
from bot.replies import Reply

APPLY, DETAILS, NO_ALERTS = 1, 2, 3  # as bot/broadcasts/alert.py numbers the answers
# Asking to see the vacancy in full, in the alert's wait ("详情", "看看", "details").
_DETAILS = re.compile(
    r"^(?:看|看看|查看)?(?:详情|详细|具体|详细信息|内容)?$|^(?:details?|more info|info|xiangqing)$"
)


def _asks_details(text: str) -> bool:
    body = normalise(text).strip().lower().rstrip("。.!！?？")
    return bool(body) and bool(_DETAILS.match(body))


async def answered(ctx: Context) -> Reply | None:
    """The alert's answer: 1 (or 我去) applies, 2 (or 详情) shows it, 3 stops alerts, 取消 closes
    it; anything else is None (read as if no alert were waiting)."""
    vacancy = ctx.data.get("vacancy")
    answer = read_answer(ctx.inbound.text)
    if vacancy is None:
        ctx.reset()
        return None
    kind = answer.kind if answer else None
    if kind == "number" and answer is not None:
        if answer.number == APPLY:
            return await _apply(ctx, vacancy)
        if answer.number == DETAILS and not answer.taking:
            return await _details(ctx, vacancy)
        if answer.number == NO_ALERTS and not answer.taking:
            ctx.reset()
            return await alerts_off(ctx)
        return ctx.reply(line("alert.answer"))
    if kind == "yes" and answer is not None:
        return await _apply(ctx, vacancy) if answer.taking else ctx.reply(line("alert.answer"))
    if kind == "no":
        # 取消 / N in the alert's wait: not this job. It opts nobody out (T and 退订 still do).
        ctx.reset()
        return ctx.reply(line("alert.closed"))
    if _asks_details(ctx.inbound.text):
        return await _details(ctx, vacancy)
    return None  # anything else is read as if no alert were waiting


async def _apply(ctx: Context, vacancy: int) -> Reply:
    ctx.goto("details", vacancy=vacancy, ids=[vacancy], offset=0, other=False)
    return await browse.apply(ctx)


async def _details(ctx: Context, vacancy: int) -> Reply:
    ctx.goto("browse", ids=[vacancy], offset=0, other=False)
    return await browse.details(ctx, 1)


async def alerts_off(ctx: Context) -> Reply:
    """不要推送 / no alerts — no more new-opening alerts; everything else keeps coming."""
    ctx.seeker.alerts = False
    return ctx.reply(line("alerts.off"), actions=[choice("推送", "action.alerts_on")])


async def alerts_on(ctx: Context) -> Reply:
    """推送 / alerts on — new openings that fit are sent again (at most a few a day)."""
    ctx.seeker.alerts = True
    return ctx.reply(line("alerts.on"), actions=[choice("不要推送", "action.alerts_off")])
