"""A stand-in for the Telegram Bot API on 127.0.0.1: records every call and answers like the real one."""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, unquote

from local_server import LocalServer

TOKEN = "123456:harness-token"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Gongyou", "username": "gongyou_test_bot"}
# Parameters the Bot API takes as JSON-serialised objects; everything else stays a string.
JSON_PARAMS = {"reply_markup", "commands", "allowed_updates", "scope", "entities", "menu_button"}
TRUE_METHODS = {"answerCallbackQuery", "setMyCommands", "deleteMyCommands", "setWebhook"}
TRUE_METHODS |= {"deleteWebhook", "setChatMenuButton", "sendChatAction"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int = 200
    result: Any = None  # what the API answered, e.g. the sent Message with its message_id
    at: float = field(default_factory=time.monotonic)  # when it was answered


@dataclass
class Failure:
    status: int
    description: str
    retry_after: int | None = None
    times: int = 1


@dataclass
class Screen:
    """A message the bot has shown, as it looks now (after any edits)."""

    chat_id: int
    message_id: int
    text: str
    reply_markup: dict[str, Any] | None = None
    edits: int = 0


@dataclass
class FakeState:
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    screens: dict[tuple[int, int], Screen] = field(default_factory=dict)
    updates: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    next_message_id: int = 1000


class FakeBotApi(LocalServer):
    """Serves `/bot{TOKEN}/{method}` and `/file/bot{TOKEN}/{path}` from a background thread."""

    def __init__(self) -> None:
        self.state = FakeState()
        super().__init__(_handler_for(self))

    # -- what tests set up ------------------------------------------------------------------

    def fail(
        self, method: str, status: int, description: str, *, retry_after: int | None = None
    ) -> None:
        """Answer the next call of `method` with an error, once."""
        with self.changed:
            self.state.failures.setdefault(method, []).append(
                Failure(status, description, retry_after)
            )

    def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates (long polling)."""
        with self.changed:
            self.state.updates.append(update)
            self.changed.notify_all()

    def add_file(self, file_id: str, content: bytes) -> None:
        with self.changed:
            self.state.files[file_id] = content

    # -- what tests look at -----------------------------------------------------------------

    def calls(self, *methods: str) -> list[Call]:
        with self.changed:
            return [c for c in self.state.calls if not methods or c.method in methods]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Block until `count` calls of `method` were answered (the event the tests wait on)."""
        with self.changed:
            done = self.changed.wait_for(
                lambda: len([c for c in self.state.calls if c.method == method]) >= count,
                timeout,
            )
            assert done, f"no {count}× {method}; calls: {[c.method for c in self.state.calls]}"
            return [c for c in self.state.calls if c.method == method]

    def screen(self, chat_id: int, message_id: int) -> Screen:
        with self.changed:
            return self.state.screens[(chat_id, message_id)]

    # -- answering ----------------------------------------------------------------------------

    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """The status and JSON body the real Bot API would give (recorded before returning)."""
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._updates(params)}
        with self.changed:
            pending = self.state.failures.get(method)
            if pending:
                failure = pending.pop(0)
                self.state.calls.append(Call(method, params, failure.status))
                self.changed.notify_all()
                body: dict[str, Any] = {
                    "ok": False,
                    "error_code": failure.status,
                    "description": failure.description,
                }
                if failure.retry_after is not None:
                    body["parameters"] = {"retry_after": failure.retry_after}
                return failure.status, body
            status, result = self._result(method, params)
            self.state.calls.append(Call(method, params, status, result))
            self.changed.notify_all()
        if status != 200:
            return status, {"ok": False, "error_code": status, "description": result}
        return 200, {"ok": True, "result": result}

    def _result(self, method: str, params: dict[str, Any]) -> tuple[int, Any]:
        state = self.state
        if method == "getMe":
            return 200, BOT_USER
        if method in TRUE_METHODS:
            return 200, True
        if method == "getWebhookInfo":
            return 200, {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        if method in ("sendMessage", "sendPhoto", "sendDocument"):
            state.next_message_id += 1
            chat_id = int(params["chat_id"])
            screen = Screen(
                chat_id,
                state.next_message_id,
                params.get("text") or params.get("caption") or "",
                params.get("reply_markup"),
            )
            state.screens[(chat_id, screen.message_id)] = screen
            return 200, self._message(screen, method)
        if method == "editMessageText":
            key = (int(params["chat_id"]), int(params["message_id"]))
            screen = state.screens.get(key)
            if screen is None:
                return 400, "Bad Request: message to edit not found"
            markup = params.get("reply_markup")
            if screen.text == params["text"] and screen.reply_markup == markup:
                return 400, "Bad Request: message is not modified"
            screen.text, screen.reply_markup = params["text"], markup
            screen.edits += 1
            return 200, self._message(screen, method) | {"edit_date": int(time.time())}
        if method == "getFile":
            file_id = params["file_id"]
            if file_id not in state.files:
                return 400, "Bad Request: invalid file_id"
            size = len(state.files[file_id])
            path = f"documents/{file_id}"
            return 200, {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_size": size,
                "file_path": path,
            }
        return 404, "Not Found"

    @staticmethod
    def _message(screen: Screen, method: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": screen.message_id,
            "date": int(time.time()),
            "chat": {"id": screen.chat_id, "type": "private"},
            "from": BOT_USER,
        }
        if method == "sendPhoto":
            message["photo"] = [{"file_id": "p1", "file_unique_id": "up1", "width": 1, "height": 1}]
        elif method == "sendDocument":
            message["document"] = {"file_id": "d1", "file_unique_id": "ud1"}
        if method in ("sendPhoto", "sendDocument"):
            message["caption"] = screen.text
        else:
            message["text"] = screen.text
        markup = screen.reply_markup
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        return message

    def _updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Long polling: updates from `offset` on, waiting up to `timeout` seconds for one."""
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 2.0)
        with self.changed:
            self.changed.wait_for(
                lambda: any(u["update_id"] >= offset for u in self.state.updates), timeout
            )
            self.state.calls.append(Call("getUpdates", params))
            self.changed.notify_all()
            return [u for u in self.state.updates if u["update_id"] >= offset]

    def download(self, path: str) -> bytes | None:
        with self.changed:
            return self.state.files.get(path.removeprefix("documents/"))


def _params(content_type: str, body: bytes) -> dict[str, Any]:
    """Form, multipart or JSON parameters, JSON-serialised objects decoded."""
    if content_type.startswith("application/json"):
        return json.loads(body or b"{}")
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        raw: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            raw[str(name)] = payload if part.get_filename() else payload.decode()
    else:
        raw = dict(parse_qsl(body.decode(), keep_blank_values=True))
    return {k: json.loads(v) if k in JSON_PARAMS else v for k, v in raw.items()}


def _handler_for(api: FakeBotApi) -> type[BaseHTTPRequestHandler]:
    bot_prefix, file_prefix = f"/bot{TOKEN}/", f"/file/bot{TOKEN}/"

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes: without this, Nagle holds the body back
        # for the client's delayed ACK (40 ms a request on Linux).
        disable_nagle_algorithm = True

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            # A client may have given up (a long poll cut short at shutdown).
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def _json(self, status: int, payload: dict[str, Any]) -> None:
            self._send(status, json.dumps(payload).encode(), "application/json")

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if not self.path.startswith(bot_prefix):
                self._json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                return
            params = _params(self.headers.get("Content-Type", ""), body)
            self._json(*api.answer(self.path.removeprefix(bot_prefix), params))

        do_GET = do_POST

    class FileHandler(Handler):
        def do_GET(self) -> None:
            path = unquote(self.path)  # PTB quotes the token's ":" in download URLs
            if path.startswith(file_prefix):
                content = api.download(path.removeprefix(file_prefix))
                if content is None:
                    self._send(404, b"Not Found", "text/plain")
                else:
                    self._send(200, content, "application/octet-stream")
                return
            super().do_GET()

    return FileHandler
