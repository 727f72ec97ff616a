"""SMS through Twilio: the inbound webhook, replies within the segment budget, outbound sends,
and the journal that keeps messages while the database is away."""

from __future__ import annotations

__all__ = ["CHANNEL", "routes"]


def __getattr__(name: str) -> object:
    # Re-exported on first use (PEP 562), not imported here: `gongyou chat` renders replies with
    # bot.channels.sms.render and must not load the webhook's Starlette, Twilio and psycopg.
    if name in __all__:
        from bot.channels.sms import webhook

        return getattr(webhook, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
