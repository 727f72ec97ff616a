"""Scheduling: add, edit and cancel training sessions and departures.

The CLI and the Telegram staff commands pass what staff typed, by field name (below), and get
the event back or a ScheduleError naming the catalog message; both audit through here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.matching.regions import regions
from bot.matching.trades import normalise_skills, resolve_trade
from bot.matching.understand import understand
from bot.schedule import reminders
from bot.schedule.enrolment import move_up, places_taken
from bot.schedule.kinds import MODELS, Event, ScheduleError, kind_of, starts, target
from bot.schedule.times import BadTime, local_day, parse_local
from bot.staff import audit
from storage.models import Departure, Staff, TrainingSession, Vacancy
from storage.staff import region_prefix

# What staff give, by kind; `add` needs the REQUIRED ones.
FIELDS = {
    "training": (
        "title",
        "trade",
        "place",
        "region",
        "start",
        "end",
        "capacity",
        "contact",
        "bring",
    ),
    "departure": ("vacancy", "at", "meeting_point", "destination", "capacity", "contact", "bring"),
}
REQUIRED = {
    "training": ("title", "place", "start", "end", "capacity"),
    "departure": ("vacancy", "at", "meeting_point"),
}
# Typed for "none" in an optional field when editing: any trade, no limit, nothing to bring.
CLEAR = frozenset(["-", "无", "none", "不限", "any"])
LIMITS = {"title": 200, "place": 200, "meeting_point": 200, "destination": 200, "contact": 200}


@dataclass(frozen=True)
class Desk:
    """Who schedules, and where: staff (None on the CLI), their agency, the agency's region (to
    tell 朝阳区 in Beijing from the one in Changchun), the local zone and now."""

    staff: Staff | None
    agency_id: int | None
    zone: str
    now: datetime
    via: str
    near: str | None = None
    vacancies: ColumnElement[bool] | None = None  # which vacancies a departure may be for


def trade_code(text: str) -> str | None:
    """The occupation code `text` names; None for any trade ("-", 不限)."""
    if text.strip().lower() in CLEAR:
        return None
    codes = normalise_skills(text)
    if not codes:
        best = resolve_trade(text)
        codes = [best[0].trade.code] if best and best[0].score >= 85 else []
    if not codes:
        raise ScheduleError("schedule.error.bad_trade", trade=text)
    return codes[0]


def region_code(text: str, near: str | None = None) -> str:
    """The GB/T 2260 code of the place `text` names (a code, a place name, or an address that
    starts with one); a namesake near the agency wins; refused when none or still ambiguous."""
    text = text.strip()
    if text.isdigit() and text in regions():
        return text
    found = understand(text).region_candidates
    best = [c.region for c in found if c.score == found[0].score] if found else []
    if near and len(best) > 1:
        best = [r for r in best if r.code.startswith(region_prefix(near))] or best
    if len(best) != 1:
        key = "schedule.error.place_ambiguous" if best else "schedule.error.no_region"
        raise ScheduleError(key, place=text)
    return best[0].code


def _text(values: Mapping[str, object], name: str, *, optional: bool = False) -> str | None:
    value = " ".join(str(values[name]).split())
    if optional and value.lower() in CLEAR:
        return None
    if not value:
        raise ScheduleError("schedule.error.empty", field=name)
    return value[: LIMITS.get(name, 1000)]


def _capacity(value: object) -> int | None:
    if str(value).strip().lower() in CLEAR:
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number < 1:
        raise ScheduleError("schedule.error.bad_capacity", capacity=value)
    return number


def _time(values: Mapping[str, object], name: str, desk: Desk, day=None) -> datetime:
    today = local_day(desk.now, desk.zone)
    try:
        return parse_local(str(values[name]), desk.zone, today=today, day=day)
    except BadTime as error:
        raise ScheduleError("schedule.error.bad_time", time=error.text) from None


async def _set_training(event: TrainingSession, values: Mapping[str, object], desk: Desk) -> None:
    if "title" in values:
        event.title = _text(values, "title") or ""
    if "trade" in values:
        event.occupation = trade_code(str(values["trade"]))
    if "place" in values:
        event.place = _text(values, "place")
    if "region" in values or "place" in values:
        where = str(values.get("region") or event.place or "")
        event.region_code = region_code(where, desk.near)
    if "start" in values:
        before = event.starts_at
        event.starts_at = _time(values, "start", desk)
        if before is not None and event.ends_at is not None and "end" not in values:
            event.ends_at += event.starts_at - before  # moved, not shortened
    if "end" in values:
        day = local_day(event.starts_at, desk.zone)
        event.ends_at = _time(values, "end", desk, day=day)
    if event.ends_at is not None and event.ends_at <= event.starts_at:
        raise ScheduleError("schedule.error.end_before_start")
    _set_common(event, values)


async def _set_departure(
    session: AsyncSession, event: Departure, values: Mapping[str, object], desk: Desk
) -> None:
    if "vacancy" in values:
        vacancy = await _vacancy(session, values["vacancy"], desk)
        event.vacancy_id = vacancy.id
        event.destination = event.destination or vacancy.location_text
    if "at" in values:
        event.departs_at = _time(values, "at", desk)
    if "meeting_point" in values:
        event.assembly_point = _text(values, "meeting_point") or ""
    if "destination" in values:
        event.destination = _text(values, "destination", optional=True)
    _set_common(event, values)


def _set_common(event: Event, values: Mapping[str, object]) -> None:
    if "capacity" in values:
        event.capacity = _capacity(values["capacity"])
    for name in ("contact", "bring"):
        if name in values:
            setattr(event, name, _text(values, name, optional=True))


async def _vacancy(session: AsyncSession, value: object, desk: Desk) -> Vacancy:
    text = str(value).strip().lstrip("#")
    found = None
    if text.isdigit() and len(text) <= 18:
        seen = desk.vacancies if desk.vacancies is not None else true()
        query = select(Vacancy).where(Vacancy.id == int(text), seen)
        found = await session.scalar(query)
    if found is None:
        raise ScheduleError("schedule.error.no_vacancy", id=text)
    return found


def _check_future(event: Event, desk: Desk) -> None:
    if starts(event) <= desk.now:
        raise ScheduleError("schedule.error.past")


async def add(session: AsyncSession, kind: str, values: Mapping[str, object], desk: Desk) -> Event:
    """A new training or departure from staff's `values`; flushed, so it has its id."""
    missing = [name for name in REQUIRED[kind] if values.get(name) in (None, "")]
    if missing:
        raise ScheduleError("schedule.error.missing", fields=", ".join(missing))
    event: Event
    if kind == "training":
        event = TrainingSession(agency_id=desk.agency_id, staff_id=_staff_id(desk))
        await _set_training(event, values, desk)
    else:
        event = Departure(agency_id=desk.agency_id, staff_id=_staff_id(desk))
        await _set_departure(session, event, values, desk)
    _check_future(event, desk)
    session.add(event)
    await session.flush()
    _audit(session, desk, f"{kind}_add", event, _shown(values))
    return event


