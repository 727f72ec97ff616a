"""Local time as staff type it and workers read it, stored in UTC (GONGYOU_TIMEZONE, any zone).

Staff write `2026-05-01 09:00`, `2026/5/1 9:00`, `2026年5月1日 9点半` or, for this year or the
next, `5月1日 9:00`; an end time may be just `17:00` (the start's day). An ISO time with its own
offset (`2026-05-01T09:00+08:00`) keeps that offset.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.matching.intents import normalise

_DAY = r"(?:(?P<year>\d{4})\s*[-/.年]\s*)?(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*[日号]?"
_TIME = r"(?P<hour>\d{1,2})\s*(?:[:点时]\s*(?P<minute>\d{1,2})?\s*分?|(?P<half>点半))?(?::\d{2})?"
_WHEN = re.compile(rf"^{_DAY}(?:\s*[T ]?\s*{_TIME})?$")
_TIME_ONLY = re.compile(rf"^{_TIME}$")


class BadTime(ValueError):
    """Text that is no date and time; `text` is what was given."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _clock(match: re.Match[str], text: str) -> time:
    if match.group("hour") is None:
        raise BadTime(text)  # a day without a time: the hour matters to a departure
    hour = int(match.group("hour"))
    minute = 30 if match.group("half") else int(match.group("minute") or 0)
    if hour > 23 or minute > 59:
        raise BadTime(text)
    return time(hour, minute)


def _with_offset(text: str) -> datetime | None:
    """An ISO time carrying its own offset, else None."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else None


def parse_local(text: str, zone: str, *, today: date, day: date | None = None) -> datetime:
    """The UTC moment `text` names in `zone`. A date without a year is this year's, or next
    year's when it has passed (`today` is the local date); a bare time is on `day`."""
    cleaned = normalise(text).strip().replace("：", ":")
    if (moment := _with_offset(cleaned)) is not None:
        return moment
    found = _WHEN.match(cleaned)
    if found is not None:
        year = found.group("year")
        try:
            when = date(int(year or today.year), int(found.group("month")), int(found.group("day")))
            if year is None and when < today:
                when = when.replace(year=today.year + 1)
        except ValueError:
            raise BadTime(text) from None
        clock = _clock(found, text)
    elif day is not None and (found := _TIME_ONLY.match(cleaned)) is not None:
        when, clock = day, _clock(found, text)
    else:
        raise BadTime(text)
    return datetime.combine(when, clock, ZoneInfo(zone)).astimezone(UTC)


def local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def local_day(moment: datetime, zone: str) -> date:
    return local(moment, zone).date()


def shown(moment: datetime, zone: str) -> str:
    """`2026-05-01 09:00` in local time: staff lists, rosters, the CLI."""
    return local(moment, zone).strftime("%Y-%m-%d %H:%M")


def short(moment: datetime, zone: str, locale: str) -> str:
    """`5月1日 09:00` / `May 1 09:00`: what a worker reads in a message."""
    there = local(moment, zone)
    if locale == "en":
        return f"{there:%b} {there.day} {there:%H:%M}"
    return f"{there.month}月{there.day}日 {there:%H:%M}"
