"""Structured (JSON line) logs in which phone numbers are always masked."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

# E.164 and bare runs of 7-15 digits, or a mobile written 138-0000-1234. Ids such as MessageSid
# have letters around their digits, and dates have too few digits in a row, so neither matches.
_PHONE = re.compile(r"(?<![\w+])(\+?\d{7,15}|1\d{2}-\d{4}-\d{4})(?!\w)")


def mask_phone(text: str) -> str:
    """'+8613800001234' -> '+86138****34': enough to tell numbers apart, not to call them."""

    def mask(match: re.Match[str]) -> str:
        digits = match.group(1)
        return digits[:6] + "****" + digits[-2:]

    return _PHONE.sub(mask, text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": mask_phone(record.getMessage()),
        }
        for key, value in getattr(record, "fields", {}).items():
            entry[key] = mask_phone(value) if isinstance(value, str) else value
        if record.exc_info:
            entry["exc"] = mask_phone(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: int = logging.INFO) -> None:
    """One JSON handler on the root logger; uvicorn's loggers propagate into it."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # APScheduler logs every run of the 5-second outbox pump at INFO: 17,000 lines a day of noise.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
