"""Reply -> Telegram message: limits and keyboards, as tables of cases."""

from __future__ import annotations

import pytest
from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.channels.telegram.bridge import contact_e164
from bot.channels.telegram.render import (
    MAX_LABEL,
    MAX_TEXT,
    cut,
    render_telegram,
    replaces_message,
)
from bot.replies import Choice, Line, Reply


def job(n: int, title: str = "普工") -> Choice:
    params = {
        "employer": "宝安精密电子",
        "title": title,
        "place": "深圳宝安",
        "wage": "4500-6500元",
    }
    return Choice(Line("jobs.item", params), str(n))


LIST = Reply(
    (Line("jobs.header"),),
    choices=(job(1), job(2), job(3)),
    actions=(Choice(Line("action.previous"), "上一页"), Choice(Line("action.more"), "更多")),
    footer=(Line("jobs.footer"),),
)
LONG_TITLE = "高级" * 100
# (name, reply, button rows as callback_data, text fragments, markup type when sent)
CASES = [
    (
        "a page of jobs",
        LIST,
        [["1"], ["2"], ["3"], ["上一页", "更多"]],
        ["适合您的岗位：", "1. 宝安精密电子 普工 深圳宝安 4500-6500元", "回复序号看详情"],
        InlineKeyboardMarkup,
    ),
    (
        "English labels",
        Reply((Line("jobs.header"),), actions=(Choice(Line("action.more"), "更多"),), locale="en"),
        [["更多"]],
        ["Jobs"],
        InlineKeyboardMarkup,
    ),
    (
        "asking for the contact",
        Reply((Line("register.welcome"), Line("register.ask_name")), ask_contact=True),
        [],
        ["欢迎"],
        ReplyKeyboardMarkup,
    ),
    ("plain text", Reply((Line("hint.unknown"),)), [], ["没看懂"], ReplyKeyboardRemove),
    (
        "a long label is cut",
        Reply((), choices=(job(1, LONG_TITLE),)),
        [["1"]],
        [],
        InlineKeyboardMarkup,
    ),
]


@pytest.mark.parametrize(
    ("name", "reply", "rows", "fragments", "markup"), CASES, ids=[c[0] for c in CASES]
)
def test_render(name, reply, rows, fragments, markup):
    rendered = render_telegram(reply)
    inline = rendered.inline.inline_keyboard if rendered.inline else ()
    assert [[b.callback_data for b in row] for row in inline] == rows
    assert all(len(b.text) <= MAX_LABEL for row in inline for b in row)
    for fragment in fragments:
        assert fragment in rendered.text
    assert isinstance(rendered.send_markup, markup)
    assert rendered.editable is (markup is not ReplyKeyboardMarkup)


def test_contact_keyboard_requests_the_contact_once():
    keyboard = render_telegram(Reply((Line("register.ask_name"),), ask_contact=True)).contact
    assert keyboard is not None and keyboard.one_time_keyboard
    ((button,),) = keyboard.keyboard
    assert button.request_contact and button.text == "分享手机号"


# (name, text, limit) — Telegram counts UTF-16 units, so emoji count twice.
CUTS = [
    ("short", "找工作", 4096),
    ("exactly the limit", "工" * 4096, 4096),
    ("over by one", "工" * 4097, 4096),
    ("emoji", "🔧" * 3000, 4096),
    ("tiny limit", "abcdef", 3),
]


@pytest.mark.parametrize(("name", "text", "limit"), CUTS, ids=[c[0] for c in CUTS])
def test_cut(name, text, limit):
    out = cut(text, limit)
    assert len(out.encode("utf-16-le")) // 2 <= limit
    assert out == text or out.endswith("…")
    assert text.startswith(out.removesuffix("…"))


def test_huge_replies_fit_one_message():
    lines = tuple(Line("job.benefits", {"text": "包吃住" * 500}) for _ in range(5))
    rendered = render_telegram(Reply(lines, choices=tuple(job(n) for n in range(1, 30))))
    assert len(rendered.text.encode("utf-16-le")) // 2 <= MAX_TEXT


# (command, bytes OK?) — callback_data is the command and must fit in 64 bytes.
CALLBACKS = [
    ("更多", True),
    ("工" * 21, True),
    ("a" * 64, True),
    ("工" * 22, False),
    ("a" * 65, False),
]


@pytest.mark.parametrize(("command", "fits"), CALLBACKS)
def test_callback_data_limit(command, fits):
    reply = Reply((Line("jobs.header"),), actions=(Choice(Line("action.more"), command),))
    if fits:
        assert render_telegram(reply).inline.inline_keyboard[0][0].callback_data == command
    else:
        with pytest.raises(ValueError, match="64 bytes"):
            render_telegram(reply)


EDITS = [
    ("更多", True),
    ("上一页", True),
    ("返回", True),
    ("2", True),
    ("报名", False),
    ("找工作", False),
]


@pytest.mark.parametrize(("command", "edits"), EDITS)
def test_which_presses_replace_the_message(command, edits):
    assert replaces_message(command) is edits


PHONES = [
    ("8613800001111", "+8613800001111"),
    ("+8613800001111", "+8613800001111"),
    ("86 138 0000 1111", "+8613800001111"),
    ("447911123456", "+447911123456"),
    ("12", None),
    ("not a number", None),
    ("", None),
]


@pytest.mark.parametrize(("raw", "e164"), PHONES)
def test_contact_numbers_are_normalised(raw, e164):
    assert contact_e164(raw) == e164
