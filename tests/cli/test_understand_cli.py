"""`gongyou understand`: the readable summary, the JSON contract and the stdin batch mode."""

from __future__ import annotations

import argparse
import json
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import understand as command

ROOT = Path(__file__).resolve().parents[2]
# The child must flush by itself, as it does when a script pipes messages in.
QUIET_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
CONTRACT_KEYS = {"intent", "name", "region", "region_candidates", "skills", "scope"}


def run_cli(capsys, *argv: str) -> str:
    root = argparse.ArgumentParser(prog="gongyou")
    command.register(root.add_subparsers(dest="command", required=True))
    args = root.parse_args(["understand", *argv])
    capsys.readouterr()
    assert args.run(args, None) == 0
    return capsys.readouterr().out


def test_json_is_the_contract(capsys):
    data = json.loads(run_cli(capsys, "注册 张三 会宁 电焊 省外", "--json"))
    assert set(data) >= CONTRACT_KEYS
    assert data["intent"] == "register" and data["name"] == "张三"
    assert data["region"] == {"code": "620422", "name": "甘肃省白银市会宁县"}
    assert [s["code"] for s in data["skills"]] == ["construction.welder"]
    assert set(data["skills"][0]) == {"code", "name", "name_en", "score"}
    assert data["scope"] == "country"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (
            "注册 张三 会宁 电焊 省外",
            ["意图：注册", "姓名：张三", "甘肃省白银市会宁县 (620422)", "电焊工", "范围：全国"],
        ),
        ("朝阳 保安", ["不确定，可能是", "北京市朝阳区 (110105)", "保安"]),
        ("2", ["意图：选择 2", "姓名：—"]),
        ("", ["意图：—", "地区：—", "技能：—", "范围：—"]),
    ],
)
def test_summary_is_readable_chinese(capsys, text, lines):
    out = run_cli(capsys, text)
    for line in lines:
        assert line in out
    assert not out.lstrip().startswith("{")


def test_stdin_batch_prints_one_object_per_line():
    messages = ["注册 张三 会宁 电焊 省外", "", "2", "zhuce zhangsan huining dianhan", "😀", "T"]
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli.understand", "-"],
        input="\n".join(messages) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == len(messages)
    assert all(set(row) >= CONTRACT_KEYS for row in rows)
    assert [row["intent"] for row in rows] == ["register", None, "pick", "register", None, "stop"]
    assert rows[3]["region"]["code"] == "620422"
    assert rows[1]["region"] is None and rows[4]["skills"] == []


def test_stdin_batch_answers_each_line_before_the_next_arrives():
    with subprocess.Popen(
        [sys.executable, "-m", "bot.cli.understand", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=QUIET_ENV,
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        for text, code in [("会宁 电焊", "620422"), ("兰州", "620100")]:
            proc.stdin.write(text + "\n")
            proc.stdin.flush()
            # Without the flush the answer sits in the child's buffer and this wait runs out.
            ready, _, _ = select.select([proc.stdout], [], [], 60)
            assert ready, f"no answer to {text!r} while stdin stays open"
            assert json.loads(proc.stdout.readline())["region"]["code"] == code
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0
