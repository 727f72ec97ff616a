"""Benchmark the matching indexes against exhaustive scoring on a labour-meeting-sized world.

Run: python benchmarks/bench_matching.py [--vacancies 350000] [--seekers 1000000]
     [--queries 1000] [--baseline-queries 100] [--reverse 100] [--seed N]
     python benchmarks/bench_matching.py --readers-only

The readers section times the message readers (understand, find_places, find_trades,
resolve_place) against the figures the test suite used to assert (tests assert no timing).

Vacancies and seekers are generated from the real taxonomy and GB/T 2260 regions with the
skew of a labour cooperation meeting: most jobs in factories and on building sites, most
vacancies on the coast and in Xinjiang, most seekers from inland provinces. Seekers are streamed
into the SeekerIndex and not kept, as a server would load them. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import random
import resource
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.matching.broadcast import SeekerIndex  # noqa: E402
from bot.matching.index import VacancyIndex  # noqa: E402
from bot.matching.ranking import (  # noqa: E402
    SeekerFacts,
    VacancyFacts,
    fits_for_broadcast,
    rank_all,
    score,
)
from bot.matching.regions import regions  # noqa: E402
from bot.matching.taxonomy import trades  # noqa: E402

TODAY = date(2025, 3, 15)
CATEGORY_WEIGHT = {"manufacturing": 6, "construction": 5, "logistics": 2, "services": 2}
VACANCY_PROVINCES = {"44": 30, "32": 18, "33": 18, "65": 10, "31": 6, "35": 5, "37": 5, "11": 4}
SEEKER_PROVINCES = {"62": 16, "41": 16, "51": 13, "52": 11, "34": 7, "43": 7, "45": 6, "53": 5}
SCOPES = ("local", "province", "country", "overseas", None)
SCOPE_WEIGHTS = (15, 20, 45, 5, 15)
COUNTRIES = ("JP", "SG", "SA", "AE", "DE", "MY", "KR", "IL")


class World:
    """Weighted pickers over the real trades and regions."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.trades = [t.code for t in trades()]
        self.category = {t.code: t.category for t in trades()}
        self.trade_weights = [CATEGORY_WEIGHT.get(self.category[c], 1) for c in self.trades]
        self.by_category: dict[str, list[str]] = {}
        for code in self.trades:
            self.by_category.setdefault(self.category[code], []).append(code)
        table = list(regions())
        self.places: dict[str, list[str]] = {}
        for region in table:
            self.places.setdefault(region.code[:2], []).append(region.code)
        self.provinces = sorted(self.places)

    def _weights(self, favoured: dict[str, int]) -> list[int]:
        return [favoured.get(p, 1) for p in self.provinces]

    def occupations(self, counts: tuple[int, ...], weights: tuple[int, ...]) -> tuple[str, ...]:
        n = self.rng.choices(counts, weights)[0]
        if n == 0:
            return ()
        first = self.rng.choices(self.trades, self.trade_weights)[0]
        picked = [first]
        for _ in range(n - 1):
            # Second skills are usually from the same trade family (welder + rebar worker).
            pool = (
                self.by_category[self.category[first]] if self.rng.random() < 0.7 else self.trades
            )
            picked.append(self.rng.choice(pool))
        return tuple(dict.fromkeys(picked))

    def place(self, weights: list[int]) -> str:
        province = self.rng.choices(self.provinces, weights)[0]
        return self.rng.choice(self.places[province])


def make_vacancies(world: World, count: int) -> list[VacancyFacts]:
    """Vacancies with quotas, wages and deadlines; a few full, closed, expired or abroad."""
    rng, weights = world.rng, world._weights(VACANCY_PROVINCES)
    out = []
    for vacancy_id in range(1, count + 1):
        abroad = rng.random() < 0.03
        headcount = int(math.exp(rng.gauss(2.5, 1.2))) + 1
        wage = None if rng.random() < 0.12 else rng.randrange(3000, 12001, 500)
        out.append(
            VacancyFacts(
                id=vacancy_id,
                occupations=world.occupations((0, 1, 2, 3), (5, 70, 20, 5)),
                region_code=None if abroad else world.place(weights),
                country=rng.choice(COUNTRIES) if abroad else None,
                headcount=headcount,
                filled=headcount if rng.random() < 0.03 else rng.randrange(headcount),
                wage_min=wage,
                wage_max=None if wage is None else wage + rng.choice((0, 1000, 2000)),
                deadline=None if rng.random() < 0.3 else TODAY + timedelta(rng.randint(-10, 90)),
                status_open=rng.random() < 0.98,
            )
        )
    return out


