"""Short answers to a question the bot asked: a number, yes or no."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.matching.intents import normalise, read_number

# Whole-message answers only: "不对 我是会宁的" corrects an answer, it does not say no.
_YES = frozenset(
    [
        "是",
        "是的",
        "好",
        "好的",
        "行",
        "可以",
        "确认",
        "确定",
        "对",
        "对的",
        "嗯",
        "嗯嗯",
        "要",
        "去",
        "能去",
        "会去",
        "没问题",
        "y",
        "yes",
        "ok",
        "okay",
        "sure",
        "shi",
        "hao",
        "xing",
        "keyi",
        "queren",
    ]
)
_NO = frozenset(
    [
        "不",
        "不是",
        "不要",
        "不用",
        "不行",
        "不去",
        "不去了",
        "去不了",
        "不能去",
        "没空",
        "算了",
        "取消",
        "不了",
        "n",
        "no",
        "nope",
        "cancel",
        "bu",
        "buyao",
        "quxiao",
    ]
)
# Thanks lead a message ("谢谢你啊 好人一生平安"); they answer nothing and need no hint.
_THANKS = ("谢谢", "多谢", "感谢", "谢了", "thank", "thx", "xiexie", "xie xie")
_TRIM = re.compile(r"^[\s,.!~，。！～、]+|[\s,.!?~，。！？～、]+$")


@dataclass(frozen=True, slots=True)
class ShortAnswer:
    kind: str  # "number" | "yes" | "no" | "thanks"
    number: int | None = None


def read_answer(text: str) -> ShortAnswer | None:
    """The short answer a whole message gives, or None when it is anything longer."""
    body = _TRIM.sub("", normalise(text)).lower()
    if not body:
        return None
    if (number := read_number(body)) is not None:
        return ShortAnswer("number", number) if number else None
    if body in _YES:
        return ShortAnswer("yes")
    if body in _NO:
        return ShortAnswer("no")
    if body.startswith(_THANKS):
        return ShortAnswer("thanks")
    return None
