"""Benchmark a broadcast through the outbox: two `gongyou serve` processes on one PostgreSQL.

Run: python benchmarks/bench_broadcast.py [--telegram 20000] [--sms 5000]
         [--telegram-limit 340] [--sms-limit 85] [--database-url postgresql://...]

Local stand-ins for the Bot API and Twilio (benchmarks/standins.py, their own process) enforce
a limit a second and answer 429 beyond it; the defaults make the run about a minute. A fresh
PostgreSQL database gets the alerts of one broadcast (plain alert rows, as the broadcast command
queues them), two real servers (webhook mode) send them, and when half the Telegram alerts are out
a reminder is queued: its delay is how long it waited behind the broadcast. The servers are told
95% of each stand-in's limit (GONGYOU_TELEGRAM_RATE, GONGYOU_SMS_RATE), held by the two together.

Last line, one JSON object: telegram_rate_ratio and sms_rate_ratio (sustained rate / the stand-in's
limit), rate_limited (429s), duplicates, lost, reminder_delay_s; and the counts behind them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx
import psycopg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOKEN = "123456:bench-token"
ACCOUNT = "AC" + "b" * 32
SHARE = 0.95  # of each stand-in's limit, told to the servers
REMINDER_CHAT = 999_999_999


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_line(process: subprocess.Popen, what: str) -> None:
    assert process.stdout is not None
    if process.stdout.readline().strip() != what:
        raise SystemExit(f"stand-ins did not start ({process.poll()})")


def wait_healthy(base: str, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited with {server.returncode}")
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)  # polling a child process's port
    raise SystemExit("server did not answer /healthz")


async def enqueue(url: str, telegram: int, sms: int) -> None:
    from storage import outbox
    from storage.engine import create_engine, session_factory
    from storage.outbox import Outgoing

    rows = [
        Outgoing("telegram", str(10_000_000 + n), text=f"【工友】新岗位 {n}", campaign_id=1)
        for n in range(telegram)
    ] + [
        Outgoing("sms", f"+86138{n:08d}", text=f"【工友】新岗位 {n}", campaign_id=1)
        for n in range(sms)
    ]
    engine = create_engine(url)
    async with session_factory(engine)() as session:
        await outbox.enqueue_many(session, rows)
        await session.commit()
    await engine.dispose()


async def remind(url: str) -> None:
    from storage import outbox
    from storage.engine import create_engine, session_factory
    from storage.outbox import Outgoing

    engine = create_engine(url)
    async with session_factory(engine)() as session:
        reminder = Outgoing(
            "telegram", str(REMINDER_CHAT), text="明早八点集合出发", purpose="reminder"
        )
        await outbox.enqueue(session, reminder)
        await session.commit()
    await engine.dispose()


def open_rows(url: str) -> int:
    with psycopg.connect(url) as connection:
        found = connection.execute(
            "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')"
        ).fetchone()
    return int(found[0]) if found else 0


def sent_telegram(url: str) -> int:
    with psycopg.connect(url) as connection:
        found = connection.execute(
            "SELECT count(*) FROM outbox WHERE channel = 'telegram' AND status = 'sent'"
        ).fetchone()
    return int(found[0]) if found else 0


def ratio(times: list[float], limit: float) -> float:
    """Sustained rate over the run (first to last message) against the limit."""
    if len(times) < 2:
        return 0.0
    times = sorted(times)
    return round((len(times) - 1) / (times[-1] - times[0]) / limit, 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--telegram", type=int, default=20_000)
    parser.add_argument("--sms", type=int, default=5_000)
    parser.add_argument("--telegram-limit", type=float, default=340.0)
    parser.add_argument("--sms-limit", type=float, default=85.0)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("GONGYOU_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1/test"),
        help="a PostgreSQL server; a fresh database is made on it and dropped after",
    )
    args = parser.parse_args()
    name = f"gongyou_bench_{uuid.uuid4().hex[:8]}"
    admin = make_url(args.database_url).set(database="postgres")
    admin_url = admin.render_as_string(hide_password=False).replace("+psycopg", "")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = admin.set(database=name).render_as_string(hide_password=False)
    try:
        return run(args, url)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(args, url: str) -> int:
    from storage.migrate import upgrade

    upgrade(url)
    asyncio.run(enqueue(url, args.telegram, args.sms))
    with tempfile.TemporaryDirectory() as tmp:
        results = Path(tmp) / "stand-ins.json"
        stand_port = free_port()
        api = f"http://127.0.0.1:{stand_port}"
        stand_ins = subprocess.Popen(
            [sys.executable, str(ROOT / "benchmarks" / "standins.py"), str(stand_port),
             str(args.telegram_limit), str(args.sms_limit), str(results)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        wait_line(stand_ins, "ready")
        ports = [free_port(), free_port()]
        env = os.environ | {
            "GONGYOU_DATABASE_URL": url,
            "GONGYOU_TELEGRAM_RATE": str(args.telegram_limit * SHARE),
            "GONGYOU_SMS_RATE": str(args.sms_limit * SHARE),
            "GONGYOU_PUBLIC_URL": "http://127.0.0.1:9",  # webhook mode; nobody calls it here
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_WEBHOOK_SECRET": "bench-secret",
            "TELEGRAM_API_BASE_URL": api,
            "TWILIO_ACCOUNT_SID": ACCOUNT,
            "TWILIO_AUTH_TOKEN": "bench-twilio-token",
            "TWILIO_FROM_NUMBER": "+8610690001",
            "TWILIO_API_BASE_URL": api,
            "GONGYOU_SPOOL_DIR": tmp,
        }
        started = time.monotonic()
        servers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "import sys; from bot.cli import main; sys.exit(main())",
                    "serve",
                    "--port",
                    str(port),
                ],
                env=env,
                cwd=tmp,
                stderr=subprocess.DEVNULL,
            )  # fmt: skip
            for port in ports
        ]
        try:
            for port, server in zip(ports, servers, strict=True):
                wait_healthy(f"http://127.0.0.1:{port}", server)
            while sent_telegram(url) < args.telegram // 2:
                time.sleep(0.2)
            reminded = time.monotonic()
            asyncio.run(remind(url))
            while open_rows(url):
                time.sleep(0.5)
        finally:
            for server in servers:
                server.send_signal(signal.SIGTERM)
            for server in servers:
                server.wait(timeout=60)
            stand_ins.send_signal(signal.SIGTERM)
            stand_ins.wait(timeout=30)
        elapsed = time.monotonic() - started
        outcome = json.loads(results.read_text(encoding="utf-8"))
    taken = Counter((channel, address) for channel, address, _ in outcome["taken"])
    reminder_at = [at for c, a, at in outcome["taken"] if a == str(REMINDER_CHAT)]
    wanted = args.telegram + args.sms + 1
    figures = {
        "telegram_rate_ratio": ratio(
            [at for c, a, at in outcome["taken"] if c == "telegram"], args.telegram_limit
        ),
        "sms_rate_ratio": ratio(
            [at for c, _, at in outcome["taken"] if c == "sms"], args.sms_limit
        ),
        "rate_limited": sum(outcome["refused"].values()),
        "duplicates": sum(n - 1 for n in taken.values() if n > 1),
        "lost": wanted - len(taken),
        "reminder_delay_s": round(reminder_at[0] - reminded, 3) if reminder_at else None,
        "telegram": args.telegram,
        "sms": args.sms,
        "telegram_limit": args.telegram_limit,
        "sms_limit": args.sms_limit,
        "elapsed_s": round(elapsed, 1),
    }
    print(
        f"{args.telegram} Telegram + {args.sms} SMS in {figures['elapsed_s']} s by 2 servers: "
        f"telegram {figures['telegram_rate_ratio']} and sms {figures['sms_rate_ratio']} of the "
        f"limits, {figures['rate_limited']} refused, {figures['duplicates']} twice, "
        f"{figures['lost']} lost, reminder after {figures['reminder_delay_s']} s"
    )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
