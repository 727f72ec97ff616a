"""Structured (JSON line) logs with no secret, no account identifier and no whole phone number.

Everything that reaches the root handler passes two filters: secrets are redacted by value (the
configured tokens, the Account SID, the database password) and by shape (a bot token, an Account
SID), phone numbers are masked; and an error that repeats is summarised instead of flooding.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote, quote_plus

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

if TYPE_CHECKING:
    from bot.config import Settings

# E.164 and bare runs of 7-15 digits, or a mobile written 138-0000-1234. Ids such as MessageSid
# have letters around their digits, and dates have too few digits in a row, so neither matches.
_PHONE = re.compile(r"(?<![\w+])(\+?\d{7,15}|1\d{2}-\d{4}-\d{4})(?!\w)")

# A Telegram bot token (bot id, colon, 35 characters) also when URL-quoted, as PTB writes it in
# file URLs; a Twilio Account SID. Both are caught even when they are not the configured ones.
_SHAPES = (
    (re.compile(r"\d+(?::|%3A)[A-Za-z0-9_-]{30,}", re.IGNORECASE), "[bot-token]"),
    (re.compile(r"AC[0-9a-fA-F]{32}"), "[account-sid]"),
)
REDACTED = "[redacted]"

# Loggers that write a request's URL (with `bot<token>` or the Account SID in it) or headers at
# INFO or DEBUG: only their warnings are worth a line.
_QUIET = ("httpx", "httpcore", "twilio", "apscheduler")


def mask_phone(text: str) -> str:
    """'+8613800001234' -> '+86138****34': enough to tell numbers apart, not to call them."""

    def mask(match: re.Match[str]) -> str:
        digits = match.group(1)
        return digits[:6] + "****" + digits[-2:]

    return _PHONE.sub(mask, text)


class Redactor:
    """Replaces the configured secret values and anything shaped like a token or Account SID."""

    def __init__(self, secrets: Iterable[str] = (), passwords: Iterable[str] = ()) -> None:
        variants = {form for secret in secrets for form in _forms(secret)}
        # Longest first, so a secret that contains another is replaced whole.
        ordered = [re.escape(v) for v in sorted(variants, key=len, reverse=True)]
        # A password can be a common word ("postgres"): it is hidden where URLs carry it, between
        # ':' and '@', not wherever the word appears ("postgresql" stays readable).
        ordered += [
            rf"(?<=:){re.escape(form)}(?=@)"
            for password in passwords
            for form in sorted(_forms(password), key=len, reverse=True)
        ]
        self._values = re.compile("|".join(ordered)) if ordered else None

    @classmethod
    def for_settings(cls, settings: Settings | None) -> Redactor:
        """A redactor for every secret and account identifier the settings hold."""
        if settings is None:
            return cls()
        secrets = [
            settings.twilio_account_sid or "",
            *(
                secret.get_secret_value()
                for secret in (
                    settings.telegram_bot_token,
                    settings.twilio_auth_token,
                    settings.telegram_webhook_secret,
                )
                if secret is not None
            ),
        ]
        return cls(secrets, [_database_password(settings.database_url)])

    def __call__(self, text: str) -> str:
        if self._values is not None:
            text = self._values.sub(REDACTED, text)
        for shape, replacement in _SHAPES:
            text = shape.sub(replacement, text)
        return text


def _forms(secret: str) -> set[str]:
    """A secret as written, trimmed, and URL-quoted the ways clients put it into URLs."""
    forms = {secret, secret.strip(), quote(secret, safe=""), quote_plus(secret), quote(secret)}
    return {form for form in forms if form.strip()}


def _database_password(url: str) -> str:
    try:
        return make_url(url).password or ""
    except (ArgumentError, ValueError):
        return ""


class JsonFormatter(logging.Formatter):
    """One JSON object a line: message, `fields` and exception text all redacted and masked."""

    def __init__(self, redactor: Redactor | None = None) -> None:
        super().__init__()
        self.redact = redactor or Redactor()

    def scrub(self, value: Any) -> Any:
        """`value` with secrets redacted and phones masked, strings inside containers too."""
        if isinstance(value, str):
            return mask_phone(self.redact(value))
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, dict):
            return {str(k): self.scrub(v) for k, v in value.items()}
        if isinstance(value, list | tuple | set):
            return [self.scrub(v) for v in value]
        return self.scrub(str(value))

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": self.scrub(record.getMessage()),
        }
        for key, value in getattr(record, "fields", {}).items():
            entry[key] = self.scrub(value)
        if record.exc_info:
            entry["exc"] = self.scrub(self.formatException(record.exc_info))
        if record.stack_info:
            entry["stack"] = self.scrub(record.stack_info)
        # A last pass over the whole line, for anything a library put where no field expected it.
        return self.redact(json.dumps(entry, ensure_ascii=False, default=str))


@dataclass
class _Burst:
    started: float
    count: int = 0
    suppressed: int = 0


class RepeatFilter(logging.Filter):
    """Passes `limit` warnings or errors a minute per logger and message, then counts the rest.

    When the minute is over, the count goes out as one "suppressed K similar lines" line. A server
    out of file descriptors once wrote 328,750 identical lines (172 MB) in 54 s; now it writes a
    few lines and a count.
    """

    def __init__(
        self,
        emit: Callable[[logging.LogRecord], object],
        *,
        limit: int = 10,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.emit, self.limit, self.window, self.clock = emit, limit, window, clock
        self._bursts: dict[tuple[str, str], _Burst] = {}
        self._lock = threading.Lock()
        self._swept = clock()

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "repeat_summary", False):
            return True
        now = self.clock()
        with self._lock:
            due = self._sweep(now)
            passes = record.levelno < logging.WARNING or self._count(record, now)
        for summary in due:
            self.emit(summary)
        return passes

    def _count(self, record: logging.LogRecord, now: float) -> bool:
        key = (record.name, str(record.msg))
        burst = self._bursts.setdefault(key, _Burst(now))
        burst.count += 1
        if burst.count <= self.limit:
            return True
        burst.suppressed += 1
        return False

    def _sweep(self, now: float) -> list[logging.LogRecord]:
        """Summaries of the bursts whose minute is over; at most one look a second."""
        if now - self._swept < 1.0:
            return []
        self._swept = now
        over = [key for key, burst in self._bursts.items() if now - burst.started >= self.window]
        return [s for key in over if (s := _summary(key, self._bursts.pop(key))) is not None]


def _summary(key: tuple[str, str], burst: _Burst) -> logging.LogRecord | None:
    if not burst.suppressed:
        return None
    name, message = key
    record = logging.getLogger(name).makeRecord(
        name, logging.WARNING, __file__, 0, "suppressed %d similar lines", (burst.suppressed,), None
    )
    record.fields = {"like": message[:200]}
    record.repeat_summary = True
    return record


def configure_logging(
    settings: Settings | None = None, level: int = logging.INFO, stream: TextIO | None = None
) -> logging.Handler:
    """One JSON handler on the root logger; uvicorn's loggers propagate into it.

    Filters sit on the handler, not on loggers, because a record propagated from a child logger
    skips its ancestors' logger filters but never the handler's.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter(Redactor.for_settings(settings)))
    handler.addFilter(RepeatFilter(handler.handle))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # APScheduler also logs every run of the 5-second outbox pump at INFO: 17,000 lines a day.
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler
