"""Phone numbers never reach the logs in full, secrets not at all, and a flood becomes a count."""

import io
import json
import logging
import sys

import pytest
from pydantic import SecretStr

from bot.config import Settings
from bot.logs import JsonFormatter, Redactor, RepeatFilter, configure_logging, mask_phone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from +8613800001234", "from +86138****34"),
        ("call 13800001234 now", "call 138000****34 now"),
        ("tel 138-0000-1234", "tel 138-00****34"),
        ("sid SM0123456789abcdef0123456789abcdef", "sid SM0123456789abcdef0123456789abcdef"),
        ("row 12345", "row 12345"),
        ("2026-11-27", "2026-11-27"),
    ],
)
def test_mask_phone(text, expected):
    assert mask_phone(text) == expected


def test_json_formatter_masks_message_and_fields():
    record = logging.LogRecord(
        "gongyou", logging.INFO, __file__, 1, "sms from %s", ("+8613800001234",), None
    )
    record.fields = {"to": "+8613900005678", "count": 3}
    entry = json.loads(JsonFormatter().format(record))
    assert entry["msg"] == "sms from +86138****34"
    assert entry["to"] == "+86139****78" and entry["count"] == 3
    assert "13800001234" not in json.dumps(entry)


# -- secrets ---------------------------------------------------------------------------------

BOT_TOKEN = "7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
ACCOUNT_SID = "AC3f1c0e9b8a7d6c5b4a39281706f5e4d3"


def settings(**values: object) -> Settings:
    return Settings().model_copy(update=values)


def line(formatter: JsonFormatter, msg: str, *args: object, exc=None, **fields: object) -> str:
    record = logging.LogRecord("gongyou", logging.ERROR, __file__, 1, msg, args, exc)
    record.fields = fields
    return formatter.format(record)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"GET https://api.telegram.org/bot{BOT_TOKEN}/getMe", "bot[bot-token]/getMe"),
        ("file/bot7012345678%3AAAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0/x", "file/bot[bot-token]/x"),
        (f"POST /2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json", "Accounts/[account-sid]/"),
        ("at 12:30:45 row 3", "at 12:30:45 row 3"),
    ],
)
def test_shapes_of_tokens_and_account_sids_are_redacted_unconfigured(text, expected):
    formatted = json.loads(line(JsonFormatter(), "%s", text))["msg"]
    assert expected in formatted
    assert BOT_TOKEN not in formatted and ACCOUNT_SID not in formatted


def test_configured_secrets_are_redacted_in_message_fields_and_exceptions():
    configured = settings(
        telegram_bot_token=SecretStr("123456:short-test-token"),
        telegram_webhook_secret=SecretStr("hook-secret-1"),
        twilio_auth_token=SecretStr("twilio auth/token+1"),
        twilio_account_sid="AC-not-hex-sid",
        database_url="postgresql://gongyou:p%40ss-word@db.example/gongyou",
    )
    formatter = JsonFormatter(Redactor.for_settings(configured))
    secrets = ["123456:short-test-token", "hook-secret-1", "twilio auth/token+1", "AC-not-hex-sid"]
    try:
        raise RuntimeError("The token `123456:short-test-token` was rejected by the server.")
    except RuntimeError:
        exc = sys.exc_info()
    out = line(
        formatter,
        "url %s and %s",
        "http://x/bot123456%3Ashort-test-token/getMe",
        "twilio+auth%2Ftoken%2B1",
        exc=exc,
        header={"X-Secret": "hook-secret-1", "list": ["AC-not-hex-sid", 3]},
        url="postgresql://gongyou:p@ss-word@db.example/gongyou",
        quoted="postgresql://gongyou:p%40ss-word@db.example/gongyou",
        error=RuntimeError("sid AC-not-hex-sid"),
    )
    assert json.loads(out)["exc"]  # the exception is there, its text redacted
    for secret in [*secrets, "p@ss-word", "short-test-token", "p%40ss-word"]:
        assert secret not in out
    assert out.count("[redacted]") >= 8


def test_a_common_word_as_password_is_hidden_in_urls_only():
    configured = settings(database_url="postgresql://postgres:postgres@127.0.0.1/test")
    formatter = JsonFormatter(Redactor.for_settings(configured))
    out = json.loads(line(formatter, "%s", "postgresql://postgres:postgres@127.0.0.1/test"))["msg"]
    assert out == "postgresql://postgres:[redacted]@127.0.0.1/test"


def test_blank_secrets_redact_nothing():
    formatter = JsonFormatter(Redactor.for_settings(settings(twilio_account_sid="")))
    assert json.loads(line(formatter, "plain text"))["msg"] == "plain text"


# -- repeated lines --------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def record(msg: str, level: int = logging.ERROR, *args: object, name="uvicorn.error"):
    return logging.LogRecord(name, level, __file__, 1, msg, args, None)


def test_repeated_errors_are_summarised_once_a_minute():
    clock, emitted = Clock(), []
    repeats = RepeatFilter(emitted.append, limit=3, window=60, clock=clock)
    passed = [repeats.filter(record("Too many open files %d", logging.ERROR, n)) for n in range(50)]
    assert passed == [True] * 3 + [False] * 47
    assert emitted == []
    # Other messages, lower levels and other loggers are counted apart or not at all.
    assert repeats.filter(record("another error"))
    assert all(repeats.filter(record("request", logging.INFO)) for _ in range(20))
    assert repeats.filter(record("Too many open files %d", logging.ERROR, 0, name="asyncio"))
    clock.now = 61
    assert repeats.filter(record("Too many open files %d", logging.ERROR, 99))
    [summary] = emitted
    assert summary.getMessage() == "suppressed 47 similar lines"
    assert summary.levelno == logging.WARNING and summary.name == "uvicorn.error"
    assert summary.fields == {"like": "Too many open files %d"}
    assert repeats.filter(summary)  # the summary itself is never held back


def test_configure_logging_writes_the_summary_through_the_same_handler():
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    stream = io.StringIO()
    try:
        handler = configure_logging(settings(), logging.INFO, stream)
        [repeats] = [f for f in handler.filters if isinstance(f, RepeatFilter)]
        clock = Clock()
        repeats.clock = clock
        noisy = logging.getLogger("gongyou.test.noisy")
        for _ in range(500):
            noisy.error("accept failed: Too many open files")
        clock.now = 1e9  # long after: the next line brings the count out
        noisy.warning("still here")
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    entries = [json.loads(x) for x in stream.getvalue().splitlines()]
    assert [e["msg"] for e in entries].count("accept failed: Too many open files") == 10
    assert entries[-2]["msg"] == "suppressed 490 similar lines"
    assert entries[-1]["msg"] == "still here"


def test_chatty_clients_are_quiet_below_warning():
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    stream = io.StringIO()
    try:
        configure_logging(settings(), logging.DEBUG, stream)
        for name in ("twilio.http_client", "httpx", "httpcore.connection"):
            logging.getLogger(name).info("POST https://api.twilio.com/2010-04-01/Accounts/...")
        logging.getLogger("gongyou").debug("ours")
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    assert [json.loads(x)["logger"] for x in stream.getvalue().splitlines()] == ["gongyou"]
