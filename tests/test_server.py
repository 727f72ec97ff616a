"""Slow and many clients against the real server: our app under uvicorn, configured as `serve` does.

Deadlines are short here (1 s); a stalled socket must be closed within its deadline plus generous
slack, which the test waits for on the socket itself. Every log line the server writes is read.
"""

from __future__ import annotations

import io
import json
import logging
import shutil
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.cli.serve import build_server
from bot.config import Settings
from bot.logs import configure_logging
from bot.server import raise_open_files_limit, uvicorn_config

DEADLINE = 1.0  # the configured header and body timeouts, seconds
SLACK = 9.0  # a busy CI machine, not the behaviour under test
MAX_CONNECTIONS = 20


class Lines(io.TextIOBase):
    """A log stream tests can wait on: each write wakes whoever waits for a line."""

    def __init__(self) -> None:
        self.text = ""
        self.changed = threading.Condition()

    def write(self, text: str) -> int:
        with self.changed:
            self.text += text
            self.changed.notify_all()
        return len(text)

    def entries(self) -> list[dict]:
        with self.changed:
            return [json.loads(line) for line in self.text.splitlines()]

    def wait_for(self, found: Callable[[dict], bool], timeout: float = 30.0) -> dict:
        with self.changed:
            ok = self.changed.wait_for(lambda: any(map(found, self.entries())), timeout)
        assert ok, "no such log line:\n" + self.text[-3000:]
        return next(e for e in self.entries() if found(e))


class Running:
    """`build_server(settings)` in a thread, on a free port, logging into `lines`."""

    def __init__(self, settings: Settings, lines: Lines) -> None:
        self.lines = lines
        self.server = build_server(settings.model_copy(update={"host": "127.0.0.1", "port": 0}))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.port = 0

    def __enter__(self) -> Running:
        self.thread.start()
        started = self.lines.wait_for(lambda e: e["msg"].startswith("Uvicorn running on"))
        self.port = int(started["msg"].split()[3].rsplit(":", 1)[1])
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        assert not self.thread.is_alive()

    def connect(self, data: bytes = b"") -> socket.socket:
        client = socket.create_connection(("127.0.0.1", self.port), timeout=DEADLINE + SLACK)
        if data:
            client.sendall(data)
        return client

    def healthz(self) -> int:
        """The status of GET /healthz; a refusal is an answer, hanging is not."""
        url = f"http://127.0.0.1:{self.port}/healthz"
        try:
            with urllib.request.urlopen(url, timeout=DEADLINE + SLACK) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def closed_by_server(client: socket.socket) -> bytes:
    """What the server sent before closing; fails if it is still open at the socket's timeout."""
    received = b""
    try:
        while chunk := client.recv(4096):
            received += chunk
    except ConnectionResetError:
        pass
    except TimeoutError:
        pytest.fail(f"still open after {DEADLINE + SLACK} s; received {received[:200]!r}")
    finally:
        client.close()
    return received


def one_response(client: socket.socket) -> bytes:
    """One whole response from a kept-alive connection (headers, then Content-Length bytes)."""
    received = b""

    def more() -> bytes:
        chunk = client.recv(4096)
        assert chunk, f"closed after {received!r}"
        return chunk

    while b"\r\n\r\n" not in received:
        received += more()
    head = received.partition(b"\r\n\r\n")[0]
    fields = dict(line.lower().split(b": ", 1) for line in head.split(b"\r\n")[1:])
    while len(received) < len(head) + 4 + int(fields[b"content-length"]):
        received += more()
    return received


def sms_request(length: int) -> bytes:
    return (
        b"POST /sms/twilio HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"X-Twilio-Signature: x\r\nContent-Length: " + str(length).encode() + b"\r\n\r\n"
    )


