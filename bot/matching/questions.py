"""Greetings and questions: what a message asks rather than answers.

A greeting (你好, 在吗, hello) or a question (你们是干啥的, 怎么报名, 多少钱, …吗/呢/？) is never a
name or a trade. A question about a vacancy gets a topic the dialog can answer from its fields:
wage, board, age, place, date, requirements, headcount, contact; questions about the service
get fee, apply (how to apply, how to use it) or about (who we are).
"""

from __future__ import annotations

import re

__all__ = [
    "GREETING_WORDS",
    "TOPICS",
    "greeting_span",
    "is_greeting",
    "read_question",
    "topics_asked",
    "wants",
]

_GREETING_TEXT = (
    "你好啊 你好呀 你好 您好 老师好 师傅好 大家好 早上好 上午好 下午好 晚上好 早 在吗 在不在 在么 有人吗 "
    "有人在吗 哈喽 哈啰 嗨 喂 哈罗 hello hallo hi hey hiya morning nihao nin hao ni hao ninhao "
    "zaima zai ma good morning good afternoon good evening"
)
GREETING_WORDS: tuple[str, ...] = tuple(
    sorted(set(_GREETING_TEXT.split()) | {"ni hao", "nin hao", "zai ma"}, key=len, reverse=True)
)
_GREETING = re.compile(
    r"^(?:(?:" + "|".join(re.escape(w) for w in GREETING_WORDS) + r")(?![a-z])[\s,.!~，。！～、]*)+"
)

# Topics in the order they are tried: the first that matches names the question. Fee before wage
# (交多少钱 is a fee), board before place (住哪), age before requirements (50岁要不要).
TOPICS: tuple[tuple[str, str], ...] = (
    # What comes with the job beyond board: insurance, travel costs, visas (路费 is no fee).
    (
        "benefits",
        r"五险|社保|保险|公积金|路费|车费|机票|报销|签证|年终奖|奖金|补贴|福利|放假|休息|benefit|insurance|visa|ticket|bonus|wuxian|lufei|qianzheng",
    ),
    (
        "fee",
        r"收费|收钱|交钱|交费|缴费|押金|中介费|服务费|报名费|体检费|要钱吗|花钱|要不要钱|fee|deposit|charge|shoufei|jiaoqian|yajin",
    ),
    (
        "board",
        r"包吃|包住|管吃|管住|管饭|吃住|食宿|住宿|宿舍|住哪|住在哪|住的|吃饭|伙食|饭菜|board|food|meals?|lodging|accommodation|dorm|baochi|baozhu|chizhu|guanfan|zhusu",
    ),
    (
        "age",
        r"年龄|年纪|岁数|多大|几岁|\d+\s*岁|[一二三四五六七八九十]+岁|\d{2}\s*了|五十|六十|超龄|age\b|how old|too old|nianling|duoda",
    ),
    (
        "headcount",
        r"几个人|多少人|招几|要几个|招多少|人数|名额|还要人|缺人|how many (?:people|workers)|headcount|renshu|jige ?ren",
    ),
    (
        "date",
        r"什么时候|啥时候|几时|几号|哪天|哪一天|何时|几月|月份|出发|走人|多久|开工|开始|上岗|when\b|date|depart|leave|start|shenme ?shihou|sha ?shihou|chufa",
    ),
    (
        "contact",
        r"电话|联系|找谁|手机号|号码|微信|负责人|contact|phone|call\b|who do i|dianhua|lianxi",
    ),
    (
        "wage",
        r"工资|薪资|薪水|月薪|日薪|底薪|收入|待遇|多少钱|几多钱|给多少|挣多少|赚多少|开多少|一个月多少|一天多少|钱多少|算钱|工价|提成|wage|salary|pay\b|how much|gongzi|xinshui|duoshao ?qian",
    ),
    (
        "requirements",
        r"要求|条件|证|经验|学历|护照|驾龄|夜班|倒班|要会|会做|会不会|能不能干|能干吗|要什么|需要什么|require|certificate|licen[cs]e|experience|passport|night shift|yaoqiu|tiaojian",
    ),
    (
        "place",
        r"在哪|哪里|哪儿|哪点|哪达|边度|哪个地方|什么地方|啥地方|哪个城市|哪个省|地点|地址|远不远|where|nali|nar\b",
    ),
    (
        "apply",
        r"怎么报|怎么弄|怎么办|怎么用|怎么注册|怎么找|怎么操作|咋弄|咋办|咋整|咋报|咋用|如何|how do|how to|how can|zenme|zenyang",
    ),
    (
        "about",
        r"干啥的|干什么的|做什么的|做啥的|是什么|是啥|你们是谁|你是谁|什么公司|哪个公司|靠谱|真的假的|骗|who are you|what is this|what do you do|gansha ?de",
    ),
)
_TOPIC_PATTERNS = tuple((topic, re.compile(pattern)) for topic, pattern in TOPICS)

