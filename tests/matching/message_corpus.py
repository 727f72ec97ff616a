"""One-shot messages the way workers write them, with what a careful human reads in each.

Expected values are what the message means, not what the reader happens to output: a miss here is
a real miss. Fields: intent, name, region code (None when absent or honestly ambiguous), the set
of trade codes, scope.
"""

from __future__ import annotations

from dataclasses import dataclass

WELDER = "construction.welder"
CARPENTER = "construction.carpenter"
BRICKLAYER = "construction.bricklayer"
REBAR = "construction.rebar"
SCAFFOLDER = "construction.scaffolder"
EXCAVATOR = "construction.excavator"
LOADER = "construction.loader"
LABOURER = "construction.labourer"
FACTORY = "manufacturing.general"
ELECTRONICS = "manufacturing.electronics"
SEWING = "manufacturing.sewing"
WAITER = "hospitality.waiter"
CHEF = "hospitality.chef"
NOODLES = "hospitality.noodles"
CLEANER = "services.cleaner"
GUARD = "security.guard"
COURIER = "logistics.courier"
FORKLIFT = "logistics.forklift"
MOVER = "logistics.loader"
DELIVERY = "logistics.food_delivery"
TRUCK = "transport.truck"
DRIVER = "transport.driver"
HOUSEKEEPER = "domestic.housekeeper"
NANNY = "domestic.maternity"
CARER = "domestic.caregiver"
ELDER = "domestic.elder_care"
COTTON = "agriculture.cotton"
FRUIT = "agriculture.fruit"
GOJI = "agriculture.goji"
MINER = "mining.miner"
ELECTRICIAN = "technical.electrician"
MECHANIC = "technical.auto_mechanic"
OVERSEAS = "overseas.general"
OVERSEAS_BUILD = "overseas.construction"
JAPAN_INTERN = "overseas.japan_intern"

HUINING, JINGYUAN, JINGTAI, PINGCHUAN = "620422", "620421", "620423", "620403"
BAIYIN, LANZHOU, YUZHONG, DINGXI = "620400", "620100", "620123", "621100"
TONGWEI, LONGXI, MINXIAN, TIANSHUI = "621121", "621122", "621126", "620500"
QINAN, GANGU, WUWEI, ZHANGYE, JIUQUAN = "620522", "620523", "620600", "620700", "620900"
LINXIA, ZHUANGLANG, JINGNING, ZHENYUAN = "622900", "620825", "620826", "621027"
LIXIAN, XIHE, GANSU, ZHOUKOU, NANCHONG = "621226", "621225", "620000", "411600", "511300"
BIJIE, FUYANG, GUYUAN, XINING = "520500", "341200", "640400", "630100"


@dataclass(frozen=True, slots=True)
class Message:
    """A message and what it says."""

    text: str
    intent: str | None = None
    name: str | None = None
    region: str | None = None
    skills: frozenset[str] = frozenset()
    scope: str | None = None


def m(
    text: str,
    intent: str | None = None,
    name: str | None = None,
    region: str | None = None,
    skills: tuple[str, ...] = (),
    scope: str | None = None,
) -> Message:
    """Shorthand for a corpus row."""
    return Message(text, intent, name, region, frozenset(skills), scope)


R = "register"

