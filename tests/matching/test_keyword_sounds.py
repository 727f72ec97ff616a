"""Keywords in pinyin (spaced, joined, fuzzy) and as homophones; names, places, trades never."""

from __future__ import annotations

import pytest

from bot.matching.intents import normalise
from bot.matching.keyword_sounds import sounded_keyword
from bot.matching.pinyin import joined, syllables
from bot.matching.regions import SURNAMES, regions, short_forms
from bot.matching.taxonomy import trades
from bot.matching.understand import understand


@pytest.mark.parametrize(
    ("text", "intent", "number"),
    [
        ("zhaogongzuo", "jobs", None),
        ("zhao gongzuo", "jobs", None),
        ("zhao gong zuo", "jobs", None),
        ("Zhao Gongzuo", "jobs", None),
        ("zao gongzuo", "jobs", None),  # z/zh
        ("zhaogongzou", "jobs", None),  # a slip in a long keyword
        ("geng duo", "more", None),
        ("gen duo", "more", None),  # en/eng
        ("baoming", "apply", None),
        ("bao ming", "apply", None),
        ("bao ming 3", "apply", 3),
        ("bao min", "apply", None),
        ("wode", "me", None),
        ("wo de", "me", None),
        ("bang zhu", "help", None),
        ("zhu ce", "register", None),
        ("tui ding", "stop", None),
        ("ni hao, wo yao zhuce", "register", None),
        ("找工做", "jobs", None),
        ("找工做 会宁", "jobs", None),
        ("跟多", "more", None),
        ("报民", "apply", None),
        ("报民 2", "apply", 2),
        ("注测", "register", None),
        ("帮主", "help", None),
        ("更 多", "more", None),  # a space typed inside the word
        ("regist", "register", None),  # cut short
        ("mroe", "more", None),  # two letters swapped
        ("3、", "pick", 3),
        ("二号", "pick", 2),
        ("di er ge", "pick", 2),
        ("看看2", "pick", 2),
        ("有没有活", "jobs", None),
    ],
)
def test_keywords_as_workers_type_them(text, intent, number):
    reading = understand(text)
    assert (reading.intent, reading.number) == (intent, number)


@pytest.mark.parametrize(
    "text",
    [
        "耿多",  # a person: surname 耿 where 更多 has 更
        "报民 张三",  # a two-character homophone only alone or before a number
        "yu yan",  # 玉燕, a name, not 语言
        "gang wei",
        "bao min huining",  # fuzzy two-syllable pinyin only as the whole message
        "tui ting",  # opt-out is never read by sound
        "退定",
        "t d",
        "报名费多少",  # a question about the fee, not 报名
    ],
)
def test_not_keywords(text):
    assert understand(text).intent is None


def _everyday_answers() -> list[str]:
    """Every place and trade name, and common names, in Hanzi, joined and spaced pinyin."""
    words = set()
    for region in regions():
        words.update((region.name, *short_forms(region.name, region.level)))
    for t in trades():
        words.update((t.name_zh, *t.synonyms_zh))
    given = (
        "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 德明 建国 玉兰 海燕 宝山 金花 多 更 铭"
    )
    words.update(s + g for s in sorted(SURNAMES)[:120] for g in given.split())
    out = set()
    for word in words:
        sounds = syllables(word)
        out.update((word, joined(word), " ".join(sounds)))
    return sorted(out)


# 鲍明/鲍敏 typed in pinyin are 报名 typed in pinyin: the one trade-off the issue asks for
# (`baoming` is 报名); a worker so named is asked the open question again, never misregistered.
SPELLED_LIKE_A_KEYWORD = {"baoming", "bao ming", "baomin", "bao min"}


def test_no_name_place_or_trade_sounds_like_a_keyword():
    wrong = [t for t in _everyday_answers() if sounded_keyword(normalise(t).lower())]
    assert set(wrong) <= SPELLED_LIKE_A_KEYWORD
