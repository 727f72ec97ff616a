"""Finding and creating seekers by the address a channel knows them by."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Application, ApplicationEvent, Seeker, Vacancy

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
