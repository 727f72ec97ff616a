"""Greetings and questions: a short answer, never a name or a trade; questions about vacancies
on screen are answered from their fields."""

from __future__ import annotations

from dataclasses import replace

from bot.handlers.browse import vacancies_by_id
from bot.handlers.context import Context, line
from bot.handlers.present import place_name, title, wage
from bot.matching.intents import normalise
from bot.matching.questions import topics_asked
from bot.replies import Elastic, Line, Reply
from bot.states import State
from storage.models import Vacancy

# Questions answered in one reply: two facts of one vacancy still fit one SMS or two.
MAX_TOPICS = 2
# What a worker asks about a vacancy, each answered from one of its fields.
VACANCY_TOPICS = frozenset(
    {"wage", "board", "age", "place", "date", "requirements", "headcount", "contact", "benefits"}
)


def is_question(ctx: Context) -> bool:
    """A greeting or a question that carries no answer (你好, 你们是干啥的, 怎么报名)."""
    reading = ctx.reading
    carries = reading.region or reading.skills or reading.scope or reading.name
    return (reading.greeting or reading.question is not None) and not carries


def _answer_line(ctx: Context) -> Line:
    reading = ctx.reading
    if reading.question == "apply":
        return line("question.how_to_apply")
    if reading.question == "fee":
        return line("question.fee")
    if reading.question is None and reading.greeting:
        return line("question.hello")
    return line("question.about")


async def answered(ctx: Context) -> Reply:
    """A greeting or a question out of any flow: who we are and how to start, in one SMS."""
    follow = "help.keywords" if ctx.registered else "question.how_to_start"
    return ctx.reply(_answer_line(ctx), line(follow))


async def answered_then_resume(ctx: Context, resume) -> Reply:
    """A question in the middle of registration: the short answer, then the open question again."""
    asked = await resume(ctx)
    return replace(asked, lines=(_answer_line(ctx), *asked.lines))


async def _shown(ctx: Context) -> list[Vacancy]:
    if ctx.state == State.JOB and ctx.data.get("vacancy"):
        return await vacancies_by_id(ctx, [ctx.data["vacancy"]])
    if ctx.state in (State.JOBS, State.JOB):
        return await vacancies_by_id(ctx, list(ctx.data.get("ids") or []))
    return []


def fact(vacancy: Vacancy, topic: str, locale: str) -> Line:
    """One fact of a vacancy, as the answer to a question about it."""
    if topic == "wage":
        return wage(vacancy, locale)
    if topic in ("board", "benefits"):
        # Board from its own column (吃住) when the sheet has one, else from the benefits, which
        # hold what comes with the job: meals, housing, insurance, fares, visas.
        offered = (vacancy.board or vacancy.benefits) if topic == "board" else vacancy.benefits
        if offered:
            return line("fact.text", text=Elastic(offered))
        return line("fact.board_unknown" if topic == "board" else "fact.benefits_unknown")
    if topic == "age":
        if vacancy.age_min or vacancy.age_max:
            return line("fact.age", low=vacancy.age_min or 16, high=vacancy.age_max or 60)
        return line("fact.age_any")
    if topic == "place":
        return line("fact.text", text=place_name(vacancy, full=True, locale=locale))
    if topic == "date":
        when = vacancy.departure_on or vacancy.deadline
        key = "fact.departure" if vacancy.departure_on else "fact.deadline"
        return line(key, date=when.isoformat()) if when else line("fact.date_unknown")
    if topic == "requirements":
        needs = vacancy.skills_text
        return line("fact.text", text=Elastic(needs)) if needs else line("fact.no_requirements")
    if topic == "headcount":
        return line("fact.openings", openings=vacancy.open_places)
    contact = vacancy.contact
    return line("fact.text", text=contact) if contact else line("fact.contact_unknown")


async def about_vacancies(ctx: Context) -> Reply | None:
    """工资多少 / 包吃住吗 with vacancies on screen: the answer from each one's fields."""
    topic = ctx.reading.question
    if topic not in VACANCY_TOPICS:
        return None
    shown = await _shown(ctx)
    if not shown:
        return ctx.reply(line("question.which_vacancy"))
    heading = line(f"question.topic.{topic}")
    if len(shown) == 1:
        # 工资多少 包吃住不: both answered, for the one vacancy on screen (a list answers the first).
        asked = topics_asked(normalise(ctx.inbound.text).lower())
        topics = list(dict.fromkeys([*(t for t in asked if t in VACANCY_TOPICS), topic]))
        locale = ctx.seeker.locale
        lines = [
            part
            for each in topics[:MAX_TOPICS]
            for part in (
                line(f"question.topic.{each}"),
                line("fact.one", title=title(shown[0]), fact=fact(shown[0], each, locale)),
            )
        ]
        return ctx.reply(*lines)
    items = [
        line("fact.numbered", number=n, title=title(v), fact=fact(v, topic, ctx.seeker.locale))
        for n, v in enumerate(shown, start=1)
    ]
    return ctx.reply(heading, *items)
