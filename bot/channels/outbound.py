"""What every outbound sender implements, so the dispatcher sees channels only through this."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


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

    @property
    def ok(self) -> bool:
        return self.error is None and self.provider_id is not None

    @classmethod
    def sent(cls, provider_id: str) -> SendResult:
        return cls(provider_id=provider_id)

    @classmethod
    def failed(
        cls, error: str, *, retryable: bool = False, retry_after: float | None = None
    ) -> SendResult:
        return cls(error=error, retryable=retryable, retry_after=retry_after)

    @classmethod
    def refused(cls, error: str) -> SendResult:
        """The recipient cannot be reached on this channel any more."""
        return cls(error=error, unreachable=True)


class Sender(Protocol):
    """One channel's way out; `send` reports provider errors in its result instead of raising."""

    channel: str

    async def send(self, address: str, text: str) -> SendResult: ...

    async def aclose(self) -> None: ...
