"""Trade resolver: accuracy on the corpus, spans in free messages, skills normalisation, bad input."""

from __future__ import annotations

from collections import Counter

import pytest
from trade_corpus import KINDS, all_cases, hand_cases

from bot.matching.pinyin import syllables
from bot.matching.regions import regions, short_forms
from bot.matching.trades import TradeCandidate, find_trades, normalise_skills, resolve_trade

TARGET = 0.95
KIND_FLOOR = 0.90


def _first(text: str) -> str | None:
    found = resolve_trade(text)
    return found[0].trade.code if found else None


def test_corpus_accuracy() -> None:
    cases = all_cases()
    assert len(hand_cases()) >= 150
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses: list[str] = []
    for case in cases:
        total[case.kind] += 1
        got = _first(case.text)
        if got == case.code:
            right[case.kind] += 1
        else:
            misses.append(f"{case.kind}: {case.text!r} -> {got} (want {case.code})")
    for kind in KINDS:
        if total[kind]:
            print(f"{kind:18} {right[kind]:5}/{total[kind]:<5} {right[kind] / total[kind]:.1%}")
    overall = sum(right.values()) / len(cases)
    print(f"{'overall':18} {sum(right.values()):5}/{len(cases):<5} {overall:.1%}")
    print("\n".join(misses[:40]))
    assert set(total) <= set(KINDS)
    assert overall >= TARGET
    for kind in total:
        assert right[kind] / total[kind] >= KIND_FLOOR, kind


RESOLVE = [
    ("烧电焊", "construction.welder"),
    ("开挖机", "construction.excavator"),
    ("weldr", "construction.welder"),
    ("电悍工", "construction.welder"),
    ("电悍", "construction.welder"),
    ("dianhangong", "construction.welder"),
    ("dian han", "construction.welder"),
    ("DianHan", "construction.welder"),
    ("diànhàn", "construction.welder"),
    ("ｆｏｒｋｌｉｆｔ", "logistics.forklift"),
    ("forklift", "logistics.forklift"),
    ("forklift drivers", "logistics.forklift"),
    ("forklift drivr", "logistics.forklift"),
    ("zhai mianhua", "agriculture.cotton"),
    ("带孩子", "domestic.childcare"),
    ("我是电焊工", "construction.welder"),
    ("本人会开挖掘机，干了五年", "construction.excavator"),
    ("lvhua", "services.gardener"),
    ("luhua", "services.gardener"),
    ("mobile crane operater", "construction.mobile_crane"),
]


@pytest.mark.parametrize(("text", "code"), RESOLVE)
def test_resolve_trade(text: str, code: str) -> None:
    assert _first(text) == code


@pytest.mark.parametrize("case", hand_cases()[::7], ids=lambda c: c.text)
def test_candidates_are_ranked_and_scored(case) -> None:
    found = resolve_trade(case.text)
    scores = [c.score for c in found]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 100 for s in scores)
    assert all(isinstance(c, TradeCandidate) for c in found)
    assert len({c.trade.code for c in found}) == len(found)


def test_exact_synonym_scores_full_marks_and_homophone_less() -> None:
    assert resolve_trade("电焊")[0].score == 100
    assert 80 <= resolve_trade("电悍工")[0].score < 100


