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


async def test_enrolments_follow_the_worker_one_per_event(database_url):
    """Both records on one training: the kept record's enrolment stays; the other moves over."""
    from storage.engine import create_engine, session_factory
    from storage.models import Enrolment, TrainingSession

    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            when = datetime(2030, 5, 1, tzinfo=UTC)
            both, only = (
                TrainingSession(title="a", starts_at=when),
                TrainingSession(title="b", starts_at=when),
            )
            by_sms = Seeker(phone=PHONE, dialog_data={})
            by_telegram = Seeker(telegram_id=778, dialog_data={})
            session.add_all([both, only, by_sms, by_telegram])
            await session.flush()
            session.add_all(
                [
                    Enrolment(seeker_id=by_sms.id, training_session_id=both.id, state="confirmed"),
                    Enrolment(seeker_id=by_telegram.id, training_session_id=both.id),
                    Enrolment(seeker_id=by_telegram.id, training_session_id=only.id),
                ]
            )
            await session.flush()
            merged = await link_phone(session, by_telegram, PHONE)
            rows = await session.execute(
                select(
                    Enrolment.seeker_id, Enrolment.training_session_id, Enrolment.state
                ).order_by(Enrolment.training_session_id)
            )
            assert [tuple(r) for r in rows] == [
                (merged.id, both.id, "confirmed"),
                (merged.id, only.id, "invited"),
            ]
    finally:
        await engine.dispose()
