"""What every channel shares at its edge: cleaning text that came from, or goes to, the outside."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING

import phonenumbers

# Starlette is imported only where the HTTP edge uses it: `gongyou chat` imports this module for
# its text and phone helpers, and Starlette (with anyio and multipart) would slow its start-up.
if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

log = logging.getLogger("gongyou.http")

# Twilio's own limit for one inbound message; anything longer is cut, not refused.
MAX_BODY = 1600

# Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF); PostgreSQL
# also refuses NUL in text. Dropped at the edge so storage, TwiML and logs never see them.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """`text` without the characters no XML document or database text column may hold."""
    return _UNSAFE.sub("", text)


def normalise_phone(raw: str, region: str | None = None) -> str | None:
    """E.164 for anything that parses as a possible phone number (short codes and names do not).

    `region` ("CN") lets a number typed without its country code (13800001234) parse too.
    """
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class BodyTimeout(Exception):
    """The client did not send its whole request body before the deadline."""


async def read_limited(request: Request, limit: int) -> bytes | None:
    """The request body, or None once it passes `limit` bytes.

    Content-Length alone is no guard: a chunked request has none, and reading it whole before the
    signature check would let anyone fill the server's memory. A body that trickles in is no
    better: the whole of it must arrive within the body deadline (`GONGYOU_BODY_TIMEOUT`), else
    BodyTimeout, which the app answers 408 on a closed connection. A client that hangs up raises
    starlette's ClientDisconnect, which the app logs at debug level.
    """
    body = bytearray()
    try:
        async with asyncio.timeout(request.app.state.settings.body_timeout):
            async for chunk in request.stream():
                body += chunk
                if len(body) > limit:
                    return None
    except TimeoutError:
        raise BodyTimeout from None
    return bytes(body)


async def body_too_slow(request: Request, _: Exception) -> Response:
    """408, and close: a connection whose body stalls is not worth keeping."""
    from starlette.responses import PlainTextResponse

    log.debug("request body too slow", extra={"fields": {"path": request.url.path}})
    return PlainTextResponse("request timeout", status_code=408, headers={"Connection": "close"})


async def client_gone(request: Request, _: Exception) -> Response:
    """A client hung up mid-request: expected on the internet, one debug line, no traceback."""
    from starlette.responses import Response

    log.debug("client disconnected", extra={"fields": {"path": request.url.path}})
    # Nobody is listening; uvicorn drops whatever is sent to a closed connection.
    return Response(status_code=400, headers={"Connection": "close"})


def body_errors() -> dict:
    """For Starlette(exception_handlers=...): how the app answers what read_limited raises."""
    from starlette.requests import ClientDisconnect

    return {BodyTimeout: body_too_slow, ClientDisconnect: client_gone}
