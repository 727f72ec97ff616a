"""An outbox row as the Reply it names, in the seeker's language of the moment it is sent.

storage/outbox.py keeps catalog lines, elastic values and choices as JSON (`encode`); this is the
way back, so that the channels render an outbox row exactly as they render a dialog reply.
"""

from __future__ import annotations

from typing import Any

from bot.render import plain_text
from bot.replies import Choice, Elastic, Line, Reply
from storage.models import OutboxMessage
from storage.outbox import Claim


def decode(value: Any) -> Any:
    """The parameter storage.outbox.encode() stored."""
    if isinstance(value, dict):
        if "$elastic" in value:
            return Elastic(value["$elastic"], int(value.get("rank", 0)))
        if "$line" in value:
            return _line(value)
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def _line(value: dict[str, Any]) -> Line:
    return Line(value["$line"], decode(value.get("params") or {}), int(value.get("optional", 0)))


def _choice(value: dict[str, Any]) -> Choice:
    return Choice(_line(value["label"]), str(value["command"]))


def reply_of(held: Claim | OutboxMessage, locale: str) -> Reply | str:
    """What the row says: a Reply to render in `locale`, or the finished text it was queued with."""
    if held.template is None:
        return held.text or ""
    return Reply(
        lines=(Line(held.template, decode(held.params or {})),),
        choices=tuple(_choice(c) for c in held.choices or ()),
        footer=tuple(_line(f) for f in held.footer or ()),
        locale=locale,
    )


def preview(row: OutboxMessage, locale: str) -> str:
    """What a row said, or will say if it were sent now (the console's message history)."""
    if row.text is not None:
        return row.text
    try:
        said = reply_of(row, locale)
        return said if isinstance(said, str) else plain_text(said)
    except (KeyError, ValueError, TypeError):
        # A row whose parameters do not fit its line (it fails when sent, too): say which line.
        return row.template or ""
