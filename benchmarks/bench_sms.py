"""Benchmark the SMS webhook end to end: signed Twilio requests against the real server on SQLite.

Run: python benchmarks/bench_sms.py [--workers 50] [--steps 3000] [--seconds 60] [--think 0.3]

A uvicorn server runs in a subprocess on a free 127.0.0.1 port over a fresh demo database in a
temporary directory, with a Twilio token set so every request is signed and verified. N concurrent
simulated workers (httpx.AsyncClient) each play job seekers: register in one message, ask for
jobs, open a job's details, then the next seeker. Then the same workers hit the bare echo route
(same signature check, no database) on the same server. Bounded by step count and by time. The last
line is one JSON object: steps_per_s, echo_per_s, ratio, p50_ms, p99_ms (dialog steps), and more.

Two phases, each for dialog and echo. Saturated: every worker sends its next message as soon as the
last is answered; this gives throughput and the ratio, and latency there is about workers /
throughput (Little's law), for echo as much as for dialog. Paced: each worker pauses --think
seconds on average (exponentially distributed, a person reading a reply; 0.3 s default offers about
150 messages a second, far above a real agency's SMS traffic); this gives p50_ms and p99_ms. Both
phases' figures are printed, and the JSON carries the saturated latencies too.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import httpx
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOKEN = "bench-auth-token"
PLACES = ("会宁", "定西", "天水", "固原", "兰州", "陇南")
TRADES = ("电焊", "普工", "保安", "叉车", "厨师", "电工")
NAMES = ("张三", "李四", "王五", "赵六", "孙七", "周八")


def script(n: int) -> list[str]:
    """One seeker's visit: register in one message, jobs, a job's details."""
    name, place, trade = NAMES[n % 6], PLACES[n // 6 % 6], TRADES[n // 36 % 6]
    return [f"注册 {name} {place} {trade} 省外", "找工作", "2"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(url: str, port: int) -> None:
    """The server process: the real app plus the echo route, logging only warnings."""
    import logging

    import uvicorn

    from bot.app import create_app
    from bot.config import load_settings

    logging.basicConfig(level=logging.WARNING)
    settings = load_settings(database_url=url, port=port)
    app = create_app(settings, bench_echo=True)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Load:
    """Signed posts from many workers; latencies in milliseconds and every failure counted."""

    def __init__(self, base: str, workers: int) -> None:
        self.base = base
        self.validator = RequestValidator(TOKEN)
        self.client = httpx.AsyncClient(
            base_url=base,
            limits=httpx.Limits(max_connections=workers, keepalive_expiry=2.0),
            timeout=30,
        )
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.sids = itertools.count(1)

    async def post(self, path: str, phone: str, body: str, record: bool = True) -> str | None:
        params = {
            "MessageSid": f"SM{next(self.sids):032x}",
            "AccountSid": "AC" + "0" * 32,
            "From": phone,
            "To": "+8610690000",
            "Body": body,
            "NumMedia": "0",
        }
        headers = {"X-Twilio-Signature": self.validator.compute_signature(self.base + path, params)}
        started = time.perf_counter()
        response = await self.client.post(path, data=params, headers=headers)
        elapsed = (time.perf_counter() - started) * 1000
        message = ET.fromstring(response.text).find("Message") if response.is_success else None
        if message is None or not message.text:
            self.errors.append(f"{response.status_code} {body!r}: {response.text[:120]!r}")
            return None
        if record:
            self.latencies.append(elapsed)
        return message.text


async def run_phase(
    load: Load,
    workers: int,
    steps: int,
    seconds: float,
    next_work: Callable[[], list[str]],
    think: float = 0.0,
) -> float:
    """Run workers until `steps` requests are done or time is up; returns requests per second."""
    deadline = time.perf_counter() + seconds
    done = 0
    phones = itertools.count(13_900_000_000)

    pauses = random.Random(7)  # the same pauses every run

    async def worker() -> None:
        nonlocal done
        if think:
            # People do not all press send at the same instant: stagger the start.
            await asyncio.sleep(pauses.uniform(0, think))
        while done < steps and time.perf_counter() < deadline:
            phone = f"+86{next(phones)}"
            for body in next_work():
                if done >= steps:
                    return
                done += 1
                await load.post(load.path, phone, body)
                if think:
                    # A person reading the reply: exponential pauses with mean `think`.
                    await asyncio.sleep(pauses.expovariate(1 / think))

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(workers)))
    return done / (time.perf_counter() - started)


async def phase(
    base: str, path: str, workers: int, steps: int, seconds: float, think: float, seekers
) -> tuple[float, Load]:
    load = Load(base, workers)
    load.path = path
    rate = await run_phase(load, workers, steps, seconds, lambda: script(next(seekers)), think)
    await load.client.aclose()
    return rate, load


def report(name: str, rate: float, load: Load) -> None:
    print(
        f"{name}: {rate:.1f}/s, {len(load.latencies)} ok, {len(load.errors)} errors, "
        f"p50 {percentile(load.latencies, 0.5):.1f} ms, "
        f"p99 {percentile(load.latencies, 0.99):.1f} ms"
    )
    for error in load.errors[:5]:
        print(f"  {name} error: {error}")


async def bench(
    base: str, workers: int, steps: int, seconds: float, think: float
) -> dict[str, float]:
    """Saturation (no think time) for throughput and the ratio; then paced load for latency."""
    seekers = itertools.count()
    warm = Load(base, workers)
    # Warm-up: the vacancy index is built on the first search.
    for body in script(next(seekers)):
        await warm.post("/sms/twilio", "+8613800000001", body, record=False)
    await warm.client.aclose()
    runs = {}
    for label, pause in (("saturated", 0.0), ("paced", think)):
        for name, path in (("dialog", "/sms/twilio"), ("echo", "/sms/twilio/echo")):
            rate, load = await phase(base, path, workers, steps, seconds, pause, seekers)
            report(f"{label} {name} (think {pause:g} s)", rate, load)
            runs[label, name] = (rate, load)
    (steps_per_s, _), (echo_per_s, _) = runs["saturated", "dialog"], runs["saturated", "echo"]
    paced, saturated = runs["paced", "dialog"][1], runs["saturated", "dialog"][1]
    return {
        "steps_per_s": round(steps_per_s, 1),
        "echo_per_s": round(echo_per_s, 1),
        "ratio": round(steps_per_s / echo_per_s, 3),
        "p50_ms": round(percentile(paced.latencies, 0.5), 2),
        "p99_ms": round(percentile(paced.latencies, 0.99), 2),
        "paced_steps_per_s": round(runs["paced", "dialog"][0], 1),
        "echo_paced_p99_ms": round(percentile(runs["paced", "echo"][1].latencies, 0.99), 2),
        "saturated_p50_ms": round(percentile(saturated.latencies, 0.5), 2),
        "saturated_p99_ms": round(percentile(saturated.latencies, 0.99), 2),
        "echo_saturated_p99_ms": round(percentile(runs["saturated", "echo"][1].latencies, 0.99), 2),
        "think_s": think,
    }


def wait_ready(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited with {server.returncode}")
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)  # polling a child process's port, not synchronising tests
    raise SystemExit("server did not answer /healthz")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=50)
    parser.add_argument("--steps", type=int, default=3000, help="dialog steps (and echo requests)")
    parser.add_argument("--seconds", type=float, default=60, help="time bound per phase")
    parser.add_argument(
        "--think",
        type=float,
        default=0.3,
        help="mean seconds between one worker's messages (paced phase)",
    )
    parser.add_argument("--serve", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return 0

    from bot.demo import prepare

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        report = prepare(url)
        print(f"demo database: {len(report.vacancies)} vacancies")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = os.environ | {
            "TWILIO_AUTH_TOKEN": TOKEN,
            "GONGYOU_PUBLIC_URL": base,
            "GONGYOU_SMS_COUNTRIES": "+86",
        }
        command = [sys.executable, __file__, "--serve", url, "--port", str(port)]
        server = subprocess.Popen(command, env=env, cwd=tmp)
        try:
            wait_ready(base, server)
            result = asyncio.run(bench(base, args.workers, args.steps, args.seconds, args.think))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(
        f"{args.workers} workers: dialog {result['steps_per_s']}/s, echo {result['echo_per_s']}/s"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
