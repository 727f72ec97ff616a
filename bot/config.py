"""Settings read once from the environment and `.env`, then passed explicitly to whatever needs them."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///gongyou.db"
DEMO_DATABASE_URL = "sqlite:///gongyou-demo.db"
DEFAULT_SPOOL_DIR = "spool"


class Settings(BaseSettings):
    """The public configuration contract (see DESIGN.md); secrets are SecretStr so they never print."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(DEFAULT_DATABASE_URL, validation_alias="GONGYOU_DATABASE_URL")
    host: str = Field("127.0.0.1", validation_alias="GONGYOU_HOST")
    port: int = Field(8080, validation_alias="GONGYOU_PORT")
    public_url: str | None = Field(None, validation_alias="GONGYOU_PUBLIC_URL")
    timezone: str = Field("Asia/Shanghai", validation_alias="GONGYOU_TIMEZONE")
    locale: str = Field("zh_CN", validation_alias="GONGYOU_LOCALE")

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
    sms_hourly_limit: int = Field(20, validation_alias="GONGYOU_SMS_HOURLY_LIMIT")
    # Where inbound messages wait while the database cannot take them (relative: to the working
    # directory the server starts in).
    spool_dir: Path = Field(Path(DEFAULT_SPOOL_DIR), validation_alias="GONGYOU_SPOOL_DIR")

    demo: bool = False

    @field_validator("spool_dir", mode="before")
    @classmethod
    def _blank_spool_dir(cls, value: object) -> object:
        """A blank GONGYOU_SPOOL_DIR is unset, not the working directory itself."""
        return DEFAULT_SPOOL_DIR if isinstance(value, str) and not value.strip() else value

    @property
    def sms_calling_codes(self) -> tuple[str, ...]:
        """Calling-code prefixes allowed to receive SMS, e.g. ('+86',)."""
        codes = (c.strip() for c in self.sms_countries.replace(";", ",").split(","))
        return tuple(c if c.startswith("+") else f"+{c}" for c in codes if c)

    @property
    def telegram_enabled(self) -> bool:
        return self.telegram_bot_token is not None

    @property
    def twilio_enabled(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token)


def load_settings(**overrides: object) -> Settings:
    """Build the settings once, at start-up; overrides come from CLI flags."""
    settings = Settings()
    return settings.model_copy(update={k: v for k, v in overrides.items() if v is not None})
