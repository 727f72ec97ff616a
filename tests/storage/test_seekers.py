"""Merging a Telegram record into the SMS record that owns the phone number."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from storage.models import Application, ApplicationEvent, Seeker, Vacancy
from storage.seekers import apply, link_phone

PHONE = "+8613800005555"
OPTED_OUT_AT = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def sessions(demo_sessions):
    return demo_sessions


@pytest.mark.parametrize(
    ("sms_status", "telegram_status", "kept"),
    [("interested", "hired", "hired"), ("referred", "interested", "referred")],
)
async def test_one_application_per_vacancy_with_the_furthest_status(
    sessions, sms_status, telegram_status, kept
):
    async with sessions() as session, session.begin():
        vacancy = await session.scalar(select(Vacancy).order_by(Vacancy.id))
        by_sms = Seeker(phone=PHONE, dialog_data={})
        by_telegram = Seeker(
            telegram_id=777, dialog_data={}, opted_out=True, opted_out_at=OPTED_OUT_AT
        )
        session.add_all([by_sms, by_telegram])
        await session.flush()
        for seeker, status in ((by_sms, sms_status), (by_telegram, telegram_status)):
            application, _ = await apply(session, seeker, vacancy)
            application.status = status
        merged = await link_phone(session, by_telegram, PHONE)
        assert merged.id == by_sms.id and merged.telegram_id == 777
    async with sessions() as session:
        applications = list(await session.scalars(select(Application)))
        assert [(a.seeker_id, a.status) for a in applications] == [(by_sms.id, kept)]
        assert await session.scalar(select(func.count(ApplicationEvent.id))) == 2
        survivor = await session.get(Seeker, by_sms.id)
        assert survivor.opted_out and survivor.opted_out_at == OPTED_OUT_AT.replace(
            tzinfo=survivor.opted_out_at.tzinfo
        )
        assert await session.scalar(select(func.count(Seeker.id))) == 1