MESSAGES: tuple[Message, ...] = (
    # Registration in one message, Chinese, spaced, unspaced, with punctuation.
    m("注册 张三 会宁 电焊 省外", R, "张三", HUINING, (WELDER,), "country"),
    m("注册张三会宁电焊省外", R, "张三", HUINING, (WELDER,), "country"),
    m("注册，李四，靖远，木工，省内", R, "李四", JINGYUAN, (CARPENTER,), "province"),
    m("登记 王五 通渭 瓦工 本地", R, "王五", TONGWEI, (BRICKLAYER,), "local"),
    m("注册 赵六 定西 开挖机 全国", R, "赵六", DINGXI, (EXCAVATOR,), "country"),
    m("我要注册 刘强 天水 保安 哪里都行", R, "刘强", TIANSHUI, (GUARD,), "country"),
    m("注册 陈静 秦安 服务员 本市", R, "陈静", QINAN, (WAITER,), "local"),
    m("报到 杨伟 甘谷 厨师 省外", R, "杨伟", GANGU, (CHEF,), "country"),
    m("注册：马建国，临夏，拉面，出省", R, "马建国", LINXIA, (NOODLES,), "country"),
    m("注册 周敏 武威 保洁 附近", R, "周敏", WUWEI, (CLEANER,), "local"),
    m("注册 黄磊 张掖 叉车 省内", R, "黄磊", ZHANGYE, (FORKLIFT,), "province"),
    m("注册 吴刚 酒泉 电工 出国", R, "吴刚", JIUQUAN, (ELECTRICIAN,), "overseas"),
    m("注册 孙丽 陇西 月嫂 不出省", R, "孙丽", LONGXI, (NANNY,), "province"),
    m("注册 朱军 岷县 钢筋工 外地", R, "朱军", MINXIAN, (REBAR,), "country"),
    m("注册 胡斌 榆中 司机 本县", R, "胡斌", YUZHONG, (DRIVER,), "local"),
    m("注册 郭芳 会宁 家政 本地", R, "郭芳", HUINING, (HOUSEKEEPER,), "local"),
    m("注册 何勇 景泰 架子工 省外", R, "何勇", JINGTAI, (SCAFFOLDER,), "country"),
    m("注册 高峰 平川 挖掘机 沿海", R, "高峰", PINGCHUAN, (EXCAVATOR,), "country"),
    m("注册 林涛 静宁 摘苹果", R, "林涛", JINGNING, (FRUIT,)),
    m("注册 罗琴 庄浪 缝纫工 南方", R, "罗琴", ZHUANGLANG, (SEWING,), "country"),
    m("注册 梁超 镇原 普工 省外", R, "梁超", ZHENYUAN, (FACTORY,), "country"),
    m("注册 宋佳 礼县 服务员 兰州", R, "宋佳", LIXIAN, (WAITER,)),
    m("注册 韩梅 西和 保洁 本地", R, "韩梅", XIHE, (CLEANER,), "local"),
    m("登记：唐明，甘肃定西，电焊、气割，省外都可以", R, "唐明", DINGXI, (WELDER,), "country"),
    m("注册 冯刚 甘肃 白银 会宁 木工 瓦工", R, "冯刚", HUINING, (CARPENTER, BRICKLAYER)),
    m(
        "注册 邓华 会宁县 钢筋 混凝土 省外",
        R,
        "邓华",
        HUINING,
        (REBAR, "construction.concrete"),
        "country",
    ),
    m("注册 曹军 周口 电子厂 沿海", R, "曹军", ZHOUKOU, (ELECTRONICS,), "country"),
    m("注册 彭丽 南充 保姆 本地", R, "彭丽", NANCHONG, ("domestic.live_in",), "local"),
    m("注册 曾强 毕节 搬运工 全国", R, "曾强", BIJIE, (MOVER,), "country"),
    m("注册 肖红 阜阳 服装厂 南方", R, "肖红", FUYANG, (SEWING,), "country"),
    m("注册 田亮 固原 挖掘机 出省", R, "田亮", GUYUAN, (EXCAVATOR,), "country"),
    m("注册 董燕 西宁 服务员 省内", R, "董燕", XINING, (WAITER,), "province"),
    m("注册 欧阳娜娜 兰州 收银 本市", R, "欧阳娜娜", LANZHOU, ("hospitality.cashier",), "local"),
    m("注册 马小军", R, "马小军"),
    m("注册 会宁 电焊", R, None, HUINING, (WELDER,)),
    m("注册", R),
    m("我要登记", R),
    m(
        "您好，我想注册，我叫马小龙，临夏人，会拉面，去哪都行",
        R,
        "马小龙",
        LINXIA,
        (NOODLES,),
        "country",
    ),
    # No keyword: the dialog treats region + skills as a registration.
    m("会宁 电焊 省外", None, None, HUINING, (WELDER,), "country"),
    m("会宁电焊省外", None, None, HUINING, (WELDER,), "country"),
    m("会宁县，电焊工，省外！！！", None, None, HUINING, (WELDER,), "country"),
    m("会宁 电焊 省外 谢谢", None, None, HUINING, (WELDER,), "country"),
    m("靖远人，会木工，想去省外", None, None, JINGYUAN, (CARPENTER,), "country"),
    m("我是通渭的，会开铲车，省内就行", None, None, TONGWEI, (LOADER,), "province"),
    m("我叫李四，会宁人，会开挖机", None, "李四", HUINING, (EXCAVATOR,)),
    m("我叫王小明 天水 厨师 全国都行", None, "王小明", TIANSHUI, (CHEF,), "country"),
    m("姓名王五", None, "王五"),
    m("姓名：赵丽 地区：定西 技能：保洁", None, "赵丽", DINGXI, (CLEANER,)),
    m("张三，男，45岁，会宁，电焊", None, "张三", HUINING, (WELDER,)),
    m(
        "李建华 男 38岁 陇西 瓦工 木工 省外",
        None,
        "李建华",
        LONGXI,
        (BRICKLAYER, CARPENTER),
        "country",
    ),
    m("甘肃 白银 会宁 瓦工", None, None, HUINING, (BRICKLAYER,)),
    m("甘肃省白银市会宁县 电焊工", None, None, HUINING, (WELDER,)),
    m("甘肃白银会宁 电焊", None, None, HUINING, (WELDER,)),
    m("白银 木工 本地", None, None, BAIYIN, (CARPENTER,), "local"),
    m("兰州", None, None, LANZHOU),
    m("会宁", None, None, HUINING),
    m("甘肃", None, None, GANSU),
    m("电焊", None, None, None, (WELDER,)),
    m("省外", None, None, None, (), "country"),
    m("出国", None, None, None, (), "overseas"),
    m("本地", None, None, None, (), "local"),
    m("想去沙特干活", None, None, None, (), "overseas"),
    m("我是会宁人 会电焊 想出国", None, None, HUINING, (WELDER,), "overseas"),
    # Words of intent (出国打工, 出国劳务, work abroad) are the scope, never a skill (issue 8).
    m("想出国打工 会电焊", None, None, None, (WELDER,), "overseas"),
    m("本地 保安", None, None, None, (GUARD,), "local"),
    m("离家近的保洁工作", None, None, None, (CLEANER,), "local"),
    m("家门口 找个 门卫", None, None, None, (GUARD,), "local"),
    m("不出市 厨师", None, None, None, (CHEF,), "local"),
    m("省内 叉车", None, None, None, (FORKLIFT,), "province"),
    m("全国 货车司机", None, None, None, (TRUCK,), "country"),
    m("哪里都行，我会开大车", None, None, None, (TRUCK,), "country"),
    m("去哪都行 普工", None, None, None, (FACTORY,), "country"),
    m("南方 电子厂", None, None, None, (ELECTRONICS,), "country"),
    m("沿海 进厂", None, None, None, (FACTORY,), "country"),
    m("会宁人，想去兰州干保安", None, None, HUINING, (GUARD,), "province"),
    m("我在会宁，想去新疆摘棉花", None, None, HUINING, (COTTON,), "country"),
    m("定西人 想去日本 研修生", None, None, DINGXI, (JAPAN_INTERN,), "overseas"),
    m("会宁 小工 力工 都行", None, None, HUINING, (LABOURER,)),
    m("会宁 电焊 氩弧焊 都会", None, None, HUINING, (WELDER,)),
    m("木工 瓦工 钢筋 都能干", None, None, None, (CARPENTER, BRICKLAYER, REBAR)),
    m("会宁 高中毕业 电焊", None, None, HUINING, (WELDER,)),
    m("包吃包住 电焊 省外", None, None, None, (WELDER,), "country"),
    m("通渭 送外卖 兰州", None, None, TONGWEI, (DELIVERY,)),
    m("岷县 挖煤 省外", None, None, MINXIAN, (MINER,), "country"),
    m("临夏 照顾老人 本地", None, None, LINXIA, (ELDER,), "local"),
    m("陇西 医院护工 省内", None, None, LONGXI, (CARER,), "province"),
    m("静宁 摘枸杞 省外", None, None, JINGNING, (GOJI,), "country"),
    m("景泰 修车 本县", None, None, JINGTAI, (MECHANIC,), "local"),
    m("甘谷 快递 兰州 都行", None, None, GANGU, (COURIER,)),
    m("会宁 瓦工 不出省", None, None, HUINING, (BRICKLAYER,), "province"),
    m("会宁，电焊，省内省外都行", None, None, HUINING, (WELDER,), "country"),
    m("会宁 电焊 不去外地", None, None, HUINING, (WELDER,)),
    m("朝阳 保安", None, None, None, (GUARD,)),  # 朝阳 names several cities: ask
    m("东乡 普工", None, None, None, (FACTORY,)),  # 甘肃东乡 or 江西东乡: ask
    m("王永昌 会宁 电焊", None, "王永昌", HUINING, (WELDER,)),
    # Keywords that carry profile facts.
    m("找工作 兰州 电焊", "jobs", None, LANZHOU, (WELDER,)),
    m("我想找工作", "jobs"),
    m("你好，我想找工作", "jobs"),
    m("找活 会宁 瓦工", "jobs", None, HUINING, (BRICKLAYER,)),
    m("工作 定西 保安", "jobs", None, DINGXI, (GUARD,)),
    m("岗位 电焊 省外", "jobs", None, None, (WELDER,), "country"),
    m("请问有工作吗", "jobs"),
    # Pinyin.
    m("zhuce zhangsan huining dianhan shengwai", R, "Zhangsan", HUINING, (WELDER,), "country"),
    # jingyuan is 靖远 (Gansu) or 泾源 (Ningxia): ask.
    m("zhuce lisi jingyuan mugong shengnei", R, "Lisi", None, (CARPENTER,), "province"),
    m("zhuce wangwu tongwei wagong bendi", R, "Wangwu", TONGWEI, (BRICKLAYER,), "local"),
    m("huining dianhan shengwai", None, None, HUINING, (WELDER,), "country"),
    m("tianshui chushi quanguo", None, None, TIANSHUI, (CHEF,), "country"),
    m("lanzhou kuaidi", None, None, LANZHOU, (COURIER,)),
    m("dianhan", None, None, None, (WELDER,)),
    m("shengwai", None, None, None, (), "country"),
    m("huining", None, None, HUINING),
    m("Huining dianhan chuguo", None, None, HUINING, (WELDER,), "overseas"),
    m("dingxi wagong shengnei", None, None, DINGXI, (BRICKLAYER,), "province"),
    m("zhuce zhang san huining dianhan", R, "Zhang San", HUINING, (WELDER,)),
    # English.
    m("register Li Lei, Huining, welder, anywhere", R, "Li Lei", HUINING, (WELDER,), "country"),
    m("register Wang Fang Lanzhou cleaner local", R, "Wang Fang", LANZHOU, (CLEANER,), "local"),
    m(
        "Register: Zhang Wei / Tianshui / cook / nationwide",
        R,
        "Zhang Wei",
        TIANSHUI,
        (CHEF,),
        "country",
    ),
    m(
        "My name is Chen Jie, from Dingxi, I can drive a forklift, only in province",
        None,
        "Chen Jie",
        DINGXI,
        (FORKLIFT,),
        "province",
    ),
    m(
        "I am Zhang Wei, from Huining, electrician, abroad",
        None,
        "Zhang Wei",
        HUINING,
        (ELECTRICIAN,),
        "overseas",
    ),
    m("name Zhang Wei", None, "Zhang Wei"),
    m("I am Zhang Wei", None, "Zhang Wei"),
    m("I'm Liu Yang from Tianshui", None, "Liu Yang", TIANSHUI),
    m("welder from Huining, can go anywhere", None, None, HUINING, (WELDER,), "country"),
    m("Lanzhou security guard nearby", None, None, LANZHOU, (GUARD,), "local"),
    m("I want to work abroad, I am a chef", None, None, None, (CHEF,), "overseas"),
    m("overseas construction worker", None, None, None, (OVERSEAS_BUILD,), "overseas"),
    m(
        "bricklayer and carpenter, Dingxi, in province",
        None,
        None,
        DINGXI,
        (BRICKLAYER, CARPENTER),
        "province",
    ),
    m("forklift driver, Baiyin, nationwide", None, None, BAIYIN, (FORKLIFT,), "country"),
    m("I am a welder", None, None, None, (WELDER,)),
    m("I am from Huining", None, None, HUINING),
    m("register", R),
    m("Register please", R),
    m("jobs in Lanzhou", "jobs", None, LANZHOU),
    m("find work welder Lanzhou", "jobs", None, LANZHOU, (WELDER,)),
    m("Malaysia factory worker", None, None, None, (FACTORY,), "overseas"),
    # Mixed scripts and typos.
    m("注册 Li Lei 会宁 welder", R, "Li Lei", HUINING, (WELDER,)),
    m("zhuce 张三 huining 电焊", R, "张三", HUINING, (WELDER,)),
    m("register 张三 会宁 电焊 省外", R, "张三", HUINING, (WELDER,), "country"),
    m("会宁 welder anywhere", None, None, HUINING, (WELDER,), "country"),
    m("rigister Li Lei Huining welder", R, "Li Lei", HUINING, (WELDER,)),
    m("regster Wang Wei Lanzhou cook", R, "Wang Wei", LANZHOU, (CHEF,)),
    m("jbos Lanzhou", "jobs", None, LANZHOU),
    m("Huining weldr anywhere", None, None, HUINING, (WELDER,), "country"),
    m(
        "注册　张三　会宁　电焊　省外", R, "张三", HUINING, (WELDER,), "country"
    ),  # full-width spaces
    m("注册 张三 会宁 电焊 省外 😀", R, "张三", HUINING, (WELDER,), "country"),
    m("ＺＨＵＣＥ zhangsan huining dianhan", R, "Zhangsan", HUINING, (WELDER,)),
    m("注册 张三 会宁 电焊 省外\n谢谢老板", R, "张三", HUINING, (WELDER,), "country"),
    # Written blind, after the reader was built: the figure these give is the honest one.
    m("老板你好 我是静宁的 想找个保安的活", None, None, JINGNING, (GUARD,)),
    m(
        "本人男，50岁，会宁县人，干过十年瓦工，想在本地找活",
        None,
        None,
        HUINING,
        (BRICKLAYER,),
        "local",
    ),
    m("我姓王 叫王建军 定西安定区 开过挖掘机", None, "王建军", "621102", (EXCAVATOR,)),
    m("有没有电焊的活 省外也行", None, None, None, (WELDER,), "country"),
    m("会宁的 会开叉车 想去外省", None, None, HUINING, (FORKLIFT,), "country"),
    m("注册 李娟 通渭县 服务员 收银 兰州就行", R, "李娟", TONGWEI, (WAITER, "hospitality.cashier")),
    m("我想出国劳务 去日本", None, None, None, (JAPAN_INTERN,), "overseas"),
    m("陇西县 40岁 女 保洁 家附近", None, None, LONGXI, (CLEANER,), "local"),
    m("zhuce 王丽 dingxi baojie", R, "王丽", DINGXI, (CLEANER,)),
    m(
        "I'm from Tianshui, looking for factory work in the south",
        None,
        None,
        TIANSHUI,
        (FACTORY,),
        "country",
    ),
    m("register Ma Long Linxia noodle chef", R, "Ma Long", LINXIA, (NOODLES,)),
    m("Zhang Wei Huining welder", None, "Zhang Wei", HUINING, (WELDER,)),
    m("甘肃会宁 电焊工 二保焊 氩弧焊都会 全国都可以去", None, None, HUINING, (WELDER,), "country"),
    m("俺是岷县的，能干力气活，搬运装卸都行", None, None, MINXIAN, (MOVER,)),
    m(
        "白银平川区 开大车 A2驾照 哪都去",
        None,
        None,
        PINGCHUAN,
        ("transport.heavy_truck",),
        "country",
    ),
    m("武威 护工 照顾老人 本市", None, None, WUWEI, (CARER, ELDER), "local"),
    m("报名", "apply"),
    m("我要报名第3个", "apply"),
    m("注册 张伟 兰州 程序员 省内", R, "张伟", LANZHOU, ("office.programmer",), "province"),
    m("我叫刘洋，在兰州，想做快递或者外卖", None, "刘洋", LANZHOU, (COURIER, DELIVERY)),
    # Commands written the ways people write them.
    m("2", "pick"),
    m("２", "pick"),
    m("第2个", "pick"),
    m("2号", "pick"),
    m("No. 2", "pick"),
    m("报名 3", "apply"),
    m("apply 2", "apply"),
    m("我的", "me"),
    m("帮助", "help"),
    m("？", "help"),
    m("T", "stop"),
    m("TD", "stop"),
    m("退订", "stop"),
    m("STOP", "stop"),
    m("订阅", "start"),
    m("English", "language"),
    m("更多", "more"),
    m("上一页", "previous"),
    m("跳过", "skip"),
    m("0", "skip"),
)

