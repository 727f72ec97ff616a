"""The script a message is written in: a pinyin message is Chinese, not English."""

from __future__ import annotations

import pytest

from bot.matching.understand import understand


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("huining dianhan", "pinyin"),
        ("zhao gongzuo", "pinyin"),
        ("geng duo", "pinyin"),
        ("sheng wai", "pinyin"),
        ("liu deming", "pinyin"),
        ("huinng", "pinyin"),  # one letter from pinyin
        ("wo yao zhao gongzuo", "pinyin"),
        ("会宁 电焊", "hanzi"),
        ("注册 liu deming", "hanzi"),
        ("help", "latin"),
        ("more", "latin"),  # mo+re splits into pinyin, but is English
        ("hello", "latin"),
        ("register Zhang Wei Huining welder anywhere", "latin"),
        ("I am a welder from Huining", "latin"),
        ("my name is li lei", "latin"),
        ("STOP", "latin"),
        ("1", None),
        ("😀", None),
    ],
)
def test_script(text, script):
    assert understand(text).script == script
