"""Local time as staff type it: stored UTC, any zone, explicit offsets kept."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.schedule.times import BadTime, parse_local, short, shown

TODAY = date(2026, 4, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-01 09:00", datetime(2026, 5, 1, 1, 0, tzinfo=UTC)),
        ("2026/5/1 9:00", datetime(2026, 5, 1, 1, 0, tzinfo=UTC)),
        ("2026-05-01T09:00", datetime(2026, 5, 1, 1, 0, tzinfo=UTC)),
        ("2026年5月1日 9点半", datetime(2026, 5, 1, 1, 30, tzinfo=UTC)),
        ("２０２６－０５－０１　０９：００", datetime(2026, 5, 1, 1, 0, tzinfo=UTC)),
        ("5月1日 9:00", datetime(2026, 5, 1, 1, 0, tzinfo=UTC)),  # this year
        ("3月1日 8:00", datetime(2027, 3, 1, 0, 0, tzinfo=UTC)),  # passed: next year
        ("2026-05-01T09:00+09:00", datetime(2026, 5, 1, 0, 0, tzinfo=UTC)),  # its own offset
    ],
)
def test_shanghai_times_are_stored_in_utc(text, expected):
    assert parse_local(text, "Asia/Shanghai", today=TODAY) == expected


def test_any_zone_and_its_summer_time():
    winter = parse_local("2026-01-15 09:00", "America/New_York", today=TODAY)
    summer = parse_local("2026-07-15 09:00", "America/New_York", today=TODAY)
    assert (winter.hour, summer.hour) == (14, 13)
    assert shown(summer, "America/New_York") == "2026-07-15 09:00"


def test_a_bare_time_is_on_the_given_day():
    moment = parse_local("17:00", "Asia/Shanghai", today=TODAY, day=date(2026, 5, 1))
    assert moment == datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "明天", "2026-05-01", "2026-13-01 09:00", "25:00", "17:00"])
def test_what_is_no_time_is_refused(text):
    with pytest.raises(BadTime):
        parse_local(text, "Asia/Shanghai", today=TODAY)


def test_workers_read_short_local_times():
    moment = datetime(2026, 5, 1, 1, 0, tzinfo=UTC)
    assert short(moment, "Asia/Shanghai", "zh_CN") == "5月1日 09:00"
    assert short(moment, "Asia/Shanghai", "en") == "May 1 09:00"
