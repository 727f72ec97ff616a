"""Names as workers give them: 有 inside a name, minority names led by 阿, and who is not named."""

from __future__ import annotations

import pytest

from bot.matching.understand import understand


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("注册 张有 会宁 叉车 省外", "张有"),
        ("注册 王有才 会宁 普工", "王有才"),
        ("注册 阿苏 昭觉 采棉 省外", "阿苏"),  # Liangshan Yi
        ("注册 闫海 会宁 普工 省外", "闫海"),  # not 沿海 (coastal) by its sound
        ("注册 严海 普工 省外", "严海"),
    ],
)
def test_names_standing_alone(text, name):
    assert understand(text).name == name


@pytest.mark.parametrize(
    "text",
    [
        "阿姨",  # an aunt, no name
        "阿巴阿巴",
        "张三有电焊证",  # 有 ends the name inside a sentence
        "我不会打字 叫我儿子帮我打的 我是靖远的 电焊工",  # the son helped, he is not named
    ],
)
def test_no_name_or_not_that_one(text):
    assert understand(text).name in (None, "张三")
