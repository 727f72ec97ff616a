"""The dispatcher and an alert: held back (no attempt counted) while the seeker is registering,
sent once that is done, and its wait opened only when the provider took it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from broadcast_world import NOW
from fake_twilio_api import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilioApi
from pydantic import SecretStr
from sqlalchemy import select
from test_alert_wait import Worker

from bot.broadcasts.service import Subject, launch
from bot.channels.sms.send import TwilioSender
from bot.dispatcher import Dispatcher
from storage.models import OutboxMessage, Seeker


@pytest.fixture(name="twilio")
def twilio_fixture() -> Iterator[FakeTwilioApi]:
    with FakeTwilioApi() as api:
        yield api


@pytest.fixture
def sms_settings(settings, twilio):
    return settings.model_copy(
        update={
            "twilio_account_sid": ACCOUNT_SID,
            "twilio_auth_token": SecretStr(AUTH_TOKEN),
            "twilio_from_number": FROM_NUMBER,
            "twilio_messaging_service_sid": None,
            "twilio_api_base_url": twilio.url,
            "telegram_bot_token": None,
            "public_url": None,
        }
    )


async def alert_row(sessions, seeker_id: int) -> OutboxMessage:
    async with sessions() as session:
        query = select(OutboxMessage).where(
            OutboxMessage.purpose == "alert", OutboxMessage.seeker_id == seeker_id
        )
        return await session.scalar(query)


async def test_registering_holds_the_alert_then_it_goes_and_waits(
    sessions, world, sms_settings, twilio
):
    worker = Worker(sessions, world)
    assert "姓名" in await worker.say("注册")  # they start registering again at 10:00
    await launch(sessions, Subject(vacancy_id=world.vacancies["huining"].id), sms_settings, now=NOW)
    dispatcher = Dispatcher(
        sessions, sms_settings, {"sms": TwilioSender(sms_settings)}, rates={"sms": 10_000.0}
    )
    try:
        at = NOW + timedelta(minutes=2)
        await dispatcher.pump_channel("sms", at)
        mine = world.seekers["sms"]
        held = await alert_row(sessions, mine.id)
        assert held.status == "pending" and held.attempts == 0
        assert at < held.not_before <= at + timedelta(minutes=15)
        assert mine.phone not in {r.form["To"] for r in twilio.requests()}
        async with sessions() as session:
            assert (await session.get(Seeker, mine.id)).dialog_state == "register:name"

        worker.now = at + timedelta(minutes=1)
        await worker.say("取消")  # they give up registering: nothing holds the alert any more
        await dispatcher.pump_channel("sms", held.not_before)
        sent = await alert_row(sessions, mine.id)
        assert sent.status == "sent" and sent.attempts == 1
        assert [r.form["To"] for r in twilio.accepted()].count(mine.phone) == 1
        async with sessions() as session:
            stored = await session.get(Seeker, mine.id)
        assert stored.dialog_state == "alert"
        assert stored.dialog_data["vacancy"] == world.vacancies["huining"].id
    finally:
        await dispatcher.aclose()


async def test_a_failed_send_opens_no_wait(sessions, world, sms_settings, twilio):
    mine = world.seekers["sms"]
    twilio.fail(mine.phone, 500)
    await launch(sessions, Subject(vacancy_id=world.vacancies["huining"].id), sms_settings, now=NOW)
    dispatcher = Dispatcher(
        sessions, sms_settings, {"sms": TwilioSender(sms_settings)}, rates={"sms": 10_000.0}
    )
    try:
        await dispatcher.pump_channel("sms", NOW + timedelta(minutes=1))
    finally:
        await dispatcher.aclose()
    assert (await alert_row(sessions, mine.id)).status == "pending"
    async with sessions() as session:
        assert (await session.get(Seeker, mine.id)).dialog_state is None
