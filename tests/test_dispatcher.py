"""The outbox pump end to end: real databases, the real twilio and telegram clients, fake APIs."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fake_bot_api import TOKEN, FakeBotApi
from fake_twilio_api import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilioApi
from pydantic import SecretStr
from sqlalchemy import select
from telegram import Bot

from bot.app import create_app
from bot.channels.sms.send import TwilioSender
from bot.channels.telegram.outbound import TelegramSender
from bot.config import Settings
from bot.dispatcher import Dispatcher
from bot.scheduler import KEEP_INBOUND, cleanup
from storage import outbox, outcomes
from storage.engine import create_engine, session_factory
from storage.models import InboundMessage, OutboxMessage, Seeker
from storage.outbox import LEASE, Outgoing

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
PHONE = "+8613800001234"
FAST = 10_000.0  # messages per second: the limiter never holds a test up


@pytest.fixture(name="twilio")
def twilio_fixture() -> Iterator[FakeTwilioApi]:
    with FakeTwilioApi() as api:
        yield api


@pytest.fixture(name="bot_api")
def bot_api_fixture() -> Iterator[FakeBotApi]:
    with FakeBotApi() as api:
        yield api


@pytest.fixture
async def bot(bot_api) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=f"{bot_api.url}/bot") as ready:
        yield ready


def settings_for(database_url: str, twilio: FakeTwilioApi, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "twilio_account_sid": ACCOUNT_SID,
        "twilio_auth_token": SecretStr(AUTH_TOKEN),
        "twilio_from_number": FROM_NUMBER,
        "twilio_messaging_service_sid": None,
        "twilio_api_base_url": twilio.url,
        "telegram_bot_token": None,
        "public_url": None,
        "sms_countries": "+86",
        "demo": False,
    }
    return Settings().model_copy(update=values | overrides)


def sms_dispatcher(sessions, settings: Settings, **options) -> Dispatcher:
    return Dispatcher(
        sessions, settings, {"sms": TwilioSender(settings)}, rates={"sms": FAST}, **options
    )


async def add_seeker(sessions, **fields) -> int:
    async with sessions() as session:
        seeker = Seeker(dialog_data={}, **fields)
        session.add(seeker)
        await session.commit()
        return seeker.id


async def queue(sessions, *messages: Outgoing) -> list[int | None]:
    async with sessions() as session:
        ids = [await outbox.enqueue(session, m, now=NOW) for m in messages]
        await session.commit()
    return ids


async def row(sessions, message_id: int) -> OutboxMessage:
    async with sessions() as session:
        found = await session.get(OutboxMessage, message_id)
        assert found is not None
        return found


async def seeker(sessions, seeker_id: int) -> Seeker:
    async with sessions() as session:
        found = await session.get(Seeker, seeker_id)
        assert found is not None
        return found


# (case, Twilio's answer (status, code) or None for 201, seeker fields, address,
#  status after the first pump, text in last_error, seeker opted out after, requests made)
SMS_OUTCOMES = [
    ("accepted", None, {}, PHONE, "sent", None, False, 1),
    ("server error: retried later", (500, None), {}, PHONE, "pending", "500", False, 1),
    ("invalid number: failed, unreachable", (400, 21211), {}, PHONE, "failed", "21211", False, 1),
    ("unsubscribed: seeker opted out", (400, 21610), {}, PHONE, "failed", "21610", True, 1),
    (
        "opted-out seeker: cancelled",
        None,
        {"opted_out": True},
        PHONE,
        "cancelled",
        "opted out",
        True,
        0,
    ),
    (
        "number abroad: cancelled",
        None,
        {},
        "+15005550006",
        "cancelled",
        "GONGYOU_SMS_COUNTRIES",
        False,
        0,
    ),
]


@pytest.mark.parametrize(
    ("answer", "fields", "address", "status", "error", "opted_out", "requests"),
    [r[1:] for r in SMS_OUTCOMES],
    ids=[r[0] for r in SMS_OUTCOMES],
)
async def test_sms_outcomes(
    sessions, database_url, twilio, answer, fields, address, status, error, opted_out, requests
):
    seeker_id = await add_seeker(sessions, phone=address, **fields)
    [message] = await queue(
        sessions, Outgoing("sms", address, text="新岗位：焊工", seeker_id=seeker_id)
    )
    if answer is not None:
        twilio.fail(address, answer[0], answer[1], "refused by the stand-in")
    dispatcher = sms_dispatcher(sessions, settings_for(database_url, twilio))
    try:
        counts = await dispatcher.pump(NOW)
        first = await row(sessions, message)
        assert first.status == status
        assert first.attempts == requests  # a refusal before sending is no attempt
        assert (await seeker(sessions, seeker_id)).opted_out is opted_out
        assert len(twilio.requests()) == requests
        if error is None:
            assert first.provider_id == twilio.accepted()[0].sid
            assert outbox.as_utc(first.sent_at) == NOW
        else:
            assert error in first.last_error
        if status == "pending":
            assert counts == Counter(retry=1)
            assert outbox.as_utc(first.not_before) == NOW + outcomes.BACKOFF[0]
        # Pump again when the retry is due: a retried row goes out, a settled one stays put.
        await dispatcher.pump(outbox.as_utc(first.not_before))
        second = await row(sessions, message)
    finally:
        await dispatcher.aclose()
    if status == "pending":
        assert (second.status, second.attempts) == ("sent", 2)
        assert len(twilio.requests()) == requests + 1
    else:
        assert (second.status, second.attempts) == (status, first.attempts)
        assert len(twilio.requests()) == requests


async def test_a_crash_in_one_message_does_not_stop_the_batch(sessions, database_url, twilio):
    phones = [f"+861380000{i:04d}" for i in range(3)]
    ids = await queue(
        sessions, *(Outgoing("sms", p, text=f"第{i}条") for i, p in enumerate(phones))
    )
    twilio.garble(phones[1])  # a 201 whose body is not JSON: the twilio client raises
    dispatcher = sms_dispatcher(sessions, settings_for(database_url, twilio))
    try:
        assert await dispatcher.pump(NOW) == Counter(sent=2, retry=1)
    finally:
        await dispatcher.aclose()
    rows = [await row(sessions, i) for i in ids]
    assert [r.status for r in rows] == ["sent", "pending", "sent"]
    assert "JSONDecodeError" in rows[1].last_error


async def test_two_dispatchers_send_each_message_exactly_once(sessions, database_url, twilio):
    phones = [f"+861390000{i:04d}" for i in range(30)]
    ids = await queue(sessions, *(Outgoing("sms", p, text="招工信息") for p in phones))
    settings = settings_for(database_url, twilio)
    # Two engines, as two server processes have; small batches so they interleave.
    other_engine = create_engine(database_url)
    dispatchers = [
        sms_dispatcher(sessions, settings, window=4 / FAST),
        sms_dispatcher(session_factory(other_engine), settings, window=4 / FAST),
    ]
    try:
        while True:
            rounds = await asyncio.gather(*(d.pump(NOW) for d in dispatchers))
            if not any(rounds):
                break
    finally:
        for dispatcher in dispatchers:
            await dispatcher.aclose()
        await other_engine.dispose()
    assert sorted(r.form["To"] for r in twilio.requests()) == phones
    assert {(await row(sessions, i)).status for i in ids} == {"sent"}


async def test_rows_of_a_crashed_sender_go_out_after_the_lease(sessions, database_url, twilio):
    phones = [f"+861370000{i:04d}" for i in range(3)]
    ids = await queue(sessions, *(Outgoing("sms", p, text="明早八点集合出发") for p in phones))
    async with sessions() as session:
        # Another process claimed the batch, then died before sending or recording anything.
        assert len(await outbox.claim(session, now=NOW, limit=10)) == 3
        await session.commit()
    dispatcher = sms_dispatcher(sessions, settings_for(database_url, twilio))
    try:
        assert await dispatcher.pump(NOW + LEASE - timedelta(seconds=1)) == Counter()
        assert twilio.requests() == []
        assert await dispatcher.pump(NOW + LEASE) == Counter(sent=3)
    finally:
        await dispatcher.aclose()
    assert sorted(r.form["To"] for r in twilio.requests()) == phones
    # Two claims, one send each: the dead sender never started them, so none was in doubt.
    sent = [await row(sessions, i) for i in ids]
    assert [(r.claims, r.attempts) for r in sent] == [(2, 1)] * 3


# (case, Bot API failure (status, description) or None, seeker already unreachable,
#  status after, text in last_error, unreachable after, sendMessage calls)
TELEGRAM_OUTCOMES = [
    ("delivered", None, False, "sent", None, False, 1),
    ("blocked: unreachable", (403, "Forbidden: bot was blocked by the user"), False, "failed",
     "blocked", True, 1),
    ("chat not found: failed", (400, "Bad Request: chat not found"), False, "failed",
     "Chat not found", False, 1),
    ("known to be blocked: not tried", None, True, "failed", "blocked the bot", True, 0),
]  # fmt: skip


@pytest.mark.parametrize(
    ("failure", "blocked", "status", "error", "unreachable", "calls"),
    [r[1:] for r in TELEGRAM_OUTCOMES],
    ids=[r[0] for r in TELEGRAM_OUTCOMES],
)
async def test_telegram_outcomes(
    sessions, database_url, twilio, bot_api, bot, failure, blocked, status, error, unreachable,
    calls,
):  # fmt: skip
    seeker_id = await add_seeker(sessions, telegram_id=4242, telegram_unreachable=blocked)
    [message] = await queue(
        sessions, Outgoing("telegram", "4242", text="培训通知", seeker_id=seeker_id)
    )
    if failure is not None:
        bot_api.fail("sendMessage", *failure)
    settings = settings_for(database_url, twilio)
    dispatcher = Dispatcher(
        sessions, settings, {"telegram": TelegramSender(bot)}, rates={"telegram": FAST}
    )
    await dispatcher.pump(NOW)
    sent = await row(sessions, message)
    assert sent.status == status
    assert (await seeker(sessions, seeker_id)).telegram_unreachable is unreachable
    assert len(bot_api.calls("sendMessage")) == calls
    if error is None:
        [call] = bot_api.calls("sendMessage")
        assert (int(call.params["chat_id"]), call.params["text"]) == (4242, "培训通知")
        assert sent.provider_id == str(call.result["message_id"])
    else:
        assert error in sent.last_error


class NotedSleeps:
    """Time at the edge: the pump's clock stands still (it is given NOW) and its sleeps are noted."""

    def __init__(self) -> None:
        self.wakes: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.wakes.append(seconds)


