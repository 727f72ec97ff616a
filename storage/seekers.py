"""Finding and creating seekers by the address a channel knows them by."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.broadcasts import move_alerts
from storage.models import (
    Application,
    ApplicationEvent,
    Enrolment,
    InboundMessage,
    OutboxMessage,
    Seeker,
    Vacancy,
)
from storage.models.base import utcnow

# Which Seeker column holds the address each channel reports.
# How far an application has got; withdrawn and rejected are ends too, but not progress.
PROGRESS = ("withdrawn", "rejected", "interested", "contacted", "referred", "hired", "departed")
ADDRESS_COLUMNS = {"sms": Seeker.phone, "console": Seeker.phone, "telegram": Seeker.telegram_id}


def _address_value(channel: str, address: str) -> str | int:
    return int(address) if channel == "telegram" else address


def opt_out(seeker: Seeker, at: datetime) -> None:
    """Stop every message to this seeker, on every channel at once (T, 退订, STOP, Twilio 21610)."""
    seeker.opted_out = True
    seeker.opted_out_at = at


def opt_in(seeker: Seeker) -> None:
    """订阅 / START: back in after opting out."""
    seeker.opted_out = False
    seeker.opted_out_at = None


def opted_out_values(at: datetime) -> dict[str, object]:
    """opt_out() as column values, for an UPDATE that has no Seeker object at hand."""
    return {"opted_out": True, "opted_out_at": at}


async def find_seeker(
    session: AsyncSession, channel: str, address: str, *, lock: bool = False
) -> Seeker | None:
    """The seeker with this address; `lock` holds their row until commit (PostgreSQL)."""
    column = ADDRESS_COLUMNS[channel]
    query = select(Seeker).where(column == _address_value(channel, address))
    # Two messages from one worker at once must take turns, or the second step would overwrite
    # the first one's dialog state. SQLite has one writer anyway and ignores FOR UPDATE.
    return await session.scalar(query.with_for_update() if lock else query)


async def find_or_create_seeker(
    session: AsyncSession, channel: str, address: str, locale: str
) -> Seeker:
    """The seeker behind an address, locked for this dialog step; a first message creates them."""
    seeker = await find_seeker(session, channel, address, lock=True)
    if seeker is None:
        seeker = Seeker(
            locale=locale, channel="sms" if channel == "console" else channel, dialog_data={}
        )
        setattr(seeker, ADDRESS_COLUMNS[channel].key, _address_value(channel, address))
        session.add(seeker)
        await session.flush()
    return seeker


async def apply(
    session: AsyncSession, seeker: Seeker, vacancy: Vacancy
) -> tuple[Application, bool]:
    """The seeker's application to the vacancy, and whether this call created it."""
    existing = await session.scalar(
        select(Application).where(
            Application.seeker_id == seeker.id, Application.vacancy_id == vacancy.id
        )
    )
    if existing is not None:
        return existing, False
    application = Application(seeker_id=seeker.id, vacancy_id=vacancy.id, status="interested")
    session.add(application)
    await session.flush()
    session.add(ApplicationEvent(application_id=application.id, status="interested"))
    return application, True


async def application_count(session: AsyncSession, seeker: Seeker) -> int:
    query = select(func.count(Application.id)).where(Application.seeker_id == seeker.id)
    return await session.scalar(query) or 0


async def application_counts(session: AsyncSession, by, ids: list[int]) -> dict[int, int]:
    """How many applications each of `ids` has, counted by `by` (Application.seeker_id or
    Application.vacancy_id); ids with none are left out."""
    if not ids:
        return {}
    query = select(by, func.count(Application.id)).where(by.in_(ids)).group_by(by)
    return dict((await session.execute(query)).tuples().all())


async def link_phone(session: AsyncSession, seeker: Seeker, phone: str) -> Seeker:
    """Give `seeker` (known by Telegram) the phone number; if an SMS record has it, merge into that.

    The record that has the phone wins: it holds what the worker registered by SMS. The Telegram-only
    record's applications and enrolments move over, its Telegram id moves over, and it is deleted.
    """
    if seeker.phone == phone:
        return seeker
    owner = await session.scalar(select(Seeker).where(Seeker.phone == phone))
    if owner is None:
        seeker.phone = phone
        return seeker
    telegram_id = seeker.telegram_id
    await _move_records(session, seeker, owner)
    await session.delete(seeker)
    # Flush the delete before reusing the unique telegram_id on the surviving record.
    await session.flush()
    owner.telegram_id = telegram_id
    owner.telegram_unreachable = False
    if seeker.opted_out and not owner.opted_out:
        opt_out(owner, seeker.opted_out_at or utcnow())
    await session.flush()
    return owner


async def _move_records(session: AsyncSession, source: Seeker, target: Seeker) -> None:
    applied = {
        a.vacancy_id: a
        for a in await session.scalars(
            select(Application).where(Application.seeker_id == target.id)
        )
    }
    for application in await session.scalars(
        select(Application).where(Application.seeker_id == source.id)
    ):
        kept = applied.get(application.vacancy_id)
        if kept is None:
            application.seeker_id = target.id
            continue
        # Both records applied to one vacancy: keep one application, with the furthest status
        # and both histories (a "hired" on one side must not vanish behind an "interested").
        if PROGRESS.index(application.status) > PROGRESS.index(kept.status):
            kept.status = application.status
        await session.execute(
            update(ApplicationEvent)
            .where(ApplicationEvent.application_id == application.id)
            .values(application_id=kept.id)
        )
        await session.delete(application)
    await _move_enrolments(session, source, target)
    await move_alerts(session, source.id, target.id)
    await session.execute(
        update(InboundMessage)
        .where(InboundMessage.seeker_id == source.id)
        .values(seeker_id=target.id)
    )
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.seeker_id == source.id)
        .values(seeker_id=target.id)
    )
    await session.flush()


async def _move_enrolments(session: AsyncSession, source: Seeker, target: Seeker) -> None:
    """Enrolments follow the worker; where both records are on one event, the kept record's
    enrolment stays (one enrolment per seeker and event)."""
    kept = {
        (e.training_session_id, e.departure_id)
        for e in await session.scalars(select(Enrolment).where(Enrolment.seeker_id == target.id))
    }
    for enrolment in await session.scalars(
        select(Enrolment).where(Enrolment.seeker_id == source.id)
    ):
        if (enrolment.training_session_id, enrolment.departure_id) in kept:
            await session.delete(enrolment)
        else:
            enrolment.seeker_id = target.id
    await session.flush()
