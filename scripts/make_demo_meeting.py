"""Regenerate bot/data/demo_meeting.csv, the demo labour-cooperation meeting.

The file is generated rather than hand-written so that it stays internally consistent (every
employer posts several positions, wages follow trade and region) and can be rebuilt after the
tables change. The output depends only on SEED, so re-running yields a byte-identical file and a
test can tell when the shipped copy and this script have drifted apart.

    python scripts/make_demo_meeting.py            # rewrite the shipped file
    python scripts/make_demo_meeting.py --check    # exit 1 if the shipped file is stale
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sys
from pathlib import Path

SEED = 20261208
OUT = Path(__file__).resolve().parent.parent / "bot" / "data" / "demo_meeting.csv"
HEADER = [
    "编号", "用人单位", "岗位名称", "工作地点", "招聘人数", "月薪",
    "技能要求", "年龄要求", "截止日期", "出发日期", "福利", "联系电话",
]  # fmt: skip

# Per sector: employer name tails, age rules, then positions as
# "title wage-low wage-high quota-low quota-high" (yuan a month before the regional factor),
# then benefit packages. Packed into strings to keep the tables readable at a glance.
# fmt: off
SECTORS: dict[str, tuple[str, str, str, str]] = {
    "electronics": ("电子厂 精密电子 光电科技 智能制造", "18-45周岁|18-40周岁|18-45|18-35周岁|",
        "电子厂普工 4500 6500 50 300|普工 4500 6000 30 200|质检员 5000 6500 10 40|叉车工 6000 7500 5 15|包装工 4500 5500 20 80|SMT操作员 5500 7000 10 50",
        "包吃住|包吃住，五险一金|包住不包吃，餐补15元/天|免费住宿，入职满三个月报销路费|五险一金，年终奖"),
    "garment": ("制衣厂 服饰 针织厂", "18-50周岁|18-48|20-50周岁|",
        "缝纫工 6000 10000 20 120|裁床工 6000 8000 5 20|整烫工 5000 7000 5 30|质检员 4500 6000 5 20|包装工 4500 5500 10 40",
        "包吃住|包住不包吃，计件工资|包吃住，夫妻房|五险，节日福利"),
    "shoes": ("鞋业 鞋服 体育用品厂", "18-45周岁|18-50|18-48周岁|",
        "制鞋普工 5000 7000 30 200|针车工 6000 9000 20 100|成型工 5500 7500 20 80|质检员 4500 6000 5 20|包装工 4500 5500 10 50|仓库管理员 5000 6500 2 6",
        "包吃住|包住，餐补|五险一金，包住|包吃住，报销单程路费"),
    "machinery": ("机械厂 重工 装备制造 金属制品厂", "18-45周岁|18-50周岁|20-50|18-55周岁|",
        "电焊工 8000 12000 10 60|数控车床工 7000 10000 5 30|钳工 7000 9000 5 20|普工 5000 6500 20 100|叉车工 6000 7500 5 15|质检员 5500 7000 5 20|喷涂工 6500 8500 5 20",
        "包吃住，五险一金|包住，厂内食堂|五险一金，高温补贴|包吃住"),
    "logistics": ("物流 供应链 快运 仓储", "18-45周岁|18-50|20-50周岁|",
        "快递分拣员 5000 7000 30 200|货车司机A2 9000 13000 5 30|叉车工 6000 8000 5 20|装卸工 6000 9000 20 80|仓库管理员 5000 6500 2 10|打包员 4500 6000 10 60",
        "包住，夜班补贴|包吃住|五险一金，包住|包住不包吃，报销路费"),
    "cotton": ("棉业 棉花加工厂 农业合作社", "18-60周岁|18-55|18-60|",
        "采棉工 8000 12000 200 500|采棉工 7000 11000 200 500|棉花加工厂普工 5000 6500 20 80|采棉机司机 12000 18000 5 20|厨师 6000 8000 2 6|机采棉打包工 6000 8000 10 40",
        "包吃住，报销往返路费|统一乘车，包吃住|包吃住，完工结算，报销路费|包住，提供被褥，报销返程车费"),
    "construction": ("建筑劳务 建设工程 建工集团", "18-55周岁|20-55|18-60周岁|18-50周岁|",
        "钢筋工 9000 13000 10 80|木工 9000 14000 10 80|瓦工 8500 12000 10 60|架子工 9000 12000 10 50|挖掘机司机 10000 15000 2 10|电焊工 9000 13000 5 30|普工 6000 8000 20 100",
        "包住，管午饭|包吃住，按月发工资|包吃住，工伤保险|包住不包吃，报销路费"),
    "domestic": ("家政 母婴护理中心 养老服务中心", "30-55周岁|25-55周岁|35-55|28-50周岁|",
        "育儿嫂 6000 9000 5 30|月嫂 9000 15000 5 30|住家保姆 5500 8000 5 30|养老护理员 5000 7000 5 40|保洁员 4000 5500 5 30",
        "住家，包吃住，月休4天|岗前免费培训，包住|五险，带薪年假|包吃住，满一年奖励2000元"),
    "services": ("酒店 餐饮管理 物业服务 商贸", "18-45周岁|18-35周岁|18-50|20-55周岁|",
        "服务员 4500 6000 10 60|厨师 7000 10000 2 10|保安 4000 5000 10 60|客房服务员 4500 5500 5 30|收银员 4500 5500 5 20|面点师 6000 8000 2 8",
        "包吃住，五险一金|包工作餐，提供宿舍|包吃住|五险，月休4天"),
    "oilfield": ("油田技术服务 石油工程 能源服务", "18-45周岁|20-50周岁|18-50|",
        "采油工 7000 9000 10 50|钻井工 9000 13000 10 60|井下作业工 8000 11000 10 50|电焊工 8500 12000 5 20|货车司机A2 9000 12000 5 20|保安 4000 5000 5 20",
        "包吃住，五险一金，野外补贴|五险一金，倒班休假|包吃住，报销路费"),
    "mining": ("矿业 煤业 能源", "18-45周岁|20-50周岁|22-50|",
        "井下采煤工 10000 15000 20 100|矿山机修工 8000 11000 5 20|挖掘机司机 10000 14000 5 20|装载机司机 8000 11000 5 20|电工 7000 10000 5 15|货车司机A2 9000 13000 10 40",
        "五险一金，包吃住，井下津贴|包吃住，班车接送|五险一金，年底双薪"),
    "local": ("农产品加工厂 薯业 商贸 服务公司", "18-55周岁|18-60|20-55周岁|",
        "普工 3000 4000 10 60|包装工 2800 3800 10 40|服务员 2500 3500 5 20|保安 2500 3200 5 15|养老护理员 3000 4000 5 20|厨师 4000 5500 2 6|快递分拣员 3000 4000 10 30",
        "包午餐|五险，离家近|包住，管两顿饭|按时发工资，离家近"),
    "overseas_build": ("国际工程 海外建设 国际劳务合作", "22-50周岁|25-50周岁|22-55",
        "钢筋工 15000 20000 10 60|木工 15000 20000 10 60|电焊工 18000 25000 5 30|瓦工 14000 18000 10 40|架子工 15000 19000 5 30|挖掘机司机 18000 24000 2 10",
        "包吃住，报销往返机票，代办签证|包吃住，两年合同，工作签证|包吃住，意外险，每年一次探亲假"),
    "overseas_oil": ("石油国际工程 能源海外项目部", "22-50周岁|25-50周岁|25-45",
        "钻井工 18000 25000 10 40|电焊工 18000 26000 5 20|采油工 15000 20000 10 30|厨师 12000 16000 2 5|电工 16000 22000 3 10",
        "包吃住，报销往返机票，代办签证|包吃住，高温补贴，工作签证"),
    "overseas_factory": ("海外制造 国际电子", "20-40周岁|18-45周岁|20-45",
        "电子厂普工 7000 9000 20 100|包装工 6500 8000 10 40|质检员 7500 9500 5 20|叉车工 8000 10000 3 10",
        "包住，代办工作签证，报销单程机票|包吃住，两年合同"),
}
# fmt: on

# Skill wording meetings actually post; titles not listed use GENERIC_SKILLS.
SKILLS: dict[str, list[str]] = {
    "电焊工": ["会电焊，有焊工证优先", "持特种作业操作证（焊接与热切割）", "会氩弧焊、二保焊"],
    "叉车工": ["持叉车证", "有叉车证，一年以上经验"],
    "货车司机A2": ["持A2驾照，三年以上驾龄", "A2驾照，熟悉长途路线"],
    "挖掘机司机": ["有挖掘机操作证，两年以上经验", "熟练操作挖掘机"],
    "装载机司机": ["有装载机操作证"],
    "采棉机司机": ["会开采棉机，有拖拉机驾驶证"],
    "采棉工": ["9月初开始采摘，按公斤计件，月收入为预估", "手摘棉，计件，能吃苦耐劳"],
    "育儿嫂": ["有育婴员证，带过0-3岁婴幼儿", "有育婴经验，健康证"],
    "月嫂": ["持母婴护理证，有健康证", "有月嫂经验，会做月子餐"],
    "养老护理员": ["有养老护理员证优先，耐心细致", "无证可免费培训取证"],
    "厨师": ["会做家常菜，有厨师证优先", "有大锅菜经验", "会做西北面食"],
    "缝纫工": ["会平车或双针，熟手优先", "熟练工，计件"],
    "针车工": ["会针车，熟手优先"],
    "质检员": ["初中以上文化，视力好", "细心，有质检经验优先"],
    "钢筋工": ["会看图纸，熟练工", "有钢筋绑扎经验"],
    "木工": ["会支模板，熟练工", "有木工经验，自带工具"],
    "瓦工": ["会砌墙抹灰", "熟练瓦工"],
    "数控车床工": ["会看图纸，会编程优先", "有数控车床操作经验"],
    "电工": ["持电工证", "持低压电工证，有矿山经验优先"],
    "井下采煤工": ["身体健康，经岗前培训", "有井下经验优先"],
    "保安": ["退伍军人优先，身体健康", "无犯罪记录，能上夜班"],
    "SMT操作员": ["中专以上，能看懂英文界面", "有SMT经验优先"],
}
GENERIC_SKILLS = ["能吃苦耐劳", "身体健康，无不良嗜好", "无经验可培训", "服从安排，能适应倒班", ""]

# (工作地点 full name, short name in the employer's name, sector, employers, wage factor)
SITES: list[tuple[str, str, str, int, float]] = [
    ("广东省深圳市宝安区", "深圳", "electronics", 4, 1.05),
    ("广东省深圳市龙岗区", "深圳", "electronics", 3, 1.05),
    ("广东省深圳市龙华区", "深圳", "logistics", 2, 1.05),
    ("广东省东莞市", "东莞", "electronics", 3, 1.0),
    ("广东省东莞市", "东莞", "garment", 2, 1.0),
    ("广东省佛山市顺德区", "佛山", "machinery", 3, 1.0),
    ("广东省佛山市南海区", "佛山", "machinery", 2, 1.0),
    ("江苏省苏州市昆山市", "昆山", "electronics", 4, 1.0),
    ("江苏省苏州市吴中区", "苏州", "machinery", 2, 1.0),
    ("江苏省苏州市吴江区", "吴江", "garment", 2, 1.0),
    ("浙江省宁波市北仑区", "宁波", "machinery", 3, 1.0),
    ("浙江省宁波市慈溪市", "慈溪", "electronics", 2, 0.95),
    ("浙江省金华市义乌市", "义乌", "logistics", 3, 1.0),
    ("浙江省金华市义乌市", "义乌", "garment", 2, 1.0),
    ("福建省厦门市湖里区", "厦门", "electronics", 2, 1.0),
    ("福建省厦门市集美区", "厦门", "services", 2, 1.0),
    ("福建省泉州市晋江市", "晋江", "shoes", 3, 1.0),
    ("新疆维吾尔自治区阿克苏地区阿克苏市", "阿克苏", "cotton", 2, 1.0),
    ("新疆维吾尔自治区阿克苏地区沙雅县", "沙雅", "cotton", 2, 1.0),
    ("新疆维吾尔自治区巴音郭楞蒙古自治州库尔勒市", "库尔勒", "cotton", 2, 1.0),
    ("新疆维吾尔自治区巴音郭楞蒙古自治州尉犁县", "尉犁", "cotton", 1, 1.0),
    ("新疆维吾尔自治区石河子市", "石河子", "cotton", 2, 1.0),
    ("北京市朝阳区", "北京", "construction", 2, 1.1),
    ("北京市大兴区", "北京", "construction", 2, 1.1),
    ("北京市海淀区", "北京", "domestic", 3, 1.15),
    ("北京市朝阳区", "北京", "domestic", 2, 1.15),
    ("天津市滨海新区", "天津", "construction", 3, 1.0),
    ("天津市河西区", "天津", "domestic", 2, 1.0),
    ("上海市浦东新区", "上海", "services", 3, 1.15),
    ("上海市闵行区", "上海", "services", 2, 1.1),
    ("上海市松江区", "上海", "logistics", 2, 1.1),
    ("内蒙古自治区鄂尔多斯市伊金霍洛旗", "鄂尔多斯", "mining", 2, 1.0),
    ("内蒙古自治区鄂尔多斯市准格尔旗", "准格尔", "mining", 2, 1.0),
    ("内蒙古自治区包头市昆都仑区", "包头", "machinery", 1, 0.95),
    ("陕西省榆林市神木市", "神木", "mining", 2, 1.0),
    ("陕西省榆林市靖边县", "靖边", "oilfield", 2, 1.0),
    ("陕西省延安市志丹县", "志丹", "oilfield", 2, 1.0),
    ("甘肃省兰州市城关区", "兰州", "services", 3, 0.8),
    ("甘肃省兰州市安宁区", "兰州", "domestic", 2, 0.75),
    ("甘肃省兰州市西固区", "兰州", "machinery", 1, 0.85),
    ("甘肃省白银市白银区", "白银", "machinery", 2, 0.8),
    ("甘肃省白银市会宁县", "会宁", "local", 2, 1.0),
    ("甘肃省白银市靖远县", "靖远", "local", 1, 1.0),
    ("苏丹", "", "overseas_oil", 2, 1.0),
    ("沙特阿拉伯", "", "overseas_build", 3, 1.0),
    ("沙特阿拉伯", "", "overseas_oil", 1, 1.0),
    ("阿联酋", "", "overseas_build", 2, 1.0),
    ("马来西亚", "", "overseas_factory", 2, 1.0),
]

# Employer brands are invented pairings of these characters, one distinct pair per employer, and
# every name ends in （示例） so no row can be mistaken for a real company's posting.
BRAND_FIRST = "星云青泓鑫卓恒瑞嘉铭汇旭骏沣拓晟澜锦翎朗昱茂"
BRAND_SECOND = "屿昶淼曜墨棠栩岫珈衡桉崧溪"

KIND_WEIGHTS = (("range", 55), ("bare", 15), ("k", 10), ("single", 12), ("negotiable", 8))


def _money(value: float) -> int:
    return max(500, int(round(value / 500.0)) * 500)


def _k(value: int) -> str:
    return f"{value / 1000:g}k"


def wage_text(rng: random.Random, low: int, high: int, factor: float) -> str:
    """Write a wage the way employers do: ranges in several spellings, a figure, or 面议."""
    jitter = rng.uniform(0.92, 1.08) * factor
    low_, high_ = _money(low * jitter), _money(high * jitter)
    high_ = max(high_, low_ + 500)
    kinds, weights = zip(*KIND_WEIGHTS, strict=True)
    kind = rng.choices(kinds, weights=weights)[0]
    if kind == "range":
        return f"{low_}-{high_}元"
    if kind == "bare":
        return f"{low_}-{high_}"
    if kind == "k":
        return f"{_k(low_)}-{_k(high_)}"
    if kind == "single":
        return f"{_money((low_ + high_) / 2)}元"
    return "面议"


def dates(rng: random.Random, title: str) -> tuple[str, str]:
    """Deadline and departure; either may be missing, departure never precedes the deadline."""
    if title.startswith("采棉"):
        # Hand and machine picking run from September, so winter sign-ups leave in late August.
        depart = dt.date(2027, 8, 20) + dt.timedelta(days=rng.randint(0, 15))
        deadline = depart - dt.timedelta(days=rng.randint(10, 40))
    else:
        deadline = dt.date(2026, 12, 5) + dt.timedelta(days=rng.randint(0, 105))
        depart = deadline + dt.timedelta(days=rng.randint(3, 20))
        # Nobody sets off for a new job in Spring Festival week (festival day 2027-02-06);
        # those groups leave in the wave right after it.
        if dt.date(2027, 1, 31) <= depart <= dt.date(2027, 2, 12):
            depart = dt.date(2027, 2, 13) + dt.timedelta(days=rng.randint(0, 7))
    roll = rng.random()
    if roll < 0.08:
        return "", ""
    if roll < 0.16:
        return "", depart.isoformat()
    if roll < 0.35:
        return deadline.isoformat(), ""
    return deadline.isoformat(), depart.isoformat()


def rows(seed: int = SEED) -> list[list[str]]:
    rng = random.Random(seed)
    pairs = [f + s for f in BRAND_FIRST for s in BRAND_SECOND]
    brands = rng.sample(pairs, k=sum(site[3] for site in SITES))
    out: list[list[str]] = []
    employer_no = 0
    for place, short, sector_key, employers, factor in SITES:
        tails, ages, job_spec, perk_spec = SECTORS[sector_key]
        jobs = [
            (t, int(a), int(b), int(c), int(d))
            for t, a, b, c, d in (j.split() for j in job_spec.split("|"))
        ]
        for _ in range(employers):
            brand = brands[employer_no]
            employer_no += 1
            employer = f"{short}{brand}{rng.choice(tails.split())}（示例）"
            # A company gives its office line (a personal mobile alone would hold the vacancy for
            # review, bot/importing/checks.py). A local number never begins with 0, so
            # 0311-0000-xxxx can never ring anyone.
            phone = f"0311-0000-{employer_no:04d}"
            perks = rng.choice(perk_spec.split("|"))
            count = rng.randint(2, min(5, len(jobs)))
            seen: set[str] = set()
            for title, low, high, n_low, n_high in rng.sample(jobs, k=count):
                if title in seen:  # the cotton table lists 采棉工 twice to make it common
                    continue
                seen.add(title)
                headcount = rng.randint(n_low, n_high)
                if headcount > 20:
                    headcount = headcount // 5 * 5  # quotas are posted as round numbers
                skill = rng.choice(SKILLS.get(title, GENERIC_SKILLS))
                if not short and skill and rng.random() < 0.5:
                    skill += "，持有效护照或能办理护照"
                deadline, depart = dates(rng, title)
                out.append([
                    f"HB2026-{len(out) + 1:04d}", employer, title, place, str(headcount),
                    wage_text(rng, low, high, factor), skill, rng.choice(ages.split("|")),
                    deadline, depart, perks, phone,
                ])  # fmt: skip
    return out


# Day labour and piece work as job fairs post them, after the generated rows (so those stay put).
# A crew or a co-op is reached on its boss's mobile (138-0000-xxxx, a conventional dummy range).
DAY_LABOUR = [
    ["HB2026-0372", "会宁建工劳务（示例）", "普工", "甘肃省白银市会宁县", "30", "日结200", "能吃苦耐劳",
     "18-60周岁", "2027-01-15", "", "管午饭，当天结算", "138-0000-0107"],
    ["HB2026-0373", "会宁建工劳务（示例）", "电焊工", "甘肃省白银市会宁县", "5", "300元/天", "持焊工证",
     "20-58周岁", "2027-01-15", "", "管午饭，当天结算", "138-0000-0107"],
    ["HB2026-0374", "靖远枸杞合作社（示例）", "采摘工", "甘肃省白银市靖远县", "60", "按斤计件", "",
     "18-60周岁", "", "2027-06-20", "包住，报销返程车费", "138-0000-0108"],
    ["HB2026-0375", "靖远枸杞合作社（示例）", "分拣包装工", "甘肃省白银市靖远县", "20", "150元/天", "",
     "18-60周岁", "", "2027-06-20", "包住，报销返程车费", "138-0000-0108"],
    ["HB2026-0376", "兰州新区物流园（示例）", "装卸工", "甘肃省兰州市永登县", "20", "25元/小时", "身体健康",
     "18-55周岁", "2027-02-28", "", "夜班补贴，包住", "138-0000-0109"],
    ["HB2026-0377", "兰州新区物流园（示例）", "快递分拣员", "甘肃省兰州市永登县", "30", "日结180", "",
     "18-50周岁", "2027-02-28", "", "夜班补贴，包住", "138-0000-0109"],
]  # fmt: skip


def render(seed: int = SEED) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows(seed))
    writer.writerows(DAY_LABOUR)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = parser.parse_args(argv)
    # utf-8-sig writes the BOM that makes Excel on Chinese Windows detect UTF-8.
    data = render().encode("utf-8-sig")
    if args.check:
        current = args.out.read_bytes() if args.out.exists() else b""
        if current != data:
            print(f"{args.out} is out of date; rerun {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {len(data.splitlines()) - 1} vacancies to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
