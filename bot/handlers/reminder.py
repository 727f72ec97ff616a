"""A reminder's answer: 1 / 确认 / 好 confirms the place, 2 / 不能去 / 取消 gives it up.

The wait is opened when the reminder is sent (bot/schedule/waits.py). 取消 here declines the
place and never opts anyone out (T and 退订 still do, before any wait is read).
"""

from __future__ import annotations

from bot.handlers.context import Context, line
from bot.matching.answers import read_answer
from bot.matching.intents import normalise
from bot.replies import Reply
from bot.schedule import enrolment as seats
from bot.schedule.kinds import is_open
from bot.schedule.waits import event_of
from storage.models import SEATED_STATES, Enrolment

CONFIRM, DECLINE = 1, 2  # as bot/schedule/reminders.py numbers the choices
_CANNOT = {
    "不能去",
    "去不了",
    "不去",
    "不去了",
    "来不了",
    "不能来",
    "取消",
    "cannot go",
    "can't go",
}


def _reading(text: str) -> int | None:
    body = normalise(text).strip().lower().rstrip("。.!！")
    if body in _CANNOT:
        return DECLINE
    answer = read_answer(text)
    if answer is None:
        return None
    if answer.kind == "number" and answer.number in (CONFIRM, DECLINE):
        return answer.number
    if answer.kind == "yes":
        return CONFIRM
    if answer.kind == "no":
        return DECLINE
    return None


async def answered(ctx: Context) -> Reply | None:
    """Confirm or decline the enrolment the reminder was about; anything else is None (read as if
    no reminder were waiting)."""
    said = _reading(ctx.inbound.text)
    if said is None:
        return None
    enrolment_id = ctx.data.get("enrolment")
    ctx.reset()
    enrolment = await ctx.session.get(Enrolment, enrolment_id) if enrolment_id else None
    event = await event_of(ctx.session, enrolment) if enrolment is not None else None
    if (
        enrolment is None
        or event is None
        or not is_open(event, ctx.now)
        or enrolment.state not in SEATED_STATES
    ):
        return ctx.reply(line("reminder.gone"))
    if said == CONFIRM:
        enrolment.state = "confirmed"
        enrolment.answered_at = enrolment.confirmed_at = ctx.now
        return ctx.reply(line("reminder.confirmed"))
    await seats.decline(ctx.session, enrolment, event, ctx.now, zone=ctx.zone)
    return ctx.reply(line("reminder.declined"))
