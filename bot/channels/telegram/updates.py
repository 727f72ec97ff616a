"""Reading a webhook body into an update we asked for, before python-telegram-bot sees it."""

from __future__ import annotations

import json
import re
from typing import Any

# Update types we subscribe to (setWebhook / getUpdates allowed_updates); anything else is dropped
# unread, so an edited "T" never opts anyone out.
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]
# Far deeper than any real update (a message with a reply markup is about 8 levels).
MAX_DEPTH = 400

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class BadUpdate(ValueError):
    """The body is not an update: malformed, nested too deep, or not a JSON object."""


def nesting_depth(text: str) -> int:
    """How deep the arrays and objects of a JSON text nest, without parsing it (no recursion)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub('""', text))
    depth = deepest = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def read_update(body: bytes) -> dict[str, Any] | None:
    """The update as a dict, or None for one of a type we did not subscribe to.

    Raises BadUpdate for anything that is not an update; nesting is measured before json.loads,
    whose recursion a 100,000-deep body would exhaust.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadUpdate("not UTF-8") from error
    if nesting_depth(text) > MAX_DEPTH:
        raise BadUpdate("nested too deep")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise BadUpdate("not JSON") from error
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        raise BadUpdate("no update_id")
    if not any(kind in data for kind in ALLOWED_UPDATES):
        return None
    return data
