"""`gongyou match` on the demo meeting: the contract's JSON, best first, clear refusals."""

from __future__ import annotations

import json

import pytest

from bot.cli import main


@pytest.fixture
def demo(demo_url):
    return demo_url


def match_json(capsys, *args: str) -> list[dict]:
    capsys.readouterr()
    assert main(["match", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("skills", "region", "scope", "trade_word"),
    [
        ("烧电焊", "会宁", None, "焊"),
        ("weldr", "huining", "country", "焊"),
        ("开叉车", "白银会宁", None, "叉车"),
        ("育儿嫂", "兰州", "country", "嫂"),
    ],
)
def test_best_first_with_contract_fields(demo, capsys, skills, region, scope, trade_word):
    args = ["--skills", skills, "--region", region, "-k", "5"] + (
        ["--scope", scope] if scope else []
    )
    found = match_json(capsys, *args)
    assert 1 <= len(found) <= 5
    assert set(found[0]) == {"vacancy_id", "employer", "title", "location", "score", "reasons"}
    assert set(found[0]["location"]) == {"code", "name"}
    assert [m["score"] for m in found] == sorted((m["score"] for m in found), reverse=True)
    assert trade_word in found[0]["title"]
    assert "工种对口" in found[0]["reasons"]


def test_local_scope_stays_home(demo, capsys):
    found = match_json(capsys, "--skills", "普工", "--region", "会宁", "--scope", "local")
    assert found and all(m["location"]["code"].startswith("6204") for m in found)


@pytest.mark.parametrize(
    ("skills", "region", "message"),
    [
        ("电焊", "朝阳", "多个可能"),
        ("电焊", "亚特兰蒂斯", "找不到"),
        ("xyzzy", "会宁", "没认出工种"),
    ],
)
def test_unusable_profile_exits_2(database_url, capsys, skills, region, message):
    assert main(["match", "--skills", skills, "--region", region]) == 2
    assert message in capsys.readouterr().err
