"""The agency's local date: reminders, deadlines and "closing soon" follow local time, not UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def now() -> datetime:
    return datetime.now(UTC)


def local_today(timezone: str, at: datetime | None = None) -> date:
    """Today's date in the agency's timezone (GONGYOU_TIMEZONE)."""
    return (at or now()).astimezone(ZoneInfo(timezone)).date()
