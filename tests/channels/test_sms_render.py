"""Reply -> SMS text: layout, and shortening to the 2-segment budget, as a table of cases."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.segments import segments
from bot.channels.sms_render import render_sms
from bot.replies import Choice, Line, Reply


def job(n: int, employer: str, title: str = "普工", place: str = "深圳宝安") -> Choice:
    wage = Line("wage.range", {"low": 4500, "high": 6500})
    params = {"employer": employer, "title": title, "place": place, "wage": wage}
    return Choice(Line("jobs.item", params), str(n))


def details(employer: str, benefits: str, locale: str = "zh_CN") -> Reply:
    params = {
        "employer": employer,
        "title": "电焊工",
        "place": "广东省深圳市宝安区",
        "wage": Line("wage.fixed", {"amount": 7000}),
        "openings": 12,
    }
    return Reply(
        (
            Line("job.details", params),
            Line("job.benefits", {"text": benefits}),
            Line("job.how_to_apply"),
        ),
        actions=(Choice(Line("action.apply"), "报名"), Choice(Line("action.back"), "返回")),
        locale=locale,
    )


def jobs(*employers: str, locale: str = "zh_CN") -> Reply:
    title, place = ("普工", "深圳宝安") if locale == "zh_CN" else ("Welder", "Shenzhen")
    return Reply(
        (Line("jobs.header"),),
        choices=tuple(job(n, e, title, place) for n, e in enumerate(employers, start=1)),
        actions=(Choice(Line("action.more"), "更多"),),
        footer=(Line("jobs.footer"),),
        locale=locale,
    )


LONG_BENEFITS = "包吃包住，八人间宿舍配空调热水，每月全勤奖三百元，夜班补贴每晚二十元，" * 3
LONG_EMPLOYER = "深圳市宝安区福永街道某某精密电子科技集团第三分厂"


@dataclass(frozen=True)
class Case:
    name: str
    reply: Reply
    expected: str | None = None  # the exact text, when it must not change
    contains: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    starts: str = ""
    ends: str = ""
    max_segments: int = 2


CASES = [
    Case(
        "short list unchanged, actions not shown",
        jobs("宝安精密电子", "会宁建工"),
        expected="适合您的岗位：\n1. 宝安精密电子 普工 深圳宝安 4500-6500元\n"
        "2. 会宁建工 普工 深圳宝安 4500-6500元\n回复序号看详情，“更多”换一批。",
        absent=("更多\n",),
    ),
    Case(
        "one line",
        Reply((Line("stop.done"),)),
        expected="已退订，不会再收到消息。回复“订阅”可恢复。",
        max_segments=1,
    ),
    Case(
        "long employer names cut, numbers and footer kept",
        jobs(LONG_EMPLOYER, LONG_EMPLOYER + "二", LONG_EMPLOYER + "三"),
        starts="适合您的岗位：\n1. ",
        ends="\n回复序号看详情，“更多”换一批。",
        contains=("…", "\n2. ", "\n3. "),
    ),
    Case(
        "long benefits cut first, details' first line kept",
        details("宝安精密电子", LONG_BENEFITS),
        starts="宝安精密电子 电焊工\n",
        contains=("福利：包吃包住", "…", "回复“报名”报名"),
    ),
    Case(
        "english list stays GSM-7 with dots",
        jobs("Bao'an Precision Electronics Manufacturing Group Plant Three " * 6, "B", locale="en"),
        starts="Jobs:\n1. Welder Shenzhen ¥4500-6500 ",
        contains=("...", "\n2. Welder Shenzhen ¥4500-6500 B"),
        absent=("…",),
        ends="\nDetails: 1-3. Next 3: MORE",
    ),
    Case(
        "twenty choices never exceed two segments, numbers and footer kept",
        jobs(*(LONG_EMPLOYER for _ in range(20))),
        contains=tuple(f"\n{n}. " for n in range(1, 21)),
        ends="\n回复序号看详情，“更多”换一批。",
    ),
    Case(
        "one huge line is cut",
        Reply((Line("register.region_unknown", {"text": "长" * 500}),)),
        starts="没找到“长",
        contains=("…",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_render(case: Case) -> None:
    text = render_sms(case.reply)
    assert 1 <= segments(text) <= case.max_segments
    if case.expected is not None:
        assert text == case.expected
    for part in case.contains:
        assert part in text
    for part in case.absent:
        assert part not in text
    assert text.startswith(case.starts)
    assert text.endswith(case.ends)


def test_longest_part_is_cut_first() -> None:
    """A short employer survives whole while a long one next to it is shortened."""
    text = render_sms(jobs("短厂", LONG_EMPLOYER * 3, "宝安精密电子"))
    rows = text.split("\n")
    assert rows[1] == "1. 短厂 普工 深圳宝安 4500-6500元"
    assert rows[2].startswith("2. 深圳市") and rows[2].endswith("…")
    assert rows[3] == "3. 宝安精密电子 普工 深圳宝安 4500-6500元"


@settings(max_examples=150, deadline=None)
@given(
    head=st.text(max_size=300),
    employers=st.lists(st.text(min_size=1, max_size=120), max_size=3),
    locale=st.sampled_from(["zh_CN", "en"]),
)
def test_any_reply_fits_and_keeps_its_frame(head: str, employers: list[str], locale: str) -> None:
    reply = Reply(
        (Line("register.region_unknown", {"text": head}), Line("job.benefits", {"text": head})),
        choices=tuple(job(n, e) for n, e in enumerate(employers, start=1)),
        footer=(Line("jobs.footer"),),
        locale=locale,
    )
    text = render_sms(reply)
    assert 1 <= segments(text) <= 2
    rows = text.split("\n")
    assert rows[-1] == render_sms(Reply((Line("jobs.footer"),), locale=locale))
    numbers = [row.split(". ", 1)[0] for row in rows if row[:1].isdigit() and ". " in row]
    assert [str(n) for n in range(1, len(employers) + 1)] == numbers[
        -len(employers) :
    ] or not employers
