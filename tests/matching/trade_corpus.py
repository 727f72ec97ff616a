"""Deterministic corpus of skill phrases for the trade resolver's accuracy tests and benchmarks.

Hand-written cases say a trade the way seekers and agency staff do; generated variants spell
every trade in pinyin (joined and spaced), English, misspelt English and with a wrong homophone
character, the way an input method or a basic phone keyboard gets it wrong.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from bot.matching.pinyin import syllables
from bot.matching.taxonomy import trades

KINDS = (
    "colloquial",
    "pinyin_typed",
    "pinyin_joined",
    "pinyin_spaced",
    "english",
    "misspelt_english",
    "homophone",
    "synonym",
)


@dataclass(frozen=True, slots=True)
class TradeCase:
    """One phrase, the trade it was written for, and how it was written."""

    text: str
    code: str
    kind: str


# (phrase, code): colloquial Chinese as seekers type it, with filler and regional words.
COLLOQUIAL: tuple[tuple[str, str], ...] = (
    ("烧电焊的", "construction.welder"),
    ("会电焊", "construction.welder"),
    ("我是焊工", "construction.welder"),
    ("干过二保焊", "construction.welder"),
    ("电焊气割都会", "construction.welder"),
    ("有焊工证", "construction.welder"),
    ("扎钢筋", "construction.rebar"),
    ("工地绑钢筋", "construction.rebar"),
    ("木匠", "construction.carpenter"),
    ("支模板的", "construction.carpenter"),
    ("砌砖", "construction.bricklayer"),
    ("泥瓦匠", "construction.bricklayer"),
    ("搭脚手架", "construction.scaffolder"),
    ("刷油漆", "construction.painter"),
    ("刮腻子", "construction.plasterer"),
    ("打灰", "construction.concrete"),
    ("做防水补漏", "construction.waterproofer"),
    ("开塔吊", "construction.tower_crane"),
    ("开挖机", "construction.excavator"),
    ("开钩机的", "construction.excavator"),
    ("挖机师傅", "construction.excavator"),
    ("开铲车", "construction.loader"),
    ("开推土机", "construction.bulldozer"),
    ("开吊车", "construction.mobile_crane"),
    ("贴瓷砖", "construction.tiler"),
    ("搞装修", "construction.fitout"),
    ("做吊顶", "construction.drywall"),
    ("装彩钢瓦", "construction.steel_structure"),
    ("在工地干活", "construction.labourer"),
    ("工地小工", "construction.labourer"),
    ("力工", "construction.labourer"),
    ("修路", "construction.road"),
    ("拆房子", "construction.demolition"),
    ("打隧道", "construction.tunnel"),
    ("外墙保温", "construction.insulation"),
    ("进厂打工", "manufacturing.general"),
    ("想进厂", "manufacturing.general"),
    ("流水线", "manufacturing.general"),
    ("机台操作", "manufacturing.operator"),
    ("组装", "manufacturing.assembler"),
    ("品检", "manufacturing.qc"),
    ("做质检", "manufacturing.qc"),
    ("进电子厂", "manufacturing.electronics"),
    ("踩缝纫机", "manufacturing.sewing"),
    ("服装厂车工", "manufacturing.sewing"),
    ("剪线头", "manufacturing.garment_finishing"),
    ("开注塑机", "manufacturing.injection"),
    ("啤机", "manufacturing.injection"),
    ("CNC操机", "manufacturing.cnc"),
    ("数控车床", "manufacturing.cnc"),
    ("开车床", "manufacturing.lathe"),
    ("开冲床", "manufacturing.stamping"),
    ("打磨抛光", "manufacturing.grinding"),
    ("喷漆", "manufacturing.spray_painter"),
    ("打包装箱", "manufacturing.packer"),
    ("食品加工", "manufacturing.food"),
    ("纺织厂挡车工", "manufacturing.textile"),
    ("鞋厂针车", "manufacturing.shoes"),
    ("做家具", "manufacturing.furniture"),
    ("锂电池厂", "manufacturing.battery"),
    ("汽配厂", "manufacturing.automotive"),
    ("化工厂", "manufacturing.chemical"),
    ("机修", "manufacturing.maintenance"),
    ("手工焊锡", "manufacturing.soldering"),
    ("拉长", "manufacturing.line_leader"),
    ("压铸", "manufacturing.casting"),
    ("钣金折弯", "manufacturing.sheet_metal"),
    ("饭店端盘子", "hospitality.waiter"),
    ("传菜", "hospitality.waiter"),
    ("炒菜师傅", "hospitality.chef"),
    ("掌勺", "hospitality.chef"),
    ("当厨师", "hospitality.chef"),
    ("打荷切配", "hospitality.kitchen_helper"),
    ("蒸馒头", "hospitality.pastry"),
    ("白案", "hospitality.pastry"),
    ("做蛋糕", "hospitality.baker"),
    ("兰州拉面", "hospitality.noodles"),
    ("刷碗", "hospitality.dishwasher"),
    ("超市收银", "hospitality.cashier"),
    ("酒店做房", "hospitality.housekeeping"),
    ("酒店前台", "hospitality.front_desk"),
    ("奶茶店", "hospitality.barista"),
    ("食堂打饭", "hospitality.canteen"),
    ("烤串", "hospitality.barbecue"),
    ("做保洁", "services.cleaner"),
    ("打扫卫生", "services.cleaner"),
    ("扫大街", "services.sanitation"),
    ("理发", "services.hairdresser"),
    ("美甲", "services.beautician"),
    ("足疗", "services.massage"),
    ("搓澡", "services.massage"),
    ("洗衣房", "services.laundry"),
    ("超市理货", "services.stocker"),
    ("洗车", "services.car_wash"),
    ("园林绿化", "services.gardener"),
    ("看大门", "security.guard"),
    ("当保安", "security.guard"),
    ("门卫", "security.guard"),
    ("押运", "security.escort"),
    ("消防中控", "security.control_room"),
    ("地铁安检", "security.screener"),
    ("送快递", "logistics.courier"),
    ("快递分拣", "logistics.sorter"),
    ("仓库管理员", "logistics.storekeeper"),
    ("拣货", "logistics.picker"),
    ("卸货", "logistics.loader"),
    ("扛大包", "logistics.loader"),
    ("送外卖", "logistics.food_delivery"),
    ("美团骑手", "logistics.food_delivery"),
    ("开叉车", "logistics.forklift"),
    ("有叉车证", "logistics.forklift"),
    ("开半挂", "transport.heavy_truck"),
    ("A2驾照", "transport.heavy_truck"),
    ("开大车", "transport.truck"),
    ("B2司机", "transport.truck"),
    ("拉货", "transport.truck"),
    ("开公交", "transport.bus"),
    ("跑滴滴", "transport.ride_hailing"),
    ("开出租", "transport.taxi"),
    ("的哥", "transport.taxi"),
    ("开小车", "transport.driver"),
    ("司机", "transport.driver"),
    ("跑船", "transport.seafarer"),
    ("高铁乘务", "transport.attendant"),
    ("做家政", "domestic.housekeeper"),
    ("钟点工", "domestic.housekeeper"),
    ("住家保姆", "domestic.live_in"),
    ("带孩子", "domestic.childcare"),
    ("带小孩", "domestic.childcare"),
    ("育婴师", "domestic.childcare"),
    ("伺候月子", "domestic.maternity"),
    ("月嫂", "domestic.maternity"),
    ("医院陪护", "domestic.caregiver"),
    ("照顾病人", "domestic.caregiver"),
    ("照顾老人", "domestic.elder_care"),
    ("养老院", "domestic.elder_care"),
    ("上门做饭", "domestic.home_cook"),
    ("摘棉花", "agriculture.cotton"),
    ("去新疆摘棉花", "agriculture.cotton"),
    ("拾棉花", "agriculture.cotton"),
    ("摘苹果", "agriculture.fruit"),
    ("果园采摘", "agriculture.fruit"),
    ("去宁夏摘枸杞", "agriculture.goji"),
    ("种大棚", "agriculture.greenhouse"),
    ("养猪", "agriculture.livestock"),
    ("放羊", "agriculture.livestock"),
    ("屠宰场", "agriculture.slaughter"),
    ("杀猪", "agriculture.slaughter"),
    ("干农活", "agriculture.farmhand"),
    ("采茶", "agriculture.tea"),
    ("砍甘蔗", "agriculture.sugarcane"),
    ("开拖拉机", "agriculture.machinery"),
    ("玉米制种", "agriculture.seed_corn"),
    ("石油钻井", "mining.driller"),
    ("油田采油", "mining.oil_production"),
    ("下井", "mining.underground"),
    ("挖煤", "mining.miner"),
    ("煤矿", "mining.miner"),
    ("放炮", "mining.blaster"),
    ("瓦检员", "mining.gas_inspector"),
    ("有电工证", "technical.electrician"),
    ("低压电工", "technical.electrician"),
    ("电工", "technical.electrician"),
    ("修水管", "technical.plumber"),
    ("装空调", "technical.hvac"),
    ("修车", "technical.auto_mechanic"),
    ("汽修", "technical.auto_mechanic"),
    ("修家电", "technical.appliance"),
    ("电梯维保", "technical.elevator"),
    ("烧锅炉", "technical.boiler"),
    ("光伏安装", "technical.solar"),
    ("监控安装", "technical.low_voltage"),
    ("开锁", "technical.locksmith"),
    ("船厂电焊", "shipbuilding.welder"),
    ("舾装", "shipbuilding.outfitting"),
    ("打砂", "shipbuilding.painter"),
    ("造船厂", "shipbuilding.yard_worker"),
    ("坐办公室", "office.clerk"),
    ("文员", "office.clerk"),
    ("电话客服", "office.customer_service"),
    ("跑业务", "office.sales"),
    ("电销", "office.telesales"),
    ("出纳", "office.accountant"),
    ("修电脑", "office.it_support"),
    ("写代码", "office.programmer"),
    ("平面设计", "office.designer"),
    ("直播带货", "office.livestreamer"),
    ("开网店", "office.ecommerce"),
    ("幼师", "office.teacher"),
    ("出国劳务", "overseas.general"),
    ("出国打工", "overseas.general"),
    ("去日本", "overseas.japan_intern"),
    ("日本研修生", "overseas.japan_intern"),
    ("海外工地", "overseas.construction"),
    ("日本介护", "overseas.care"),
)

# Pinyin as seekers type it on a basic phone, joined or spaced.
PINYIN: tuple[tuple[str, str], ...] = (
    ("dianhan", "construction.welder"),
    ("dian han gong", "construction.welder"),
    ("shao dianhan", "construction.welder"),
    ("gangjin", "construction.rebar"),
    ("mugong", "construction.carpenter"),
    ("wagong", "construction.bricklayer"),
    ("jiazigong", "construction.scaffolder"),
    ("kai waji", "construction.excavator"),
    ("wajueji", "construction.excavator"),
    ("chanche", "construction.loader"),
    ("tadiao", "construction.tower_crane"),
    ("zhuangxiu", "construction.fitout"),
    ("xiaogong", "construction.labourer"),
    ("pugong", "manufacturing.general"),
    ("jin chang", "manufacturing.general"),
    ("dianzichang", "manufacturing.electronics"),
    ("zhijian", "manufacturing.qc"),
    ("fengren", "manufacturing.sewing"),
    ("zhusu", "manufacturing.injection"),
    ("shukong", "manufacturing.cnc"),
    ("baozhuang", "manufacturing.packer"),
    ("fuwuyuan", "hospitality.waiter"),
    ("chushi", "hospitality.chef"),
    ("bangchu", "hospitality.kitchen_helper"),
    ("shouyin", "hospitality.cashier"),
    ("baojie", "services.cleaner"),
    ("baoan", "security.guard"),
    ("kuaidi", "logistics.courier"),
    ("song waimai", "logistics.food_delivery"),
    ("kai chache", "logistics.forklift"),
    ("huoche siji", "transport.truck"),
    ("didi", "transport.ride_hailing"),
    ("baomu", "domestic.live_in"),
    ("yuesao", "domestic.maternity"),
    ("dai haizi", "domestic.childcare"),
    ("hugong", "domestic.caregiver"),
    ("zhai mianhua", "agriculture.cotton"),
    ("zhai gouqi", "agriculture.goji"),
    ("yangzhi", "agriculture.livestock"),
    ("zuanjing", "mining.driller"),
    ("kuanggong", "mining.miner"),
    ("diangong", "technical.electrician"),
    ("wenyuan", "office.clerk"),
    ("kefu", "office.customer_service"),
    ("chuguo laowu", "overseas.general"),
)

# Everyday English, and English with the slips people make on a small keyboard.
ENGLISH: tuple[tuple[str, str], ...] = (
    ("i am a welder", "construction.welder"),
    ("welding", "construction.welder"),
    ("steel fixer", "construction.rebar"),
    ("carpenter", "construction.carpenter"),
    ("bricklayer", "construction.bricklayer"),
    ("excavator operator", "construction.excavator"),
    ("digger driver", "construction.excavator"),
    ("painter", "construction.painter"),
    ("construction worker", "construction.labourer"),
    ("factory work", "manufacturing.general"),
    ("sewing machine operator", "manufacturing.sewing"),
    ("quality control", "manufacturing.qc"),
    ("cnc machinist", "manufacturing.cnc"),
    ("packer", "manufacturing.packer"),
    ("cook", "hospitality.chef"),
    ("waitress", "hospitality.waiter"),
    ("dishwasher", "hospitality.dishwasher"),
    ("cleaning lady", "services.cleaner"),
    ("security guard", "security.guard"),
    ("courier", "logistics.courier"),
    ("forklift", "logistics.forklift"),
    ("delivery rider", "logistics.food_delivery"),
    ("truck driver", "transport.truck"),
    ("taxi driver", "transport.taxi"),
    ("babysitting", "domestic.childcare"),
    ("nanny", "domestic.childcare"),
    ("caregiver", "domestic.caregiver"),
    ("elderly care", "domestic.elder_care"),
    ("cotton picking", "agriculture.cotton"),
    ("fruit picker", "agriculture.fruit"),
    ("farm work", "agriculture.farmhand"),
    ("coal miner", "mining.miner"),
    ("electrician", "technical.electrician"),
    ("plumber", "technical.plumber"),
    ("air conditioning", "technical.hvac"),
    ("mechanic", "technical.auto_mechanic"),
    ("shipyard welder", "shipbuilding.welder"),
    ("office clerk", "office.clerk"),
    ("sales", "office.sales"),
)

MISSPELT: tuple[tuple[str, str], ...] = (
    ("weldr", "construction.welder"),
    ("forklfit", "logistics.forklift"),
    ("electrican", "technical.electrician"),
    ("carpentr", "construction.carpenter"),
    ("plummer", "technical.plumber"),
    ("securty guard", "security.guard"),
)

# Wrong characters an input method offers first for the same toneless syllable.
HOMOPHONES: dict[str, str] = {
    "焊": "汗旱悍",
    "工": "公功攻",
    "电": "店点垫",
    "钢": "刚缸",
    "筋": "斤金",
    "木": "目牧",
    "瓦": "娃",
    "架": "假价",
    "油": "由游",
    "漆": "七期",
    "混": "浑魂",
    "凝": "宁拧",
    "土": "图涂",
    "防": "房放",
    "抹": "摸",
    "灰": "挥辉",
    "塔": "他踏",
    "吊": "掉钓",
    "司": "丝思",
    "机": "鸡基",
    "挖": "哇蛙",
    "掘": "决绝",
    "叉": "插查",
    "装": "庄壮",
    "配": "佩陪",
    "质": "至志",
    "检": "减简",
    "员": "园元",
    "缝": "风封",
    "纫": "认任",
    "注": "住主",
    "塑": "素速",
    "包": "保宝",
    "厨": "除出",
    "帮": "邦棒",
    "面": "棉免",
    "收": "手守",
    "银": "因音",
    "保": "包宝",
    "洁": "节结",
    "安": "按岸",
    "快": "块筷",
    "递": "地第",
    "分": "份粉",
    "拣": "检简",
    "仓": "苍舱",
    "管": "馆关",
    "卸": "谢",
    "卖": "麦",
    "骑": "其奇",
    "货": "或获",
    "客": "课刻",
    "家": "加佳",
    "政": "正证",
    "姆": "母",
    "育": "玉遇",
    "嫂": "扫",
    "月": "越乐",
    "护": "户虎",
    "养": "样阳",
    "老": "劳牢",
    "理": "里李",
    "采": "彩菜",
    "棉": "面眠",
    "花": "华化",
    "摘": "宅",
    "果": "过国",
    "园": "员元",
    "枸": "狗够",
    "杞": "起七",
    "棚": "朋鹏",
    "植": "直值",
    "殖": "直值",
    "屠": "图涂",
    "宰": "在载",
    "钻": "赚转",
    "井": "景警",
    "矿": "况旷",
    "修": "秀休",
    "维": "为围",
    "厂": "场常",
    "普": "谱铺",
    "操": "草曹",
    "营": "迎赢",
    "销": "消小",
    "文": "问闻",
    "设": "社射",
    "计": "记济",
    "程": "成城",
    "船": "传穿",
    "舶": "博泊",
    "涂": "图土",
    "测": "策",
    "量": "两亮",
    "驾": "假价",
    "驶": "使始",
    "洗": "喜西",
    "碗": "晚完",
    "美": "每",
    "容": "荣融",
    "发": "法罚",
    "按": "安案",
    "摩": "磨魔",
    "化": "话画",
    "清": "青轻",
    "环": "还换",
    "卫": "位",
    "空": "孔控",
    "汽": "气器",
    "锅": "国果",
    "炉": "路鹿",
    "爆": "报抱",
    "破": "坡婆",
    "印": "因",
    "铸": "主住",
    "造": "早找",
    "烘": "红洪",
    "焙": "被备",
    "蛋": "但担",
    "糕": "高搞",
    "推": "退腿",
    "压": "鸭牙",
    "仪": "一已",
    "锁": "所索",
    "渔": "鱼于",
    "茶": "查",
    "椒": "教交",
    "猪": "朱",
    "羊": "洋阳",
    "牛": "纽",
    "师": "诗失",
}

MISSPELT_MIN_WORD = 6  # shorter words have too many real-word neighbours to misspell fairly


def _homophone_variants(phrase: str, rng: random.Random) -> list[str]:
    spots = [i for i, ch in enumerate(phrase) if HOMOPHONES.get(ch)]
    if not spots or len(phrase) < 2:
        return []
    i = rng.choice(spots)
    swap = rng.choice(HOMOPHONES[phrase[i]])
    variant = phrase[:i] + swap + phrase[i + 1 :]
    # Keep only true homophones as the pinyin library reads them in context.
    return [variant] if syllables(variant) == syllables(phrase) else []


def _misspelt(phrase: str, rng: random.Random) -> list[str]:
    words = phrase.lower().split()
    spots = [i for i, w in enumerate(words) if len(w) >= MISSPELT_MIN_WORD and w.isalpha()]
    if not spots:
        return []
    out: list[str] = []
    i = rng.choice(spots)
    word = words[i]
    k = rng.randrange(1, len(word) - 1)
    dropped = word[:k] + word[k + 1 :]
    swapped = word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    for typo in (dropped, swapped):
        if typo != word:
            out.append(" ".join([*words[:i], typo, *words[i + 1 :]]))
    return out


@cache
def generated_cases() -> tuple[TradeCase, ...]:
    """Variants of every trade's names and first synonyms, the same on every run."""
    out: list[TradeCase] = []
    for t in trades():
        rng = random.Random(t.code)
        zh = [t.name_zh, *t.synonyms_zh[:2]]
        en = [t.name_en, *t.synonyms_en[:2]]
        for phrase in zh:
            sounds = syllables(phrase)
            out.append(TradeCase("".join(sounds), t.code, "pinyin_joined"))
            out.append(TradeCase(" ".join(sounds), t.code, "pinyin_spaced"))
            out.extend(TradeCase(v, t.code, "homophone") for v in _homophone_variants(phrase, rng))
        for phrase in t.synonyms_zh[2:]:
            out.append(TradeCase(phrase, t.code, "synonym"))
        for phrase in en:
            out.append(TradeCase(phrase.lower(), t.code, "english"))
            out.extend(TradeCase(v, t.code, "misspelt_english") for v in _misspelt(phrase, rng))
    return tuple(out)


def hand_cases() -> tuple[TradeCase, ...]:
    """The hand-written cases: colloquial Chinese, typed pinyin, everyday and misspelt English."""
    groups = (
        (COLLOQUIAL, "colloquial"),
        (PINYIN, "pinyin_typed"),
        (ENGLISH, "english"),
        (MISSPELT, "misspelt_english"),
    )
    return tuple(TradeCase(text, code, kind) for cases, kind in groups for text, code in cases)


def all_cases() -> tuple[TradeCase, ...]:
    """Hand-written and generated cases together."""
    return hand_cases() + generated_cases()
