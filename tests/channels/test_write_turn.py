"""One write turn for every writer in a server: SMS and Telegram steps, staff commands, the pump.

On SQLite, a Telegram step that skipped the turn SMS took met SMS in SQLite's busy handler and
failed with "database is locked" (1-2 of 400 in a combined burst).
"""

from __future__ import annotations

import asyncio

import pytest
from fake_bot_api import FakeBotApi
from pydantic import SecretStr
from sms_harness import PUBLIC_URL as SMS_URL
from sms_harness import TOKEN as SMS_TOKEN
from sqlalchemy import func, select
from telegram_harness import (  # noqa: F401 - the fixtures are used by name
    SECRET,
    TelegramHarness,
    bot_api_fixture,
    settings_for,
    telegram_demo_url_fixture,
    telegram_fixture,
    user,
)
from twilio.request_validator import RequestValidator

from bot.channels.sms.webhook import notice
from storage.models import InboundMessage

SORRY = notice("sms.sorry", "zh_CN")
BURST = 200


async def _wait_until(condition, what: str, seconds: float = 10.0) -> None:
    """Yield to the loop until `condition()` holds; fail with `what` past the deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        assert loop.time() < deadline, what
        await asyncio.sleep(0.01)


def quiet_turn(telegram: TelegramHarness):
    """The app's write turn, with the outbox pump paused and idle: only the update under test queues."""
    scheduler = telegram.app.state.scheduler
    scheduler.timers.pause()
    telegram.run(scheduler.dispatcher.run_once())  # waits for a round already under way
    assert telegram.app.state.turn.queued == 0
    return telegram.app.state.turn


# PostgreSQL locks rows: writers queue only on SQLite.
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@SQLITE_ONLY
def test_a_telegram_step_waits_for_the_write_turn(telegram: TelegramHarness):
    turn = quiet_turn(telegram)

    async def go() -> None:
        async with turn():
            update = telegram.text(user(700_801), "找工作")
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            posted = asyncio.create_task(
                telegram.client.post("/telegram/webhook", json=update, headers=headers)
            )
            await _wait_until(lambda: turn.queued == 1, "the update never queued for the turn")
            async with telegram.app.state.sessions() as session:
                assert await session.scalar(select(func.count()).select_from(InboundMessage)) == 0
        assert (await posted).status_code == 200

    telegram.run(go())
    assert telegram.count(InboundMessage) == 1


@SQLITE_ONLY
def test_a_staff_command_waits_for_the_write_turn(telegram: TelegramHarness, capsys):
    from bot.cli import main as cli

    assert cli(["staff", "add", "--telegram-id", "700802", "--agency", "会宁县劳务站"]) == 0
    turn = quiet_turn(telegram)

    async def go() -> None:
        async with turn():
            update = telegram.text(user(700_802), "/stats")
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            posted = asyncio.create_task(
                telegram.client.post("/telegram/webhook", json=update, headers=headers)
            )
            await _wait_until(lambda: turn.queued == 1, "the command never queued for the turn")
        assert (await posted).status_code == 200

    telegram.run(go())
    assert telegram.count(InboundMessage) == 1


def test_a_burst_on_both_channels_answers_every_message(
    telegram_demo_url: str, bot_api: FakeBotApi
):
    """200 SMS and 200 Telegram updates at once: every one answered by the dialog, every one logged."""
    settings = settings_for(
        telegram_demo_url,
        bot_api,
        twilio_auth_token=SecretStr(SMS_TOKEN),
        public_url=SMS_URL,
        sms_hourly_limit=100_000,
    )
    signer = RequestValidator(SMS_TOKEN)
    with TelegramHarness(settings, bot_api) as h:

        async def sms(n: int):
            params = {
                "MessageSid": f"SM{n:032x}",
                "AccountSid": "AC" + "0" * 32,
                "From": f"+86139{n:08d}",
                "To": "+8610690000",
                "Body": "注册 李四 会宁 电焊 全国",
                "NumMedia": "0",
            }
            signature = signer.compute_signature(SMS_URL + "/sms/twilio", params)
            response = await h.client.post(
                "/sms/twilio", data=params, headers={"X-Twilio-Signature": signature}
            )
            return response.status_code, SORRY not in response.text

        async def tg(n: int):
            update = h.text(user(800_000 + n, "李四"), "注册 李四 会宁 电焊 全国")
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            response = await h.client.post("/telegram/webhook", json=update, headers=headers)
            return response.status_code, True

        async def burst():
            return await asyncio.gather(*(f(n) for n in range(BURST) for f in (sms, tg)))

        results = h.run(burst())
        assert results == [(200, True)] * (2 * BURST)
        assert h.count(InboundMessage) == 2 * BURST
        texts = [c.params["text"] for c in bot_api.calls("sendMessage")]
        assert len(texts) == BURST
        assert not [text for text in texts if "系统忙" in text]
