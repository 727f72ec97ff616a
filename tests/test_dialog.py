"""The channel-neutral dialog, as transcripts: each step is (message, texts the reply must contain)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.channels.sms.render import render_sms
from bot.dialog import converse
from bot.importing.reader import read_table
from bot.importing.service import import_table
from bot.render import plain_text
from bot.replies import Inbound, Reply
from bot.search import VacancySearch
from storage.engine import create_engine, session_factory
from storage.models import Application, Seeker, Vacancy

PHONE = "+8613800001234"
START = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
SILENT = None


class Conversation:
    """One worker talking to the dialog; the clock moves only when a step says so."""

    def __init__(self, sessions, channel: str = "console", address: str = PHONE) -> None:
        self.sessions, self.channel, self.address = sessions, channel, address
        self.search = VacancySearch()
        self.now = START

    async def reply(self, text: str) -> Reply | None:
        async with self.sessions() as session, session.begin():
            inbound = Inbound(self.channel, self.address, text, self.now)
            reply = await converse(
                session, inbound, self.search, default_locale="zh_CN", today=self.now.date()
            )
        self.now += timedelta(minutes=1)
        return reply

    async def say(self, text: str) -> str | None:
        reply = await self.reply(text)
        return plain_text(reply) if reply else None


@pytest.fixture
def sessions(demo_sessions):
    return demo_sessions


TRANSCRIPTS = {
    "one message registers": [
        ("注册 张三 会宁 电焊 省外", ["已登记：张三，甘肃省白银市会宁县，电焊工，全国"]),
        ("找工作", ["电焊工", "元", "1. ", "2. ", "3. "]),
    ],
    "step by step in the contract's order": [
        ("你好", ["欢迎", "姓名"]),
        ("王五", ["哪里人"]),
        ("白银会宁", ["会什么"]),
        ("开叉车", ["去哪里", "1. 本地", "4. 可出国"]),
        ("2", ["已登记：王五，甘肃省白银市会宁县，叉车工，省内"]),
    ],
    "name can be skipped and places offered by number": [
        ("注册", ["姓名"]),
        ("跳过", ["哪里人"]),
        ("朝阳", ["同名", "1. ", "2. 北京市朝阳区"]),
        ("2", ["会什么"]),
        ("保安", ["去哪里"]),
        ("本地", ["已登记：北京市朝阳区，保安，本地"]),
    ],
    "browse, details, apply, me": [
        ("注册 李四 会宁 电焊 省外", ["已登记"]),
        ("找工作", ["适合您的岗位"]),
        ("更多", ["适合您的岗位"]),
        ("上一页", ["适合您的岗位"]),
        ("9", ["请回复1到3的序号"]),
        ("2", ["地点：", "工资：", "报名"]),
        ("报名", ["已报名"]),
        ("报名", ["已报名过"]),
        ("我的", ["已报名1个岗位"]),
    ],
    "apply needs a vacancy first": [
        ("注册 李四 会宁 电焊 省外", ["已登记"]),
        ("报名", ["先回复序号"]),
    ],
    "opt out once, silence, back in": [
        ("注册 李四 会宁 电焊 省外", ["已登记"]),
        ("T", ["已退订"]),
        ("TD", SILENT),
        ("找工作", SILENT),
        ("帮助", ["已退订", "订阅"]),
        ("订阅", ["已恢复"]),
        ("找工作", ["适合您的岗位"]),
    ],
    "unknown text gets a hint, never a dead end": [
        ("注册 李四 会宁 电焊 省外", ["已登记"]),
        ("今天天气怎么样", ["找工作服务", "找工作"]),  # a question: who we are, what to write
        ("阿巴阿巴", ["没看懂", "找工作"]),
        ("/foo", ["没看懂"]),
    ],
    "language switch changes the reply itself": [
        ("注册 李四 会宁 电焊 省外", ["已登记"]),
        ("语言", ["1. 中文", "2. English"]),
        ("2", ["Language set to English"]),
        ("jobs", ["Jobs:", "¥"]),
        ("language 中文", ["已切换为中文"]),
    ],
    "a worker who writes English is answered in English": [
        (
            "register Li Lei huining welder anywhere",
            ["Registered: Li Lei, Huining, Baiyin, Welder, anywhere in China"],
        ),
        ("jobs", ["Jobs:", "¥"]),
    ],
    "another keyword mid-registration keeps the answers so far": [
        ("注册 会宁 电焊 省外", ["姓名"]),
        ("我的", ["姓名"]),
        ("王小明", ["已登记：王小明，甘肃省白银市会宁县，电焊工，全国"]),
    ],
    # Issue 8: a misspelt pinyin place offers the (at most six) places it is closest to.
    "a misspelling close to several places offers them": [
        ("注册", ["姓名"]),
        ("跳过", ["哪里人"]),
        ("hunng", ["1. 湖南省", "5. 甘肃省白银市会宁县"]),
        ("5", ["会什么"]),
    ],
    "keywords during registration are no answers": [
        ("注册 会宁 省外", ["姓名"]),
        ("找工作", ["姓名"]),
        ("李四", ["会什么"]),
        ("报名", ["会什么"]),
        ("电焊", ["已登记：李四，甘肃省白银市会宁县，电焊工，全国"]),
    ],
    "more from a vacancy's details continues the list": [
        ("注册 李四 会宁 电焊 省外", ["已登记"]),
        ("找工作", ["1. "]),
        ("2", ["地点："]),
        ("更多", ["1. "]),
        ("上一页", ["1. "]),
    ],
    "取消 closes an open list and opts nobody out": [
        ("注册 李四 会宁 电焊 省外", ["已登记"]),
        ("找工作", ["1. "]),
        ("取消", ["列表已关闭"]),
        ("1", ["还没有岗位列表"]),
        ("找工作", ["1. "]),
        ("N", ["列表已关闭"]),
        ("我的", ["我的资料"]),
    ],
    "T cuts through an open list": [
        ("注册 李四 会宁 电焊 省外", ["已登记"]),
        ("找工作", ["1. "]),
        ("T", ["已退订"]),
        ("1", SILENT),
    ],
    "取消 with no question open still opts out": [
        ("注册 李四 会宁 电焊 省外", ["已登记"]),
        ("取消", ["已退订"]),
    ],
    "取消 during registration stops registering, not the service": [
        ("注册 会宁 省外", ["姓名"]),
        ("取消", ["不登记了"]),
        ("帮助", ["找工作"]),
    ],
    "a field named mid-registration replaces the earlier answer": [
        ("注册 刘德明 靖远 瓦工", ["去哪里"]),
        ("技能 木工", ["去哪里"]),
        ("地区 会宁", ["去哪里"]),
        ("3", ["已登记：刘德明，甘肃省白银市会宁县，木工，全国"]),
    ],
    "questions about the vacancy on screen are answered from it": [
        ("注册 李四 会宁 电焊 省外", ["已登记"]),
        ("找工作", ["1. "]),
        ("1", ["地点："]),
    ],
    "a number with no list says so": [
        ("注册 李四 会宁 电焊 省外", ["已登记"]),
        ("2", ["还没有岗位列表"]),
    ],
    "too many trades are kept to a few": [
        (
            "注册 李四 会宁 "
            + "、".join(
                ["电焊", "木工", "瓦工", "钢筋工", "叉车", "保安", "厨师", "司机", "保洁", "电工"]
                * 3
            )
            + " 省外",
            ["已登记"],
        ),
        (
            "技能 "
            + "、".join(
                ["电焊", "木工", "瓦工", "钢筋工", "叉车", "保安", "厨师", "司机", "保洁", "电工"]
                * 3
            ),
            ["我的资料"],
        ),
    ],
    "an emoji or a phone number is no name: asked once more, then left out": [
        ("注册", ["姓名"]),
        ("😀😀😀", ["请只回复您的姓名"]),
        ("13993001234", ["哪里人"]),
    ],
    "a name typed with spaces between its characters": [
        ("注册", ["姓名"]),
        ("我的名字叫张\u3000德\u3000福", ["哪里人"]),
        ("会宁", ["会什么"]),
        ("电焊", ["去哪里"]),
        ("3", ["已登记：张德福，"]),
    ],
    "a number of the list with 报名 applies to that line": [
        ("注册 李四 会宁 电焊 省外", ["已登记"]),
        ("找工作", ["1. "]),
        ("2号报名", ["已报名"]),
    ],
    "keywords escape the language menu": [
        ("注册 李四 会宁 电焊 省外", ["已登记"]),
        ("语言", ["1. 中文"]),
        ("找工作", ["岗位"]),
    ],
    "carrier and everyday opt-out phrases": [
        ("注册 李四 会宁 电焊 省外", ["已登记"]),
        ("取消订阅", ["已退订"]),
        ("订阅", ["已恢复"]),
        ("别再发了", ["已退订"]),
    ],
    "jobs before registering starts registration": [
        ("找工作", ["欢迎", "姓名"]),
    ],
}


@pytest.mark.parametrize("name", TRANSCRIPTS)
async def test_transcript(sessions, name):
    worker = Conversation(sessions)
    for text, expected in TRANSCRIPTS[name]:
        reply = await worker.say(text)
        if expected is SILENT:
            assert reply is None, (text, reply)
        else:
            assert reply is not None, text
            missing = [part for part in expected if part not in reply]
            assert not missing, (text, reply)


async def test_half_finished_registration_resumes_then_is_forgotten_after_a_day(sessions):
    worker = Conversation(sessions)
    await worker.say("注册 赵六")
    assert "县或市" in await worker.say("你好")  # still waiting for the home region
    worker.now += timedelta(hours=25)
    assert "姓名" in await worker.say("你好")  # forgotten: starts over


async def test_no_details_or_application_after_the_deadline(sessions):
    worker = Conversation(sessions)
    await worker.say("注册 李四 会宁 电焊 省外")
    await worker.say("找工作")
    async with sessions() as session, session.begin():
        seeker = await session.scalar(select(Seeker))
        first = seeker.dialog_data["ids"][0]
        vacancy = await session.get(Vacancy, first)
        vacancy.deadline = worker.now.date()
    worker.now += timedelta(days=1)
    assert "已招满或下架" in await worker.say("1")
    assert "已招满或下架" in await worker.say("报名 1")
    async with sessions() as session:
        assert await session.scalar(select(func.count(Application.id))) == 0


async def test_apply_twice_is_one_application(sessions):
    worker = Conversation(sessions)
    for text in ("注册 李四 会宁 电焊 省外", "找工作", "1", "报名", "报名", "报名 1"):
        await worker.say(text)
    async with sessions() as session:
        assert await session.scalar(select(func.count(Application.id))) == 1
        seeker = await session.scalar(select(Seeker))
        assert seeker.phone == PHONE and seeker.occupations == "construction.welder"


LONG_EMPLOYER = "新疆生产建设兵团第八师石河子市天山铝业股份有限公司热电分公司"  # 30 characters
LONG_MEETING = (
    "编号,用人单位,岗位名称,工作地点,招聘人数,月薪,年龄要求,截止日期,福利,联系电话\n"
    f"L-1,{LONG_EMPLOYER},电焊工（持证上岗）,新疆维吾尔自治区石河子市,120,8000-12000,18-45,"
    "2027-01-21,包吃包住，宿舍有空调,0993-1234567\n"
    "L-2,中国建筑第八工程局有限公司西北分公司第三项目经理部,电焊工,陕西省西安市未央区,30,"
    "7000-9000,,,,029-1234567\n"
    "L-3,鸿富锦精密电子（郑州）有限公司,电焊工,河南省郑州市中牟县,50,6000-7500,,,,0371-1234567\n"
)


@pytest.fixture
async def long_names(database_url):
    """A meeting with one welding vacancy whose employer has a real-world, 30-character name."""
    engine = create_engine(database_url)
    sessions = session_factory(engine)
    table = read_table(LONG_MEETING.encode(), "long.csv")
    assert (await import_table(sessions, table, "长名单位洽谈会")).ok
    yield sessions
    await engine.dispose()


# (what the worker sends, what the SMS must show whole, what it must not show)
SMS_STEPS = {
    "a welder sees every wage in the list, and wage, deadline and how to apply in detail": [
        ("注册 李四 会宁 电焊 全国", (), ()),
        (
            "找工作",
            (
                "适合您的岗位：\n1. 新疆生产建设兵团",
                " 电焊工（持证上岗） 新疆石河子 8000-12000元\n2. ",
                " 电焊工 西安未央 7000-9000元\n3. ",
                " 电焊工 郑州中牟 6000-7500元\n",
            ),
            (),
        ),
        (
            "1",
            (
                "新疆生产建设兵团",
                "\n工资：8000-12000元，招120人\n",
                "\n截止：2027-01-21\n",
                "\n回复“报名”报名，“返回”看列表。",
            ),
            (),
        ),
    ],
    "a guard is told there is nothing in his trade, and sees other work when he asks": [
        ("注册 王五 会宁 保安 全国", (), ()),
        ("找工作", ("暂时没有您这个工种的岗位", "其他岗位"), ("1. ",)),
        ("其他岗位", ("其他工种的岗位", "\n1. ", " 8000-12000元\n2. "), ("适合您的岗位",)),
    ],
}


@pytest.mark.parametrize("name", SMS_STEPS)
async def test_long_employer_names_keep_the_facts_on_sms(long_names, name):
    worker = Conversation(long_names, channel="sms")
    for text, whole, absent in SMS_STEPS[name]:
        reply = await worker.reply(text)
        assert reply is not None, text
        sms = render_sms(reply)
        missing = [part for part in whole if part not in sms]
        shown = [part for part in absent if part in sms]
        assert not missing and not shown, (text, sms)


async def test_a_list_stops_waiting_after_its_expiry(sessions):
    worker = Conversation(sessions)
    await worker.say("注册 李四 会宁 电焊 省外")
    await worker.say("找工作")
    worker.now += timedelta(days=2)
    assert "地点：" in await worker.say("1")  # still open two days later
    await worker.say("找工作")
    worker.now += timedelta(days=3, minutes=1)
    assert "还没有岗位列表" in await worker.say("1")
    async with sessions() as session:
        seeker = await session.scalar(select(Seeker))
        assert seeker.dialog_state is None and seeker.dialog_expires_at is None


PROFILES = [
    "注册 李四 伊金霍洛 挖掘机 本地",
    "注册 李四 准格尔 挖掘机 本地",
    "注册 李四 神木 挖掘机 省内",
    "注册 李四 会宁 电焊 省外",
    "注册 李四 兰州 电工 全国",
    "注册 李四 宝安 普工 本地",
    "注册 李四 临夏 挖掘机 出国",
]


@pytest.mark.parametrize("profile", PROFILES)
async def test_no_two_lines_of_a_list_read_the_same_on_sms(sessions, profile):
    """鄂尔多斯旭曜矿业 and 鄂尔多斯晟溪能源 both cut to 鄂尔多斯… made lines 1 and 3 identical."""
    worker = Conversation(sessions)
    await worker.say(profile)
    for word in ("找工作", "更多", "更多"):
        reply = await worker.reply(word)
        if not reply.choices:
            break
        lines = [row for row in render_sms(reply).split("\n") if row[:1].isdigit()]
        bodies = [row.split(". ", 1)[1] for row in lines]
        assert len(set(bodies)) == len(bodies), render_sms(reply)


DAY_LABOUR = (
    "用人单位,岗位,工作地点,招聘人数,工资,技能要求\n"
    "白银建工（示例）,电焊工,甘肃省白银市会宁县,5,300元/天,持焊工证\n"
    "会宁果业（示例）,摘果工,甘肃省白银市会宁县,30,按斤计件,\n"
    "会宁砖厂（示例）,电焊工,甘肃省白银市会宁县,2,4000-5000,\n"
)


@pytest.fixture
async def day_labour_sessions(database_url):
    """A meeting sheet as job fairs write it: day rates and piece rates beside monthly wages."""
    engine = create_engine(database_url)
    sessions = session_factory(engine)
    report = await import_table(sessions, read_table(DAY_LABOUR.encode(), "day.csv"), "日结洽谈会")
    assert report.ok, report.error_lines()
    yield sessions
    await engine.dispose()


async def test_day_rates_import_and_are_shown_as_written(day_labour_sessions):
    """300元/天 once refused the whole sheet; now it is stored with its unit and shown as written."""
    async with day_labour_sessions() as session:
        units = dict((await session.execute(select(Vacancy.wage_text, Vacancy.wage_unit))).all())
    assert units == {"300元/天": "day", "按斤计件": "piece", "4000-5000": "month"}
    worker = Conversation(day_labour_sessions)
    await worker.say("注册 李四 会宁 电焊 本地")
    listing = await worker.say("找工作")
    # 300 a day (about 7,800 a month) ranks above 4,000-5,000 a month.
    assert listing.index("300元/天") < listing.index("4000-5000元")
    details = await worker.say("1")
    assert "工资：300元/天" in details and "要求：持焊工证" in details
    worker_en = Conversation(day_labour_sessions, address="+8613800005678")
    await worker_en.say("register Li Lei huining welder local")
    assert "¥300/day" in await worker_en.say("jobs")


async def test_a_list_holds_the_workers_trades_and_other_work_on_request(sessions):
    """A Lanzhou electrician was shown a nanny's job (育婴员) second to fill three lines."""
    worker = Conversation(sessions)
    await worker.say("注册 李四 兰州 电工 全国")
    reply = await worker.reply("找工作")
    shown = plain_text(reply)
    assert "育婴" not in shown and "保姆" not in shown
    async with sessions() as session:
        seeker = await session.scalar(select(Seeker))
        for vacancy_id in seeker.dialog_data["ids"]:
            codes = (await session.get(Vacancy, vacancy_id)).occupations.split()
            assert any(code.startswith("technical.") for code in codes), codes  # their category
    others = await worker.say("其他岗位")
    assert "不是您报的工种" in others and "1. " in others
    local = Conversation(sessions, address="+8613800005678")
    await local.say("注册 王五 兰州 电工 本地")  # no electrician's job in Lanzhou
    assert "暂时没有您这个工种的岗位" in await local.say("找工作")
    assert "不是您报的工种" in await local.say("其他岗位")


