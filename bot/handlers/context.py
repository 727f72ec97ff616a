"""What every dialog step receives, and the few operations steps share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.matching.understand import Reading
from bot.replies import Choice, Inbound, Line, Reply
from bot.search import VacancySearch
from storage.models import Seeker


def line(key: str, **params: object) -> Line:
    return Line(key, params)


def choice(command: str, key: str, **params: object) -> Choice:
    return Choice(Line(key, params), command)


@dataclass
class Context:
    session: AsyncSession
    seeker: Seeker
    inbound: Inbound
    reading: Reading
    now: datetime
    today: date
    search: VacancySearch
    # GONGYOU_TIMEZONE: training times are told in it.
    zone: str = "Asia/Shanghai"

    @property
    def state(self) -> str | None:
        return self.seeker.dialog_state

    @property
    def data(self) -> dict[str, Any]:
        return dict(self.seeker.dialog_data or {})

    @property
    def registered(self) -> bool:
        return self.seeker.region_code is not None and self.seeker.scope is not None

    def goto(self, state: str | None, **data: Any) -> None:
        """Move to a named state; the data replaces the previous state's data."""
        self.seeker.dialog_state = state
        # A new dict, so SQLAlchemy sees the JSON column change.
        self.seeker.dialog_data = data
        self.seeker.dialog_updated_at = self.now

    def reset(self) -> None:
        self.goto(None)

    def reply(
        self, *lines: Line, choices=(), actions=(), footer=(), ask_contact: bool = False
    ) -> Reply:
        return Reply(
            tuple(lines),
            tuple(choices),
            tuple(actions),
            tuple(footer),
            ask_contact,
            self.seeker.locale,
        )
