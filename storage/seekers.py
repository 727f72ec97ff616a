"""Finding and creating seekers by the address a channel knows them by."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Application,
    ApplicationEvent,
    Enrolment,
    InboundMessage,
    OutboxMessage,
    Seeker,
    Vacancy,
)

# Which Seeker column holds the address each channel reports.
ADDRESS_COLUMNS = {"sms": Seeker.phone, "console": Seeker.phone, "telegram": Seeker.telegram_id}


def _address_value(channel: str, address: str) -> str | int:
    return int(address) if channel == "telegram" else address


async def find_seeker(session: AsyncSession, channel: str, address: str) -> Seeker | None:
    column = ADDRESS_COLUMNS[channel]
    return await session.scalar(select(Seeker).where(column == _address_value(channel, address)))


async def find_or_create_seeker(
    session: AsyncSession, channel: str, address: str, locale: str
) -> Seeker:
    """The seeker behind an address; a first message creates the record."""
    seeker = await find_seeker(session, channel, address)
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
    owner.opted_out = owner.opted_out or seeker.opted_out
    await session.flush()
    return owner


async def _move_records(session: AsyncSession, source: Seeker, target: Seeker) -> None:
    applied = set(
        await session.scalars(
            select(Application.vacancy_id).where(Application.seeker_id == target.id)
        )
    )
    for application in await session.scalars(
        select(Application).where(Application.seeker_id == source.id)
    ):
        if application.vacancy_id in applied:
            await session.execute(
                delete(ApplicationEvent).where(ApplicationEvent.application_id == application.id)
            )
            await session.delete(application)
        else:
            application.seeker_id = target.id
    await session.execute(
        update(Enrolment).where(Enrolment.seeker_id == source.id).values(seeker_id=target.id)
    )
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
