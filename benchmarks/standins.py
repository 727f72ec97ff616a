"""Local stand-ins for the Telegram Bot API and Twilio's Messages API that enforce a rate limit.

Run: python benchmarks/standins.py PORT TELEGRAM_LIMIT SMS_LIMIT RESULTS.json

One aiohttp server in its own process (so that it never competes with the servers under test for
one interpreter): `/bot{token}/{method}` answers as the Bot API does, and
`/2010-04-01/Accounts/{sid}/Messages.json` as Twilio does (POST sends, GET lists). Each channel
takes at most its limit a second, with the small burst real providers tolerate; beyond it the
answer is 429 (Telegram with `retry_after`, Twilio with code 20429). On SIGTERM it writes every
message it took, with when, to RESULTS.json.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from itertools import count
from urllib.parse import parse_qsl

from aiohttp import web

BOT_USER = {"id": 1, "is_bot": True, "first_name": "Gongyou", "username": "gongyou_bench_bot"}
BURST = 0.3  # seconds of the limit a provider lets through at once


class Bucket:
    """A token bucket: `limit` a second, `limit * BURST` (at least 1) at once."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.capacity = max(1.0, limit * BURST)
        self.tokens = self.capacity
        self.at = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.limit)
        self.at = now
        if self.tokens < 1.0:
            return False
        self.tokens -= 1.0
        return True


class StandIns:
    def __init__(self, telegram_limit: float, sms_limit: float) -> None:
        self.buckets = {"telegram": Bucket(telegram_limit), "sms": Bucket(sms_limit)}
        self.taken: list[tuple[str, str, float]] = []  # (channel, address, monotonic time)
        self.refused = {"telegram": 0, "sms": 0}
        self.sms: list[dict[str, str]] = []
        self.ids = count(1)

    async def bot(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        form = dict(await request.post()) if request.can_read_body else {}
        if method == "getMe":
            return web.json_response({"ok": True, "result": BOT_USER})
        if method != "sendMessage":
            return web.json_response({"ok": True, "result": True})
        if not self.buckets["telegram"].take():
            self.refused["telegram"] += 1
            body = {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 1",
            }
            return web.json_response(body | {"parameters": {"retry_after": 1}}, status=429)
        chat = int(str(form.get("chat_id", "0")))
        self.taken.append(("telegram", str(chat), time.monotonic()))
        message = {
            "message_id": next(self.ids),
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private"},
            "text": str(form.get("text", "")),
        }
        return web.json_response({"ok": True, "result": message})

    async def messages(self, request: web.Request) -> web.Response:
        if request.method == "GET":
            to = request.query.get("To")
            found = [m for m in reversed(self.sms) if m["to"] == to]
            return web.json_response(
                {"messages": found, "page": 0, "page_size": 50, "next_page_uri": None}
            )
        form = dict(parse_qsl(await request.text()))
        if not self.buckets["sms"].take():
            self.refused["sms"] += 1
            body = {"code": 20429, "message": "Too Many Requests", "status": 429}
            return web.json_response(body, status=429)
        to = form.get("To", "")
        self.taken.append(("sms", to, time.monotonic()))
        stamp = format_datetime(datetime.now(UTC))
        sid = f"SM{next(self.ids):032x}"
        message = {
            "sid": sid,
            "to": to,
            "from": form.get("From"),
            "body": form.get("Body", ""),
            "status": "queued",
            "date_created": stamp,
            "date_sent": stamp,
        }
        self.sms.append(message)
        return web.json_response(message, status=201)

    def results(self) -> dict[str, object]:
        return {"taken": self.taken, "refused": self.refused}


async def main(port: int, telegram_limit: float, sms_limit: float, results: str) -> None:
    stand_ins = StandIns(telegram_limit, sms_limit)
    app = web.Application()
    app.router.add_route("*", "/bot{token}/{method}", stand_ins.bot)
    app.router.add_route("*", "/2010-04-01/Accounts/{sid}/Messages.json", stand_ins.messages)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    print("ready", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await runner.cleanup()
    with open(results, "w", encoding="utf-8") as out:
        json.dump(stand_ins.results(), out)


if __name__ == "__main__":
    port, telegram_limit, sms_limit, results = sys.argv[1:5]
    asyncio.run(main(int(port), float(telegram_limit), float(sms_limit), results))
