"""understand(): the one-shot reading of a message, measured on the corpus and on bad input."""

from __future__ import annotations

import pytest
from message_corpus import KEYWORD_CASES, MESSAGES, Message

from bot.matching.understand import Reading, understand

FIELDS = ("intent", "name", "region", "skills", "scope")
MIN_SHARE = 0.90


def _actual(reading: Reading) -> dict[str, object]:
    return {
        "intent": reading.intent,
        "name": reading.name,
        "region": reading.region.code if reading.region else None,
        "skills": frozenset(s.trade.code for s in reading.skills),
        "scope": reading.scope,
    }


def _misses(case: Message) -> list[str]:
    got = _actual(understand(case.text))
    return [
        f"{f}: {got[f]!r} != {getattr(case, f)!r}" for f in FIELDS if got[f] != getattr(case, f)
    ]


def test_corpus_is_large_and_varied():
    assert len(MESSAGES) >= 150
    assert len({c.text for c in MESSAGES}) == len(MESSAGES)
    assert sum(c.text.isascii() for c in MESSAGES) >= 30


def test_share_of_fields_read_right():
    wrong = {c.text: misses for c in MESSAGES if (misses := _misses(c))}
    total = len(MESSAGES) * len(FIELDS)
    right = total - sum(len(m) for m in wrong.values())
    share = right / total
    print(f"\nunderstand: {right}/{total} fields right ({share:.1%}) on {len(MESSAGES)} messages")
    for field in FIELDS:
        bad = sum(any(m.startswith(field + ":") for m in ms) for ms in wrong.values())
        print(f"  {field:7} {1 - bad / len(MESSAGES):.1%}")
    for text, misses in wrong.items():
        print(f"  miss {text!r}: {'; '.join(misses)}")
    assert share >= MIN_SHARE


@pytest.mark.parametrize(("text", "intent", "number"), KEYWORD_CASES)
def test_keywords_are_read_exactly(text, intent, number):
    reading = understand(text)
    assert (reading.intent, reading.number) == (intent, number)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\t  \r\n",
        "会宁电焊" * 2500,
        "a" * 10_000,
        "😀😀😀",
        "👍",
        "1234",
        "13800138000",
        "0000000000000",
        "\x00\x01\x02\x1b[31m",
        "'; DROP TABLE seekers; --",
        "<script>alert(1)</script>",
        "<b>hi</b>",
        "%s%s%s{0}{name}",
        "\u200b\u200b\ufeff",
        "。。。，，，！！！",
    ],
)
def test_bad_input_reads_as_nothing(text):
    reading = understand(text)
    assert reading.intent is None and reading.number is None
    assert reading.name is None and reading.region is None and reading.scope is None
    assert reading.region_candidates == () and reading.skills == ()


def test_long_input_is_cut_to_what_a_worker_types():
    # How fast: benchmarks/bench_matching.py --readers-only.
    reading = understand("注册 张三 会宁 电焊 省外 " * 1000)
    assert reading == understand("")
    assert understand("注册 张三 会宁 电焊 省外 " * 20).region is not None


@pytest.mark.parametrize(
    ("text", "number"), [("7", 7), ("42", 42), ("100", 100), ("1000", None), ("00", None)]
)
def test_digits_alone_pick_only_up_to_three_digits(text, number):
    reading = understand(text)
    assert reading.number == number
    assert reading.intent == ("pick" if number else None)


def test_ambiguous_place_keeps_every_candidate_and_no_region():
    reading = understand("朝阳 保安")
    assert reading.region is None
    assert len(reading.region_candidates) >= 3
    assert {c.region.code for c in reading.region_candidates} >= {"110105", "211300"}


def test_nested_mentions_read_as_the_deepest_place():
    reading = understand("甘肃，白银，会宁，电焊")
    assert reading.region is not None and reading.region.code == "620422"


@pytest.mark.parametrize(
    ("text", "argument", "field"),
    [
        ("地区 兰州", "兰州", "region"),
        ("注册 张三 会宁", "张三 会宁", None),
        ("报名：3", "3", None),
        ("姓名：王五", "王五", "name"),
        ("技能 电焊", "电焊", "skills"),
        ("会宁", "会宁", None),
        ("语言 English", "English", None),
        ("English", "English", None),
    ],
)
def test_argument_is_the_text_after_the_keyword(text, argument, field):
    reading = understand(text)
    assert (reading.argument, reading.field) == (argument, field)


def test_skills_are_distinct_and_best_first():
    reading = understand("电焊 焊工 氩弧焊 木工 I can drive")
    codes = [s.trade.code for s in reading.skills]
    assert codes == ["construction.welder", "construction.carpenter"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我是电焊工", None),
        ("我是会宁人", None),
        ("我是王师傅", None),
        ("I am a welder from Huining", None),
        ("I am from Huining", None),
        ("包吃包住 电焊", None),
        ("高台 电焊", None),
        ("白银 电焊", None),
        ("会宁 安装 电焊", None),
        ("我叫欧阳娜娜", "欧阳娜娜"),
        ("我叫李四会宁人", "李四"),
        ("本人张伟，男", "张伟"),
        ("my name is li lei", "Li Lei"),
        ("call me Wang Wei", "Wang Wei"),
    ],
)
def test_no_name_rather_than_a_wrong_name(text, name):
    assert understand(text).name == name