def make_seekers(
    world: World, count: int, keep_every: int, kept: list, spent: list[float]
) -> Iterator[SeekerFacts]:
    """Stream seekers; every keep_every-th one is also kept as a query; spent[0] sums gen time."""
    rng, weights = world.rng, world._weights(SEEKER_PROVINCES)
    clock = time.perf_counter
    for seeker_id in range(1, count + 1):
        began = clock()
        seeker = SeekerFacts(
            id=seeker_id,
            occupations=world.occupations((0, 1, 2, 3), (10, 55, 25, 10)),
            region_code=None if rng.random() < 0.05 else world.place(weights),
            scope=rng.choices(SCOPES, SCOPE_WEIGHTS)[0],
        )
        if seeker_id % keep_every == 0:
            kept.append(seeker)
        spent[0] += clock() - began
        yield seeker


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def understand_rate(world: World, seconds: float = 2.0) -> float | str:
    """Messages per second through bot.matching.understand.understand, or why not."""
    try:
        from bot.matching.understand import understand  # type: ignore[import-not-found]
    except ImportError as error:
        return f"{type(error).__name__}: {error}"
    table = list(regions())
    names = {t.code: t.name_zh for t in trades()}
    rng = random.Random(1)
    texts = [
        f"注册 张三 {rng.choice(table).name} {names[rng.choice(world.trades)]} 省外"
        for _ in range(500)
    ]
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        understand(texts[done % len(texts)])
        done += 1
    return done / (time.perf_counter() - start)


# The bounds the tests once asserted, kept as the baseline the readers are compared with.
READER_BASELINE = {
    "understand_per_s": 300,
    "understand_pinyin_per_s": 300,
    "find_places_per_s": 3000,
    "find_trades_us": 500,
    "long_input_ms": 500,
    "bad_input_ms": 50,
}
PLACE_MESSAGES = [
    "注册 张三 会宁 电焊 省外",
    "我是会宁人想去新疆摘棉花",
    "zhuce zhangsan huining dianhan",
    "我叫李四，甘肃省白银市会宁县人，会开挖掘机，想去广东深圳宝安打工",
]
TRADE_MESSAGES = [
    "注册 张三 会宁 电焊 省外",
    "我会开叉车和电焊",
    "welder and forklift driver from huining",
    "zhuce zhangsan huining dianhan shengwai",
    "李秀英，甘肃会宁人，想找保洁或者做饭阿姨的活",
    "本人男，45岁，会开挖掘机和装载机，想去新疆",
]
PINYIN_MESSAGES = [
    "zhuce liu deming huining dianhan sheng wai",
    "lanzou wagong",
    "wo shi tiansui de, hui kai chache",
    "zhao gongzuo",
    "huinng dian han quanguo",
    "jiayugan mugong",
]
BAD_INPUT = ["", " ", "会" * 10_000, "😀😀😀", "1234567890", "a" * 10_000, "电焊" * 5_000]


def _rate(fn, texts: list[str], seconds: float = 1.0) -> float:
    """Calls per second of fn over texts, cycling, for about `seconds`."""
    for text in texts:
        fn(text)  # warm the caches the way a running bot has them
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        fn(texts[done % len(texts)])
        done += 1
    return done / (time.perf_counter() - start)


