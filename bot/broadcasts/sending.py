"""What the dispatcher does for an alert around its send: hold it back, then open its wait.

Both are called from bot/dispatcher.py with the claimed row, inside the transaction that starts
the send (`hold_back`) or records it sent (`sent`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcasts.wait import alert_sent, hold_until
from bot.schedule import waits
from storage import outcomes
from storage.outbox import Claim

PURPOSE = "alert"


def _is_broadcast(held: Claim) -> bool:
    return held.purpose == PURPOSE and held.campaign_id is not None and held.template is not None


async def hold_back(session: AsyncSession, held: Claim, now: datetime) -> bool:
    """Defer an alert (no attempt counted) while the seeker is answering another question; True
    when it was deferred and must not be sent now. A reminder too late to send is dropped."""
    if await waits.stale(session, held, now):
        return True
    if not _is_broadcast(held):
        return False
    until = await hold_until(session, held.seeker_id, now)
    if until is None:
        return False
    await outcomes.defer(session, held, until, "seeker is answering another question")
    return True


async def sent(session: AsyncSession, held: Claim, now: datetime) -> None:
    """The provider took an alert or a reminder: from now on `1` / `2` answer it."""
    await waits.sent(session, held, now)
    if _is_broadcast(held):
        await alert_sent(session, held.seeker_id, held.params.get("vacancies") or [], now)