# Question words; followed by 都/也 they are indefinite ("哪里都行", "什么都能干"), no question,
# nor after 看 ("看哪里有活": wherever there is work).
_ASKING = re.compile(
    r"(?:什么|啥|咋|怎么|怎样|如何|多少|几多|几[个号岁天时点年月]|(?<!看)哪|边度|谁|为什么|为啥|是否|能不能|可不可以|"
    r"有没有|要不要|行不行|会不会|是不是|多大|多久|多远|真的假的)(?![^，,。\s]{0,2}[都也])"
)
_ENGLISH_ASKING = re.compile(
    r"^(?:what|how|where|when|who|why|which|is there|are there|do you|can i|can you)\b"
)
# Pinyin question words of two syllables or more: sha, ma, shui are also names (沙, 马, 水).
_PINYIN_ASKING = re.compile(
    r"\b(?:shenme|zenme|zenyang|duoshao|nali|weishenme|shenmeshihou)\b(?!\s*(?:dou|ye)\b)"
)
_ENDS_ASKING = re.compile(r"(?:[吗呢么嘛\?？]|\bma|\bne)[\s.!~。！～?？]*$")
# 管饭不, 包吃住不, 有没: a trailing 不/没 asks in the north; 去不去, 高不高, 包唔包 ask anywhere.
_ENDS_NOT = re.compile(r"\S{2,}(?:不|没|没有)[\s.!~。！～?？]*$")
_A_NOT_A = re.compile(r"(\S)[不唔没]\1")
# A request for a fact asks for it too: 电话给一个, 具体地址发一下.
_REQUEST = re.compile(r"(?:给一个|给个|发一下|发个|发给我|告诉我|说一下|讲一下)")


def greeting_span(text: str) -> int:
    """How many leading characters of lowercased text are greetings ("你好，在吗？" -> all)."""
    m = _GREETING.match(text)
    return m.end() if m else 0


def is_greeting(text: str) -> bool:
    """True when lowercased text is greetings and nothing else."""
    end = greeting_span(text)
    return bool(end) and not text[end:].strip(" \t\r\n,.!?~，。！？～、")


def read_question(text: str) -> tuple[bool, str | None]:
    """(is a question, its topic or None) for lowercased, normalised text."""
    body = text.strip()
    if not body:
        return False, None
    topic = next((t for t, pattern in _TOPIC_PATTERNS if pattern.search(body)), None)
    asking = bool(
        _ASKING.search(body)
        or _ENDS_ASKING.search(body)
        or _ENDS_NOT.search(body)
        or _A_NOT_A.search(body)
        or (topic is not None and _REQUEST.search(body))
        or _ENGLISH_ASKING.match(body)
        or (body.isascii() and _PINYIN_ASKING.search(body))
    )
    if not asking:
        # "工资多少" asks without a question word; a topic word alone ("包吃住") is an answer.
        return False, None
    return True, topic


def topics_asked(text: str) -> list[str]:
    """Every topic a lowercased, normalised question asks about, in the order it asks them
    (工资多少 包吃住不: wage, then board)."""
    found = [
        (m.start(), topic) for topic, pattern in _TOPIC_PATTERNS if (m := pattern.search(text))
    ]
    return [topic for _, topic in sorted(found)]


# 你们这有啥活, 有没有电焊的活, 兰州有活吗: asking for work, with the question at the end (有没有
# 工作经验要求 asks about a requirement instead).
_WANTS_WORK = re.compile(
    r"(?:(?:有没有|有啥|有什么|有无|还有没有)\S{0,8}?(?:活|活干|活路|工作|岗位)"
    r"|有(?:活|活干|活路|工作|岗位)(?:吗|没|没有|不|呢|么))"
    r"(?:吗|没|没有|不|呢|么|啊)?[\s?？。.!！~]*$"
)
# 我注册上了吗, 我报的那个咋样了, 报名成功了没: asking after one's own registration or application.
_ASKS_SELF = re.compile(
    r"(?:注册|登记|报名|报)(?:上|好|成功|进去)了?(?:吗|没|没有|么|不)"
    r"|我报的\S{0,4}?(?:咋样|怎么样|如何|有消息|有信)"
)


def wants(text: str) -> str | None:
    """What a question in lowercased, normalised text asks the bot to show: "jobs" (有没有电焊的
    活) or "me" (我注册上了吗), else None."""
    if _ASKS_SELF.search(text):
        return "me"
    if _WANTS_WORK.search(text):
        return "jobs"
    return None