def reader_figures() -> dict[str, float]:
    """Throughput and worst cases of the message readers, on the test corpora's messages."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "matching"))
    from message_corpus import MESSAGES  # type: ignore[import-not-found]

    from bot.matching.places import exact_place, find_places, resolve_place
    from bot.matching.trades import find_trades, normalise_skills, resolve_trade
    from bot.matching.understand import understand

    figures = {
        "understand_per_s": _rate(understand, [c.text for c in MESSAGES]),
        "understand_pinyin_per_s": _rate(understand, PINYIN_MESSAGES),
        "find_places_per_s": _rate(find_places, PLACE_MESSAGES),
        "find_trades_us": 1e6 / _rate(find_trades, TRADE_MESSAGES),
    }
    started = time.perf_counter()
    understand("注册 张三 会宁 电焊 省外 " * 1000)
    figures["long_input_ms"] = (time.perf_counter() - started) * 1000
    worst = 0.0
    for text in BAD_INPUT:
        started = time.perf_counter()
        resolve_place(text), exact_place(text), resolve_trade(text), find_trades(text)
        normalise_skills(text)
        worst = max(worst, time.perf_counter() - started)
    figures["bad_input_ms"] = worst * 1000
    return figures


def print_readers() -> dict[str, float]:
    """Print each reader figure beside its baseline; higher is better for rates."""
    figures = reader_figures()
    for key, value in figures.items():
        print(f"{key:24} {value:12,.3f}   (baseline {READER_BASELINE[key]:,})")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vacancies", type=int, default=350_000)
    parser.add_argument("--seekers", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--baseline-queries", type=int, default=100)
    parser.add_argument("--reverse", type=int, default=100)
    parser.add_argument("--reverse-baseline", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--readers-only", action="store_true", help="only time the readers")
    args = parser.parse_args()
    if args.readers_only:
        print(json.dumps({k: round(v, 1) for k, v in print_readers().items()}))
        return
    rng = random.Random(args.seed)
    world = World(rng)

    start = time.perf_counter()
    vacancies = make_vacancies(world, args.vacancies)
    gen_s = time.perf_counter() - start
    gc.collect()
    build_v, vacancy_index = timed(VacancyIndex, vacancies, TODAY)
    queries: list[SeekerFacts] = []
    keep_every = max(1, args.seekers // args.queries)
    seeker_rng_state = rng.getstate()
    spent = [0.0]
    stream = make_seekers(world, args.seekers, keep_every, queries, spent)
    build_s_ms, seeker_index = timed(SeekerIndex, stream)
    # Generating the streamed seekers is not index building.
    build_s_ms -= spent[0] * 1000
    print(f"generated {len(vacancies):,} vacancies in {gen_s:.1f} s; {len(vacancy_index):,} open")
    print(f"build: VacancyIndex {build_v / 1000:.1f} s, SeekerIndex {build_s_ms / 1000:.1f} s")

    queries = queries[: args.queries]
    # A long-lived server freezes its startup objects too; otherwise a full collection over
    # millions of index objects lands inside some timed query.
    gc.collect()
    gc.freeze()
    latencies, results = [], []
    for seeker in queries:
        ms, found = timed(vacancy_index.top, seeker, 10)
        latencies.append(ms)
        results.append(found)
    scored = []
    for seeker in queries[:100]:
        vacancy_index.top(seeker, 10)
        scored.append(vacancy_index.last_scored)
    base_n = min(args.baseline_queries, len(queries))
    base_latencies, overlaps, identical = [], [], 0
    for seeker, found in zip(queries[:base_n], results[:base_n], strict=True):
        ms, expected = timed(rank_all, seeker, vacancies, TODAY, 10)
        base_latencies.append(ms)
        got, want = {m.vacancy_id for m in found}, {m.vacancy_id for m in expected}
        overlaps.append(len(got & want) / max(len(want), len(got)) if want or got else 1.0)
        identical += found == expected
    p50, p99 = statistics.median(latencies), percentile(latencies, 0.99)
    base_p50 = statistics.median(base_latencies)
    agreement = statistics.fmean(overlaps)
    print(
        f"top-10 for {len(queries)} seekers: p50 {p50:.2f} ms, p99 {p99:.2f} ms, "
        f"median {statistics.median(scored):.0f} vacancies scored of {len(vacancy_index):,} "
        f"(baseline: p50 {base_p50:.0f} ms on {base_n} of the queries, all scored; "
        f"speedup {base_p50 / p50:.0f}x)"
    )
    print(
        f"top-10 agreement with the baseline: {agreement:.2%} of ids, "
        f"{identical}/{base_n} pages identical in order and score"
    )

    open_vacancies = [v for v in vacancies if v.id in vacancy_index]
    probes = random.Random(args.seed + 1).sample(open_vacancies, args.reverse)
    reverse, sizes = [], []
    for vacancy in probes:
        ms, fitting = timed(seeker_index.seekers_for, vacancy, None, today=TODAY)
        reverse.append(ms)
        sizes.append(len(fitting))
    reverse_p50 = statistics.median(reverse)
    # The brute-force baseline replays the same seeker stream and scores each seeker once.
    checks = probes[: args.reverse_baseline]
    brute: list[list[tuple[int, float]]] = [[] for _ in checks]
    score_ms = 0.0
    if checks:
        replay_rng = random.Random()
        replay_rng.setstate(seeker_rng_state)
        replay = make_seekers(World(replay_rng), args.seekers, 10**9, [], [0.0])
        for seeker in replay:
            t0 = time.perf_counter()
            for found, vacancy in zip(brute, checks, strict=True):
                match = score(seeker, vacancy, TODAY)
                if fits_for_broadcast(match):
                    found.append((seeker.id, match.score))
            score_ms += time.perf_counter() - t0
        score_ms = score_ms * 1000 / len(checks)
    same = sum(
        sorted(found, key=lambda p: (-p[1], p[0])) == seeker_index.seekers_for(v, today=TODAY)
        for found, v in zip(brute, checks, strict=True)
    )
    print(
        f"seekers for a vacancy ({len(probes)} vacancies, full lists, median "
        f"{statistics.median(sizes):,.0f} seekers): p50 {reverse_p50:.1f} ms "
        f"(baseline: {score_ms:.0f} ms per vacancy scoring all seekers; "
        f"{same}/{len(checks)} lists identical)"
    )
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss_mb:.0f} MB with both indexes, the vacancy list and the generator")
    rate = understand_rate(world)
    if isinstance(rate, str):
        print(f"understand: not available ({rate})")
    else:
        print(f"understand: {rate:,.0f} messages/s")
    readers = print_readers()
    print(
        json.dumps(
            {
                "p50_ms": round(p50, 3),
                "p99_ms": round(p99, 3),
                "baseline_p50_ms": round(base_p50, 1),
                "speedup": round(base_p50 / p50, 1),
                "top10_agreement": round(agreement, 4),
                "reverse_p50_ms": round(reverse_p50, 1),
                "build_s": round((build_v + build_s_ms) / 1000, 2),
                "rss_mb": round(rss_mb),
                "understand_per_s": None if isinstance(rate, str) else round(rate),
                "readers": {k: round(v, 1) for k, v in readers.items()},
            }
        )
    )


if __name__ == "__main__":
    main()