# (case, messages per second, messages queued, of which to opted-out seekers)
RATES = [("2 per second", 2.0, 5, 0), ("refusals do not wait", 4.0, 5, 2)]


@pytest.mark.parametrize(
    ("rate", "queued", "refused"), [r[1:] for r in RATES], ids=[r[0] for r in RATES]
)
async def test_sends_are_spaced_by_the_rate(sessions, database_url, twilio, rate, queued, refused):
    gone = await add_seeker(sessions, phone="+8613600000000", opted_out=True)
    messages = [
        Outgoing("sms", f"+861360000{i:04d}", text="hi", seeker_id=gone if i < refused else None)
        for i in range(queued)
    ]
    await queue(sessions, *messages)
    sleeps = NotedSleeps()
    settings = settings_for(database_url, twilio)
    dispatcher = Dispatcher(
        sessions, settings, {"sms": TwilioSender(settings)}, rates={"sms": rate}, sleep=sleeps
    )
    try:
        # Rounds of a second's worth each, on a clock that stands still: the slots the rounds
        # reserve in the database follow each other.
        while await dispatcher.pump(NOW):
            pass
    finally:
        await dispatcher.aclose()
    sends = queued - refused
    assert len(twilio.requests()) == sends
    # The first send starts at once, each later one a full interval after the one before.
    assert sorted(sleeps.wakes) == pytest.approx([n / rate for n in range(1, sends)])


