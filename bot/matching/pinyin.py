"""Shared pinyin helpers: toneless lowercase pinyin for Chinese text and folding of typed Latin."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "fold_latin",
    "fuzzy",
    "initials",
    "is_han",
    "is_pinyin",
    "joined",
    "split",
    "syllables",
]

# Runs of Latin letters/digits survive as single lowercase tokens so that mixed text such as
# "会宁abc" keeps "abc"; punctuation and whitespace carry no sound and are dropped.
_LATIN_RUN = re.compile(r"[0-9a-z]+")

# Every toneless syllable in pypinyin's character table (ü written v), plus the lue/nue spellings
# people type; used to tell a real pinyin word from a typo.
_SYLLABLE_TEXT = (
    "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bong bu "
    "ca cai can cang cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong chou "
    "chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang "
    "dao de dei den deng di dia dian diao die din ding diu dong dou du duan dui dun duo e ei en "
    "eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong "
    "gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua "
    "huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun "
    "ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan "
    "lang lao le lei len leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun "
    "luo lv lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na "
    "nai nan nang nao ne nei nen neng ni nia nian niang niao nie nin ning niu nong nou nu nuan "
    "nun nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu "
    "qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri "
    "rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao "
    "she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su "
    "suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan "
    "tui tun tuo wa wai wan wang wei wen weng wo wong wu xi xia xian xiang xiao xie xin xing "
    "xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za "
    "zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong "
    "zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo "
    "lue nue"
)
_SYLLABLES = frozenset(_SYLLABLE_TEXT.split())
_LONGEST_SYLLABLE = 6

# The pairs a pinyin keyboard's "fuzzy pinyin" setting merges, because northwestern and southern
# speakers do not tell them apart: z/zh c/ch s/sh, an/ang en/eng in/ing ian/iang, n/l, f/h, lv/lu.
_FUZZY_PAIRS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ng", "n"), ("f", "h"), ("v", "u"))
# n starting a syllable (before a vowel) is l; a final n (an, en, in) stays n.
_INITIAL_N = re.compile(r"n(?=[aeiou])")


def is_han(char: str) -> bool:
    """True for a CJK unified ideograph (basic block and extension A)."""
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF


def _strip_marks(text: str) -> str:
    # ü/ǚ are written "v" by pypinyin's NORMAL style, so typed umlauts must fold the same way;
    # NFKD also turns full-width Ｇａｎｓｕ into plain ASCII.
    decomposed = unicodedata.normalize("NFKD", text).lower().replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_latin(text: str) -> str:
    """Lowercase ASCII letters and digits of typed text, tone marks removed (Huìníng -> huining)."""
    return "".join(_LATIN_RUN.findall(_strip_marks(text)))


@lru_cache(maxsize=65536)
def is_pinyin(word: str) -> bool:
    """True when a folded word splits wholly into pinyin syllables (huining yes, hunng no)."""
    if not word:
        return False
    # reachable[i]: word[:i] splits into syllables
    reachable = [True] + [False] * len(word)
    for i in range(len(word)):
        if reachable[i]:
            for j in range(i + 1, min(len(word), i + _LONGEST_SYLLABLE) + 1):
                if word[i:j] in _SYLLABLES:
                    reachable[j] = True
    return reachable[-1]


@lru_cache(maxsize=65536)
def fuzzy(word: str) -> str:
    """The key a fuzzy-pinyin keyboard reads a folded word as: lanzou, lanzhou -> lanzou."""
    for long, short in _FUZZY_PAIRS:
        word = word.replace(long, short)
    return _INITIAL_N.sub("l", word)


@lru_cache(maxsize=16384)
def split(word: str) -> tuple[str, ...] | None:
    """A folded word as the fewest pinyin syllables (deming -> de ming), or None if it is not pinyin."""
    if not word:
        return None
    # best[i]: fewest syllables for word[:i], as the syllables themselves
    best: list[tuple[str, ...] | None] = [()] + [None] * len(word)
    for i in range(len(word)):
        head = best[i]
        if head is None:
            continue
        for j in range(i + 1, min(len(word), i + _LONGEST_SYLLABLE) + 1):
            tail = best[j]
            if word[i:j] in _SYLLABLES and (tail is None or len(tail) > len(head) + 1):
                best[j] = (*head, word[i:j])
    return best[-1]


def _other(chunk: str) -> list[str]:
    # pypinyin hands non-Han runs to this callback; keep their alphanumeric runs as words.
    return _LATIN_RUN.findall(_strip_marks(chunk))


@lru_cache(maxsize=65536)
def _cached(text: str) -> tuple[str, ...]:
    # Whole-text conversion (not char by char) lets pypinyin's phrase table pick place readings
    # such as 六安 lu'an and 蚌埠 bengbu. pypinyin loads its tables on import (about half a second
    # of `gongyou chat`), so it is imported by the first message that needs a reading.
    from pypinyin import Style, lazy_pinyin

    out: list[str] = []
    for item in lazy_pinyin(text, style=Style.NORMAL, errors=_other):
        if isinstance(item, list):
            out.extend(item)
        elif item:
            out.append(item)
    return tuple(out)


def syllables(text: str) -> list[str]:
    """Toneless lowercase pinyin, one syllable per Chinese character; Latin runs kept as words."""
    return list(_cached(text))


def joined(text: str) -> str:
    """Pinyin of text with no separators (会宁县 -> huiningxian)."""
    return "".join(_cached(text))


def initials(text: str) -> str:
    """First letter of every syllable (会宁县 -> hnx); zh/ch/sh count as z/c/s."""
    return "".join(s[0] for s in _cached(text))
