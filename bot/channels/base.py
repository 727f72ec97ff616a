"""What every channel shares at its edge: cleaning text that came from, or goes to, the outside."""

from __future__ import annotations

import re

import phonenumbers
from starlette.requests import Request

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


async def read_limited(request: Request, limit: int) -> bytes | None:
    """The request body, or None once it passes `limit` bytes.

    Content-Length alone is no guard: a chunked request has none, and reading it whole before the
    signature check would let anyone fill the server's memory.
    """
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)
