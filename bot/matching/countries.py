"""Countries Chinese labour dispatch sends workers to, by Chinese, English and short names."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.matching import pinyin
from bot.matching.place_index import PINYIN
from bot.matching.place_typos import FUZZY_STEP
from bot.matching.places import exact_place, resolve_place

__all__ = ["Country", "countries", "resolve_country"]

MAX_INPUT = 60


@dataclass(frozen=True, slots=True)
class Country:
    """A destination country (ISO 3166-1 alpha-2 code)."""

    code: str
    name_zh: str
    name_en: str


# code, Chinese name, English name, other names (Chinese short forms, English variants, big
# destination cities people name instead of the country).
_TABLE: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("SA", "沙特阿拉伯", "Saudi Arabia", ("沙特", "Saudi", "KSA", "利雅得", "吉达")),
    (
        "AE",
        "阿联酋",
        "United Arab Emirates",
        ("阿拉伯联合酋长国", "UAE", "Emirates", "迪拜", "Dubai"),
    ),
    ("QA", "卡塔尔", "Qatar", ("多哈",)),
    ("KW", "科威特", "Kuwait", ()),
    ("OM", "阿曼", "Oman", ()),
    ("BH", "巴林", "Bahrain", ()),
    ("IQ", "伊拉克", "Iraq", ()),
    ("IR", "伊朗", "Iran", ()),
    ("IL", "以色列", "Israel", ()),
    ("JO", "约旦", "Jordan", ()),
    ("TR", "土耳其", "Turkey", ("Turkiye", "Türkiye")),
    ("EG", "埃及", "Egypt", ()),
    ("SD", "苏丹", "Sudan", ()),
    ("SS", "南苏丹", "South Sudan", ()),
    ("DZ", "阿尔及利亚", "Algeria", ("阿国",)),
    ("AO", "安哥拉", "Angola", ("罗安达", "Luanda")),
    ("NG", "尼日利亚", "Nigeria", ("拉各斯", "Lagos")),
    ("ET", "埃塞俄比亚", "Ethiopia", ("埃塞", "亚的斯亚贝巴")),
    ("KE", "肯尼亚", "Kenya", ("内罗毕",)),
    ("TZ", "坦桑尼亚", "Tanzania", ()),
    ("UG", "乌干达", "Uganda", ()),
    ("ZM", "赞比亚", "Zambia", ()),
    ("ZW", "津巴布韦", "Zimbabwe", ()),
    ("MZ", "莫桑比克", "Mozambique", ()),
    ("ZA", "南非", "South Africa", ()),
    ("GH", "加纳", "Ghana", ()),
    (
        "CD",
        "刚果（金）",
        "DR Congo",
        ("刚果金", "刚果", "民主刚果", "DRC", "Congo", "Congo Kinshasa"),
    ),
    ("CG", "刚果（布）", "Republic of the Congo", ("刚果布", "Congo Brazzaville")),
    ("MY", "马来西亚", "Malaysia", ("大马", "马来")),
    ("SG", "新加坡", "Singapore", ("狮城",)),
    ("ID", "印度尼西亚", "Indonesia", ("印尼",)),
    ("VN", "越南", "Vietnam", ("Viet Nam",)),
    ("LA", "老挝", "Laos", ("Lao",)),
    ("KH", "柬埔寨", "Cambodia", ("金边",)),
    ("TH", "泰国", "Thailand", ()),
    ("MM", "缅甸", "Myanmar", ("Burma",)),
    ("PH", "菲律宾", "Philippines", ()),
    ("BD", "孟加拉国", "Bangladesh", ("孟加拉",)),
    ("LK", "斯里兰卡", "Sri Lanka", ()),
    ("PK", "巴基斯坦", "Pakistan", ("巴铁",)),
    ("KZ", "哈萨克斯坦", "Kazakhstan", ()),
    ("UZ", "乌兹别克斯坦", "Uzbekistan", ()),
    ("KG", "吉尔吉斯斯坦", "Kyrgyzstan", ("吉尔吉斯",)),
    ("TJ", "塔吉克斯坦", "Tajikistan", ()),
    ("TM", "土库曼斯坦", "Turkmenistan", ()),
    ("RU", "俄罗斯", "Russia", ("俄国", "老毛子")),
    ("BY", "白俄罗斯", "Belarus", ()),
    ("MN", "蒙古国", "Mongolia", ("外蒙", "外蒙古", "蒙古")),
    ("JP", "日本", "Japan", ()),
    ("KR", "韩国", "South Korea", ("Korea", "南韩")),
    ("RS", "塞尔维亚", "Serbia", ()),
    ("HU", "匈牙利", "Hungary", ()),
    ("PL", "波兰", "Poland", ()),
    ("DE", "德国", "Germany", ()),
    ("IT", "意大利", "Italy", ()),
    ("PG", "巴布亚新几内亚", "Papua New Guinea", ("巴新", "PNG")),
    ("AU", "澳大利亚", "Australia", ("澳洲",)),
    ("NZ", "新西兰", "New Zealand", ()),
)


def _key(text: str) -> str:
    # Chinese keeps its characters (brackets and spaces dropped); Latin folds to lowercase letters.
    han = "".join(c for c in text if pinyin.is_han(c))
    return han if han else pinyin.fold_latin(text)


@cache
def _country_index() -> dict[str, Country]:
    by_key: dict[str, Country] = {}
    for code, name_zh, name_en, others in _TABLE:
        country = Country(code, name_zh, name_en)
        for name in (name_zh, name_en, *others):
            # A country never shadows a Chinese place: a name that is also a place is dropped.
            if _key(name) and not exact_place(name):
                by_key.setdefault(_key(name), country)
    return by_key


@cache
def _latin_keys() -> tuple[str, ...]:
    return tuple(k for k in _country_index() if not pinyin.is_han(k[0]))


def countries() -> list[Country]:
    """Every known destination country, in table order."""
    return [Country(code, zh, en) for code, zh, en, _ in _TABLE]


def resolve_country(text: str) -> Country | None:
    """The destination country the text names (中文, English, short forms, small typos), or None."""
    if not text or len(text) > MAX_INPUT:
        return None
    key = _key(text)
    if not key or exact_place(text):
        return None
    index = _country_index()
    if key in index:
        return index[key]
    # One-letter English typos ("Malaysa") only on longer words, where they stay unambiguous.
    if len(key) < 6 or pinyin.is_han(key[0]):
        return None
    hit = process.extractOne(key, _latin_keys(), scorer=Levenshtein.distance, score_cutoff=1)
    if hit is None:
        return None
    # A place at least as close as the country (one edit) is the place; farther ones are not.
    places = resolve_place(text)
    if places and places[0].score >= PINYIN - FUZZY_STEP:
        return None
    return index[hit[0]]
