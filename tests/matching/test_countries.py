"""Destination countries: names, short forms, typos, and never shadowing a Chinese place."""

from __future__ import annotations

import pytest

from bot.matching.countries import countries, resolve_country
from bot.matching.places import exact_place
from bot.matching.regions import regions, short_forms


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("沙特阿拉伯", "SA"),
        ("沙特", "SA"),
        ("Saudi Arabia", "SA"),
        ("阿联酋", "AE"),
        ("UAE", "AE"),
        ("迪拜", "AE"),
        ("卡塔尔", "QA"),
        ("Qatar", "QA"),
        ("kuwait", "KW"),
        ("苏丹", "SD"),
        ("阿尔及利亚", "DZ"),
        ("Angola", "AO"),
        ("尼日利亚", "NG"),
        ("埃塞", "ET"),
        ("肯尼亚", "KE"),
        ("Zambia", "ZM"),
        ("刚果（金）", "CD"),
        ("刚果(布)", "CG"),
        ("马来西亚", "MY"),
        ("大马", "MY"),
        ("Malaysa", "MY"),  # one letter dropped
        ("新加坡", "SG"),
        ("印尼", "ID"),
        ("Viet Nam", "VN"),
        ("老挝", "LA"),
        ("柬埔寨", "KH"),
        ("泰国", "TH"),
        ("缅甸", "MM"),
        ("巴基斯坦", "PK"),
        ("哈萨克斯坦", "KZ"),
        ("Uzbekistan", "UZ"),
        ("俄罗斯", "RU"),
        ("蒙古", "MN"),
        ("日本", "JP"),
        ("韩国", "KR"),
        ("Israel", "IL"),
        ("伊拉克", "IQ"),
        ("塞尔维亚", "RS"),
        ("匈牙利", "HU"),
        ("GERMANY", "DE"),
    ],
)
def test_resolve_country(text, code):
    country = resolve_country(text)
    assert country is not None and country.code == code


@pytest.mark.parametrize(
    "text",
    [
        "内蒙古",
        "Inner Mongolia",
        "会宁",
        "Gansu",
        "新疆",
        "香港",
        "",
        "12",
        "😀",
        "x" * 500,
        "电焊",
    ],
)
def test_not_a_country(text):
    assert resolve_country(text) is None


def test_table_is_sound():
    table = countries()
    assert len(table) >= 40
    assert len({c.code for c in table}) == len(table)
    assert all(len(c.code) == 2 and c.code.isupper() and c.name_zh and c.name_en for c in table)
    for country in table:
        assert resolve_country(country.name_zh) == country
        assert resolve_country(country.name_en) == country


def test_no_country_shadows_a_place():
    for region in regions():
        for name in (region.name, *short_forms(region.name, region.level)):
            assert exact_place(name), name
            assert resolve_country(name) is None, name
