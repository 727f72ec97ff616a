"""A meeting with a few vacancies and seekers of every kind a broadcast must tell apart."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Application, Employer, Meeting, Seeker, Vacancy

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 10:00 in Asia/Shanghai
MEETING = "春季劳务协作洽谈会"
WELDER, CARPENTER, ELECTRICIAN = (
    "construction.welder",
    "construction.carpenter",
    "technical.electrician",
)
HUINING, BAIYIN_DISTRICT, LANZHOU, SHENZHEN = "620422", "620402", "620102", "440306"
_keys = itertools.count()

# name: (phone, telegram id, channel, occupations, home, scope, extra columns)
SEEKERS = {
    "sms": ("+8613800000001", None, "sms", WELDER, HUINING, "country", {}),
    "telegram": (None, 7001, "telegram", WELDER, HUINING, "country", {}),
    "both": ("+8613800000003", 7003, "telegram", WELDER, BAIYIN_DISTRICT, "province", {}),
    # Blocked the bot, has a phone: reached by SMS instead.
    "blocked_with_phone": (
        "+8613800000004",
        7004,
        "telegram",
        WELDER,
        HUINING,
        "country",
        {"telegram_unreachable": True},
    ),
    "carpenter": ("+8613800000005", None, "sms", CARPENTER, HUINING, "local", {}),  # same category
    "applied": ("+8613800000006", None, "sms", WELDER, HUINING, "country", {}),
    "opted_out": ("+8613800000007", None, "sms", WELDER, HUINING, "country", {"opted_out": True}),
    "alerts_off": ("+8613800000008", None, "sms", WELDER, HUINING, "country", {"alerts": False}),
    "blocked_only": (
        None,
        7009,
        "telegram",
        WELDER,
        HUINING,
        "country",
        {"telegram_unreachable": True},
    ),
    "abroad_number": ("+14155550100", None, "sms", WELDER, HUINING, "country", {}),
    "electrician": ("+8613800000011", None, "sms", ELECTRICIAN, HUINING, "country", {}),
    "stays_in_shenzhen": ("+8613800000012", None, "sms", WELDER, SHENZHEN, "local", {}),
    "unregistered": ("+8613800000013", None, "sms", WELDER, HUINING, None, {}),
    "no_trade": ("+8613800000014", None, "sms", "", HUINING, "country", {}),
}
# Who a broadcast of the 会宁 welding job reaches (the carpenter: a trade of the same category).
ELIGIBLE = {"sms", "telegram", "both", "blocked_with_phone", "carpenter"}
BY_CHANNEL = {"sms": {"sms", "blocked_with_phone", "carpenter"}, "telegram": {"telegram", "both"}}


@dataclass
class World:
    meeting: Meeting
    vacancies: dict[str, Vacancy]
    seekers: dict[str, Seeker]

    def names(self, ids) -> set[str]:
        by_id = {s.id: name for name, s in self.seekers.items()}
        return {by_id[i] for i in ids}


def _vacancy(meeting, employer, title, occupation, region, **extra) -> Vacancy:
    key = f"k{next(_keys)}"
    values = {"headcount": 10, "wage_min": 6000, "wage_max": 8000, "wage_unit": "month"}
    values |= {"wage_text": "6000-8000元", "contact": "0943-1234567"} | extra
    return Vacancy(
        meeting=meeting,
        employer=employer,
        title=title,
        occupations=occupation,
        location_text=region,
        region_code=region,
        source_key=key,
        content_hash=key,
        **values,
    )


async def build(session: AsyncSession) -> World:
    meeting = Meeting(name=MEETING, held_on=date(2026, 11, 28))
    employer = Employer(name="陇原建工集团有限公司")
    vacancies = {
        "huining": _vacancy(meeting, employer, "电焊工", WELDER, HUINING),
        "lanzhou": _vacancy(meeting, employer, "二保焊电焊工", WELDER, LANZHOU, wage_text="7000元"),
        "baiyin": _vacancy(meeting, employer, "氩弧焊工", WELDER, BAIYIN_DISTRICT),
        "electric": _vacancy(meeting, employer, "电工", ELECTRICIAN, HUINING),
        "closed": _vacancy(meeting, employer, "焊工", WELDER, HUINING, status="closed"),
        "full": _vacancy(meeting, employer, "焊工", WELDER, HUINING, filled=10),
        "past": _vacancy(meeting, employer, "焊工", WELDER, HUINING, deadline=date(2025, 12, 31)),
    }
    seekers = {}
    for name, (phone, telegram, channel, trades, home, scope, extra) in SEEKERS.items():
        seekers[name] = Seeker(
            name=name,
            phone=phone,
            telegram_id=telegram,
            channel=channel,
            occupations=trades,
            region_code=home,
            scope=scope,
            dialog_data={},
            **extra,
        )
    session.add_all([meeting, employer, *vacancies.values(), *seekers.values()])
    await session.flush()
    session.add(Application(seeker_id=seekers["applied"].id, vacancy_id=vacancies["huining"].id))
    await session.commit()
    return World(meeting, vacancies, seekers)
