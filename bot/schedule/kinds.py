"""What trainings and departures share: their kind's name, start and end, and their enrolments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement

from storage.models import Departure, Enrolment, TrainingSession

KINDS = ("training", "departure")
Event = TrainingSession | Departure
MODELS: dict[str, type[TrainingSession] | type[Departure]] = {
    "training": TrainingSession,
    "departure": Departure,
}


class ScheduleError(Exception):
    """A request refused with a catalog message (the CLI exits 2, Telegram replies with it)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def kind_of(event: Event) -> str:
    return "training" if isinstance(event, TrainingSession) else "departure"


def starts(event: Event) -> datetime:
    return event.starts_at if isinstance(event, TrainingSession) else event.departs_at


def ends(event: Event) -> datetime:
    """When the event is over: a training's end (or start), a departure's departure."""
    if isinstance(event, TrainingSession):
        return event.ends_at or event.starts_at
    return event.departs_at


def target(event: Event) -> str:
    """How the audit log names the event: "training:3"."""
    return f"{kind_of(event)}:{event.id}"


def enrolled_in(event: Event) -> ColumnElement[bool]:
    """Enrolments on this event."""
    if isinstance(event, TrainingSession):
        return Enrolment.training_session_id == event.id
    return Enrolment.departure_id == event.id


def enrolment_for(event: Event, seeker_id: int) -> Enrolment:
    """A new enrolment row on `event` (state and the rest set by the caller)."""
    if isinstance(event, TrainingSession):
        return Enrolment(seeker_id=seeker_id, training_session_id=event.id)
    return Enrolment(seeker_id=seeker_id, departure_id=event.id)


def is_open(event: Event, now: datetime) -> bool:
    """Not cancelled and not begun: people may still be enrolled."""
    return event.cancelled_at is None and starts(event) > now
