"""Several dispatcher processes on one PostgreSQL: each message once, none lost, the rate shared.

Real subprocesses (tests/dispatcher_worker.py) drive the real twilio and telegram clients against
the local stand-ins, which record what arrived and when.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_bot_api import TOKEN, FakeBotApi
from fake_twilio_api import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilioApi
from sqlalchemy import create_engine, select

from storage import engine as storage_engine
from storage import outbox
from storage.engine import sync_url
from storage.models import OutboxMessage
from storage.outbox import Outgoing

WORKER = Path(__file__).with_name("dispatcher_worker.py")
ROOT = Path(__file__).resolve().parents[1]
TELEGRAM_ROWS, SMS_ROWS = 7_000, 3_000
# For the whole service, both processes together: below what the stand-ins and clients manage on
# a small machine, so that the limit, not the machine, sets the pace.
TELEGRAM_RATE, SMS_RATE = 60.0, 30.0
WINDOW = 5.0  # seconds over which the rate is held to
POSTGRES_ONLY = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


@pytest.fixture(name="apis")
def apis_fixture() -> Iterator[tuple[FakeTwilioApi, FakeBotApi]]:
    with FakeTwilioApi() as twilio, FakeBotApi() as bot_api:
        yield twilio, bot_api


def fill(database_url: str, telegram: int, sms: int) -> None:
    """The alerts of one broadcast, queued in one go as a broadcast queues them."""
    rows = [
        Outgoing("telegram", str(5_000_000 + n), text=f"新岗位 {n}", campaign_id=1)
        for n in range(telegram)
    ] + [Outgoing("sms", f"+86139{n:08d}", text=f"新岗位 {n}", campaign_id=1) for n in range(sms)]

    async def go() -> None:
        engine = storage_engine.create_engine(database_url)
        async with storage_engine.session_factory(engine)() as session:
            assert await outbox.enqueue_many(session, rows) == len(rows)
            await session.commit()
        await engine.dispose()

    asyncio.run(go())


def start(database_url: str, twilio: FakeTwilioApi, bot_api: FakeBotApi) -> subprocess.Popen:
    env = os.environ | {
        "GONGYOU_DATABASE_URL": database_url,
        "GONGYOU_TELEGRAM_RATE": str(TELEGRAM_RATE),
        "GONGYOU_SMS_RATE": str(SMS_RATE),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": bot_api.url,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": FROM_NUMBER,
        "TWILIO_API_BASE_URL": twilio.url,
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [sys.executable, str(WORKER), "10"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        _, errors = worker.communicate(timeout=600)
        assert worker.returncode == 0, errors[-3000:]


def rows_by_address(database_url: str) -> dict[str, tuple[str, str | None]]:
    engine = create_engine(sync_url(database_url))
    with engine.connect() as connection:
        found = connection.execute(
            select(OutboxMessage.address, OutboxMessage.status, OutboxMessage.last_error)
        ).all()
    engine.dispose()
    return {address: (status, error) for address, status, error in found}


def busiest(times: list[float], seconds: float) -> float:
    """The most arrivals a second within any `seconds` long window."""
    times = sorted(times)
    most, first = 0, 0
    for last, at in enumerate(times):
        while at - times[first] >= seconds:
            first += 1
        most = max(most, last - first + 1)
    return most / seconds


def check(database_url: str, twilio: FakeTwilioApi, bot_api: FakeBotApi, queued: int) -> int:
    """Each message arrived once; none is lost but a Telegram alert left in doubt; returns how
    many were left in doubt."""
    rows = rows_by_address(database_url)
    assert len(rows) == queued
    sms = Counter(r.form["To"] for r in twilio.accepted())
    calls = [c for c in bot_api.calls("sendMessage") if c.status == 200]
    telegram = Counter(str(c.params["chat_id"]) for c in calls)
    assert [a for a, n in (sms + telegram).items() if n > 1] == []  # none twice
    in_doubt = {a for a, (_, error) in rows.items() if error and "in doubt" in error}
    lost = [a for a in rows if a not in sms and a not in telegram and a not in in_doubt]
    assert lost == []
    assert {status for status, _ in rows.values()} == {"sent"}
    assert not any(a.startswith("+") for a in in_doubt)  # an SMS is never left in doubt
    # The rate held for both processes together, over any five seconds: arrivals bunch for a
    # moment when a process (or the stand-ins' own, in this process) waits for a busy CPU.
    assert busiest([c.at for c in calls], WINDOW) <= TELEGRAM_RATE * 1.1
    assert busiest([r.received for r in twilio.accepted()], WINDOW) <= SMS_RATE * 1.1
    return len(in_doubt)


@POSTGRES_ONLY
def test_two_processes_send_10000_messages_once_each(database_url, apis):
    twilio, bot_api = apis
    fill(database_url, TELEGRAM_ROWS, SMS_ROWS)
    workers = [start(database_url, twilio, bot_api) for _ in range(2)]
    finish(workers)
    assert check(database_url, twilio, bot_api, TELEGRAM_ROWS + SMS_ROWS) == 0


@POSTGRES_ONLY
def test_a_process_killed_mid_broadcast_loses_and_repeats_nothing(database_url, apis):
    twilio, bot_api = apis
    telegram, sms = TELEGRAM_ROWS // 3, SMS_ROWS // 3
    fill(database_url, telegram, sms)
    first, second = (start(database_url, twilio, bot_api) for _ in range(2))
    # Kill one without warning once the broadcast is well under way (a third of the SMS out).
    twilio.wait_for(sms // 3, timeout=300)
    first.send_signal(signal.SIGKILL)
    first.wait()
    restarted = start(database_url, twilio, bot_api)
    finish([second, restarted])
    # Only sends started when the process died can be in doubt: at most its sends in flight
    # (bot.dispatcher.CONCURRENCY), and of those only Telegram alerts stay so (check): an SMS in
    # doubt is looked up.
    assert check(database_url, twilio, bot_api, telegram + sms) <= 64
