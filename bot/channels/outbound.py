"""What every outbound sender implements, so the dispatcher sees channels only through this."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from bot.replies import Reply


@dataclass(frozen=True, slots=True)
class Prepared:
    """A message rendered for one channel: the text, and what else the channel sends with it."""

    text: str  # stored on the outbox row when the send starts; an SMS in doubt is found by it
    markup: Any = None  # Telegram: the inline keyboard of the choices


@dataclass(frozen=True, slots=True)
class SendResult:
    """The outcome of one send: a provider id, or an error saying whether trying again can help."""

    provider_id: str | None = None
    error: str | None = None
    # A later attempt may succeed (rate limits, provider outages, network trouble).
    retryable: bool = False
    # The recipient refused this channel (Telegram block, SMS unsubscribe); no attempt can help.
    unreachable: bool = False
    # Seconds the provider asked us to wait before the next attempt, when it said.
    retry_after: float | None = None
    # The provider refused it for our rate (Telegram 429, Twilio 20429): pause the channel.
    rate_limited: bool = False
    # SMS only: the number has opted out at the carrier (Twilio 21610), not merely unreachable.
    opted_out: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and self.provider_id is not None

    @classmethod
    def sent(cls, provider_id: str) -> SendResult:
        return cls(provider_id=provider_id)

    @classmethod
    def failed(
        cls,
        error: str,
        *,
        retryable: bool = False,
        retry_after: float | None = None,
        rate_limited: bool = False,
    ) -> SendResult:
        return cls(
            error=error, retryable=retryable, retry_after=retry_after, rate_limited=rate_limited
        )

    @classmethod
    def refused(cls, error: str, *, opted_out: bool = False) -> SendResult:
        """The recipient cannot be reached on this channel any more."""
        return cls(error=error, unreachable=True, opted_out=opted_out)


class Sender(Protocol):
    """One channel's way out; `send` reports provider errors in its result instead of raising."""

    channel: str

    def prepare(self, message: Reply | str) -> Prepared:
        """The message rendered for this channel (within its budget); finished text as it is."""
        ...

    async def send(self, address: str, message: Prepared | str) -> SendResult: ...

    async def aclose(self) -> None: ...
