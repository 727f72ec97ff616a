"""The keyword tables: the words a seeker writes for each intent, and the field labels.

intents.py reads messages against them; keyword_sounds.py adds their pinyin and homophones.
"""

from __future__ import annotations

__all__ = ["ALONE_ONLY", "DIALECT", "FIELD_LABELS", "INTENTS", "KEYWORDS"]


def _words(text: str) -> tuple[str, ...]:
    # Tables are written as "a|b|c" so that phrases with spaces ("sign up") stay whole.
    return tuple(text.split("|"))


# The keyword tables the dialog shows in help. Matching is case-insensitive; words in ALONE_ONLY
# count only as the whole message, every other word also leads a longer message ("注册 张三 会宁").
KEYWORDS: dict[str, tuple[str, ...]] = {
    "register": _words("注册|登记|报到|register|signup|sign up|join|zhuce"),
    "jobs": _words(
        "找工作|找活|找活干|找工|寻活|寻工作|揾工|工作|岗位|职位|招聘|有工作吗|有没有工作|有什么工作|"
        "有活吗|有没有活|有没有活干|有什么活|有啥活|有活没|有活干吗|有没有活路|"
        "jobs|job|work|find job|find work|vacancies|zhaogongzuo|gongzuo"
    ),
    "more": _words("更多|下一页|下页|还有没有|还有吗|还有没|more|next|gengduo"),
    # Work outside the seeker's trades, asked for by name: never mixed into their own list.
    "other": _words(
        "其他岗位|其它岗位|其他工作|其它工作|别的工作|别的岗位|别的活|other jobs|other work|qitagangwei"
    ),
    "previous": _words("上一页|上页|返回|previous|prev|back"),
    "pick": _words("选|选择|pick|choose|select"),
    "apply": _words("报名|申请|apply|baoming"),
    # Vocational training near the worker (bot/handlers/training.py).
    "training": _words(
        "培训|技能培训|职业培训|培训班|参加培训|有培训吗|有没有培训|有什么培训|training|trainings|peixun"
    ),
    # A vacancy that asks a fee or is not as listed, reported to the agency's staff.
    "report": _words("举报|投诉|report|jubao"),
    "me": _words("我的|我|我的信息|我的资料|个人信息|me|my info|profile|wode"),
    "help": _words("帮助|菜单|说明|怎么用|咋用|怎么弄|咋弄|?|help|menu|bangzhu"),
    "language": _words("语言|中文|英文|English|language|lang|chinese|yuyan"),
    # The opt-out words Twilio and the Chinese carriers honour, plus pinyin of 退订.
    "stop": _words(
        "退订|取消|取消订阅|退出|别再发了|别发了|不要再发|T|TD|N|STOP|UNSUBSCRIBE|CANCEL|END|QUIT|STOPALL|REVOKE|OPTOUT|tuiding"
    ),
    "start": _words("订阅|恢复订阅|重新订阅|开始|恢复|START|UNSTOP|YES|subscribe|dingyue"),
    # New-opening alerts off and on, apart from opting out of everything ("不要推送" is no "不要").
    "alerts_off": _words(
        "不要推送|不要推送了|别推送|别推送了|不推送|关闭推送|关掉推送|停止推送|取消推送|"
        "no alerts|alerts off|turn off alerts|buyao tuisong|buyaotuisong"
    ),
    "alerts_on": _words(
        "推送|要推送|开启推送|打开推送|恢复推送|接收推送|alerts on|turn on alerts|tuisong"
    ),
    # 0 is skip: choices are numbered from 1, so 0 is free to mean "none of these / leave it out".
    "skip": _words("跳过|不填|略过|不想填|skip|pass|0|tiaoguo"),
}
INTENTS: tuple[str, ...] = tuple(KEYWORDS)

# Words that would misfire at the head of a longer message: "我叫…" is a name, "取消报名" cancels an
# application, "N"/"T"/"TD"/"END"/"CANCEL"/"YES" are carrier opt-out/opt-in replies only when
# they are the whole body, and "中文"/"English" inside a sentence are not a language switch.
ALONE_ONLY: frozenset[str] = frozenset(
    _words(
        "我|我的|me|取消|t|td|n|cancel|end|quit|yes|开始|恢复|返回|back|next|more|0|pass|说明|?|"
        "还有没有|还有吗|还有没|有没有活路|"
        "有工作吗|有没有工作|有什么工作|有活吗|有没有活|有没有活干|有什么活|有啥活|有活没|有活干吗|"
        "咋用|怎么弄|咋弄|中文|英文|english|chinese|work|join|wode|gongzuo|有培训吗|有没有培训|有什么培训"
    )
)

# Labels a worker writes before an answer ("地区 兰州", "姓名：王五"); they name the profile field the
# rest of the message fills, they are not intents.
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    # Pinyin labels (diqu lanzhou) are the same labels typed without a Chinese keyboard.
    "name": ("姓名", "名字", "name", "xingming", "mingzi"),
    "region": (
        "地区",
        "地址",
        "老家",
        "家乡",
        "籍贯",
        "户籍",
        "住址",
        "region",
        "home",
        "hometown",
        "diqu",
        "laojia",
        "dizhi",
    ),
    "skills": ("技能", "工种", "手艺", "特长", "skills", "skill", "trade", "jineng", "gongzhong"),
    "scope": ("范围", "去向", "意向", "scope", "fanwei"),
}

# Regional words for the keywords' own, read when a whole message is no keyword as written:
# 瞅瞅俺的 is 看看我的 (north-east), 有莫得活路 and 还有没得 are 有没有活 and 还有没有 (Sichuan).
DIALECT: tuple[tuple[str, str], ...] = (
    ("莫得", "没有"),
    ("没得", "没有"),
    ("活路", "活"),
    ("俺", "我"),
    ("瞅瞅", "看看"),
    ("瞧瞧", "看看"),
)