# (text, intent, number) that must be read exactly; keywords are a contract with every channel.
KEYWORD_CASES: tuple[tuple[str, str | None, int | None], ...] = (
    ("注册", "register", None),
    ("登记", "register", None),
    ("报到", "register", None),
    ("register", "register", None),
    ("REGISTER", "register", None),
    ("Register", "register", None),
    ("rigister", "register", None),
    ("zhuce", "register", None),
    ("我要注册", "register", None),
    ("jobs", "jobs", None),
    ("JOBS", "jobs", None),
    ("jbos", "jobs", None),
    ("找工作", "jobs", None),
    ("工作", "jobs", None),
    ("岗位", "jobs", None),
    ("找活", "jobs", None),
    ("more", "more", None),
    ("更多", "more", None),
    ("下一页", "more", None),
    ("next", "more", None),
    ("Next", "more", None),
    ("previous", "previous", None),
    ("上一页", "previous", None),
    ("prev", "previous", None),
    ("back", "previous", None),
    ("apply", "apply", None),
    ("报名", "apply", None),
    ("申请", "apply", None),
    ("报名 2", "apply", 2),
    ("apply 12", "apply", 12),
    ("me", "me", None),
    ("我的", "me", None),
    ("我", "me", None),
    ("help", "help", None),
    ("HELP", "help", None),
    ("hlep", "help", None),
    ("帮助", "help", None),
    ("?", "help", None),
    ("？", "help", None),
    ("菜单", "help", None),
    ("menu", "help", None),
    ("language", "language", None),
    ("语言", "language", None),
    ("lang", "language", None),
    ("中文", "language", None),
    ("English", "language", None),
    ("english", "language", None),
    ("stop", "stop", None),
    ("STOP", "stop", None),
    ("Stop", "stop", None),
    ("退订", "stop", None),
    ("取消", "stop", None),
    ("T", "stop", None),
    ("t", "stop", None),
    ("TD", "stop", None),
    ("td", "stop", None),
    ("N", "stop", None),
    ("UNSUBSCRIBE", "stop", None),
    ("CANCEL", "stop", None),
    ("END", "stop", None),
    ("QUIT", "stop", None),
    ("STOPALL", "stop", None),
    ("REVOKE", "stop", None),
    ("OPTOUT", "stop", None),
    ("stop.", "stop", None),
    ("start", "start", None),
    ("START", "start", None),
    ("订阅", "start", None),
    ("开始", "start", None),
    ("UNSTOP", "start", None),
    ("YES", "start", None),
    ("yes", "start", None),
    ("skip", "skip", None),
    ("跳过", "skip", None),
    ("不填", "skip", None),
    ("0", "skip", None),
    ("1", "pick", 1),
    ("2", "pick", 2),
    ("２", "pick", 2),
    ("12", "pick", 12),
    ("999", "pick", 999),
    ("第2个", "pick", 2),
    ("第二个", "pick", 2),
    ("2号", "pick", 2),
    ("No. 2", "pick", 2),
    ("no.2", "pick", 2),
    ("#3", "pick", 3),
    ("选3", "pick", 3),
    (" 3 ", "pick", 3),
    # Words that only count alone, and things that are no keyword at all.
    ("我叫张三", None, None),
    ("取消报名", None, None),
    ("T恤", None, None),
    ("yes I can weld", None, None),
    ("Tom", None, None),
    ("Wang Wei", None, None),
    ("hello", None, None),
    ("land", None, None),
    ("text me", None, None),
    ("1234", None, None),
    ("13800138000", None, None),
    ("会宁", None, None),
    ("中文名字张三", None, None),
)
