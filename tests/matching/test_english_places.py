"""English place names from the division data's pinyin, GSM-7 only."""

from __future__ import annotations

import pytest

from bot.channels.sms.segments import is_gsm7
from bot.matching.english_places import english_name, english_place
from bot.matching.regions import regions


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("620422", "Huining, Baiyin"),
        ("620100", "Lanzhou, Gansu"),
        ("620000", "Gansu"),
        ("110105", "Chaoyang, Beijing"),
        ("419001", "Jiyuan, Henan"),
        ("622926", "Dongxiang, Linxia"),
        ("610100", "Xi'an, Shaanxi"),
        ("140000", "Shanxi"),
        ("341500", "Lu'an, Anhui"),
        ("141100", "Lüliang, Shanxi"),
        ("150000", "Inner Mongolia"),
        ("650100", "Urumqi, Xinjiang"),
        ("440100", "Guangzhou, Guangdong"),
        ("110000", "Beijing"),
    ],
)
def test_english_name(code, name):
    assert english_name(regions().get(code)) == name


def test_every_english_name_is_gsm7_and_named():
    names = [english_name(r) for r in regions()]
    assert all(is_gsm7(n) and n and n[0].isupper() for n in names)
    assert english_place("999999") is None
