"""The shape of what Twilio posts, checked after the signature and before anything runs.

Twilio's signature covers the sorted names and values concatenated with no separator, so a captured
request can be re-cut without breaking it: drop `NumMedia` and append `NumMedia0` to `MessageSid`,
and the same signature validates a "new" message. Identifiers with their exact shapes, and the
parameters Twilio always sends, close that door.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

MESSAGE_SID = re.compile(r"(SM|MM)[0-9a-f]{32}")
ACCOUNT_SID = re.compile(r"AC[0-9a-f]{32}")
MEDIA_COUNT = re.compile(r"[0-9]{1,2}")  # \\d would take any Unicode digit

# Parameters Twilio sends with every inbound message, and with every status callback.
INBOUND = ("MessageSid", "AccountSid", "From", "To", "Body", "NumMedia")
STATUS = ("MessageSid", "AccountSid", "MessageStatus")


def problem(
    params: Mapping[str, str], required: tuple[str, ...], account: str | None
) -> str | None:
    """Why these params cannot have come from Twilio, or None when their shape is right.

    `account` is our Account SID when configured: a request for another account is not ours.
    """
    missing = [name for name in required if name not in params]
    if missing:
        return "missing " + ",".join(missing)
    sid = params["MessageSid"]
    if not MESSAGE_SID.fullmatch(sid):
        return "MessageSid shape"
    # Older parameter names Twilio still sends beside MessageSid must agree with it.
    for alias in ("SmsSid", "SmsMessageSid"):
        if alias in params and params[alias] != sid:
            return f"{alias} differs"
    if not ACCOUNT_SID.fullmatch(params["AccountSid"]):
        return "AccountSid shape"
    if account and params["AccountSid"] != account:
        return "AccountSid not ours"
    if "NumMedia" in required and not MEDIA_COUNT.fullmatch(params["NumMedia"]):
        return "NumMedia shape"
    return None