def test_as_json_is_the_contract():
    data = understand("注册 张三 会宁 电焊 省外").as_json()
    assert set(data) >= {"intent", "name", "region", "region_candidates", "skills", "scope"}
    assert data["intent"] == "register" and data["name"] == "张三" and data["scope"] == "country"
    assert data["region"] == {"code": "620422", "name": "甘肃省白银市会宁县"}
    assert data["region_candidates"] == [
        {"code": "620422", "name": "甘肃省白银市会宁县", "score": 96.0}
    ]
    [skill] = data["skills"]
    assert set(skill) == {"code", "name", "name_en", "score"}
    assert skill["code"] == "construction.welder" and skill["name_en"] == "Welder"
    assert understand("").as_json()["region"] is None


@pytest.mark.parametrize(
    ("text", "region", "skill"),
    [
        ("注册 张三 天水 电工 省外", "620500", "technical.electrician"),  # not 天[水 电工]
        ("天水电工", "620500", "technical.electrician"),
        ("我是水电工", None, "construction.utilities"),
        ("注册 李四 会宁 水电工 全国", "620422", "construction.utilities"),
        ("兰州拉面师傅", "620100", "hospitality.noodles"),
    ],
)
def test_a_place_wins_over_a_trade_reading_that_reaches_into_it(text, region, skill):
    reading = understand(text)
    assert (reading.region.code if reading.region else None) == region
    assert [s.trade.code for s in reading.skills][:1] == [skill]


def test_as_json_adds_the_conversation_v2_fields():
    data = understand("不对 我是临夏的 想去新疆").as_json()
    assert data["field"] == "region" and data["correction"] is True
    assert data["script"] == "hanzi" and data["greeting"] is False and data["question"] is None
    assert data["destination"] == {"kind": "region", "code": "650000", "name": "新疆维吾尔自治区"}
    assert understand("想去沙特").as_json()["destination"] == {
        "kind": "country",
        "code": "SA",
        "name": "沙特阿拉伯",
    }
    assert understand("工资多少").as_json()["question"] == "wage"


@pytest.mark.parametrize(
    ("text", "destination", "scope"),
    [
        ("想去新疆", "650000", None),
        ("去深圳", "440300", None),
        ("我是会宁的 想去兰州", "620100", "province"),
        ("我是临夏的，想去新疆摘棉花", "650000", "country"),
        ("出国", None, "overseas"),
        ("想去沙特", "SA", "overseas"),
        ("我想出国劳务 去日本", "JP", "overseas"),
        ("会宁 电焊", None, None),
    ],
)
def test_destination_is_not_home(text, destination, scope):
    reading = understand(text)
    assert (reading.destination.code if reading.destination else None) == destination
    assert reading.scope == scope
    if destination:
        assert reading.region is None or reading.region.code != destination


@pytest.mark.parametrize("text", ["出国劳务", "想出国打工 会开挖掘机 我是临夏的", "work abroad"])
def test_words_of_intent_are_never_skills(text):
    reading = understand(text)
    assert "overseas.general" not in [s.trade.code for s in reading.skills]
    assert reading.scope == "overseas"


@pytest.mark.parametrize(
    ("text", "name", "region", "skill", "scope"),
    [
        ("huining dianhan", None, "620422", "construction.welder", None),
        (
            "zhuce liu deming huining dianhan sheng wai",
            "Liu Deming",
            "620422",
            "construction.welder",
            "country",
        ),
        ("liu deming huining dianhan", "Liu Deming", "620422", "construction.welder", None),
        (
            "wang lin huining dian han quanguo",
            "Wang Lin",
            "620422",
            "construction.welder",
            "country",
        ),
        (
            "liudeming jingtai wagong shengnei",
            "Liudeming",
            "620423",
            "construction.bricklayer",
            "province",
        ),
        ("lanzou dianhan chuguo", None, "620100", "construction.welder", "overseas"),
    ],
)
def test_pinyin_is_chinese_everywhere(text, name, region, skill, scope):
    reading = understand(text)
    assert reading.script == "pinyin"
    assert reading.name == name
    assert (reading.region.code if reading.region else None) == region
    assert [s.trade.code for s in reading.skills][:1] == [skill]
    assert reading.scope == scope


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("管住不", "board"),  # a trailing 不 asks in the north
        ("包唔包食宿", "board"),  # Cantonese A-not-A
        ("远不远", "place"),
        ("喺边度返工", "place"),
        ("具体地址发一下", "place"),  # a request asks too
        ("电话给一个", "contact"),
        ("工资高不高", "wage"),
        ("几多钱一个月", "wage"),
        ("要几年驾龄", "requirements"),
        ("上不上夜班", "requirements"),
        ("要护照吗", "requirements"),
        ("几月份开始", "date"),
        ("我50了要不要", "age"),
        ("五十五岁能去吗", "age"),
        ("有五险一金吗", "benefits"),
        ("路费报不报", "benefits"),
        ("签证谁办", "benefits"),
    ],
)
def test_questions_as_workers_ask_them(text, topic):
    assert understand(text).question == topic


@pytest.mark.parametrize("text", ["包吃住", "哪里都行", "我不", "省外", "五险一金"])
def test_facts_and_answers_are_no_questions(text):
    assert understand(text).question is None
