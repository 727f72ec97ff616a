"""What every channel shares at its edge: cleaning text that came from, or goes to, the outside."""

from __future__ import annotations

import re

import phonenumbers

# Twilio's own limit for one inbound message; anything longer is cut, not refused.
MAX_BODY = 1600

# Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF); PostgreSQL
# also refuses NUL in text. Dropped at the edge so storage, TwiML and logs never see them.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """`text` without the characters no XML document or database text column may hold."""
    return _UNSAFE.sub("", text)


def normalise_phone(raw: str) -> str | None:
    """E.164 for anything that parses as a possible phone number (short codes and names do not)."""
    try:
        number = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
