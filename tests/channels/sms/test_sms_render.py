"""Reply -> SMS text: layout, and shortening to the 2-segment budget, as a table of cases."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.sms.render import render_sms
from bot.channels.sms.segments import segments
from bot.handlers.present import EMPLOYER_RANK, PLACE_RANK, TITLE_RANK
from bot.replies import Choice, Elastic, Line, Reply


def wage(low: int, high: int | None = None) -> Line:
    if high is None:
        return Line("wage.fixed.month", {"amount": low})
    return Line("wage.range.month", {"low": low, "high": high})


def job(
    n: int, employer: str, title: str = "普工", place: str = "深圳宝安", pay: Line | None = None
) -> Choice:
    """A list item marked up as bot/handlers/browse.py marks it: names and places elastic."""
    params = {
        "employer": Elastic(employer, EMPLOYER_RANK),
        "title": Elastic(title, TITLE_RANK),
        "place": Elastic(place, PLACE_RANK),
        "wage": pay or wage(4500, 6500),
    }
    return Choice(Line("jobs.item", params), str(n))


def details(
    employer: str,
    benefits: str = "",
    locale: str = "zh_CN",
    *,
    title: str = "电焊工",
    place: str = "广东省深圳市宝安区",
    pay: Line | None = None,
    openings: int = 12,
    age: bool = False,
    deadline: str = "",
    footer: str = "job.footer",
) -> Reply:
    """A vacancy's details as bot/handlers/browse.py builds them."""
    params = {
        "employer": Elastic(employer, EMPLOYER_RANK),
        "title": Elastic(title, TITLE_RANK),
        "place": Elastic(place, PLACE_RANK),
        "wage": pay or wage(7000),
        "openings": openings,
    }
    lines = [Line("job.details", params)]
    if age:
        lines.append(Line("job.age", {"low": 18, "high": 45}, optional=1))
    if benefits:
        lines.append(Line("job.benefits", {"text": Elastic(benefits)}, optional=2))
    if deadline:
        lines.append(Line("job.deadline", {"date": deadline}))
    return Reply(
        tuple(lines),
        actions=(Choice(Line("action.apply"), "报名"), Choice(Line("action.back"), "返回")),
        footer=(Line(footer),),
        locale=locale,
    )


def jobs(*employers: str, locale: str = "zh_CN") -> Reply:
    title, place = ("普工", "深圳宝安") if locale == "zh_CN" else ("Welder", "Shenzhen")
    return listing(
        *(job(n, e, title, place) for n, e in enumerate(employers, start=1)), locale=locale
    )


def listing(*items: Choice, locale: str = "zh_CN", header: str = "jobs.header") -> Reply:
    return Reply(
        (Line(header),),
        choices=items,
        actions=(Choice(Line("action.more"), "更多"),),
        footer=(Line("jobs.footer"),),
        locale=locale,
    )


