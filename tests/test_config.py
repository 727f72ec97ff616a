"""Configuration: blank means unset, secrets stay secret, and only GONGYOU_ variables configure us."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from bot.config import Settings, parse_offsets, startup_notes

SECRETS = ["TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "TWILIO_AUTH_TOKEN"]


@pytest.fixture
def clean(monkeypatch, tmp_path):
    """No variable of the developer's, and a working directory whose .env the test writes."""
    for name in SECRETS + ["TWILIO_ACCOUNT_SID", "GONGYOU_PUBLIC_URL", "DEMO", "GONGYOU_DEMO"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("name", SECRETS)
@pytest.mark.parametrize("blank", ["", " ", "\t", '""'])
def test_a_blank_secret_in_dotenv_is_unset(name, blank, clean) -> None:
    (clean / ".env").write_text(f"{name}={blank}\nTWILIO_ACCOUNT_SID=AC{'0' * 32}\n")
    settings = Settings()
    assert getattr(settings, name.lower()) is None
    assert settings.secret(name.lower()) is None
    assert name in settings.blank_variables
    assert any(name in note and "unset" in note for note in startup_notes(settings))


@pytest.mark.parametrize("name", SECRETS)
def test_a_blank_secret_in_the_environment_is_unset(name, clean, monkeypatch) -> None:
    monkeypatch.setenv(name, "   ")
    assert getattr(Settings(), name.lower()) is None


def test_nothing_is_enabled_by_blank_secrets(clean, monkeypatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "")
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", " ")
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "0" * 32)
    settings = Settings()
    assert not settings.telegram_enabled
    assert not settings.twilio_enabled
    assert "TWILIO_AUTH_TOKEN is not set: every SMS webhook is refused (403)" in startup_notes(
        settings
    )


def test_a_secret_is_read_without_surrounding_space(clean, monkeypatch) -> None:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", " token \n")
    assert Settings().secret("twilio_auth_token") == "token"


def test_a_blank_setting_with_a_default_takes_the_default(clean, monkeypatch) -> None:
    monkeypatch.setenv("GONGYOU_PORT", " ")
    monkeypatch.setenv("GONGYOU_DATABASE_URL", "")
    settings = Settings()
    assert settings.port == 8080
    assert settings.database_url == "sqlite:///gongyou.db"


@pytest.mark.parametrize(
    ("name", "value"),
    [("DEMO", "1"), ("demo", "true"), ("GONGYOU_DEMO", "1"), ("Demo", "yes")],
)
def test_no_variable_turns_demo_mode_on(name, value, clean, monkeypatch) -> None:
    monkeypatch.setenv(name, value)
    assert Settings().demo is False
    (clean / ".env").write_text(f"{name}={value}\n")
    assert Settings().demo is False


def test_only_aliased_variables_are_read(clean, monkeypatch) -> None:
    """A field's own name (DATABASE_URL, PORT) is not a variable of ours; GONGYOU_ ones are."""
    monkeypatch.setenv("DATABASE_URL", "postgresql://elsewhere/db")
    monkeypatch.setenv("PORT", "1")
    monkeypatch.setenv("SMS_HOURLY_LIMIT", "100000")
    settings = Settings()
    assert settings.database_url == "sqlite:///gongyou.db"
    assert settings.port == 8080
    assert settings.sms_hourly_limit == 20


def test_demo_mode_says_unsigned_sms_is_accepted(clean) -> None:
    settings = Settings().model_copy(update={"demo": True})
    assert any("accepted unsigned" in note for note in startup_notes(settings))


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York", "UTC", "Europe/Berlin"])
def test_any_time_zone_is_taken(zone, clean, monkeypatch) -> None:
    monkeypatch.setenv("GONGYOU_TIMEZONE", zone)
    assert Settings().timezone == zone


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Asia/Beijing", "../etc/passwd"])
def test_an_unknown_time_zone_is_a_setting_mistake(zone, clean, monkeypatch, capsys) -> None:
    from bot.cli import main

    monkeypatch.setenv("GONGYOU_TIMEZONE", zone)
    assert main(["export", "seekers"]) == 2
    assert "GONGYOU_TIMEZONE" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-90s", [(timedelta(seconds=90), None)]),
        ("-2h", [(timedelta(hours=2), None)]),
        ("-30m", [(timedelta(minutes=30), None)]),
        ("-1d@18:00", [(timedelta(days=1), time(18, 0))]),
        ("-1d@18:00,-2h", [(timedelta(days=1), time(18, 0)), (timedelta(hours=2), None)]),
        (" -90s , -30s ", [(timedelta(seconds=90), None), (timedelta(seconds=30), None)]),
        ("", [(timedelta(days=1), time(18, 0)), (timedelta(hours=2), None)]),
        ("  ", [(timedelta(days=1), time(18, 0)), (timedelta(hours=2), None)]),
        ("-0d@20:00", [(timedelta(0), time(20, 0))]),
    ],
)
def test_reminder_offsets_are_read(text, expected) -> None:
    assert [(o.before, o.at) for o in parse_offsets(text)] == expected


@pytest.mark.parametrize("text", ["2h", "-2x", "-1d@25:00", "-2h@18:00", "-0s", "-1d,,-2h", "x"])
def test_a_bad_reminder_offset_is_refused(text) -> None:
    with pytest.raises(ValueError):
        parse_offsets(text)


def test_reminder_offsets_default_when_blank(clean, monkeypatch) -> None:
    monkeypatch.setenv("GONGYOU_REMINDER_OFFSETS", " ")
    assert [o.text for o in Settings().reminders] == ["-1d@18:00", "-2h"]


def test_a_bad_reminder_offset_is_a_start_up_error(clean, monkeypatch, capsys) -> None:
    from bot.cli import main

    monkeypatch.setenv("GONGYOU_REMINDER_OFFSETS", "-2 hours")
    assert main(["export", "seekers"]) == 2
    assert "GONGYOU_REMINDER_OFFSETS" in capsys.readouterr().err
