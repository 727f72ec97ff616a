"""The question an alert asks, opened from outside the conversation when the alert is sent.

An alert must not wreck what a seeker is in the middle of. A question only the seeker can close
(a registration under way, and later a reminder's 确认 / 不能去) holds the alert back until it is
answered or has expired: sent with "1. 报名", the alert would have its `1` read as that other
question's answer, or take the answer away from it. A list or a menu (jobs, trainings, the
language menu, an earlier alert) is displaced, but not while the seeker is working through it:
only once they have left it alone for ACTIVE. The alert goes as soon as nothing holds it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.states import LIST, REGISTRATION, State
from storage.models import Seeker

# Questions an alert may replace once left alone: the seeker loses nothing they were answering.
DISPLACEABLE = frozenset({State.JOBS, State.JOB, State.TRAININGS, State.LANGUAGE, State.ALERT})
# A list changed this recently may be what the seeker's next message answers.
ACTIVE = timedelta(minutes=30)
# How often a held alert looks again: a registration is usually finished within minutes.
RETRY = timedelta(minutes=15)


def busy_until(seeker: Seeker, now: datetime) -> datetime | None:
    """Until when the seeker's open question holds an alert back; None when nothing does."""
    state, asked = seeker.dialog_state, seeker.dialog_updated_at
    if state is None:
        return None
    expires = seeker.dialog_expires_at
    if expires is None and asked is not None:
        expires = asked + REGISTRATION  # a state stored before expiries were
    if expires is None or expires <= now:
        return None
    if state in DISPLACEABLE:
        quiet_from = asked + ACTIVE if asked is not None else now
        return min(quiet_from, expires) if quiet_from > now else None
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