LONG_BENEFITS = "包吃包住，八人间宿舍配空调热水，每月全勤奖三百元，夜班补贴每晚二十元，" * 3
LONG_EMPLOYER = "深圳市宝安区福永街道某某精密电子科技集团第三分厂"
# Employer names as they appear on real labour-cooperation meeting lists (company form removed).
FOXCONN_ZZ = "鸿富锦精密电子（郑州）"
BINGTUAN = "新疆生产建设兵团第八师石河子市天山铝业股份有限公司热电分公司"
CSCEC = "中国建筑第八工程局有限公司西北分公司第三项目经理部"
FOXCONN_EN = "Foxconn Precision Electronics (Zhengzhou) Co., Ltd."
BINGTUAN_EN = "Xinjiang Production and Construction Corps Tianshan Aluminium Thermal Power Branch"
REAL_ZH = (
    job(1, FOXCONN_ZZ, "普工（长白班）", "郑州中牟", wage(4500, 6500)),
    job(2, BINGTUAN, "锅炉运行工", "石河子", wage(6000, 8000)),
    job(3, CSCEC, "钢筋工", "西安未央", wage(9000, 13000)),
)
ZH_FOOTER = "回复“报名”报名，“返回”看列表。"
EN_FOOTER = "Reply APPLY to apply, BACK for the list."
# Under every job: the agency checked it, and no genuine job asks a fee first. Never cut.
ZH_TRUST = "劳务站已核实。正规招工不收费，要钱回“举报”\n" + ZH_FOOTER
EN_TRUST = "Checked. Pay no fee: REPORT\nAPPLY or BACK"


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
    budget: int = 2


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
        contains=("福利：包吃包住", "…", "工资：7000元，招12人"),
        ends="\n" + ZH_TRUST,
    ),
    Case(
        "english list stays GSM-7 with dots",
        jobs("Bao'an Precision Electronics Manufacturing Group Plant Three " * 6, "B", locale="en"),
        starts="Jobs:\n1. Welder Shenzhen ¥4500-6500 Bao'an",
        contains=("...", "\n2. Welder Shenzhen ¥4500-6500 B\n"),
        absent=("…",),
        ends="\nReply a number for details. MORE: next",
    ),
    Case(
        "real employer names: every title, place and wage whole, employers shortened",
        listing(*REAL_ZH),
        starts="适合您的岗位：\n1. 鸿富锦精密电子",
        contains=(
            " 普工（长白班） 郑州中牟 4500-6500元\n2. 新疆生产建设兵团",
            "… 锅炉运行工 石河子 6000-8000元\n3. 中国建筑第八工程局",
            "… 钢筋工 西安未央 9000-13000元\n",
        ),
        ends="\n回复序号看详情，“更多”换一批。",
    ),
    Case(
        "a page outside the seeker's trade says so",
        listing(*REAL_ZH, header="jobs.header_other"),
        starts="其他工种的岗位（不是您报的工种）：\n1. ",
        contains=("4500-6500元\n", "6000-8000元\n", "9000-13000元\n"),
        ends="\n回复序号看详情，“更多”换一批。",
    ),
    Case(
        "english list with Chinese place names (UCS-2): wages whole, employer last and shortened",
        listing(
            job(1, FOXCONN_EN, "Assembler (day shift)", "郑州中牟", wage(4500, 6500)),
            job(2, BINGTUAN_EN, "Boiler operator", "石河子", wage(6000, 8000)),
            locale="en",
        ),
        starts="Jobs:\n1. Assembler (day shift) 郑州中牟 ¥4500-6500 Fox",
        contains=("…\n2. Boiler operator 石河子 ¥6000-8000 Xin",),
        ends="…\nReply a number for details. MORE: next",
    ),
    Case(
        "details with a 30-character employer: wage, deadline and instruction whole",
        details(
            BINGTUAN,
            "包吃包住，八人间宿舍配空调，满勤奖300元",
            title="锅炉运行工（持证）",
            place="新疆维吾尔自治区石河子市",
            pay=wage(8000, 12000),
            openings=120,
            age=True,
            deadline="2027-01-21",
        ),
        # The trust line costs the employer its tail: 新疆生产建设兵… still names it.
        starts="新疆生产建设",
        contains=(
            "… 锅炉运行工（持证）\n地点：新疆维吾尔自治区石河子市\n",
            "\n工资：8000-12000元，招120人\n年龄：18-45岁\n福利：包吃包住",
            "\n截止：2027-01-21\n",
        ),
        ends="\n" + ZH_TRUST,
    ),
    Case(
        "english details in UCS-2: benefits left out before the wage or date is cut",
        details(
            FOXCONN_EN,
            "Meals and dormitory, full attendance bonus",
            "en",
            title="Assembler",
            place="河南省郑州市中牟县",
            pay=wage(8000, 12000),
            openings=120,
            age=True,
            deadline="2027-01-21",
        ),
        starts="Fox",
        contains=(
            "\nPlace: 河南省郑州市中牟县\nWage: ¥8000-12000, 120 openings\nAge: 18-45\n",
            "\nApply by: 2027-01-21\n",
        ),
        absent=("Benefits",),
        ends="\n" + EN_TRUST,
    ),
    Case(
        "english details in GSM-7: only the benefits shortened",
        details(
            FOXCONN_EN,
            "Meals and dormitory, full attendance bonus, night shift allowance, " * 3,
            "en",
            title="Assembler",
            place="Zhengzhou",
            pay=wage(8000, 12000),
            openings=120,
            age=True,
            deadline="2027-01-21",
        ),
        starts=FOXCONN_EN + " Assembler\nPlace: Zhengzhou\nWage: ¥8000-12000, 120 openings\n",
        contains=("\nBenefits: Meals and dormitory", "...\nApply by: 2027-01-21\n"),
        ends="\n" + EN_TRUST,
    ),
    Case(
        "one segment: benefits left out before age",
        details(
            "宝安电子",
            "包吃包住，八人间宿舍配空调",
            place="深圳",
            age=True,
            deadline="2027-01-21",
            footer="job.how_to_apply",
        ),
        expected="宝安电子 电焊工\n地点：深圳\n工资：7000元，招12人\n年龄：18-45岁\n截止：2027-01-21\n"
        + ZH_FOOTER,
        budget=1,
        max_segments=1,
    ),
    Case(
        "one segment: then age, never the wage, date or instruction",
        details(
            "宝安精密电子",
            "包吃包住",
            place="深圳宝安",
            age=True,
            deadline="2027-01-21",
            footer="job.how_to_apply",
        ),
        expected="宝安精密电子 电焊工\n地点：深圳宝安\n工资：7000元，招12人\n截止：2027-01-21\n"
        + ZH_FOOTER,
        budget=1,
        max_segments=1,
    ),
    Case(
        "twenty choices never exceed two segments, numbers and footer kept",
        jobs(*(LONG_EMPLOYER for _ in range(20))),
        contains=tuple(f"\n{n}. " for n in range(1, 21)),
        ends="\n回复序号看详情，“更多”换一批。",
    ),
    Case(
        "a full english profile fits whole, how to change included",
        Reply(
            (
                Line(
                    "me.profile",
                    {
                        "name": "Li Lei",
                        "region": "甘肃省白银市会宁县",
                        "skills": "Welder",
                        "scope": Line("scope.country"),
                        "wanted": "",
                        "applied": 12,
                    },
                ),
                Line("me.how_to_change"),
            ),
            locale="en",
        ),
        expected="Your profile: Li Lei, 甘肃省白银市会宁县, Welder, anywhere in China. Applications: 12."
        "\nChange: region/skills/scope/name + new value",
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
    text = render_sms(case.reply, case.budget)
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
    assert rows[2].startswith("2. 深圳市") and rows[2].endswith("… 普工 深圳宝安 4500-6500元")
    assert rows[3] == "3. 宝安精密电子 普工 深圳宝安 4500-6500元"


SHRINK_ORDER = [
    # (employer, title, place, what must be whole, what must be shortened)
    ("某" * 60, "普工", "深圳宝安", ("普工 深圳宝安 4500-6500元",), ("某…",)),
    ("某" * 60, "长" * 60, "深圳宝安", (" 深圳宝安 4500-6500元",), ("某某某某… 长",)),
    ("某" * 60, "长" * 60, "地" * 60, (" 4500-6500元",), ("某某某某… 长长长长… 地",)),
]


@pytest.mark.parametrize(("employer", "title", "place", "whole", "cut"), SHRINK_ORDER)
def test_employer_shrinks_before_title_before_place(
    employer: str, title: str, place: str, whole: tuple[str, ...], cut: tuple[str, ...]
) -> None:
    """Each rank is cut to its floor (four characters and "…") before the next is touched."""
    text = render_sms(listing(*(job(n, employer, title, place) for n in (1, 2, 3))))
    assert segments(text) <= 2
    for n in (1, 2, 3):
        row = text.split("\n")[n]
        assert row.startswith(f"{n}. ") and all(part in row for part in whole + cut), row


def test_short_replies_are_untouched() -> None:
    """Elastic parameters are shortened only when the reply would not fit otherwise."""
    text = render_sms(listing(*REAL_ZH[:1]))
    assert (
        text
        == "适合您的岗位：\n1. 鸿富锦精密电子（郑州） 普工（长白班） 郑州中牟 4500-6500元\n回复序号看详情，“更多”换一批。"
    )


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
