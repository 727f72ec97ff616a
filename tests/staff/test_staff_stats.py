"""/stats: the numbers in the scope, this week in local time, and a PNG chart without glyph noise."""

from __future__ import annotations

import logging
import warnings
from datetime import UTC, date, datetime

import pytest
from staff_world import ADMIN, BAIYIN, HUINING, applied

from bot.staff import run_staff_command, staff_for_telegram
from bot.staff.chart import Panel, font_for, render
from bot.staff.stats import province_label, week_start
from messages import t
from storage.models import Seeker

# Wednesday; the week began Monday 2 March 00:00 in Shanghai = 1 March 16:00 UTC.
TODAY = date(2026, 3, 4)
BEFORE_MONDAY = datetime(2026, 3, 1, 15, 59, tzinfo=UTC)
AFTER_MONDAY = datetime(2026, 3, 1, 16, 0, tzinfo=UTC)


async def stats(session, telegram_id, locale="zh_CN", timezone="Asia/Shanghai"):
    staff = await staff_for_telegram(session, telegram_id)
    return await run_staff_command(
        session, staff, "stats", "", document=None, today=TODAY, locale=locale, timezone=timezone
    )


async def add_activity(session, world) -> None:
    """Three more 会宁 seekers (two this week), and applications of every age."""
    session.add_all(
        [
            Seeker(phone="+8613000000010", region_code="620422", group="rural", created_at=AFTER_MONDAY),
            Seeker(phone="+8613000000011", region_code="620421", group="4050", created_at=AFTER_MONDAY),
            Seeker(phone="+8613000000012", region_code="620422", group="rural", created_at=BEFORE_MONDAY),
        ]
    )  # fmt: skip
    for seeker in world.seekers.values():
        seeker.created_at = BEFORE_MONDAY
    job = world.vacancies["会宁普工"]
    await applied(session, world.seekers["会宁张三"], job, "hired", BEFORE_MONDAY)
    await applied(session, world.seekers["会宁登记"], job, "interested", AFTER_MONDAY)
    # 王五 (兰州) applied to a 白银 vacancy: 白银 follows its vacancy's applicants.
    await applied(
        session, world.seekers["兰州王五"], world.vacancies["白银焊工"], "interested", AFTER_MONDAY
    )
    await applied(
        session, world.seekers["兰州王五"], world.vacancies["兰州保安"], "referred", AFTER_MONDAY
    )
    await session.commit()


@pytest.mark.parametrize(
    ("telegram_id", "lines"),
    [
        (
            BAIYIN,
            [
                t("staff.stats.title", "zh_CN", agency="白银市就业局"),
                "求职者5人，本周新增2人（本周自2026-03-02起）",
                "家乡省份：甘肃4、未填家乡1",
                "人群：农村劳动力2、4050人员1、其他2",
                "报名3人次，本周新增2人次",
                "报名状态：已报名2、已录用1",
            ],
        ),
        (
            ADMIN,
            [
                t("staff.stats.title_all", "zh_CN"),
                "求职者7人，本周新增2人（本周自2026-03-02起）",
                "家乡省份：甘肃5、未填家乡2",
                "人群：农村劳动力2、4050人员1、其他4",
                "报名4人次，本周新增3人次",
                "报名状态：已报名2、已推荐1、已录用1",
            ],
        ),
    ],
)
async def test_stats_text(session, world, telegram_id, lines):
    await add_activity(session, world)
    reply = await stats(session, telegram_id)
    assert reply.text.splitlines() == lines


async def test_stats_english(session, world):
    await add_activity(session, world)
    text = (await stats(session, HUINING, locale="en")).text
    # 会宁 alone: not the 靖远 (620421) sign-up that 白银 sees.
    assert "4 job seekers, 1 new this week (week from 2026-03-02)" in text
    assert "Home province: Gansu 3, no home region 1" in text


async def test_week_follows_the_local_timezone(session, world):
    await add_activity(session, world)
    # In UTC the week starts 2 March 00:00: the 1 March 16:00 sign-ups fall in the week before.
    text = (await stats(session, ADMIN, timezone="UTC")).text
    assert "求职者7人，本周新增0人" in text


@pytest.mark.parametrize(
    ("today", "timezone", "start"),
    [
        (date(2026, 3, 4), "Asia/Shanghai", datetime(2026, 3, 1, 16, tzinfo=UTC)),
        (date(2026, 3, 2), "Asia/Shanghai", datetime(2026, 3, 1, 16, tzinfo=UTC)),
        (date(2026, 3, 8), "UTC", datetime(2026, 3, 2, tzinfo=UTC)),
    ],
)
def test_week_start(today, timezone, start):
    assert week_start(today, timezone) == start


async def test_stats_chart_is_a_png_without_glyph_warnings(session, world, caplog):
    await add_activity(session, world)
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        reply = await stats(session, BAIYIN)
    assert reply.image is not None and reply.image.startswith(b"\x89PNG\r\n\x1a\n")
    assert reply.image_name == "stats-2026-03-04.png"
    noise = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    assert not [message for message in noise if "Glyph" in message or "missing" in message]


async def test_no_data_no_chart(session, world):
    for seeker in world.seekers.values():
        await session.delete(seeker)
    await session.commit()
    reply = await stats(session, HUINING)
    assert reply.image is None and reply.image_name is None
    assert "求职者0人，本周新增0人" in reply.text
    assert t("staff.stats.by_status", "zh_CN", items=t("staff.stats.none", "zh_CN")) in reply.text


async def test_top_ten_provinces_then_other(session, world):
    provinces = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34"]
    session.add_all(
        Seeker(phone=f"+861300000{i:04d}", region_code=f"{code}0000")
        for i, code in enumerate(provinces)
    )
    await session.commit()
    text = (await stats(session, ADMIN)).text
    region_line = next(line for line in text.splitlines() if line.startswith("家乡省份"))
    # 甘肃 and 9 of the 12 new provinces, then the other 3, then those without a home region.
    assert region_line.count("、") == 11
    assert region_line.startswith("家乡省份：甘肃2、北京1")
    assert region_line.endswith("其他省份3、未填家乡2")


@pytest.mark.parametrize(
    ("prefix", "locale", "label"),
    [
        ("62", "zh_CN", "甘肃"),
        ("62", "en", "Gansu"),
        ("61", "en", "Shaanxi"),
        ("14", "en", "Shanxi"),
        ("45", "zh_CN", "广西"),
        ("50", "en", "Chongqing"),
        (None, "zh_CN", "未填家乡"),
        ("99", "zh_CN", "99"),
    ],
)
def test_province_label(prefix, locale, label):
    assert province_label(prefix, locale) == label


def test_font_for_ascii_and_impossible_text():
    assert font_for("Applications") is not None
    assert font_for("\U000f0000") is None  # a private-use plane no real font covers
    assert not (font_for("甘肃 求职者") or "").startswith("Last Resort")  # boxes, not glyphs


def test_render_many_panels():
    png = render([Panel("a", [("x", 3), ("y", 0)]), Panel("b", [("z", 1)])], "title", None)
    assert png.startswith(b"\x89PNG")
