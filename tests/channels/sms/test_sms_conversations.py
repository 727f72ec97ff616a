"""Whole SMS conversations as transcripts, run by one harness against the real app and the demo meeting."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sms_harness import PHONE, SmsHarness, export

from bot.channels.sms.segments import segments

# One job in a list: "1. 白银铭衡机械厂 电焊工 白银区 6000-9000元" — employer, title, place, wage.
JOB_LINE = r"(?m)^[1-3]\. \S+ \S+ \S+ (\d+(-\d+)?元|面议)$"
LIST = ("适合您的岗位：", "回复序号看详情")
DETAILS = ("地点：", "工资：", "回复“报名”报名")


@dataclass(frozen=True)
class Say:
    """Send `text`; the reply contains every `expect` substring and matches every `pattern`."""

    text: str
    expect: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    silent: bool = False


@dataclass(frozen=True)
class Pick:
    """Send the number the previous reply put in front of `label`."""

    label: str
    expect: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exported:
    """`gongyou export KIND` has exactly `rows` rows for the phone, each with these field values."""

    kind: str
    rows: int
    fields: tuple[tuple[str, object], ...] = ()


def say(text: str, *expect: str, pattern: str | None = None) -> Say:
    return Say(text, expect, (pattern,) if pattern else ())


def silent(text: str) -> Say:
    return Say(text, silent=True)


Step = Say | Pick | Exported

CONVERSATIONS: dict[str, list[Step]] = {
    "register in one message, browse, details, apply": [
        say("注册 张三 会宁 电焊 省外", "已登记：张三", "甘肃省白银市会宁县", "电焊工"),
        say("找工作", *LIST, pattern=JOB_LINE),
        say("更多", *LIST, pattern=JOB_LINE),
        say("2", *DETAILS),
        say("报名", "已报名："),
        Exported("applications", 1, (("seeker_name", "张三"), ("status", "interested"))),
        say("我的", "已报名1个岗位"),
    ],
    "register step by step in five messages": [
        say("注册", "请回复您的姓名"),
        say("李四", "您是哪里人"),
        say("会宁", "您会什么活"),
        say("电焊", "愿意去哪里工作", "3. 全国"),
        say("3", "已登记：李四，甘肃省白银市会宁县，电焊工，全国"),
        Exported("seekers", 1, (("name", "李四"), ("scope", "country"), ("opted_out", False))),
    ],
    "ambiguous place picked by number": [
        say("注册", "请回复您的姓名"),
        say("跳过", "您是哪里人"),
        say("朝阳", "有几个同名的地方", "1. ", "2. "),
        Pick("北京市朝阳区", ("您会什么活",)),
        say("电焊", "愿意去哪里工作"),
        Pick("全国", ("已登记", "北京市朝阳区", "电焊工")),
        say("找工作", *LIST, pattern=JOB_LINE),
    ],
    "opt out is confirmed once, then silence until 订阅": [
        say("注册 张三 会宁 电焊 省外", "已登记"),
        say("T", "已退订"),
        silent("找工作"),
        silent("T"),
        silent("更多"),
        Exported("seekers", 1, (("opted_out", True),)),
        say("订阅", "已恢复订阅"),
        say("找工作", *LIST, pattern=JOB_LINE),
        Exported("seekers", 1, (("opted_out", False),)),
    ],
    "english keywords get english replies": [
        say(
            "register Zhang Wei Huining welder anywhere",
            "Registered: Zhang Wei, Huining, Baiyin",
        ),
        say(
            "JOBS",
            "Jobs:",
            "MORE",
            pattern=r"(?m)^[1-3]\. .+ (¥\d+(-\d+)?(/\w+)?|negotiable|piece rate) .+$",
        ),
        say("3", "Place:", "Wage:", "Pay no fee: REPORT\nAPPLY or BACK"),
        say("APPLY", "Applied:"),
        say("STOP", "Unsubscribed"),
        silent("jobs"),
        say("START", "Welcome back"),
        say("help", "JOBS"),
        Exported("applications", 1),
    ],
}


def _number_of(label: str, reply: str) -> str:
    for row in reply.splitlines():
        if (match := re.match(r"(\d+)\. (.*)$", row)) and label in match.group(2):
            return match.group(1)
    raise AssertionError(f"{label!r} is not offered in {reply!r}")


def run_transcript(h: SmsHarness, steps: list[Step], capsys: pytest.CaptureFixture[str]) -> None:
    """The one harness every transcript goes through."""
    previous = ""
    for number, step in enumerate(steps, start=1):
        where = f"step {number}: {step}"
        if isinstance(step, Exported):
            rows = [
                r
                for r in export(step.kind, capsys)
                if PHONE in (r.get("phone"), r.get("seeker_phone"))
            ]
            assert len(rows) == step.rows, where
            for row in rows:
                for field, value in step.fields:
                    assert row[field] == value, f"{where}: {row}"
            continue
        if isinstance(step, Pick):
            step = Say(_number_of(step.label, previous), step.expect)
        answer = h.sms(step.text)
        assert answer.status == 200, where
        if step.silent:
            assert answer.message is None, f"{where}: {answer.message!r}"
            continue
        assert answer.message, where
        assert 1 <= segments(answer.message) <= 2, f"{where}: {answer.message!r}"
        for part in step.expect:
            assert part in answer.message, f"{where}: {answer.message!r}"
        for pattern in step.patterns:
            assert len(re.findall(pattern, answer.message)) >= 1, f"{where}: {answer.message!r}"
        previous = answer.message


@pytest.mark.parametrize("name", list(CONVERSATIONS))
def test_conversation(
    name: str, demo_harness: SmsHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    run_transcript(demo_harness, CONVERSATIONS[name], capsys)
