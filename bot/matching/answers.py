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
# A yes that takes the vacancy on screen (我去, 就这个吧), unlike a 好 that only acknowledges.
_TAKE = frozenset(
    # fmt: off
    [
        "我去",
        "我要去",
        "要去",
        "俺去",
        "俺要去",
        "我干",
        "我要干",
        "就这个",
        "就它",
        "报这个",
        "我报",
        "我报这个",
        "这个我要",
        "报个名",
        "我报个名",
        "俺报个名",
        "俺报名",
        "给我报上",
    ]
    # fmt: on
) | {"i will go", "i'll go", "i want it", "this one"}
# Thanks lead a message ("谢谢你啊 好人一生平安"); they answer nothing and need no hint.
_THANKS = ("谢谢", "多谢", "感谢", "谢了", "thank", "thx", "xiexie", "xie xie")
_TRIM = re.compile(r"^[\s,.!~，。！～、]+|[\s,.!?~，。！？～、]+$")
# Particles that end a spoken answer without changing it: 就这个吧, 俺要去嘞, 好哒.
_PARTICLES = re.compile(r"[了吧啊呀啦嘞哈呗哦哒噢]+$")


@dataclass(frozen=True, slots=True)
class ShortAnswer:
    kind: str  # "number" | "yes" | "no" | "thanks"
    number: int | None = None
    taking: bool = False  # takes what is on screen: 我去 (a yes), 2号报名 (a number)


_NUMBERED_APPLY = re.compile(
    r"^(?:第\s*)?([0-9]{1,3})\s*(?:号|个|条)?\s*(?:我)?(?:报名|报|要|去|apply)$"
)


def read_answer(text: str) -> ShortAnswer | None:
    """The short answer a whole message gives, or None when it is anything longer."""
    body = _TRIM.sub("", normalise(text)).lower()
    body = _PARTICLES.sub("", body) or body
    if not body:
        return None
    if (number := read_number(body)) is not None:
        return ShortAnswer("number", number) if number else None
    if (applying := _NUMBERED_APPLY.match(body)) and int(applying.group(1)):
        # "2号报名": a number that takes that line of the list.
        return ShortAnswer("number", int(applying.group(1)), taking=True)
    if body in _TAKE:
        return ShortAnswer("yes", taking=True)
    if body in _YES:
        return ShortAnswer("yes")
    if body in _NO:
        return ShortAnswer("no")
    if body.startswith(_THANKS):
        return ShortAnswer("thanks")
    return None