async def test_the_server_runs_the_pump(sessions, database_url, twilio):
    [message] = await queue(sessions, Outgoing("sms", PHONE, text="欢迎使用工友"))
    app = create_app(settings_for(database_url, twilio))
    async with app.router.lifespan_context(app):
        # The pump's first run is at start-up; wait for its request to reach Twilio.
        await asyncio.to_thread(twilio.wait_for, 1)
    # Shutting down let the pump in progress record its outcome.
    sent = await row(sessions, message)
    assert (sent.status, sent.provider_id) == ("sent", twilio.accepted()[0].sid)


async def test_daily_cleanup_forgets_old_inbound_messages(sessions):
    async with sessions() as session:
        for sid, age in (("old", KEEP_INBOUND + timedelta(minutes=1)), ("kept", KEEP_INBOUND)):
            session.add(
                InboundMessage(
                    channel="sms", provider_id=sid, address=PHONE, body="jobs",
                    received_at=NOW - age,
                )
            )  # fmt: skip
        await session.commit()
    assert await cleanup(sessions, NOW) == 1
    async with sessions() as session:
        assert list(await session.scalars(select(InboundMessage.provider_id))) == ["kept"]


async def test_a_row_is_rendered_when_sent_in_the_seekers_language_then(
    sessions, database_url, twilio, bot_api, bot
):
    from sqlalchemy import update

    from bot.replies import Choice, Line
    from messages import t

    sms_id = await add_seeker(sessions, phone=PHONE)
    telegram_id = await add_seeker(sessions, telegram_id=4242, channel="telegram")
    params = {"employer": "宝安精密电子", "title": "普工"}
    choices = (Choice(Line("action.apply"), "报名"), Choice(Line("action.more"), "更多"))
    await queue(
        sessions,
        Outgoing("sms", PHONE, template="console.notice.hired", params=params, seeker_id=sms_id),
        Outgoing(
            "telegram",
            "4242",
            template="console.notice.hired",
            params=params,
            choices=choices,
            seeker_id=telegram_id,
        ),
    )
    async with sessions() as session:
        # Both switched to English after the rows were queued.
        await session.execute(update(Seeker).values(locale="en"))
        await session.commit()
    settings = settings_for(database_url, twilio)
    senders = {"sms": TwilioSender(settings), "telegram": TelegramSender(bot)}
    dispatcher = Dispatcher(sessions, settings, senders, rates={"sms": FAST, "telegram": FAST})
    try:
        assert await dispatcher.pump(NOW) == Counter(sent=2)
    finally:
        await dispatcher.aclose()
    english = t("console.notice.hired", "en", **params)
    [sms] = twilio.accepted()
    assert sms.form["Body"] == english
    [call] = bot_api.calls("sendMessage")
    assert call.params["text"].startswith(english)
    buttons = [b for row in call.params["reply_markup"]["inline_keyboard"] for b in row]
    assert [(b["text"], b["callback_data"]) for b in buttons] == [
        ("报名. Apply", "报名"),
        ("更多. More", "更多"),
    ]
    async with sessions() as session:
        stored = set(await session.scalars(select(OutboxMessage.text)))
    assert english in stored  # what was sent is kept with the row