async def test_english_replies_name_places_in_english_and_stay_in_gsm7(sessions):
    """English replies once carried 甘肃省白银市会宁县 and 、, which alone made them UCS-2."""
    from bot.channels.sms.segments import encoding

    worker = Conversation(sessions)
    registered = await worker.reply("register Li Lei huining welder electrician anywhere")
    shown = [render_sms(registered), render_sms(await worker.reply("me"))]
    shown.append(render_sms(await worker.reply("region lanzhou")))
    for sms in shown:
        assert encoding(sms) == "gsm7", sms
    assert "Huining, Baiyin" in shown[0] and "Welder, Electrician" in shown[0]
    assert "Lanzhou, Gansu" in shown[2]


async def _seeker(sessions) -> Seeker:
    async with sessions() as session:
        return await session.scalar(select(Seeker))


async def test_a_country_named_after_registering_is_kept_as_the_destination(sessions):
    """去阿联酋 once widened the scope and dropped the country: the profile change came first."""
    worker = Conversation(sessions)
    await worker.say("注册 马辉 会宁 钢筋工 全国")
    reply = await worker.say("去阿联酋")
    assert "已记下想去：阿联酋" in reply and "可出国" in reply
    seeker = await _seeker(sessions)
    assert (seeker.destination, seeker.scope) == ("AE", "overseas")
    assert seeker.occupations == "construction.rebar"