@pytest.fixture
def lines() -> Iterator[Lines]:
    """The server's log, configured as `serve` configures it but at DEBUG; restored afterwards."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in logging.root.manager.loggerDict}
    stream = Lines()
    yield stream
    root.handlers[:], level = saved
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


@pytest.fixture
def settings(sqlite_template: str, tmp_path: Path, lines: Lines) -> Settings:
    database = tmp_path / "gongyou.db"
    shutil.copyfile(sqlite_template, database)
    configured = Settings().model_copy(
        update={
            "database_url": f"sqlite:///{database}",
            "twilio_auth_token": SecretStr("slow-client-auth-token"),
            "telegram_bot_token": None,
            "demo": False,
            "header_timeout": DEADLINE,
            "body_timeout": DEADLINE,
            "keep_alive_timeout": DEADLINE,
            "max_connections": MAX_CONNECTIONS,
        }
    )
    configure_logging(configured, logging.DEBUG, lines)
    return configured


def test_stalled_headers_and_bodies_are_closed_while_healthz_answers(settings, lines):
    with Running(settings, lines) as server:
        silent = server.connect()
        half_headers = server.connect(b"POST /sms/twilio HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        half_body = server.connect(sms_request(200) + b"Body=%E4%BD%A0")
        # Kept alive after one answer, then half of a second request line.
        kept = server.connect(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert one_response(kept).startswith(b"HTTP/1.1 200")
        kept.sendall(b"GET /hea")

        assert server.healthz() == 200  # meanwhile
        assert closed_by_server(silent) == b""
        assert closed_by_server(half_headers) == b""
        assert closed_by_server(kept) == b""
        assert closed_by_server(half_body).startswith(b"HTTP/1.1 408")
        assert server.healthz() == 200
    assert not [e for e in lines.entries() if e["level"] == "error"]


def test_past_the_connection_limit_healthz_is_refused_cleanly_and_the_log_stays_short(
    settings, lines
):
    with Running(settings, lines) as server:
        stalled = [server.connect(b"GET / HTTP/1.1\r\n") for _ in range(2 * MAX_CONNECTIONS)]
        statuses = [server.healthz() for _ in range(30)]
        assert set(statuses) <= {200, 503} and 503 in statuses
        for client in stalled:
            assert closed_by_server(client) == b""
        assert server.healthz() == 200  # the stalled sockets are gone, so is the refusal
    refusals = [e for e in lines.entries() if e["msg"] == "Exceeded concurrency limit."]
    assert 0 < len(refusals) <= 10  # the rest are counted, not written


def test_a_client_hanging_up_mid_body_is_one_debug_line(settings, lines):
    with Running(settings, lines) as server:
        client = server.connect(sms_request(500) + b"Body=half")
        client.close()
        gone = lines.wait_for(lambda e: e["msg"] == "client disconnected")
        assert server.healthz() == 200
    assert gone["level"] == "debug" and gone["path"] == "/sms/twilio"
    assert not [e for e in lines.entries() if e["level"] in ("error", "critical")]
    assert not [e for e in lines.entries() if "exc" in e]


def test_the_limits_come_from_gongyou_settings_only(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no developer .env
    for name, value in {
        "GONGYOU_HEADER_TIMEOUT": "4",
        "GONGYOU_BODY_TIMEOUT": "6",
        "GONGYOU_KEEP_ALIVE_TIMEOUT": "3",
        "GONGYOU_MAX_CONNECTIONS": "70",
        "GONGYOU_BACKLOG": "90",
        "FORWARDED_ALLOW_IPS": "*",  # uvicorn's own variable: must not open X-Forwarded-For
    }.items():
        monkeypatch.setenv(name, value)
    config = uvicorn_config(object(), Settings())
    assert (config.limit_concurrency, config.backlog, config.timeout_keep_alive) == (70, 90, 3)
    assert config.forwarded_allow_ips == "127.0.0.1,::1"
    assert config.http.header_timeout == 4
    assert Settings().body_timeout == 6


def test_serve_raises_the_open_files_limit_to_the_hard_limit():
    resource = pytest.importorskip("resource")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, hard, 256), hard))
    try:
        raise_open_files_limit()
        assert resource.getrlimit(resource.RLIMIT_NOFILE) == (hard, hard)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
