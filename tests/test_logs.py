"""Phone numbers never reach the logs in full."""

import json
import logging

import pytest

from bot.logs import JsonFormatter, mask_phone


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
