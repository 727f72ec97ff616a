"""SMS through Twilio: the inbound webhook, replies within the segment budget, outbound sends,
and the journal that keeps messages while the database is away."""

from bot.channels.sms.webhook import CHANNEL, routes

__all__ = ["CHANNEL", "routes"]
