"""Log audit: every line of a scripted session, logged at DEBUG, holds no secret and no whole phone.

One server with every channel configured: signed SMS webhooks, Telegram updates through the fake
Bot API, an outbound SMS through the fake Twilio API via the dispatcher, a forged webhook; then a
second start-up whose bot token Telegram refuses, and its retry. Logging is configured exactly as
`gongyou serve` configures it, at DEBUG, and every line it writes is read.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fake_bot_api import TOKEN, FakeBotApi
from fake_twilio_api import FakeTwilioApi
from pydantic import SecretStr
from sms_harness import TOKEN as AUTH_TOKEN
from sqlalchemy.engine import make_url
from telegram_harness import SECRET, Step, TelegramHarness, said, settings_for, user
from twilio.request_validator import RequestValidator

from bot import clock
from bot.config import Settings
from bot.logs import configure_logging
from storage import outbox
from storage.engine import is_sqlite
from storage.outbox import Outgoing

ACCOUNT_SID = "AC3f1c0e9b8a7d6c5b4a39281706f5e4d3"
REVOKED_TOKEN = "7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
DB_PASSWORD = "pg-audit-pw-5c1e"
PHONE = "+8613800001234"
WORKER = "+8613912345678"
FROM_NUMBER = "+8610690001"
ALICE = user(700_101, "小芳")

# Every form a secret could take in a line: as configured, URL-quoted, and its distinctive part.
FORBIDDEN = {
    "bot token": [TOKEN, quote(TOKEN, safe=""), TOKEN.split(":")[1]],
    "revoked token": [REVOKED_TOKEN, quote(REVOKED_TOKEN, safe=""), REVOKED_TOKEN.split(":")[1]],
    "webhook secret": [SECRET],
    "auth token": [AUTH_TOKEN],
    "account sid": [ACCOUNT_SID, ACCOUNT_SID[2:]],
    "database password": [DB_PASSWORD],
    "phone": [PHONE[3:], WORKER[3:]],
}


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Where configure_logging writes; the logging setup it replaced comes back afterwards."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in logging.root.manager.loggerDict}
    buffer = io.StringIO()
    yield buffer
    root.handlers[:], level = saved
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


def audit_settings(url: str, bot_api: FakeBotApi, twilio: FakeTwilioApi) -> Settings:
    if not is_sqlite(url):
        # PostgreSQL here trusts local connections, so any password connects: it must not leak.
        url = make_url(url).set(password=DB_PASSWORD).render_as_string(hide_password=False)
    return settings_for(
        url,
        bot_api,
        twilio_account_sid=ACCOUNT_SID,
        twilio_auth_token=SecretStr(AUTH_TOKEN),
        twilio_from_number=FROM_NUMBER,
        twilio_api_base_url=twilio.url,
    )


def signed_sms(h: TelegramHarness, sid: int, body: str, phone: str = WORKER, forged=False):
    params = {
        "MessageSid": f"SM{sid:032x}",
        "AccountSid": ACCOUNT_SID,
        "From": phone,
        "To": FROM_NUMBER,
        "Body": body,
        "NumMedia": "0",
    }
    url = h.settings.public_url + "/sms/twilio"
    signature = RequestValidator(AUTH_TOKEN).compute_signature(url, params)
    headers = {"X-Twilio-Signature": "forged" if forged else signature}
    return h.run(h.client.post("/sms/twilio", data=params, headers=headers))


def play_session(h: TelegramHarness, twilio: FakeTwilioApi) -> None:
    """Both channels, a forged webhook and an outbound SMS, each checked to have happened."""
    for sid, text in enumerate(["注册 王五 会宁 普工 全国", "找工作", "1", "报名", "我的"], 1):
        assert signed_sms(h, sid, text).status_code == 200
    assert signed_sms(h, 99, "找工作", forged=True).status_code == 403
    h.play(
        ALICE,
        [
            Step("say", "注册 李四 会宁 普工 全国", says=("已登记：李四",)),
            Step("say", "找工作", says=(said("jobs.header"),), buttons=("1", "2", "3", "更多")),
            Step("press", "1", answer="editMessageText", buttons=("报名", "返回")),
        ],
    )
    assert h.post(h.text(ALICE, f"我的电话 {PHONE}")).status_code == 200
    # The worker who wrote by SMS shares the same number in Telegram: one profile.
    assert h.post(h.contact(ALICE, WORKER)).status_code == 200
    assert h.seeker(ALICE["id"]).phone == WORKER

    async def send_one() -> None:
        async with h.app.state.sessions() as session:
            await outbox.enqueue(session, Outgoing("sms", WORKER, text=f"新岗位 电话 {PHONE}"))
            await session.commit()
        await h.app.state.scheduler.dispatcher.pump(clock.now())

    h.run(send_one())
    assert [r.form["To"] for r in twilio.accepted()] == [WORKER]


def test_no_secret_or_phone_in_any_log_line(demo_url, captured):
    with FakeBotApi() as bot_api, FakeTwilioApi(ACCOUNT_SID, AUTH_TOKEN) as twilio:
        settings = audit_settings(demo_url, bot_api, twilio)
        configure_logging(settings, logging.DEBUG, captured)
        with TelegramHarness(settings, bot_api) as h:
            play_session(h, twilio)
        revoked = settings.model_copy(update={"telegram_bot_token": SecretStr(REVOKED_TOKEN)})
        configure_logging(revoked, logging.DEBUG, captured)
        with TelegramHarness(revoked, bot_api) as h:
            assert h.app.state.telegram is None
            assert h.run(h.app.state.connect_telegram()) is False  # the minute's retry

    lines = captured.getvalue().splitlines()
    entries = [json.loads(line) for line in lines]  # one JSON object a line, none split
    for what, forms in FORBIDDEN.items():
        for form in forms:
            leaks = [line for line in lines if form in line]
            assert not leaks, f"{what} in {len(leaks)} lines, e.g. {leaks[0][:400]}"
    # The session reached the logs: the Bot API at DEBUG, the forged webhook, the outbound SMS.
    said_by = {(e["logger"], e["level"]) for e in entries}
    assert {("telegram.ext.ExtBot", "debug"), ("gongyou.sms", "warning")} <= said_by
    assert any(e["msg"] == "outbox round" and e.get("claimed") == 1 for e in entries)
    refused = [e for e in entries if e["msg"].startswith("Telegram refused the bot token")]
    assert len(refused) == 2 and all("exc" not in e for e in refused)
    assert any("[redacted]" in line for line in lines)  # hidden, not absent
