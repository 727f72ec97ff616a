"""Settings read once from the environment and `.env`, then passed explicitly to whatever needs them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from typing import Any

from pydantic import Field, PrivateAttr, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///gongyou.db"
DEMO_DATABASE_URL = "sqlite:///gongyou-demo.db"
DEFAULT_SPOOL_DIR = "spool"

# Variables whose values are secrets: never printed, never logged, and blank means unset.
SECRET_VARIABLES = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_SECRET",
    "TWILIO_AUTH_TOKEN",
    "GONGYOU_SECRET_KEY",
)
# Fields set by the program itself, never by the environment: `gongyou demo` alone turns demo on.
INTERNAL_FIELDS = frozenset({"demo"})
DEFAULT_REMINDER_OFFSETS = "-1d@18:00,-2h"
_OFFSET = re.compile(r"^-(?P<count>\d+)(?P<unit>[smhd])(?:@(?P<hour>\d{1,2}):(?P<minute>\d{2}))?$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


@dataclass(frozen=True)
class Offset:
    """One reminder before an event: `before` it, or, with `at`, at that local clock time on the
    day `before` (whole days) earlier. `text` is how it was written: the reminder's dedupe key."""

    before: timedelta
    at: time | None
    text: str


def parse_offsets(text: str | None) -> tuple[Offset, ...]:
    """`-1d@18:00,-2h` (and `-90s`, `-30m`) as offsets; blank is the default; ValueError names
    the part that is not one."""
    if text is None or not text.strip():
        text = DEFAULT_REMINDER_OFFSETS
    offsets = []
    for part in (p.strip() for p in text.replace("，", ",").split(",")):
        found = _OFFSET.match(part.replace(" ", ""))
        if found is None:
            raise ValueError(f"{part!r} is no reminder offset (e.g. -1d@18:00, -2h, -90s)")
        before = timedelta(**{_UNITS[found["unit"]]: int(found["count"])})
        at = None
        if found["hour"] is not None:
            hour, minute = int(found["hour"]), int(found["minute"])
            if found["unit"] != "d" or hour > 23 or minute > 59:
                raise ValueError(f"{part!r}: a clock time goes with whole days, e.g. -1d@18:00")
            at = time(hour, minute)
        if before <= timedelta(0) and at is None:
            raise ValueError(f"{part!r}: a reminder comes before its event")
        offsets.append(Offset(before, at, found.group(0)))
    return tuple(offsets)


class _ContractOnly(PydanticBaseSettingsSource):
    """An environment source that yields only the contract's variables, never an internal field.

    Without it pydantic-settings reads a field that has no alias from a variable of the same name,
    so `DEMO=1` in a service's environment would have switched signature checks off.
    """

    def __init__(self, inner: PydanticBaseSettingsSource) -> None:
        super().__init__(inner.settings_cls)
        self.inner = inner

    def get_field_value(self, field, field_name):  # pragma: no cover - __call__ is used instead
        return self.inner.get_field_value(field, field_name)

    def __call__(self) -> dict[str, Any]:
        return {k: v for k, v in self.inner().items() if k not in INTERNAL_FIELDS}


def _blank(value: object) -> bool:
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return isinstance(value, str) and not value.strip()


