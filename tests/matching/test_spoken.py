"""Spoken and regional wording: keywords (瞅瞅俺的, 有莫得活路), how far a worker will go (哪达都能去,
省里头, 天南海北, 去外国, 就在兰州, only Gansu), and what is not meant that way."""

from __future__ import annotations

import pytest

from bot.matching.understand import understand


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("瞅瞅俺的", "me"),  # north-east: let me see mine
        ("俺的", "me"),
        ("看看我的", "me"),
        ("有莫得活路", "jobs"),  # Sichuan: is there work
        ("还有没得", "more"),  # Sichuan: any more
        ("还有吗", "more"),
    ],
)
def test_regional_keywords(text, intent):
    assert understand(text).intent == intent


@pytest.mark.parametrize("text", ["退定金怎么退", "俺是会宁的", "还有电焊的活吗"])
def test_regional_words_inside_a_sentence_are_no_keywords(text):
    assert understand(text).intent not in ("stop", "me", "more")


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("哪达都能去", "country"),  # 哪达 is 哪里 in the north-west
        ("nali dou qu", "country"),
        ("天南海北都行", "country"),  # holds 南海, which is no home here
        ("看哪里有活", "country"),
        ("省里头就行", "province"),
        ("去外国", "overseas"),
    ],
)
def test_spoken_scopes(text, scope):
    reading = understand(text)
    assert reading.scope == scope
    assert reading.region_candidates == () and reading.question is None


@pytest.mark.parametrize("text", ["哪里的活多", "在哪里上班", "nali shangban"])
def test_where_questions_stay_questions(text):
    assert understand(text).question == "place"


def test_staying_in_the_home_city_is_local():
    reading = understand("给人带娃 兰州的 就在兰州")
    assert reading.region is not None and reading.region.full_name == "甘肃省兰州市"
    assert reading.scope == "local"


def test_a_city_to_stay_in_is_a_destination():
    destination = understand("想在兰州").destination
    assert destination is not None and destination.full_name == "甘肃省兰州市"


def test_where_the_worker_is_now_is_home_not_a_destination():
    reading = understand("我就在兰州")
    assert reading.destination is None
    assert reading.region is not None and reading.region.full_name == "甘肃省兰州市"


def test_only_a_province_in_english_is_the_scope():
    reading = understand("I can drive forklift, from Tianshui, name Li Ming, only Gansu")
    assert reading.region is not None and reading.region.full_name == "甘肃省天水市"
    assert reading.scope == "province"


def test_a_scope_word_inside_a_place_name_is_still_dropped():
    reading = understand("上海外滩")  # 海外 inside 上海外滩 is no overseas
    assert reading.scope is None
