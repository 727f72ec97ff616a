"""Helpers for the schedule tests: a desk at a fixed time, and registered welders."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.schedule.events import Desk
from storage.models import Seeker

NOW = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)  # 10:00 in Asia/Shanghai
ZONE = "Asia/Shanghai"


def desk(now: datetime = NOW, **extra) -> Desk:
    return Desk(extra.pop("staff", None), extra.pop("agency_id", None), ZONE, now, "test", **extra)


async def seekers(session, count: int, *, telegram_from: int | None = None) -> list[Seeker]:
    """`count` registered welders from 会宁, on SMS (or Telegram from an id on)."""
    made = [
        Seeker(
            name=f"工友{n}",
            phone=f"+861350000{n:04d}",
            telegram_id=(telegram_from + n) if telegram_from is not None else None,
            channel="telegram" if telegram_from is not None else "sms",
            region_code="620422",
            occupations="construction.welder",
            scope="country",
        )
        for n in range(count)
    ]
    session.add_all(made)
    await session.flush()
    return made
