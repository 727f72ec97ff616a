"""培训 / training: upcoming training for the worker's trades nearby, and signing up by number.

Signing up takes a place while there is one, else a place on the waiting list, which moves up
with a message when someone declines or is removed (bot/schedule/enrolment.py).
"""

from __future__ import annotations

from sqlalchemy import select

from bot.handlers.context import Context, choice, line
from bot.handlers.registration import start as start_registration
from bot.matching.answers import read_answer
from bot.replies import Elastic, Line, Reply
from bot.schedule.enrolment import enrol, find_enrolment
from bot.schedule.kinds import is_open
from bot.schedule.times import short
from bot.schedule.upcoming import Offer, trainings_for
from bot.states import State
from storage.models import SEATED_STATES, TrainingSession

TITLE_RANK, PLACE_RANK = 1, 2  # on an SMS short of room, the title gives way before the place


def _places(offer: Offer) -> Line:
    if offer.mine in SEATED_STATES or offer.mine == "waiting":
        return line("training.places_mine")
    if offer.places_left is None:
        return line("training.places_open")
    if offer.places_left == 0:
        return line("training.places_full")
    return line("training.places_left", count=offer.places_left)


def _when(ctx: Context, training: TrainingSession) -> str:
    return short(training.starts_at, ctx.zone, ctx.seeker.locale)


def _named(ctx: Context, training: TrainingSession) -> dict[str, object]:
    return {
        "title": Elastic(training.title, TITLE_RANK),
        "when": _when(ctx, training),
        "place": Elastic(training.place or "-", PLACE_RANK),
    }


async def trainings(ctx: Context) -> Reply:
    """培训 / training — what is coming up near the worker, numbered to sign up."""
    if not ctx.registered:
        return await start_registration(ctx)
    offers = await trainings_for(ctx.session, ctx.seeker, ctx.now)
    if not offers:
        ctx.reset()
        return ctx.reply(line("training.none"))
    ctx.goto(State.TRAININGS, ids=[offer.training.id for offer in offers])
    items = [
        choice(str(n), "training.item", **_named(ctx, offer.training), places=_places(offer))
        for n, offer in enumerate(offers, 1)
    ]
    return ctx.reply(line("training.header"), choices=items, footer=[line("training.footer")])


async def picked(ctx: Context) -> Reply:
    """The training list's answer: a number signs up for that training; 取消 closes the list."""
    answer = read_answer(ctx.inbound.text)
    ids = ctx.data.get("ids") or []
    if answer is not None and answer.kind == "no":
        ctx.reset()
        return ctx.reply(line("training.closed"))
    number = answer.number if answer is not None and answer.kind == "number" else None
    if number is None or not 1 <= number <= len(ids):
        return ctx.reply(line("jobs.bad_number", count=len(ids)))
    query = select(TrainingSession).where(TrainingSession.id == ids[number - 1])
    training = await ctx.session.scalar(query)
    if training is None or not is_open(training, ctx.now):
        return ctx.reply(line("training.gone"))
    return await _sign_up(ctx, training)


async def _sign_up(ctx: Context, training: TrainingSession) -> Reply:
    named = _named(ctx, training)
    ctx.reset()
    earlier = await find_enrolment(ctx.session, training, ctx.seeker.id)
    if earlier is not None and earlier.state == "removed":
        return ctx.reply(line("training.ask_staff", **named))  # staff took them off: ask why
    enrolled = await enrol(ctx.session, training, ctx.seeker, ctx.now, source="seeker")
    enrolment = enrolled.enrolment
    if enrolled.outcome == "already":
        if enrolment.state == "waiting":
            return ctx.reply(line("training.already_waiting", position=enrolled.rank, **named))
        return ctx.reply(line("training.already", **named))
    if enrolled.outcome == "waiting":
        return ctx.reply(line("training.waiting", position=enrolled.rank, **named))
    return ctx.reply(line("training.signed", **named))
