"""`gongyou staff add|list` on both databases."""

from __future__ import annotations

import argparse

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot.cli import staff as staff_cli
from bot.config import load_settings
from messages import t
from storage.engine import sync_url
from storage.models import Agency, Staff


def gongyou(*argv: str) -> int:
    """Run the staff subcommand the way `gongyou` does (parser, settings from the environment)."""
    root = argparse.ArgumentParser(prog="gongyou")
    staff_cli.register(root.add_subparsers(dest="command", required=True))
    args = root.parse_args(argv)
    return args.run(args, load_settings())


def rows(url: str) -> tuple[dict[str, tuple[str, str | None, str | None]], dict[int, tuple]]:
    """Agencies as name -> (level, parent name, region) and staff as id -> (agency, role, name)."""
    engine = create_engine(sync_url(url))
    with Session(engine) as session:
        agencies = {a.id: a for a in session.scalars(select(Agency))}
        by_name = {
            a.name: (a.level, agencies[a.parent_id].name if a.parent_id else None, a.region_code)
            for a in agencies.values()
        }
        staff = {
            s.telegram_id: (agencies[s.agency_id].name, s.role, s.name)
            for s in session.scalars(select(Staff))
        }
    engine.dispose()
    return by_name, staff


ADD = ("staff", "add", "--telegram-id")

# (arguments, exit status, text expected in stdout or stderr)
STEPS = [
    (
        (*ADD, "1", "--agency", "甘肃省中心", "--level", "province", "--role", "admin"),
        0,
        [
            t("staff.cli.agency_created", "zh_CN", agency="甘肃省中心", level="省级"),
            t("staff.cli.added", "zh_CN", telegram_id=1, role="管理员", agency="甘肃省中心"),
        ],
    ),
    (
        (*ADD, "2", "--agency", "白银市就业局", "--parent", "甘肃省中心", "--region", "白银市"),
        0,
        [t("staff.cli.agency_created", "zh_CN", agency="白银市就业局", level="市级")],
    ),
    (
        (*ADD, "3", "--agency", "会宁服务站", "--parent", "白银市就业局", "--name", "王芳"),
        0,
        [t("staff.cli.added", "zh_CN", telegram_id=3, role="工作人员", agency="会宁服务站")],
    ),
    (
        # Same person moves office; role kept (not given), name kept.
        (*ADD, "3", "--agency", "白银市就业局"),
        0,
        [t("staff.cli.updated", "zh_CN", telegram_id=3, role="工作人员", agency="白银市就业局")],
    ),
    (
        (*ADD, "4", "--agency", "兰州市就业局", "--parent", "兰州省中心"),
        2,
        [t("staff.cli.no_parent", "zh_CN", parent="兰州省中心")],
    ),
    (
        (*ADD, "4", "--agency", "甘肃省中心", "--parent", "会宁服务站"),
        2,
        [t("staff.cli.cycle", "zh_CN", parent="会宁服务站", agency="甘肃省中心")],
    ),
    (
        (*ADD, "4", "--agency", "某站", "--region", "999999"),
        2,
        [t("staff.cli.bad_region", "zh_CN", region="999999")],
    ),
    (
        ("staff", "list"),
        0,
        [
            "1  -  管理员  甘肃省中心（省级）",
            "3  王芳  工作人员  白银市就业局 < 甘肃省中心（市级）",
        ],
    ),
]


def test_staff_add_and_list(database_url, capsys):
    for argv, status, expected in STEPS:
        assert gongyou(*argv) == status, argv
        out, err = capsys.readouterr()
        for text in expected:
            assert text in (out if status == 0 else err), (argv, out, err)
    agencies, staff = rows(database_url)
    assert agencies == {
        "甘肃省中心": ("province", None, None),
        "白银市就业局": ("city", "甘肃省中心", "620400"),
        "会宁服务站": ("community", "白银市就业局", None),
    }
    assert staff == {
        1: ("甘肃省中心", "admin", None),
        2: ("白银市就业局", "staff", None),
        3: ("白银市就业局", "staff", "王芳"),
    }


def test_list_when_empty(database_url, capsys):
    assert gongyou("staff", "list") == 0
    assert capsys.readouterr().out.strip() == t("staff.cli.none", "zh_CN")


@pytest.mark.parametrize(
    "argv",
    [
        ("staff", "add", "--agency", "x"),  # no telegram id
        ("staff", "add", "--telegram-id", "abc", "--agency", "x"),
        ("staff", "add", "--telegram-id", "1", "--agency", "x", "--role", "boss"),
        ("staff", "add", "--telegram-id", "1", "--agency", "x", "--level", "county"),
    ],
)
def test_bad_arguments(database_url, argv):
    with pytest.raises(SystemExit) as exit_:
        gongyou(*argv)
    assert exit_.value.code == 2


def test_promote_to_admin_and_region_by_code(database_url):
    assert gongyou(*ADD, "7", "--agency", "会宁服务站", "--region", "620422") == 0
    assert gongyou(*ADD, "7", "--agency", "会宁服务站", "--role", "admin") == 0
    agencies, staff = rows(database_url)
    assert agencies["会宁服务站"] == ("city", None, "620422")
    assert staff[7] == ("会宁服务站", "admin", None)