async def pace_of(sessions, channel: str):
    from storage.models import ChannelPace

    async with sessions() as session:
        return await session.get(ChannelPace, channel)


# (case, channel, provider's refusal, the pause it asks for)
RATE_LIMITED = [
    ("twilio 429", "sms", (429, 20429), timedelta(seconds=1)),
    ("telegram flood wait", "telegram", (429, 7), timedelta(seconds=7)),
]


@pytest.mark.parametrize(
    ("channel", "refusal", "pause"), [r[1:] for r in RATE_LIMITED], ids=[r[0] for r in RATE_LIMITED]
)
async def test_too_many_requests_pauses_the_channel_not_a_slot(
    sessions, database_url, twilio, bot_api, bot, channel, refusal, pause
):
    addresses = [PHONE, "+8613800005678"] if channel == "sms" else ["4242", "4343"]
    ids = await queue(sessions, *(Outgoing(channel, a, text="招工") for a in addresses))
    if channel == "sms":
        twilio.fail(addresses[0], refusal[0], refusal[1], "Too Many Requests")
        sender = TwilioSender(settings_for(database_url, twilio))
    else:
        bot_api.fail("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
        sender = TelegramSender(bot)
    settings = settings_for(database_url, twilio)
    # One row a round, so the second is claimed after the refusal.
    dispatcher = Dispatcher(sessions, settings, {channel: sender}, rates={channel: 1.0})
    try:
        assert await dispatcher.pump_channel(channel, NOW) == Counter(rate_limited=1)
        refused = await row(sessions, ids[0])
        # Not an attempt, and waits exactly the pause, as does the whole channel.
        assert (refused.status, refused.attempts, refused.started_at) == ("pending", 0, None)
        assert outbox.as_utc(refused.not_before) == NOW + pause
        assert outbox.as_utc((await pace_of(sessions, channel)).paused_until) == NOW + pause
        # Paused: a second process (or this one) claims nothing until the pause ends.
        assert await dispatcher.pump_channel(channel, NOW + pause / 2) == Counter()
        assert (await row(sessions, ids[1])).claims == 0
        assert await dispatcher.pump_channel(channel, NOW + pause) == Counter(sent=1)
        assert await dispatcher.pump_channel(channel, NOW + pause * 2) == Counter(sent=1)
    finally:
        await dispatcher.aclose()
    assert [(await row(sessions, i)).status for i in ids] == ["sent", "sent"]


async def test_a_reminder_goes_before_the_alerts_of_a_broadcast(sessions, database_url, twilio):
    alerts = [
        Outgoing("sms", f"+861390000{i:04d}", text="新岗位", purpose="alert", campaign_id=1)
        for i in range(40)
    ]
    await queue(sessions, *alerts)
    [reminder] = await queue(
        sessions, Outgoing("sms", PHONE, text="明早八点集合", purpose="reminder")
    )
    settings = settings_for(database_url, twilio)
    dispatcher = Dispatcher(sessions, settings, {"sms": TwilioSender(settings)}, rates={"sms": 10})
    try:
        # A round is a second of the channel's rate: ten rows, the reminder first.
        assert await dispatcher.pump_channel("sms", NOW) == Counter(sent=10)
    finally:
        await dispatcher.aclose()
    assert twilio.accepted()[0].form["To"] == PHONE
    assert (await row(sessions, reminder)).status == "sent"


async def test_two_dispatchers_share_one_pace(sessions, database_url, twilio):
    """Slots reserved in the database: two processes' sends never start closer than 1/rate."""
    phones = [f"+861350000{i:04d}" for i in range(12)]
    await queue(sessions, *(Outgoing("sms", p, text="招工信息") for p in phones))
    settings = settings_for(database_url, twilio)
    other_engine = create_engine(database_url)
    noted = [NotedSleeps(), NotedSleeps()]
    dispatchers = [
        Dispatcher(s, settings, {"sms": TwilioSender(settings)}, rates={"sms": 4.0}, sleep=n)
        for s, n in zip((sessions, session_factory(other_engine)), noted, strict=True)
    ]
    try:
        # Both claim a second's worth (4 rows) at the same instant, then again.
        for _ in range(2):
            await asyncio.gather(*(d.pump_channel("sms", NOW) for d in dispatchers))
        # What they left is due after the slots they reserved: the pace moved on for both.
        assert outbox.as_utc((await pace_of(sessions, "sms")).next_at) == NOW + timedelta(seconds=3)
    finally:
        for dispatcher in dispatchers:
            await dispatcher.aclose()
        await other_engine.dispose()
    # Every send's start, offset from NOW, across both processes: 0, 1/4, 2/4, ... each once.
    starts = sorted(w for n in noted for w in n.wakes)
    assert starts == pytest.approx([n / 4 for n in range(1, 12)])
    assert len(twilio.accepted()) == 12


async def died_after_starting(sessions, at: datetime, limit: int = 10) -> list[outbox.Claim]:
    """Another process claimed rows and marked their sends started, then died: in doubt."""
    async with sessions() as session:
        held = await outbox.claim(session, now=at, limit=limit)
        for claim in held:
            assert await outcomes.mark_started(session, claim, claim.text or "", at)
        await session.commit()
    return held


async def test_an_sms_in_doubt_that_twilio_took_is_not_sent_again(sessions, database_url, twilio):
    from storage import statuses

    twilio.clock = lambda: NOW
    taken, not_taken = await queue(
        sessions,
        Outgoing("sms", PHONE, text="明早八点集合", purpose="reminder"),
        Outgoing("sms", "+8613800005678", text="明早八点集合", purpose="reminder"),
    )
    [first, _] = await died_after_starting(sessions, NOW)
    settings = settings_for(database_url, twilio)
    # Twilio took the first one before the process died; the second never left.
    sid = (await TwilioSender(settings).send(PHONE, "明早八点集合")).provider_id
    async with sessions() as session:
        # Its delivery report came before anyone knew the sid: kept.
        assert not await statuses.record_status(session, sid, "delivered", None, NOW)
        await session.commit()
    dispatcher = sms_dispatcher(sessions, settings)
    try:
        assert await dispatcher.pump(NOW + LEASE) == Counter(sent=2)
    finally:
        await dispatcher.aclose()
    # Both were looked up by recipient and time, and only the one Twilio never took was sent.
    assert [q["To"] for q in twilio.lookups()] == [PHONE, "+8613800005678"]
    assert all(q["DateSent>"] <= NOW.strftime("%Y-%m-%dT%H:%M:%SZ") for q in twilio.lookups())
    assert [r.form["To"] for r in twilio.accepted()] == [PHONE, "+8613800005678"]
    found = await row(sessions, taken)
    assert (found.provider_id, found.status, found.attempts) == (sid, "delivered", 1)
    assert (await row(sessions, not_taken)).attempts == 2


# (case, purpose, sent again)
TELEGRAM_DOUBT = [
    ("an alert is not sent again", "alert", False),
    ("a reminder is sent again", "reminder", True),
]


@pytest.mark.parametrize(
    ("purpose", "again"), [r[1:] for r in TELEGRAM_DOUBT], ids=[r[0] for r in TELEGRAM_DOUBT]
)
async def test_a_telegram_message_in_doubt(
    sessions, database_url, twilio, bot_api, bot, purpose, again
):
    [message] = await queue(sessions, Outgoing("telegram", "4242", text="通知", purpose=purpose))
    await died_after_starting(sessions, NOW)
    settings = settings_for(database_url, twilio)
    dispatcher = Dispatcher(
        sessions, settings, {"telegram": TelegramSender(bot)}, rates={"telegram": FAST}
    )
    try:
        await dispatcher.pump(NOW + LEASE)
    finally:
        await dispatcher.aclose()
    assert len(bot_api.calls("sendMessage")) == (1 if again else 0)
    settled = await row(sessions, message)
    assert settled.status == "sent"
    assert (settled.provider_id is not None) is again
    if not again:
        assert "in doubt" in settled.last_error
