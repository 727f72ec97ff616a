"""A stand-in for Twilio's REST Messages API on 127.0.0.1: records every request, answers like Twilio.

POST Messages.json sends (records) a message; GET Messages.json lists the messages sent, filtered
by `To` and `DateSent>` as Twilio filters them, newest first.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from itertools import count
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from local_server import LocalServer

ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "fake-twilio-auth-token"
FROM_NUMBER = "+8610690001"
SERVICE_SID = "MG" + "2" * 32


@dataclass
class Request:
    method: str
    path: str
    form: dict[str, str]
    auth: tuple[str, str] | None  # basic auth (user, password) as sent
    status: int = 0  # what we answered
    sid: str | None = None  # the message sid we answered with
    at: datetime | None = None  # when it was answered, by the stand-in's clock
    received: float = field(default_factory=time.monotonic)  # when it arrived (rates)


@dataclass
class Answer:
    """A scripted answer: an error as Twilio sends it, or a 2xx body that is not JSON."""

    status: int
    code: int | None = None
    message: str = ""
    raw: str | None = None


@dataclass
class FakeState:
    requests: list[Request] = field(default_factory=list)
    scripted: dict[str, list[Answer]] = field(default_factory=dict)  # by the To number
    lookups: list[dict[str, str]] = field(default_factory=list)  # GET Messages.json queries


class FakeTwilioApi(LocalServer):
    """Serves POST /2010-04-01/Accounts/{sid}/Messages.json from a background thread."""

    def __init__(self, account_sid: str = ACCOUNT_SID, auth_token: str = AUTH_TOKEN) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.state = FakeState()
        self._sids = count(1)
        # The time messages are sent at (DateSent); tests on a fixed clock set their own.
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        super().__init__(_handler_for(self))

    @property
    def messages_path(self) -> str:
        return f"/2010-04-01/Accounts/{self.account_sid}/Messages.json"

    # -- what tests set up ------------------------------------------------------------------

    def fail(self, to: str, status: int, code: int | None = None, message: str = "") -> None:
        """Answer the next message to `to` with this error, once."""
        with self.changed:
            self.state.scripted.setdefault(to, []).append(Answer(status, code, message))

    def garble(self, to: str) -> None:
        """Answer the next message to `to` with a 201 whose body is not JSON, once."""
        with self.changed:
            self.state.scripted.setdefault(to, []).append(Answer(201, raw="<html>proxy</html>"))

    # -- what tests look at -----------------------------------------------------------------

    def requests(self) -> list[Request]:
        with self.changed:
            return list(self.state.requests)

    def lookups(self) -> list[dict[str, str]]:
        """The queries of every message-list request, in order."""
        with self.changed:
            return list(self.state.lookups)

    def accepted(self) -> list[Request]:
        """Requests answered 201: messages Twilio would now deliver."""
        return [r for r in self.requests() if r.status == 201]

    def wait_for(self, count: int = 1, timeout: float = 10.0) -> list[Request]:
        """Block until `count` requests were answered (the event tests wait on)."""
        with self.changed:
            done = self.changed.wait_for(lambda: len(self.state.requests) >= count, timeout)
            assert done, f"{len(self.state.requests)} of {count} Twilio requests arrived"
            return list(self.state.requests)

    # -- answering ----------------------------------------------------------------------------

    def answer(self, request: Request) -> tuple[int, str]:
        """The status and body Twilio would give, recorded before returning."""
        if request.method == "GET" and request.auth == (self.account_sid, self.auth_token):
            path, _, query = request.path.partition("?")
            if path == self.messages_path:
                return 200, self._list(dict(parse_qsl(query)))
        status, body = self._answer(request)
        request.status = status
        request.at = self.clock()
        with self.changed:
            self.state.requests.append(request)
            self.changed.notify_all()
        return status, body

    def _answer(self, request: Request) -> tuple[int, str]:
        if request.auth != (self.account_sid, self.auth_token):
            return _error(401, 20003, "Authenticate")
        if request.method != "POST" or request.path != self.messages_path:
            return _error(404, 20404, f"The requested resource {request.path} was not found")
        to = request.form.get("To", "")
        if not to:
            return _error(400, 21604, "A 'To' phone number is required.")
        with self.changed:
            scripted = self.state.scripted.get(to)
            answer = scripted.pop(0) if scripted else None
        if answer is not None:
            if answer.raw is not None:
                return answer.status, answer.raw
            return _error(answer.status, answer.code, answer.message)
        request.sid = f"SM{next(self._sids):032x}"
        return 201, json.dumps(self._resource(request, "queued", self.clock()))

    def _resource(self, request: Request, status: str, at: datetime) -> dict[str, Any]:
        sid = request.sid
        stamp = format_datetime(at.astimezone(UTC))  # RFC 2822, as Twilio writes dates
        return {
            "sid": sid,
            "account_sid": self.account_sid,
            "to": request.form.get("To", ""),
            "from": request.form.get("From"),
            "messaging_service_sid": request.form.get("MessagingServiceSid"),
            "body": request.form.get("Body", ""),
            "status": status,
            "num_segments": "1",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "date_created": stamp,
            "date_sent": stamp if status == "sent" else None,
            "uri": f"{self.messages_path.removesuffix('.json')}/{sid}.json",
        }

    def _list(self, query: dict[str, str]) -> str:
        """One page of sent messages, newest first, as Twilio lists them."""
        with self.changed:
            self.state.lookups.append(query)
            sent = [r for r in self.state.requests if r.status == 201 and r.at is not None]
        to, after = query.get("To"), query.get("DateSent>")
        since = (
            datetime.strptime(after, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) if after else None
        )
        found = [
            self._resource(r, "sent", r.at)
            for r in reversed(sent)
            if (to is None or r.form.get("To") == to) and (since is None or r.at >= since)
        ]
        size = int(query.get("PageSize", 50))
        uri = urlsplit(self.messages_path).path
        return json.dumps(
            {
                "messages": found[:size],
                "page": 0,
                "page_size": size,
                "start": 0,
                "end": min(size, len(found)) - 1,
                "uri": uri,
                "first_page_uri": uri,
                "next_page_uri": None,
                "previous_page_uri": None,
            }
        )


def _error(status: int, code: int | None, message: str) -> tuple[int, str]:
    body: dict[str, Any] = {"status": status, "message": message}
    if code is not None:
        body |= {"code": code, "more_info": f"https://www.twilio.com/docs/errors/{code}"}
    return status, json.dumps(body)


def _basic_auth(header: str | None) -> tuple[str, str] | None:
    if not header or not header.startswith("Basic "):
        return None
    user, _, password = base64.b64decode(header.removeprefix("Basic ")).decode().partition(":")
    return user, password


def _handler_for(api: FakeTwilioApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes: without this, Nagle holds the body back
        # for the client's delayed ACK (40 ms a request on Linux).
        disable_nagle_algorithm = True

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            form = dict(parse_qsl(body, keep_blank_values=True))
            # GET keeps its query in the path; answer() reads it from there.
            request = Request(
                self.command, self.path, form, _basic_auth(self.headers.get("Authorization"))
            )
            status, text = api.answer(request)
            payload = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_POST = do_GET = _serve

    return Handler
