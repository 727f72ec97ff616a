"""The database stopped mid-burst: every SMS that was answered is in the inbound log afterwards.

A PostgreSQL cluster of the test's own, a real `gongyou serve` process, and workers on basic
phones each sending a few signed webhooks one after another. The cluster is stopped
(`pg_ctl stop -m fast`, or `immediate`: a crash) once the burst is under way and started again
once more answers have come back while it was down. Then, without another message being sent, every MessageSid answered
200 is logged exactly once, one sender's messages in the order they were sent, and every reply
that could not be given in the webhook waits in the outbox.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest
from db_outage import Cluster, free_port, own_cluster
from fake_bot_api import FakeBotApi
from telegram_harness import TelegramHarness, bot_api_fixture, user  # noqa: F401
from telegram_harness import settings_for as telegram_settings
from twilio.request_validator import RequestValidator

from messages import t
from storage.journal import SUFFIX
from storage.models import InboundMessage, OutboxMessage

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "outage-auth-token"
PUBLIC_URL = "https://sms.gongyou.test"
DEFERRED = t("sms.deferred", "zh_CN")
WORKERS = 40
SCRIPT = ["注册 张三 会宁 电焊 省外", "找工作", "帮助", "我的", "更多", "找工作"]
STOP_AFTER = 60  # answers before the cluster is stopped
START_AFTER = 40  # answers while it is down before it is started again
DEADLINE = 90.0


@dataclass(frozen=True)
class Sent:
    phone: str
    sid: str
    status: int
    message: str | None


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    own = own_cluster()
    yield own
    own.remove()


def until(condition: Callable[[], bool], what: str, deadline: float = DEADLINE) -> None:
    """Poll `condition` until it holds; fail once the deadline passes."""
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, f"not within {deadline} s: {what}"
        time.sleep(0.05)


class Server:
    """`gongyou serve` in a process of its own, its log in a file (a full pipe would stall it)."""

    def __init__(self, cluster: Cluster, tmp_path: Path) -> None:
        self.port = free_port()
        self.spool = tmp_path / "spool"
        self.log = tmp_path / "server.log"
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("GONGYOU_", "TELEGRAM_", "TWILIO_"))
        }
        env |= {
            "PYTHONPATH": str(ROOT),
            "GONGYOU_DATABASE_URL": cluster.url,
            "GONGYOU_PUBLIC_URL": PUBLIC_URL,
            "GONGYOU_SPOOL_DIR": str(self.spool),
            "TWILIO_AUTH_TOKEN": TOKEN,
        }
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "serve", "--port", str(self.port)],
                env=env,
                cwd=tmp_path,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        until(self._started, "the server starts")

    def _started(self) -> bool:
        assert self.process.poll() is None, self.log.read_text()
        return "Uvicorn running on" in self.log.read_text()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


def message_of(body: str) -> str | None:
    messages = ET.fromstring(body).findall("Message")
    return (messages[0].text or "") if messages else None


async def burst(server: Server, cluster: Cluster, mode: str, run: int) -> list[Sent]:
    """Each worker sends the script one message at a time; the cluster stops and starts meanwhile."""
    validator = RequestValidator(TOKEN)
    sent: list[Sent] = []

    async def worker(client: httpx.AsyncClient, number: int) -> None:
        phone = f"+86138{run:02d}{number:06d}"
        for step, body in enumerate(SCRIPT):
            sid = f"SM{run:08x}{number:012x}{step:012x}"
            params = {
                "MessageSid": sid,
                "AccountSid": "AC" + "0" * 32,
                "From": phone,
                "To": "+8610690000",
                "Body": body,
                "NumMedia": "0",
            }
            signature = validator.compute_signature(PUBLIC_URL + "/sms/twilio", params)
            response = await client.post(
                "/sms/twilio", data=params, headers={"X-Twilio-Signature": signature}
            )
            ok = response.status_code == 200
            sent.append(
                Sent(phone, sid, response.status_code, message_of(response.text) if ok else None)
            )

    async def answered(count: int, what: str) -> None:
        end = time.monotonic() + DEADLINE
        while len(sent) < count:
            assert time.monotonic() < end, f"not within {DEADLINE} s: {what}"
            await asyncio.sleep(0.01)

    async def outage() -> None:
        await answered(STOP_AFTER, "the burst under way")
        await asyncio.to_thread(cluster.stop, mode)
        stopped_at = len(sent)
        await answered(stopped_at + START_AFTER, "answers while the database is down")
        await asyncio.to_thread(cluster.start)

    # Idle connections are dropped before the server's keep-alive (5 s) would close them: a request
    # sent on a connection the server is closing at that instant fails with ReadError.
    limits = httpx.Limits(max_connections=WORKERS, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=server.url, timeout=60, limits=limits) as client:
        workers = [worker(client, n) for n in range(WORKERS)]
        await asyncio.gather(outage(), *workers)
    return sent


def inbound_log(cluster: Cluster) -> list[tuple[str, str, str | None]]:
    """(MessageSid, sender, reply) of every logged SMS, in the order they were logged."""
    with psycopg.connect(cluster.url) as connection:
        rows = connection.execute(
            f"SELECT provider_id, address, reply FROM {InboundMessage.__tablename__}"
            " WHERE channel = 'sms' ORDER BY id"
        ).fetchall()
    return [(sid, address, reply) for sid, address, reply in rows]


def deferred_replies(cluster: Cluster) -> dict[str, str]:
    with psycopg.connect(cluster.url) as connection:
        rows = connection.execute(
            f"SELECT dedupe_key, text FROM {OutboxMessage.__tablename__}"
            " WHERE dedupe_key LIKE 'sms-reply:%'"
        ).fetchall()
    return {key.removeprefix("sms-reply:"): text for key, text in rows}


@pytest.mark.parametrize(("mode", "run"), [("fast", 1), ("immediate", 2)])
def test_every_answered_sms_is_logged_when_the_database_stops_mid_burst(
    mode: str, run: int, cluster: Cluster, tmp_path: Path
) -> None:
    server = Server(cluster, tmp_path)
    try:
        sent = asyncio.run(burst(server, cluster, mode, run))
        answered = [s for s in sent if s.status == 200]
        deferred = [s for s in answered if s.message == DEFERRED]
        assert len(sent) == WORKERS * len(SCRIPT)
        # Nothing is posted again: the server's own replay brings back what waited.
        until(
            lambda: {s.sid for s in answered} <= {row[0] for row in inbound_log(cluster)},
            "every answered MessageSid logged",
        )
        until(lambda: not list(server.spool.glob(f"*{SUFFIX}")), "the journal emptied")
    finally:
        server.stop()

    assert deferred, "the outage was never noticed"
    assert [s.status for s in sent if s.status != 200] == []  # the journal was always writable
    ours = {s.sid for s in sent}
    logged = [row for row in inbound_log(cluster) if row[0] in ours]
    sids = [sid for sid, _, _ in logged]
    assert len(sids) == len(set(sids)) == len(sent)  # each exactly once
    # One worker's messages were taken in the order they were sent, journaled or not.
    order: dict[str, list[str]] = defaultdict(list)
    for sid, address, _ in logged:
        order[address].append(sid)
    for phone in order:
        assert order[phone] == [s.sid for s in sent if s.phone == phone], phone
    # The replies the webhook could not give wait in the outbox, as the dialog gave them.
    replies = {sid: reply for sid, _, reply in logged}
    queued = deferred_replies(cluster)
    for message in deferred:
        if replies[message.sid] is not None:
            assert queued.get(message.sid) == replies[message.sid], message


def test_a_telegram_update_during_the_outage_is_delivered_again(cluster, bot_api: FakeBotApi):
    worker = user(700_950, "老王")
    with TelegramHarness(telegram_settings(cluster.url, bot_api), bot_api) as h:
        assert h.post(h.text(worker, "帮助")).status_code == 200
        update = h.text(worker, "找工作")
        cluster.stop("fast")
        try:
            assert h.post(update).status_code == 503
        finally:
            cluster.start()
        assert len(bot_api.calls("sendMessage")) == 1  # the first answer, no apology
        # The pool's connections died with the cluster: Telegram keeps redelivering until one works.
        until(lambda: h.post(update).status_code == 200, "the redelivered update answered")
        assert len(bot_api.calls("sendMessage")) == 2
