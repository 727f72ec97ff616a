"""What the dialog returns: catalog lines and choices, never rendered text and never sent."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime


class Elastic(str):
    """A parameter a channel may shorten with an ellipsis to fit its budget; lower `rank` first."""

    rank: int

    def __new__(cls, value: str, rank: int = 0) -> Elastic:
        made = super().__new__(cls, value)
        # A worker can spare an employer's full name sooner than the place (bot/handlers/present.py).
        made.rank = rank
        return made


@dataclass(frozen=True, slots=True)
class Line:
    """One catalog key with its parameters; the channel renders it in the seeker's locale."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)
    # 0: the reply needs this line. Otherwise a channel short of room may leave it out, the
    # highest first, rather than cut what the reply needs (a wage, a date, how to answer).
    optional: int = 0


@dataclass(frozen=True, slots=True)
class Choice:
    """An option: a numbered line on SMS, a button on Telegram.

    `command` is exactly what typing the option means ("1", "更多", "报名"), so a button press and a
    typed answer take the same path through the dialog. It must stay within Telegram's 64 bytes.
    """

    label: Line
    command: str


@dataclass(frozen=True, slots=True)
class Reply:
    lines: tuple[Line, ...]
    # Picked by number on SMS ("1. ..."), shown as one button each on Telegram.
    choices: tuple[Choice, ...] = ()
    # Paging, apply and the like: buttons on Telegram, already spelt out in `lines` for SMS.
    actions: tuple[Choice, ...] = ()
    # Shown after the choices: how to answer them ("回复序号看详情").
    footer: tuple[Line, ...] = ()
    # Telegram: ask for the user's own phone number with a request_contact button.
    ask_contact: bool = False
    # The seeker's locale after this step (language changes take effect in the reply itself).
    locale: str = "zh_CN"


@dataclass(frozen=True, slots=True)
class Inbound:
    """A message from a person, already verified and parsed by its channel."""

    channel: str  # "sms" | "telegram" | "console"
    address: str  # E.164 phone for SMS and console, the user id for Telegram
    text: str
    received_at: datetime
    provider_id: str | None = None
    # Telegram only: the sender's own phone number from a shared contact, E.164.
    contact_phone: str | None = None
    display_name: str | None = None
    language_hint: str | None = None