class Settings(BaseSettings):
    """The public configuration contract (see DESIGN.md); secrets are SecretStr so they never print."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(DEFAULT_DATABASE_URL, validation_alias="GONGYOU_DATABASE_URL")
    host: str = Field("127.0.0.1", validation_alias="GONGYOU_HOST")
    port: int = Field(8080, validation_alias="GONGYOU_PORT")
    public_url: str | None = Field(None, validation_alias="GONGYOU_PUBLIC_URL")
    timezone: str = Field("Asia/Shanghai", validation_alias="GONGYOU_TIMEZONE")
    locale: str = Field("zh_CN", validation_alias="GONGYOU_LOCALE")
    # When reminders go before each event (bot/schedule/reminders.py), in local time.
    reminder_offsets: str = Field(
        DEFAULT_REMINDER_OFFSETS, validation_alias="GONGYOU_REMINDER_OFFSETS"
    )

    telegram_bot_token: SecretStr | None = Field(None, validation_alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(
        "https://api.telegram.org", validation_alias="TELEGRAM_API_BASE_URL"
    )
    telegram_webhook_secret: SecretStr | None = Field(
        None, validation_alias="TELEGRAM_WEBHOOK_SECRET"
    )

    twilio_account_sid: str | None = Field(None, validation_alias="TWILIO_ACCOUNT_SID")
    twilio_auth_token: SecretStr | None = Field(None, validation_alias="TWILIO_AUTH_TOKEN")
    twilio_from_number: str | None = Field(None, validation_alias="TWILIO_FROM_NUMBER")
    twilio_messaging_service_sid: str | None = Field(
        None, validation_alias="TWILIO_MESSAGING_SERVICE_SID"
    )
    twilio_api_base_url: str = Field(
        "https://api.twilio.com", validation_alias="TWILIO_API_BASE_URL"
    )
    sms_countries: str = Field("+86", validation_alias="GONGYOU_SMS_COUNTRIES")
    # Signs the staff console's cookies; unset: one is generated and kept in the database.
    secret_key: SecretStr | None = Field(None, validation_alias="GONGYOU_SECRET_KEY")
    sms_hourly_limit: int = Field(20, validation_alias="GONGYOU_SMS_HOURLY_LIMIT")
    # New-opening alerts (broadcasts) one seeker may get per local day in GONGYOU_TIMEZONE.
    alerts_per_day: int = Field(1, ge=0, validation_alias="GONGYOU_ALERTS_PER_DAY")
    # Messages per second for the whole service, every process together (the outbox's pace).
    # Telegram allows about 30 a second to different chats (and 1 a second to one chat, which
    # always holds); Twilio sends a number's messages at its MPS and queues the rest.
    telegram_rate: float = Field(25.0, gt=0, validation_alias="GONGYOU_TELEGRAM_RATE")
    sms_rate: float = Field(1.0, gt=0, validation_alias="GONGYOU_SMS_RATE")
    # Where inbound messages wait while the database cannot take them (relative: to the working
    # directory the server starts in).
    spool_dir: Path = Field(Path(DEFAULT_SPOOL_DIR), validation_alias="GONGYOU_SPOOL_DIR")

    # Slow and many clients (see README, "Behind a reverse proxy"): seconds and counts.
    header_timeout: float = Field(10.0, gt=0, validation_alias="GONGYOU_HEADER_TIMEOUT")
    body_timeout: float = Field(15.0, gt=0, validation_alias="GONGYOU_BODY_TIMEOUT")
    keep_alive_timeout: float = Field(5.0, gt=0, validation_alias="GONGYOU_KEEP_ALIVE_TIMEOUT")
    max_connections: int = Field(1000, gt=0, validation_alias="GONGYOU_MAX_CONNECTIONS")
    backlog: int = Field(2048, gt=0, validation_alias="GONGYOU_BACKLOG")

    # Internal: only `gongyou demo` sets it (INTERNAL_FIELDS keeps every environment source away).
    demo: bool = False

    # Variables present but blank (`TWILIO_AUTH_TOKEN=` in .env); they count as unset.
    _blank: tuple[str, ...] = PrivateAttr(default=())

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls,
        init_settings,
        env_settings,
        dotenv_settings,
        file_secret_settings,
    ):
        """Keyword arguments, then the environment, then `.env`; no secrets directory."""
        return init_settings, _ContractOnly(env_settings), _ContractOnly(dotenv_settings)

    @model_validator(mode="wrap")
    @classmethod
    def _blank_is_unset(cls, data: Any, handler):
        """A blank or whitespace value is no value: the default applies, a secret stays unset.

        `TWILIO_AUTH_TOKEN=` would otherwise be a key anyone can sign with.
        """
        blank: tuple[str, ...] = ()
        if isinstance(data, dict):
            blank = tuple(sorted(k for k, v in data.items() if _blank(v)))
            data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
            data = {k: v for k, v in data.items() if k not in blank}
        settings = handler(data)
        settings._blank = blank
        return settings

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        """Any IANA zone works (events are stored in UTC); a misspelt one is refused at start-up,
        not at the first reminder."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (e.g. Asia/Shanghai)") from None
        return value

    @field_validator("reminder_offsets")
    @classmethod
    def _offsets(cls, value: str) -> str:
        """A mistyped offset is refused at start-up, not when the first reminder is planned."""
        parse_offsets(value)
        return value

    @property
    def reminders(self) -> tuple[Offset, ...]:
        return parse_offsets(self.reminder_offsets)

    @property
    def blank_variables(self) -> tuple[str, ...]:
        """Variables that were present but blank, for the start-up notes."""
        return self._blank

    @property
    def sms_calling_codes(self) -> tuple[str, ...]:
        """Calling-code prefixes allowed to receive SMS, e.g. ('+86',)."""
        codes = (c.strip() for c in self.sms_countries.replace(";", ",").split(","))
        return tuple(c if c.startswith("+") else f"+{c}" for c in codes if c)

    def secret(self, name: str) -> str | None:
        """The value of a secret field, or None when it is unset or blank."""
        value = getattr(self, name)
        if value is None or _blank(value):
            return None
        return value.get_secret_value().strip() if isinstance(value, SecretStr) else value.strip()

    def send_rate(self, channel: str) -> float:
        """Messages per second `channel` may send, all processes together."""
        return {"telegram": self.telegram_rate, "sms": self.sms_rate}.get(channel, 1.0)

    @property
    def telegram_enabled(self) -> bool:
        return self.secret("telegram_bot_token") is not None

    @property
    def twilio_enabled(self) -> bool:
        return bool(self.secret("twilio_account_sid") and self.secret("twilio_auth_token"))


def startup_notes(settings: Settings) -> list[str]:
    """What an operator must know about this configuration, said once when the server starts."""
    notes = [f"{name} is blank, so it counts as unset" for name in settings.blank_variables]
    if settings.secret("twilio_auth_token") is None:
        notes.append(
            "TWILIO_AUTH_TOKEN is not set: SMS webhooks are accepted unsigned (demo mode)"
            if settings.demo
            else "TWILIO_AUTH_TOKEN is not set: every SMS webhook is refused (403)"
        )
    webhook_secret = settings.secret("telegram_webhook_secret")
    if settings.telegram_enabled and settings.public_url and webhook_secret is None:
        notes.append("TELEGRAM_WEBHOOK_SECRET is not set: Telegram uses long polling")
    return notes


def load_settings(**overrides: object) -> Settings:
    """Build the settings once, at start-up; overrides come from CLI flags."""
    settings = Settings()
    return settings.model_copy(update={k: v for k, v in overrides.items() if v is not None})
