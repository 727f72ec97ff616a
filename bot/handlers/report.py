"""举报 / report: a worker reports the vacancy on screen — a fee asked, a job that is not as listed.

The report is kept for staff (storage/reports.py; it counts against the employer's record), and
the worker is told what happens next; what they write after it is added to the report.
"""

from __future__ import annotations

import re

from bot.handlers.browse import vacancies_by_id
from bot.handlers.context import Context, line
from bot.handlers.present import employer_name, title
from bot.matching.answers import read_answer
from bot.matching.intents import read_number
from bot.replies import Reply
from bot.states import State
from storage.reports import add_note, report_vacancy

_HEAD = re.compile(r"^(\S+?)(?:[\s,，:：、]+|(?<=号)|$)(.*)$", re.S)


def _number_and_note(argument: str) -> tuple[int | None, str | None]:
    """举报 2 -> (2, None); 举报 3 收服装费 -> (3, 收服装费); 举报 要收押金 -> (None, 要收押金)."""
    match = _HEAD.match(argument)
    if match and (number := read_number(match[1])) is not None:
        return number, match[2].strip() or None
    return None, argument or None


def _reported(ctx: Context, number: int | None) -> int | None:
    """The vacancy meant: the one open (or just reported), else number n of the list on screen."""
    data = ctx.data
    ids = data.get("ids") or []
    if number and 1 <= number <= len(ids):
        return ids[number - 1]
    if ctx.state in (State.JOB, State.REPORT) and data.get("vacancy"):
        return data["vacancy"]
    if ctx.state == State.JOBS and len(ids) == 1:
        return ids[0]
    return None


def _back_to_list(ctx: Context) -> None:
    """Where the worker was before reporting: the list, if one was on screen."""
    data = ctx.data
    if data.get("ids"):
        ctx.goto(State.JOBS, offset=data.get("offset", 0), ids=data["ids"], other=data.get("other"))
    else:
        ctx.reset()


async def report(ctx: Context) -> Reply:
    """举报 / 举报 2 / 举报 要收押金: the report is recorded, then any words the worker adds."""
    number, note = _number_and_note(ctx.reading.argument.strip())
    vacancy_id = _reported(ctx, number)
    found = await vacancies_by_id(ctx, [vacancy_id]) if vacancy_id else []
    if not found:
        key = "report.which_number" if ctx.state == State.JOBS else "report.which"
        return ctx.reply(line(key))
    vacancy = found[0]
    made, new = await report_vacancy(ctx.session, vacancy.id, ctx.seeker.id, note, ctx.now)
    data = ctx.data
    ctx.goto(
        State.REPORT,
        report=made.id,
        vacancy=vacancy.id,
        ids=data.get("ids") or [],
        offset=data.get("offset", 0),
        other=data.get("other", False),
    )
    key = "report.done" if new else "report.again"
    follow = "report.noted" if note else "report.tell_more"
    return ctx.reply(line(key, employer=employer_name(vacancy), title=title(vacancy)), line(follow))


async def described(ctx: Context) -> Reply:
    """The words after 举报 (要先交押金200元): added to the report; 不用了 closes it."""
    answer = read_answer(ctx.inbound.text)
    report_id = ctx.data.get("report")
    _back_to_list(ctx)
    if answer is not None and answer.kind == "no":
        return ctx.reply(line("report.kept"))
    if report_id is not None:
        await add_note(ctx.session, report_id, ctx.inbound.text)
    return ctx.reply(line("report.noted"))
