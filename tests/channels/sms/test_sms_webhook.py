"""The Twilio webhook contract: signatures, countries, dedupe, limits, MMS, long bodies, status callbacks."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sms_harness import ACCOUNT_SID, PHONE, PUBLIC_URL, SmsHarness, parse_twiml, settings_for
from sqlalchemy import select, update
from twilio.request_validator import RequestValidator

from bot.channels.sms.segments import segments
from bot.config import Settings
from bot.logs import mask_phone
from messages import t
from storage.models import Application, InboundMessage, OutboxMessage, Seeker

SORRY = t("sms.sorry", "zh_CN")
REGISTER = "注册 张三 会宁 电焊 省外"

# --- signatures: (name, how the signature header is made, status) -------------------------------

OTHER = RequestValidator("not-the-token")


def _sig(h: SmsHarness, params: dict[str, str]) -> str | None:
    return h.sign("/sms/twilio", params)


SIGNATURES: list[tuple[str, Callable[[SmsHarness, dict[str, str]], str | None], int]] = [
    ("valid", _sig, 200),
    ("missing header", lambda h, p: None, 403),
    ("empty header", lambda h, p: "", 403),
    ("garbage", lambda h, p: "bm90IGEgc2lnbmF0dXJl", 403),
    ("other token", lambda h, p: OTHER.compute_signature(PUBLIC_URL + "/sms/twilio", p), 403),
    ("request url, not public url", lambda h, p: h.validator.compute_signature("http://testserver/sms/twilio", p), 403),
    ("status path", lambda h, p: h.sign("/sms/twilio/status", p), 403),
    ("other body", lambda h, p: h.sign("/sms/twilio", p | {"Body": "找工作"}), 403),
    ("other sender", lambda h, p: h.sign("/sms/twilio", p | {"From": "+8613900009999"}), 403),
    ("param dropped", lambda h, p: h.sign("/sms/twilio", {k: v for k, v in p.items() if k != "To"}), 403),
    ("no params signed", lambda h, p: h.sign("/sms/twilio", {}), 403),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "signature", "status"), SIGNATURES, ids=[s[0] for s in SIGNATURES]
)
def test_signature(name, signature, status, harness: SmsHarness) -> None:
    params = harness.params(REGISTER)
    response = harness.post("/sms/twilio", params, signature=signature(harness, params))
    assert response.status_code == status
    stored = 1 if status == 200 else 0
    assert harness.count(Seeker) == stored
    assert harness.count(InboundMessage) == stored


# --- who may post unsigned: (name, settings overrides, signed against, status) -----------------

MODES = [
    ("token, public url, signed", {}, PUBLIC_URL, 200),
    ("token, no public url, signed with request url", {"public_url": None}, "http://testserver", 200),
    ("token, no public url, signed with public url", {"public_url": None}, PUBLIC_URL, 403),
    ("public url with trailing slash", {"public_url": PUBLIC_URL + "/"}, PUBLIC_URL, 200),
    ("public url with port", {"public_url": "https://sms.gongyou.test:443"}, PUBLIC_URL, 200),
    ("no token, demo, unsigned", {"twilio_auth_token": None, "demo": True}, None, 200),
    ("no token, not demo, unsigned", {"twilio_auth_token": None}, None, 403),
    ("no token, not demo, signed", {"twilio_auth_token": None}, PUBLIC_URL, 403),
    ("token and demo, unsigned", {"demo": True}, None, 403),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "overrides", "signed", "status"), MODES, ids=[m[0] for m in MODES]
)
def test_modes(name, overrides, signed, status, database_url: str) -> None:
    with SmsHarness(settings_for(database_url, **overrides), signing_url=signed or PUBLIC_URL) as h:
        params = h.params(REGISTER)
        response = h.post("/sms/twilio", params, signature="sign" if signed else None)
        assert response.status_code == status
        if status == 200:
            assert "已登记" in (parse_twiml(response.text) or "")
        assert h.count(Seeker) == h.count(InboundMessage) == (1 if status == 200 else 0)


# --- countries: (name, GONGYOU_SMS_COUNTRIES, From, answered, stored phone) ---------------------

COUNTRIES = [
    ("china", "+86", "+8613800001234", True, "+8613800001234"),
    ("china with spaces", "+86", "+86 138 0000 1234", True, "+8613800001234"),
    ("china with dashes", "+86", "+86-138-0000-1234", True, "+8613800001234"),
    ("usa refused", "+86", "+12025550123", False, None),
    ("uk refused", "+86", "+447700900123", False, None),
    ("premium-rate island refused", "+86", "+6724912345", False, None),
    ("no plus refused", "+86", "13800001234", False, None),
    ("alphanumeric sender refused", "+86", "GONGYOU", False, None),
    ("empty sender refused", "+86", "", False, None),
    ("too short refused", "+86", "+861", False, None),
    ("usa allowed when listed", "+86,+1", "+12025550123", True, "+12025550123"),
    ("code without plus in settings", "86", "+8613800001234", True, "+8613800001234"),
]


@pytest.mark.parametrize(
    ("name", "countries", "sender", "answered", "stored"), COUNTRIES, ids=[c[0] for c in COUNTRIES]
)
def test_countries(name, countries, sender, answered, stored, database_url: str) -> None:
    with SmsHarness(settings_for(database_url, sms_countries=countries)) as h:
        answer = h.sms(REGISTER, phone=sender)
        assert answer.status == 200
        assert (answer.message is not None) == answered
        phones = [row[0] for row in h.all(select(Seeker.phone))]
        assert phones == ([stored] if stored else [])
        assert h.count(InboundMessage) == (1 if answered else 0)


# --- dedupe -------------------------------------------------------------------------------------


def test_replayed_message_sid_is_answered_not_processed(demo_harness: SmsHarness) -> None:
    harness = demo_harness
    for text in (REGISTER, "找工作", "1"):
        assert harness.sms(text).status == 200
    sid = harness.next_sid()
    first = harness.sms("报名", sid=sid)
    assert first.message and "已报名" in first.message
    for _ in range(3):
        again = harness.sms("报名", sid=sid)
        assert again.body == first.body
    assert harness.count(Application) == 1
    assert harness.count(InboundMessage) == 4


def test_concurrent_retries_of_one_sid(harness: SmsHarness) -> None:
    """Twilio retrying while the first attempt still runs: one row, one seeker, the same answer."""
    params = harness.params(REGISTER)
    headers = {"X-Twilio-Signature": harness.sign("/sms/twilio", params)}

    async def burst():
        posts = (harness.client.post("/sms/twilio", data=params, headers=headers) for _ in range(4))
        return await asyncio.gather(*posts)

    responses = harness.run(burst())
    messages = {parse_twiml(r.text) for r in responses}
    assert {r.status_code for r in responses} == {200}
    assert len(messages) == 1
    assert "已登记" in (messages.pop() or "")
    assert harness.count(InboundMessage) == harness.count(Seeker) == 1


def test_concurrent_first_messages_from_one_new_number(harness: SmsHarness) -> None:
    """Different MessageSids racing to create the same seeker: every one is answered, one seeker."""

    async def burst():
        posts = []
        for _ in range(4):
            params = harness.params("找工作")
            headers = {"X-Twilio-Signature": harness.sign("/sms/twilio", params)}
            posts.append(harness.client.post("/sms/twilio", data=params, headers=headers))
        return await asyncio.gather(*posts)

    messages = [parse_twiml(r.text) for r in harness.run(burst())]
    assert all(m and m != SORRY for m in messages), messages
    assert harness.count(Seeker) == 1
    assert harness.count(InboundMessage) == 4


# --- limits, MMS, long bodies, broken input -----------------------------------------------------


@dataclass(frozen=True)
class Limited:
    text: str
    expect: str | None  # substring of the reply; None: silence


RATE_LIMIT = 3
OVER_THE_LIMIT = [
    Limited(REGISTER, "已登记"),
    Limited("找工作", "适合您的岗位"),
    Limited("更多", "适合您的岗位"),
    Limited("1", "太多"),  # the fourth in the hour: one warning
    Limited("2", None),
    Limited("我的", None),
    Limited("T", "已退订"),  # opting out is honoured over the limit
    Limited("订阅", None),
]


def test_rate_limit(demo_url: str) -> None:
    with SmsHarness(settings_for(demo_url, sms_hourly_limit=RATE_LIMIT)) as h:
        for step in OVER_THE_LIMIT:
            answer = h.sms(step.text)
            assert answer.status == 200
            if step.expect is None:
                assert answer.message is None, step
            else:
                assert answer.message and step.expect in answer.message, (step, answer)
        # Nothing lost: every message is stored, answered or not.
        assert h.count(InboundMessage) == len(OVER_THE_LIMIT)
        assert h.all(select(Seeker.opted_out)) == [(True,)]
        # Another number has its own hour.
        assert "已登记" in (h.sms(REGISTER, phone="+8613800005678").message or "")


MMS = [
    # (name, body, media count, expected substring, seekers after)
    ("picture only", "", "1", "只收文字短信", 0),
    ("picture with text", "找工作", "2", "只收文字短信", 0),
    ("stop with a picture", "T", "1", "已退订", 1),
]


@pytest.mark.parametrize(
    ("name", "body", "media", "expect", "seekers"), MMS, ids=[m[0] for m in MMS]
)
def test_mms(name, body, media, expect, seekers, harness: SmsHarness) -> None:
    extra = {"NumMedia": media}
    if media.isdigit():
        extra |= {f"MediaUrl{i}": f"{PUBLIC_URL}/media/{i}" for i in range(int(media))}
    answer = harness.sms(body, **extra)
    assert answer.message and expect in answer.message
    assert harness.count(Seeker) == seekers
    assert harness.count(InboundMessage) == 1


BODIES = [
    # (name, body, stored length)
    ("exactly 1600", "找" * 1600, 1600),
    ("cut to 1600", "找" * 5000, 1600),
    ("emoji body", "😀" * 2000, 1600),
    ("control characters dropped", "找\x00工\x07作\x1b", 3),
    ("empty", "", 0),
]


@pytest.mark.parametrize(("name", "body", "length"), BODIES, ids=[b[0] for b in BODIES])
def test_bodies(name, body, length, harness: SmsHarness) -> None:
    answer = harness.sms(body)
    assert answer.status == 200
    assert answer.message and segments(answer.message) <= 2
    assert answer.message != SORRY
    stored = harness.all(select(InboundMessage.body))
    assert [len(row[0]) for row in stored] == [length]


def test_missing_message_sid(harness: SmsHarness) -> None:
    params = {"From": PHONE, "To": "+8610690000", "Body": REGISTER}
    assert harness.post("/sms/twilio", params).status_code == 400
    assert harness.count(InboundMessage) == harness.count(Seeker) == 0


# --- signed, but not shaped as Twilio sends it: (name, how the params change, status) ------------


def _recut(p: dict[str, str]) -> dict[str, str]:
    """The replay: NumMedia dropped and glued to MessageSid keeps the concatenation signed."""
    out = {k: v for k, v in p.items() if k != "NumMedia"}
    out["MessageSid"] = p["MessageSid"] + "NumMedia" + p["NumMedia"]
    return out


SHAPES: list[tuple[str, Callable[[dict[str, str]], dict[str, str]], int]] = [
    ("as twilio sends it", lambda p: p, 200),
    ("mms sid", lambda p: p | {"MessageSid": "MM" + p["MessageSid"][2:]}, 200),
    ("sms sid alias agrees", lambda p: p | {"SmsSid": p["MessageSid"]}, 200),
    ("replay re-cut", _recut, 400),
    ("sid with suffix", lambda p: p | {"MessageSid": p["MessageSid"] + "0"}, 400),
    ("sid upper-case hex", lambda p: p | {"MessageSid": "SM" + "A" * 32}, 400),
    ("sid other prefix", lambda p: p | {"MessageSid": "XX" + p["MessageSid"][2:]}, 400),
    ("sms sid alias differs", lambda p: p | {"SmsSid": "SM" + "f" * 32}, 400),
    ("no NumMedia", lambda p: {k: v for k, v in p.items() if k != "NumMedia"}, 400),
    ("NumMedia not a count", lambda p: p | {"NumMedia": "0x"}, 400),
    ("NumMedia unicode digit", lambda p: p | {"NumMedia": "١"}, 400),
    ("no AccountSid", lambda p: {k: v for k, v in p.items() if k != "AccountSid"}, 400),
    ("AccountSid shape", lambda p: p | {"AccountSid": "AC123"}, 400),
    ("no Body", lambda p: {k: v for k, v in p.items() if k != "Body"}, 400),
    ("no To", lambda p: {k: v for k, v in p.items() if k != "To"}, 400),
]  # fmt: skip


@pytest.mark.parametrize(("name", "change", "status"), SHAPES, ids=[s[0] for s in SHAPES])
def test_shapes(name, change, status, harness: SmsHarness) -> None:
    """Every variant is signed with the real token: only its shape can refuse it."""
    params = change(harness.params(REGISTER))
    assert harness.post("/sms/twilio", params).status_code == status
    stored = 1 if status == 200 else 0
    assert harness.count(InboundMessage) == harness.count(Seeker) == stored


def test_a_replay_re_cut_with_the_old_signature_runs_nothing(harness: SmsHarness) -> None:
    """The reported attack: the captured signature, a new-looking MessageSid, no second dialog."""
    params = harness.params(REGISTER)
    signature = harness.sign("/sms/twilio", params)
    assert harness.post("/sms/twilio", params, signature=signature).status_code == 200
    recut = _recut(params)
    assert harness.sign("/sms/twilio", recut) == signature  # the signature still validates
    assert harness.post("/sms/twilio", recut, signature=signature).status_code == 400
    assert harness.count(InboundMessage) == 1


@pytest.mark.parametrize(("account", "status"), [("AC" + "1" * 32, 200), (ACCOUNT_SID, 400)])
def test_account_sid_must_be_ours_when_configured(account, status, database_url: str) -> None:
    with SmsHarness(settings_for(database_url, twilio_account_sid="AC" + "1" * 32)) as h:
        params = h.params(REGISTER) | {"AccountSid": account}
        assert h.post("/sms/twilio", params).status_code == status


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"MessageSid": "SM" + "a" * 32, "MessageStatus": "failed"}, 400),
        ({"MessageSid": "SMa", "AccountSid": ACCOUNT_SID, "MessageStatus": "failed"}, 400),
        ({"MessageSid": "SM" + "a" * 32, "AccountSid": ACCOUNT_SID}, 400),
        (
            {"MessageSid": "SM" + "a" * 32, "AccountSid": ACCOUNT_SID, "MessageStatus": "failed"},
            200,
        ),
    ],
)
def test_status_callback_shapes(params, status, harness: SmsHarness) -> None:
    sid = "SM" + "a" * 32
    harness.write(
        OutboxMessage(channel="sms", address=PHONE, text="x", status="sent", provider_id=sid)
    )
    assert harness.post("/sms/twilio/status", params).status_code == status
    assert harness.all(select(OutboxMessage.status)) == [("failed" if status == 200 else "sent",)]


def test_dialog_failure_apologises_and_stores_nothing(
    harness: SmsHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """A corrupt saved state makes the dialog raise: a short apology, not a 500 Twilio would retry."""
    assert "已登记" in (harness.sms(REGISTER).message or "")
    harness.write(update(Seeker).values(dialog_state="browse", dialog_data=["corrupt"]))
    with caplog.at_level(logging.ERROR, logger="gongyou.sms"):
        answer = harness.sms("2")
    assert answer.status == 200
    assert answer.message == SORRY
    assert harness.count(InboundMessage) == 1
    assert harness.all(select(Seeker.dialog_state)) == [("browse",)]
    failures = [r for r in caplog.records if r.name == "gongyou.sms"]
    assert failures and failures[0].fields["from"] == mask_phone(PHONE) != PHONE


# --- status callbacks: (name, outbox status before, callbacks, status after) --------------------

STATUSES = [
    ("queued after sent changes nothing", "sent", ["queued"], "sent"),
    ("delivered", "sent", ["sent", "delivered"], "delivered"),
    ("undelivered is failed", "sent", ["undelivered"], "failed"),
    ("failed", "sending", ["failed"], "failed"),
    ("reordered: delivered then sent", "sending", ["delivered", "sent"], "delivered"),
    ("failed stays failed", "sent", ["failed", "delivered"], "failed"),
    ("unknown status ignored", "sent", ["read-by-martians"], "sent"),
]


@pytest.mark.parametrize(
    ("name", "before", "callbacks", "after"), STATUSES, ids=[s[0] for s in STATUSES]
)
def test_status_callback(name, before, callbacks, after, harness: SmsHarness) -> None:
    sid = "SM" + "a" * 32
    harness.write(
        OutboxMessage(channel="sms", address=PHONE, text="x", status=before, provider_id=sid)
    )
    for status in callbacks:
        params = {"MessageSid": sid, "AccountSid": ACCOUNT_SID, "MessageStatus": status}
        params["ErrorCode"] = "30003"
        response = harness.post("/sms/twilio/status", params)
        assert response.status_code == 200
    rows = harness.all(select(OutboxMessage.status, OutboxMessage.last_error))
    assert rows[0][0] == after
    assert (rows[0][1] == "twilio 30003") == (after == "failed")


STATUS_REFUSED = [
    # (name, signature, sid, status code)
    ("forged", "c2lnbmF0dXJl", "SM" + "a" * 32, 403),
    ("unsigned", None, "SM" + "a" * 32, 403),
    ("unknown sid", "sign", "SM" + "b" * 32, 200),
]


@pytest.mark.parametrize(
    ("name", "signature", "sid", "code"), STATUS_REFUSED, ids=[s[0] for s in STATUS_REFUSED]
)
def test_status_callback_changes_nothing(name, signature, sid, code, harness: SmsHarness) -> None:
    harness.write(
        OutboxMessage(
            channel="sms", address=PHONE, text="x", status="sent", provider_id="SM" + "a" * 32
        )
    )
    params = {"MessageSid": sid, "AccountSid": ACCOUNT_SID, "MessageStatus": "failed"}
    assert harness.post("/sms/twilio/status", params, signature=signature).status_code == code
    assert harness.all(select(OutboxMessage.status)) == [("sent",)]


# --- the benchmark's echo route ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("mounted", "signature", "status"),
    [(False, "sign", 404), (True, "sign", 200), (True, "Zm9yZ2Vk", 403)],
)
def test_echo_route(mounted: bool, signature: str, status: int, database_url: str) -> None:
    settings = settings_for(database_url)
    h = SmsHarness(settings)
    if mounted:
        from bot.app import create_app

        h.app = create_app(settings, bench_echo=True)
    with h:
        response = h.post(
            "/sms/twilio/echo",
            h.params("回声 echo"),
            signature=signature,
        )
        assert response.status_code == status
        if status == 200:
            assert parse_twiml(response.text) == "回声 echo"
        assert h.count(InboundMessage) == 0


def test_a_chunked_body_past_the_limit_is_refused_before_it_is_read_whole(harness):
    sent = 0

    async def chunks():
        nonlocal sent
        for _ in range(100):  # 6.4 MB on offer; the server must stop long before
            sent += 1
            yield b"Body=" + b"a" * 65_536

    async def post():
        return await harness.client.post(
            "/sms/twilio",
            content=chunks(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    response = harness.run(post())
    assert response.status_code == 413
    assert sent < 100
    assert harness.count(InboundMessage) == 0


# --- configuration holes: a blank token, demo mode from the environment ------------------------


@pytest.mark.parametrize("line", ["TWILIO_AUTH_TOKEN=", "TWILIO_AUTH_TOKEN=  "])
def test_a_blank_auth_token_signs_nothing(line, database_url: str, tmp_path) -> None:
    """`TWILIO_AUTH_TOKEN=` in .env once made '' the signing key anyone could use."""
    (tmp_path / ".env").write_text(line + "\n")
    settings = Settings().model_copy(
        update={"database_url": database_url, "public_url": PUBLIC_URL}
    )
    with SmsHarness(settings) as h:
        params = h.params(REGISTER)
        forged = RequestValidator("").compute_signature(PUBLIC_URL + "/sms/twilio", params)
        assert h.post("/sms/twilio", params, signature=forged).status_code == 403
        blank = RequestValidator("  ").compute_signature(PUBLIC_URL + "/sms/twilio", params)
        assert h.post("/sms/twilio", params, signature=blank).status_code == 403
        assert h.count(InboundMessage) == h.count(Seeker) == 0


@pytest.mark.parametrize("variable", ["DEMO", "demo", "GONGYOU_DEMO"])
def test_demo_in_the_environment_does_not_accept_unsigned_sms(
    variable, database_url: str, monkeypatch
) -> None:
    monkeypatch.setenv(variable, "1")
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    settings = Settings().model_copy(update={"database_url": database_url})
    with SmsHarness(settings) as h:
        assert h.post("/sms/twilio", h.params(REGISTER), signature=None).status_code == 403
        assert h.count(InboundMessage) == 0


# (case, ErrorCode of an undelivered message, seeker column set)
CARRIER_REFUSALS = [
    ("30006 landline or unreachable", "30006", "sms_unreachable"),
    ("21211 invalid number", "21211", "sms_unreachable"),
    ("21610 unsubscribed at the carrier", "21610", "opted_out"),
]


@pytest.mark.parametrize(
    ("code", "column"), [r[1:] for r in CARRIER_REFUSALS], ids=[r[0] for r in CARRIER_REFUSALS]
)
def test_an_undelivered_report_marks_the_seeker(code, column, harness: SmsHarness) -> None:
    sid = "SM" + "c" * 32
    seeker = Seeker(phone=PHONE, dialog_data={})
    harness.write(seeker)
    harness.write(
        OutboxMessage(
            channel="sms", address=PHONE, text="x", status="sent", provider_id=sid,
            seeker_id=seeker.id,
        )
    )  # fmt: skip
    params = {"MessageSid": sid, "AccountSid": ACCOUNT_SID, "MessageStatus": "undelivered"}
    assert harness.post("/sms/twilio/status", params | {"ErrorCode": code}).status_code == 200
    [(sms_unreachable, opted_out)] = harness.all(select(Seeker.sms_unreachable, Seeker.opted_out))
    assert {"sms_unreachable": sms_unreachable, "opted_out": opted_out} == {
        "sms_unreachable": column == "sms_unreachable",
        "opted_out": column == "opted_out",
    }


def test_a_report_before_the_sid_is_recorded_is_kept_then_applied(harness: SmsHarness) -> None:
    from storage.models import EarlyStatus

    sid = "SM" + "d" * 32
    params = {"MessageSid": sid, "AccountSid": ACCOUNT_SID, "MessageStatus": "delivered"}
    assert harness.post("/sms/twilio/status", params).status_code == 200
    assert harness.all(select(EarlyStatus.provider_id, EarlyStatus.status)) == [(sid, "delivered")]
    # The sender records the sid afterwards; the next report for it finds the row and the
    # kept one is applied on the way.
    harness.write(
        OutboxMessage(channel="sms", address=PHONE, text="x", status="sent", provider_id=sid)
    )
    assert harness.post("/sms/twilio/status", params | {"MessageStatus": "sent"}).status_code == 200
    assert harness.all(select(OutboxMessage.status)) == [("delivered",)]
    assert harness.all(select(EarlyStatus.provider_id)) == []
