"""Every locale's catalog has the same keys and the same placeholders."""

import string

import pytest

from messages import CATALOGS, DEFAULT_LOCALE, normalise_locale, t


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("locale", [loc for loc in CATALOGS if loc != DEFAULT_LOCALE])
def test_same_keys_and_placeholders(locale):
    reference, other = CATALOGS[DEFAULT_LOCALE], CATALOGS[locale]
    assert set(other) == set(reference), set(other) ^ set(reference)
    mismatched = {
        key for key in reference if placeholders(reference[key]) != placeholders(other[key])
    }
    assert not mismatched


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("zh", "zh_CN"),
        ("zh-CN", "zh_CN"),
        ("EN", "en"),
        ("en_US", "en"),
        (None, "zh_CN"),
        ("fr", "zh_CN"),
    ],
)
def test_locale_names(given, expected):
    assert normalise_locale(given) == expected


def test_text_fills_placeholders():
    assert t("import.row_error", "en", row=3, reason="x") == "row 3: x"
