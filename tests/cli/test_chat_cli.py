"""`gongyou chat`: scripted sessions through the real console script, as tables of cases."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass

import pytest

from bot.channels.sms.segments import segments
from bot.cli import main

LABEL = re.compile(r"^\[(\d+)条短信\]$")


@dataclass(frozen=True)
class ChatCase:
    name: str
    args: tuple[str, ...]
    lines: tuple[str, ...]
    expect: tuple[str, ...] = ()
    exit_code: int = 0
    replies: int | None = None  # replies printed with a segment label
    silences: int = 0
    applications: int = 0


PHONE = "+8613800001111"
CASES = [
    ChatCase(
        "register, browse, details, apply",
        ("--phone", PHONE),
        ("注册 张三 会宁 电焊 省外", "找工作", "2", "报名"),
        ("> 找工作", "已登记：张三", "适合您的岗位：", "1. ", "地点：", "已报名："),
        replies=4,
        applications=1,
    ),
    ChatCase(
        "opt-out is silent afterwards",
        ("--phone", "+86 138 0000 2222"),
        ("注册 李四 会宁 普工 本地", "T", "找工作", "订阅"),
        ("已退订", "（不回复）", "已恢复订阅"),
        replies=3,
        silences=1,
    ),
    ChatCase("default phone, no input", (), (), replies=0),
    ChatCase(
        "control characters and long lines",
        (),
        ("\x00\x07" + "找" * 3000,),
        replies=1,
    ),
    ChatCase("not a phone number", ("--phone", "abc"), ("找工作",), ("不是手机号",), exit_code=2),
]


def gongyou(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_chat(case: ChatCase, demo_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    stdin = "".join(line + "\n" for line in case.lines)
    result = gongyou("chat", *case.args, stdin=stdin)
    assert result.returncode == case.exit_code, result.stderr
    output = result.stdout + result.stderr
    for part in case.expect:
        assert part in output
    if case.exit_code:
        return
    # Each reply is printed as the SMS renderer made it, then its true segment count.
    blocks = [b for b in result.stdout.split("\n\n") if b.strip()]
    assert len(blocks) == len(case.lines)
    labelled = 0
    for block in blocks:
        rows = block.splitlines()
        assert rows[0].startswith("> ")
        if rows[-1] == "（不回复）":
            continue
        label = LABEL.match(rows[-1])
        assert label, block
        assert int(label.group(1)) == segments("\n".join(rows[1:-1])) <= 2
        labelled += 1
    assert labelled == case.replies
    assert result.stdout.count("（不回复）") == case.silences
    assert main(["export", "applications", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == case.applications