async def edit(
    session: AsyncSession, event: Event, values: Mapping[str, object], desk: Desk
) -> Event:
    """Change the given fields; a move re-plans reminders, more places move the waiting list up."""
    if event.cancelled_at is not None:
        raise ScheduleError("schedule.error.cancelled", kind=kind_of(event), id=event.id)
    if not values:
        raise ScheduleError("schedule.error.nothing_to_change")
    before = starts(event)
    if isinstance(event, TrainingSession):
        await _set_training(event, values, desk)
    else:
        await _set_departure(session, event, values, desk)
    if starts(event) != before:
        _check_future(event, desk)
    if event.capacity is not None and "capacity" in values:
        taken = await places_taken(session, event)
        if event.capacity < taken:
            raise ScheduleError(
                "schedule.error.capacity_below", capacity=event.capacity, taken=taken
            )
    await session.flush()
    _audit(session, desk, f"{kind_of(event)}_edit", event, _shown(values))
    if starts(event) != before:
        await reminders.moved(session, event, before, desk.now)
    if "capacity" in values:
        await move_up(session, event, desk.now, zone=desk.zone)
    return event


async def cancel(session: AsyncSession, event: Event, desk: Desk) -> bool:
    """Cancel the event; False when it already was."""
    if event.cancelled_at is not None:
        return False
    event.cancelled_at = desk.now
    await session.flush()
    _audit(session, desk, f"{kind_of(event)}_cancel", event, {})
    await reminders.cancelled(session, event, desk.now)
    return True


async def find(
    session: AsyncSession, kind: str, event_id: int, visible: ColumnElement[bool] | None = None
) -> Event | None:
    """The training or departure with this id (that `visible` lets staff see), locked."""
    model = MODELS[kind]
    query = select(model).where(model.id == event_id).with_for_update()
    if visible is not None:
        query = query.where(visible)
    return await session.scalar(query)


def _staff_id(desk: Desk) -> int | None:
    return desk.staff.id if desk.staff else None


def _shown(values: Mapping[str, object]) -> dict[str, str]:
    return {name: str(value) for name, value in values.items()}


def _audit(session: AsyncSession, desk: Desk, action: str, event: Event, detail: dict) -> None:
    detail = detail | {"via": desk.via}
    audit.record(session, desk.staff, action, target(event), detail, at=desk.now)
