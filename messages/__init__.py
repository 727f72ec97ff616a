"""Every user-facing string, one catalog per locale with identical keys and placeholders."""

from __future__ import annotations

from messages import en, zh_CN

CATALOGS: dict[str, dict[str, str]] = {"zh_CN": zh_CN.MESSAGES, "en": en.MESSAGES}
LOCALES = tuple(CATALOGS)
DEFAULT_LOCALE = "zh_CN"


def normalise_locale(locale: str | None) -> str:
    """Map 'zh', 'zh-CN', 'EN' and the like onto a catalog we have."""
    if not locale:
        return DEFAULT_LOCALE
    low = locale.replace("-", "_").lower()
    return "en" if low.startswith("en") else DEFAULT_LOCALE


def t(key: str, locale: str | None = None, /, **params: object) -> str:
    """The text for `key` in `locale`, with params filled in."""
    return CATALOGS[normalise_locale(locale)][key].format(**params)
