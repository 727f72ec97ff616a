"""Corrections and self-descriptions: which profile field a message changes.

`不对 我是会宁的`, `错了，是木工`, `技能改成木工`, `把地区改为兰州`, `瓦工改成木工`, and without a
correction word `我叫刘德明` (name) and `我是会宁人` (region).
"""

from __future__ import annotations

import re

__all__ = ["change_at", "correction_end", "field_correction", "filler_end", "self_field"]

_CORRECTION = re.compile(
    r"^(?:不对|不是的|错了|搞错了|写错了|说错了|弄错了|打错了|填错了|更正|纠正|修改一下|修改|改一下|改下|"
    r"重新填|no wait|wrong|correction|budui|cuole)"
    r"(?![a-z])[\s,.!~，。！：:、啊呀了的吧]*"
)
# "…改成X": what follows is the new answer (技能改成木工, 瓦工改成木工, 地区改为兰州).
_CHANGE = re.compile(r"(?:改成|改为|换成|改到|应该是|应为|change to|change it to)[\s:：是为]*")
# "把技能改成…": 把 only introduces the field.
_BA = re.compile(r"^把\s*")
_SAYS_NAME = re.compile(r"^(?:我叫|我的名字(?:是|叫)|名字叫|本人叫|叫我|my name is|i am called)")
_SAYS_HOME = re.compile(
    r"^(?:我是|我家是|我家在|我家住|家在|家住|我老家是|我老家在|老家是|老家在|我住|i am from|i'm from)"
)


# Words a worker starts a correction with: 刚才说错了, 等一下 地方写错了.
_FILLER = re.compile(
    r"^(?:刚才|刚刚|等一下|等一等|等等|等下|哦|噢|嗯|啊|哎呀|哎|sorry)[\s,，。.!！~、]*"
)
# "不是瓦工是木工", "不是兰州 是榆中": the wrong answer, then the right one.
_NOT_BUT = re.compile(r"^不是\s*[^\s,，。是]{1,10}[\s,，。、]*(?:而|应该)?是\s*(?=\S)")
# "名字写错了", "我名字打错了", "地方写错了": the field, then that it was wrong.
_FIELD_WRONG = re.compile(
    r"^(?:我的?)?(名字|姓名|名|地方|地址|地区|老家|技能|工种|手艺|范围)"
    r"(?:写|打|填|说|弄|搞|选)?错了[\s,，。.!！~、]*(?:应该是|应为|是|叫)?\s*(?=\S)"
)
_FIELDS = {
    "名字": "name",
    "姓名": "name",
    "名": "name",
    "地方": "region",
    "地址": "region",
    "地区": "region",
    "老家": "region",
    "技能": "skills",
    "工种": "skills",
    "手艺": "skills",
    "范围": "scope",
}


def filler_end(text: str) -> int:
    """How many leading characters of lowercased text are words a correction starts with (刚才,
    等一下); the caller counts them only when a correction follows."""
    m = _FILLER.match(text)
    return m.end() if m else 0


def correction_end(text: str) -> int:
    """How many leading characters of lowercased text are correction words (不对，, 刚才说错了，,
    不是瓦工是), else 0; a leading 把 (把技能改成木工) counts with them."""
    lead = filler_end(text)
    m = _CORRECTION.match(text[lead:])
    end = lead + m.end() if m else 0
    not_but = _NOT_BUT.match(text[end or lead :])
    if not_but:
        end = (end or lead) + not_but.end()
    ba = _BA.match(text[end:])
    return end + (ba.end() if ba else 0)


def field_correction(text: str) -> tuple[str, int] | None:
    """(field, where the new answer starts) for 名字写错了 是X, 等一下 地方写错了 是X, else None."""
    lead = filler_end(text)
    m = _FIELD_WRONG.match(text[lead:])
    return (_FIELDS[m.group(1)], lead + m.end()) if m else None


def change_at(text: str) -> tuple[int, int] | None:
    """(start, end) of a change word (改成, 改为) inside text: the new answer follows it."""
    m = _CHANGE.search(text)
    return (m.start(), m.end()) if m else None


def self_field(text: str) -> str | None:
    """The field a self-description heading lowercased text fills: 我叫X (name), 我是X人 (region)."""
    body = text.lstrip()
    if _SAYS_NAME.match(body):
        return "name"
    if _SAYS_HOME.match(body):
        return "region"
    return None
