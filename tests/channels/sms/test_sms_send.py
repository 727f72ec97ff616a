"""The Twilio sender: the real twilio client against a local stand-in for the REST API."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from fake_twilio_api import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, SERVICE_SID, FakeTwilioApi
from pydantic import SecretStr

from bot.channels.base import MAX_BODY
from bot.channels.sms.send import TwilioSender
from bot.config import Settings

TO = "+8613800001234"
PUBLIC_URL = "https://sms.gongyou.test"


def settings_for(api_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "twilio_account_sid": ACCOUNT_SID,
        "twilio_auth_token": SecretStr(AUTH_TOKEN),
        "twilio_from_number": FROM_NUMBER,
        "twilio_messaging_service_sid": None,
        "twilio_api_base_url": api_url,
        "public_url": PUBLIC_URL,
    }
    return Settings().model_copy(update=values | overrides)


@pytest.fixture(name="twilio")
def twilio_fixture(tmp_path, monkeypatch) -> Iterator[FakeTwilioApi]:
    monkeypatch.chdir(tmp_path)  # no developer .env in the settings
    with FakeTwilioApi() as api:
        yield api


async def send(settings: Settings, to: str, text: str):
    sender = TwilioSender(settings)
    try:
        return await sender.send(to, text)
    finally:
        await sender.aclose()


# (case, settings overrides, text, form fields expected, form fields that must be absent)
REQUESTS = [
    (
        "from number, status callback",
        {},
        "广州电子厂招普工 月薪5000",
        {
            "To": TO,
            "From": FROM_NUMBER,
            "Body": "广州电子厂招普工 月薪5000",
            "StatusCallback": PUBLIC_URL + "/sms/twilio/status",
        },
        ("MessagingServiceSid",),
    ),
    (
        "messaging service wins over the number, no public url",
        {"twilio_messaging_service_sid": SERVICE_SID, "public_url": None},
        "Training on Monday 9:00",
        {"To": TO, "MessagingServiceSid": SERVICE_SID, "Body": "Training on Monday 9:00"},
        ("From", "StatusCallback"),
    ),
    (
        "trailing slashes and control characters",
        {"public_url": PUBLIC_URL + "/"},
        "出发\x07时间",
        {"Body": "出发时间", "StatusCallback": PUBLIC_URL + "/sms/twilio/status"},
        (),
    ),
    (
        "cut at Twilio's 1,600 characters",
        {},
        "工" * (MAX_BODY + 50),
        {"Body": "工" * MAX_BODY},
        (),
    ),
]


@pytest.mark.parametrize(
    ("overrides", "text", "expected", "absent"),
    [r[1:] for r in REQUESTS],
    ids=[r[0] for r in REQUESTS],
)
async def test_request_reaching_twilio(twilio, overrides, text, expected, absent):
    # A trailing slash on TWILIO_API_BASE_URL must not double the one in the path.
    result = await send(settings_for(twilio.url + "/", **overrides), TO, text)

    [request] = twilio.requests()
    assert request.method == "POST"
    assert request.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert request.auth == (ACCOUNT_SID, AUTH_TOKEN)
    for name, value in expected.items():
        assert request.form.get(name) == value, name
    for name in absent:
        assert name not in request.form, name
    assert result.ok and result.provider_id and result.provider_id.startswith("SM")


# (case, status, Twilio error code, retryable, unreachable, opted out, rate limited)
ERRORS = [
    ("throttled", 429, 20429, True, False, False, True),
    ("server error", 500, None, True, False, False, False),
    ("unavailable", 503, 20503, True, False, False, False),
    ("invalid number", 400, 21211, False, True, False, False),
    ("region not enabled", 400, 21408, False, False, False, False),
    ("unsubscribed recipient", 400, 21610, False, True, True, False),
]


@pytest.mark.parametrize(
    ("status", "code", "retryable", "unreachable", "opted_out", "rate_limited"),
    [r[1:] for r in ERRORS],
    ids=[r[0] for r in ERRORS],
)
async def test_twilio_errors(twilio, status, code, retryable, unreachable, opted_out, rate_limited):
    twilio.fail(TO, status, code, "refused by the stand-in")
    result = await send(settings_for(twilio.url), TO, "hello")

    assert not result.ok
    assert result.retryable is retryable
    assert result.unreachable is unreachable
    assert result.opted_out is opted_out
    assert result.rate_limited is rate_limited
    assert str(status) in (result.error or "")
    if code is not None:
        assert str(code) in (result.error or "")


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


# (case, settings overrides given the fake's url)
UNAVAILABLE = [
    ("wrong credentials: fixable while the message waits", {"twilio_auth_token": SecretStr("x")}),
    ("nobody listening", {"twilio_api_base_url": None}),
]


@pytest.mark.parametrize("overrides", [r[1] for r in UNAVAILABLE], ids=[r[0] for r in UNAVAILABLE])
async def test_retryable_when_twilio_cannot_be_used(twilio, overrides):
    if overrides.get("twilio_api_base_url", "") is None:
        overrides = {"twilio_api_base_url": closed_port_url()}
    result = await send(settings_for(twilio.url, **overrides), TO, "hello")
    assert not result.ok and result.retryable and not result.unreachable


# (case, settings overrides) that cannot send SMS at all
INCOMPLETE = [
    ("no account", {"twilio_account_sid": None}),
    ("no token", {"twilio_auth_token": None}),
    ("no sender", {"twilio_from_number": None, "twilio_messaging_service_sid": None}),
]


@pytest.mark.parametrize("overrides", [r[1] for r in INCOMPLETE], ids=[r[0] for r in INCOMPLETE])
def test_incomplete_settings_send_nothing(twilio, overrides):
    settings = settings_for(twilio.url, **overrides)
    assert not TwilioSender.configured(settings)
    with pytest.raises(ValueError):
        TwilioSender(settings)