# (message, codes in reading order): names, places and scope words must not become trades.
FIND = [
    ("注册 张三 会宁 电焊 省外", ["construction.welder"]),
    ("我会开叉车和电焊", ["logistics.forklift", "construction.welder"]),
    ("welder and forklift driver from huining", ["construction.welder", "logistics.forklift"]),
    ("zhuce zhangsan huining dianhan shengwai", ["construction.welder"]),
    ("注册 王建国 白银 木工 全国", ["construction.carpenter"]),
    ("李秀英，甘肃会宁人，想找保洁或者做饭阿姨的活", ["services.cleaner", "domestic.home_cook"]),
    ("我会电悍工也会开铲车", ["construction.welder", "construction.loader"]),
    ("register li wei lanzhou electrician anywhere", ["technical.electrician"]),
    ("想去新疆摘棉花", ["agriculture.cotton"]),
    ("深圳宝安区 保安", ["security.guard"]),
    ("石家庄 瓦工", ["construction.bricklayer"]),
    ("shi jia zhuang wagong", ["construction.bricklayer"]),
    ("积石山保安族东乡族撒拉族自治县", []),
    ("台州市路桥区", []),
    ("jinchang", []),
    ("bao an qu", []),
    ("xining", []),
    (
        "男，35岁，干过工地和工厂，会开车",
        ["construction.labourer", "manufacturing.general", "transport.driver"],
    ),
    ("招聘普工，包吃住，长白班，夜班长期", ["manufacturing.general"]),
    ("水电费全包，我不想出国旅游", []),
    ("男女不限，18-45岁，身体健康，能吃苦耐劳", []),
    ("24 hr shifts, overseas ok", []),
    ("注册 张三 会宁 省外", []),
    ("zhangsan lisi wangwu", []),
    ("hello how are you", []),
    ("13912345678", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "codes"), FIND)
def test_find_trades(text: str, codes: list[str]) -> None:
    assert [c.trade.code for _, _, c in find_trades(text)] == codes


SPANS = [
    ("注册 张三 会宁 电焊 省外", ["电焊"]),
    ("我会开叉车和电焊", ["开叉车", "电焊"]),
    ("welder and forklift driver from huining", ["welder", "forklift driver"]),
    ("Ｗｅｌｄｅｒ from Huining", ["Ｗｅｌｄｅｒ"]),
    ("我会电悍工", ["电悍工"]),
    ("dian han gong, kai chache", ["dian han gong", "kai chache"]),
]


@pytest.mark.parametrize(("text", "pieces"), SPANS)
def test_find_trades_spans_point_into_the_message(text: str, pieces: list[str]) -> None:
    assert [text[start:end] for start, end, _ in find_trades(text)] == pieces


SKILLS = [
    ("电焊、气割，有焊工证", ["construction.welder"]),
    ("电焊，叉车，普工", ["construction.welder", "logistics.forklift", "manufacturing.general"]),
    ("welding, forklift; cooking", ["construction.welder", "logistics.forklift"]),
    ("kai waji / dian han", ["construction.excavator", "construction.welder"]),
    ("电悍", ["construction.welder"]),
    ("construction.welder, logistics.forklift", ["construction.welder", "logistics.forklift"]),
    ("construction.nonsense", []),
    ("有力气，能吃苦", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "codes"), SKILLS)
def test_normalise_skills(text: str, codes: list[str]) -> None:
    assert normalise_skills(text) == codes


BAD = ["", "   ", "😀😀😀", "4050", "1234567890", "。，、！", "a" * 10_000, "电焊" * 5_000]


@pytest.mark.parametrize("text", BAD, ids=lambda t: t[:12] or "empty")
def test_bad_input_gives_nothing(text: str) -> None:
    assert resolve_trade(text) == []
    assert find_trades(text) == []
    assert normalise_skills(text) == []


def _place_spellings() -> list[str]:
    out: set[str] = set()
    for region in regions():
        for name in (region.name, *short_forms(region.name, region.level)):
            sounds = syllables(name)
            out.update((name, "".join(sounds), " ".join(sounds)))
    return sorted(out)


def test_no_place_name_reads_as_a_trade() -> None:
    wrong = [(text, find_trades(text)) for text in _place_spellings() if find_trades(text)]
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("dianhang", "construction.welder"),  # an/ang
        ("dian hang", "construction.welder"),
        ("cache", "logistics.forklift"),  # c/ch
        ("zuangzaiji", "construction.loader"),  # z/zh
        ("cushi", "hospitality.chef"),
    ],
)
def test_fuzzy_pinyin_trades(text: str, code: str) -> None:
    assert _first(text) == code
    assert [c.trade.code for _, _, c in find_trades(f"huining {text}")] == [code]


def test_a_fuzzy_pinyin_place_is_no_trade() -> None:
    # jincang is 金昌 typed without zh/ch, before it is 进厂 (going into a factory).
    assert find_trades("jincang") == []
