"""The question an alert asks, opened from outside the conversation when the alert is sent.

The alert opens its wait only when it displaces nothing that matters: no question, a list or a
vacancy on screen, the language menu, or an earlier alert. While a question it must not replace
is open (a registration under way, a reminder's 确认 / 不能去), the alert is held back instead
(`hold_until`): sent with "回复1报名", it would have its `1` read as that other question's
answer. It goes once that question is answered or has expired.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.states import LIST, State
from storage.models import Seeker

# Questions an alert may replace: the seeker loses nothing they were in the middle of.
DISPLACEABLE = frozenset({None, State.JOBS, State.JOB, State.LANGUAGE, State.ALERT})
# How often a held alert looks again: a registration is usually finished within minutes.
RETRY = timedelta(minutes=15)


def busy_until(seeker: Seeker, now: datetime) -> datetime | None:
    """When the open question an alert must not replace stops waiting; None when there is none."""
    state = seeker.dialog_state
    if state in DISPLACEABLE:
        return None
    expires = seeker.dialog_expires_at
    if expires is None and seeker.dialog_updated_at is not None:
        expires = seeker.dialog_updated_at + timedelta(hours=24)  # stored before expiries were
    if expires is None or expires <= now:
        return None
    return expires


async def hold_until(
    session: AsyncSession, seeker_id: int | None, now: datetime
) -> datetime | None:
    """For the dispatcher, before it sends an alert: when to look again, or None to send it now."""
    seeker = await session.get(Seeker, seeker_id) if seeker_id is not None else None
    until = busy_until(seeker, now) if seeker is not None else None
    return None if until is None else min(until, now + RETRY)


def open_wait(seeker: Seeker, vacancy_ids: Sequence[int], now: datetime) -> bool:
    """Open the alert's question for `seeker`; False (nothing changed) when it must not."""
    ids = [int(v) for v in vacancy_ids]
    if not ids or busy_until(seeker, now) is not None:
        return False
    if len(ids) == 1:
        seeker.dialog_state = State.ALERT.value
        seeker.dialog_data = {"vacancy": ids[0], "ids": ids}
    else:
        # Several vacancies wait as any job list does: a number opens that one.
        seeker.dialog_state = State.JOBS.value
        seeker.dialog_data = {"ids": ids, "offset": 0, "other": False}
    seeker.dialog_updated_at = now
    seeker.dialog_expires_at = now + LIST
    return True


async def alert_sent(
    session: AsyncSession, seeker_id: int | None, vacancy_ids: Sequence[int], now: datetime
) -> bool:
    """For the dispatcher, once the provider took the alert: open its wait (the caller commits)."""
    if seeker_id is None:
        return False
    # Locked as the dialog locks it: a reply being read at this moment waits, or is waited for.
    query = select(Seeker).where(Seeker.id == seeker_id).with_for_update()
    seeker = await session.scalar(query)
    return seeker is not None and open_wait(seeker, vacancy_ids, now)