async def test_a_place_ruled_out_is_no_destination(sessions):
    worker = Conversation(sessions)
    await worker.say("注册 马刚 会宁 普工 全国")
    await worker.say("想去新疆")
    assert "已记下想去：广东省深圳市" in await worker.say("不去新疆了 想去深圳")
    seeker = await _seeker(sessions)
    assert (seeker.destination, seeker.region_code) == ("440300", "620422")


async def test_two_questions_about_the_vacancy_on_screen_are_both_answered(sessions):
    from bot.channels.sms.segments import segments

    worker = Conversation(sessions)
    await worker.say("注册 祁建涛 会宁 普工 省外")
    await worker.say("找工作")
    await worker.say("1")
    reply = await worker.reply("工资多少 包吃住不")
    keys = [line.key for line in reply.lines]
    assert keys.index("question.topic.wage") < keys.index("question.topic.board")
    assert segments(render_sms(reply)) <= 2


async def test_asking_for_work_or_after_oneself_shows_the_list_or_the_profile(sessions):
    worker = Conversation(sessions)
    await worker.say("注册 陈家 会宁 电焊 省外")
    assert "jobs.header" in {line.key for line in (await worker.reply("有没有电焊的活")).lines}
    assert "me.profile" in {line.key for line in (await worker.reply("我注册上了吗")).lines}
