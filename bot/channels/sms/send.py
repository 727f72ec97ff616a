"""Outbound SMS through the Twilio REST API, with the twilio client's own asyncio HTTP client."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import aiohttp
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from bot.channels.base import MAX_BODY, clean_text
from bot.channels.outbound import Prepared, SendResult
from bot.channels.sms.render import render_sms
from bot.config import Settings
from bot.replies import Reply

log = logging.getLogger("gongyou.sms")

CHANNEL = "sms"
STATUS_PATH = "/sms/twilio/status"
TIMEOUT = 15.0  # seconds; a hung request would hold a dispatcher slot for the whole lease
# A send in doubt is looked for among the number's messages from shortly before it started (clocks
# differ); more than this many messages to one number in that window is not a worker's phone.
LOOKUP_MARGIN = timedelta(minutes=2)
LOOKUP_LIMIT = 50
UNSUBSCRIBED = 21610  # the recipient texted STOP to our sender
# The number cannot take SMS: not a valid number (21211), unknown, a landline or unreachable at
# the carrier (30006, from a status callback).
UNREACHABLE = frozenset({21211, 30006})
TOO_MANY_REQUESTS = 20429
# Bad credentials are an operator's mistake, fixable while the message waits: try again later.
RETRYABLE_STATUSES = {401, 429}


def classify(error: TwilioRestException) -> SendResult:
    """A Twilio refusal as a SendResult: retry for throttling and outages, else a final failure."""
    code = error.code if isinstance(error.code, int) else None
    reason = f"twilio {error.status}/{code or '-'}: {error.msg}"[:500]
    if code == UNSUBSCRIBED:
        return SendResult.refused(reason, opted_out=True)
    if code in UNREACHABLE:
        return SendResult.refused(reason)
    if error.status == 429 or code == TOO_MANY_REQUESTS:
        # Twilio names no wait; a second lets its queue drain at the number's rate.
        return SendResult.failed(reason, retryable=True, retry_after=1.0, rate_limited=True)
    retryable = error.status >= 500 or error.status in RETRYABLE_STATUSES
    return SendResult.failed(reason, retryable=retryable)


class TwilioSender:
    """Sends one SMS per call from TWILIO_MESSAGING_SERVICE_SID, else TWILIO_FROM_NUMBER."""

    channel = CHANNEL

    def __init__(self, settings: Settings) -> None:
        if not settings.twilio_enabled:
            raise ValueError("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are needed to send SMS")
        if not (settings.twilio_messaging_service_sid or settings.twilio_from_number):
            raise ValueError("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID is needed")
        self.settings = settings
        self._http: AsyncTwilioHttpClient | None = None
        self._client: Client | None = None

    @staticmethod
    def configured(settings: Settings) -> bool:
        """Whether the settings hold everything needed to send SMS."""
        sender = settings.twilio_messaging_service_sid or settings.twilio_from_number
        return settings.twilio_enabled and bool(sender)

    def _api(self) -> Client:
        # Built on first use: aiohttp wants its session created inside the running event loop.
        if self._client is None:
            settings = self.settings
            token = settings.secret("twilio_auth_token")
            assert token is not None
            self._http = AsyncTwilioHttpClient(timeout=TIMEOUT)
            # An empty environment: TWILIO_REGION/TWILIO_EDGE would rewrite the configured host.
            self._client = Client(
                settings.twilio_account_sid,
                token,
                http_client=self._http,
                environment={},
            )
            self._client.api.base_url = settings.twilio_api_base_url.rstrip("/")
        return self._client

    def _sender(self) -> dict[str, str]:
        settings = self.settings
        # A messaging service picks a sender from its pool and applies its compliance settings.
        if settings.twilio_messaging_service_sid:
            return {"messaging_service_sid": settings.twilio_messaging_service_sid}
        assert settings.twilio_from_number is not None
        return {"from_": settings.twilio_from_number}

    def prepare(self, message: Reply | str) -> Prepared:
        """A Reply as SMS text within 2 segments; finished text as it is."""
        text = render_sms(message) if isinstance(message, Reply) else message
        return Prepared(clean_text(text)[:MAX_BODY])

    async def send(self, address: str, message: Prepared | str) -> SendResult:
        """POST one message; Twilio errors, timeouts and network failures come back as results."""
        text = message.text if isinstance(message, Prepared) else message
        extra: dict[str, str] = self._sender()
        if self.settings.public_url:
            extra["status_callback"] = self.settings.public_url.rstrip("/") + STATUS_PATH
        try:
            message = await self._api().api.account.messages.create_async(
                to=address, body=clean_text(text)[:MAX_BODY], **extra
            )
        except TwilioRestException as error:
            result = classify(error)
        except (TimeoutError, aiohttp.ClientError) as error:
            result = SendResult.failed(f"network: {type(error).__name__}: {error}", retryable=True)
        except TwilioException as error:
            result = SendResult.failed(f"twilio: {error}", retryable=True)
        else:
            if not message.sid:
                return SendResult.failed("twilio answered without a message sid", retryable=True)
            return SendResult.sent(message.sid)
        log.warning(
            "sms not sent",
            extra={"fields": {"to": address, "error": result.error, "retry": result.retryable}},
        )
        return result

    async def find_sent(self, address: str, text: str, since: datetime) -> str | None:
        """The sid of a message with this body Twilio took for `address` since `since`, or None.

        For a send in doubt (its sender died before recording the outcome): Twilio's message
        list, filtered by recipient and DateSent, read through the twilio client. Raises when
        Twilio cannot be asked; the caller tries again later rather than risk sending twice.
        """
        window = since - LOOKUP_MARGIN
        found = await self._api().api.account.messages.list_async(
            to=address, date_sent_after=window, limit=LOOKUP_LIMIT
        )
        body = clean_text(text)[:MAX_BODY]
        for message in found:
            created = message.date_created or message.date_sent
            if message.body == body and (created is None or created >= window):
                return message.sid
        return None

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.close()
        self._http = self._client = None
