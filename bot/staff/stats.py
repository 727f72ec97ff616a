"""The /stats answer: seekers by home province and group, applications by status, this week."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pypinyin import lazy_pinyin
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.matching.regions import ENGLISH_NAMES, regions, short_forms
from bot.staff.panels import Panel
from messages import t
from storage.models import APPLICATION_STATUSES, GROUPS, Application, Seeker
from storage.staff import Scope

TOP_PROVINCES = 10


@dataclass(frozen=True)
class Numbers:
    """Counts in one staff member's scope; keys are codes, labels are chosen when shown."""

    seekers: int
    seekers_this_week: int
    provinces: list[tuple[str | None, int]]  # ("62", n), None for no home region; largest first
    groups: list[tuple[str, int]]
    applications: int
    applications_this_week: int
    statuses: list[tuple[str, int]]
    since: date
    # Since local midnight (the console's Today page); /stats shows the week.
    seekers_today: int = 0
    applications_today: int = 0


def week_start(today: date, timezone: str) -> datetime:
    """Monday 00:00 local time of the week holding `today`, in UTC as the database stores it."""
    monday = today - timedelta(days=today.weekday())
    return datetime.combine(monday, time.min, ZoneInfo(timezone)).astimezone(UTC)


def day_start(today: date, timezone: str) -> datetime:
    """Local midnight starting `today`, in UTC."""
    return datetime.combine(today, time.min, ZoneInfo(timezone)).astimezone(UTC)


def _largest_first(counts: Counter) -> list:
    return sorted(counts.items(), key=lambda row: (-row[1], str(row[0])))


async def _tally(session: AsyncSession, keys: list, created, where, week, day) -> list:
    """One pass over a table: (keys..., all, since Monday, since midnight) per key group."""
    query = (
        select(
            *keys,
            func.count(),
            func.count().filter(created >= week),
            func.count().filter(created >= day),
        )
        .where(where)
        .group_by(*keys)
    )
    return list((await session.execute(query)).tuples())


async def collect(session: AsyncSession, scope: Scope, today: date, timezone: str) -> Numbers:
    """Every number the stats answer shows: one pass over seekers, one over applications."""
    week, day = week_start(today, timezone), day_start(today, timezone)
    # By whole region code, which an index keeps in order (no sort of every seeker), then summed
    # up to provinces here: a few thousand groups at most, however many seekers.
    people = await _tally(
        session, [Seeker.region_code, Seeker.group], Seeker.created_at, scope.seekers(), week, day
    )
    provinces, groups = Counter(), Counter()
    for code, group, count, _, _ in people:
        provinces[code[:2] if code else None] += count
        groups[group] += count
    applied = await _tally(
        session, [Application.status], Application.created_at, scope.applications(), week, day
    )
    return Numbers(
        seekers=sum(row[2] for row in people),
        seekers_this_week=sum(row[3] for row in people),
        provinces=_largest_first(provinces),
        groups=_largest_first(groups),
        applications=sum(row[1] for row in applied),
        applications_this_week=sum(row[2] for row in applied),
        statuses=_largest_first(Counter({row[0]: row[1] for row in applied})),
        since=today - timedelta(days=today.weekday()),
        seekers_today=sum(row[4] for row in people),
        applications_today=sum(row[3] for row in applied),
    )


def province_label(prefix: str | None, locale: str) -> str:
    """甘肃 (or Gansu in English) for the two-digit prefix 62."""
    if prefix is None:
        return t("staff.stats.no_region", locale)
    region = regions().get(prefix + "0000")
    if region is None:
        return prefix
    short = (short_forms(region.name, "province") or (region.name,))[0]
    if locale != "en":
        return short
    english = ENGLISH_NAMES.get(region.code)
    return english[0] if english else "".join(lazy_pinyin(short)).capitalize()


def top_provinces(numbers: Numbers, locale: str) -> list[tuple[str, int]]:
    """The ten largest home provinces, the rest summed as "other"."""
    named = [(p, n) for p, n in numbers.provinces if p is not None]
    unknown = sum(n for p, n in numbers.provinces if p is None)
    bars = [(province_label(p, locale), n) for p, n in named[:TOP_PROVINCES]]
    if rest := sum(n for _, n in named[TOP_PROVINCES:]):
        bars.append((t("staff.stats.other", locale), rest))
    if unknown:
        bars.append((province_label(None, locale), unknown))
    return bars


def group_bars(numbers: Numbers, locale: str) -> list[tuple[str, int]]:
    # The catalog's fixed order, so this week's answer lines up with last week's.
    counts = dict(numbers.groups)
    return [(t(f"staff.group.{g}", locale), counts[g]) for g in GROUPS if counts.get(g)]


def status_bars(numbers: Numbers, locale: str) -> list[tuple[str, int]]:
    # The pipeline order reads better than largest-first: interested -> referred -> hired ...
    counts = dict(numbers.statuses)
    return [
        (t(f"staff.status.{s}", locale), counts[s]) for s in APPLICATION_STATUSES if counts.get(s)
    ]


def _items(bars: Iterable[tuple[str, int]], locale: str) -> str:
    parts = [t("staff.stats.item", locale, name=name, count=count) for name, count in bars]
    return t("staff.stats.separator", locale).join(parts) or t("staff.stats.none", locale)


def stats_text(numbers: Numbers, scope: Scope, locale: str) -> str:
    """The numbers as a few lines of text."""
    title = (
        t("staff.stats.title_all", locale)
        if scope.everything
        else t("staff.stats.title", locale, agency=scope.agency_name)
    )
    since = numbers.since.isoformat()
    return "\n".join(
        [
            title,
            t("staff.stats.seekers", locale, count=numbers.seekers, week=numbers.seekers_this_week)
            + t("staff.stats.since", locale, date=since),
            t(
                "staff.stats.by_region",
                locale,
                items=_items(top_provinces(numbers, locale), locale),
            ),
            t("staff.stats.by_group", locale, items=_items(group_bars(numbers, locale), locale)),
            t(
                "staff.stats.applications",
                locale,
                count=numbers.applications,
                week=numbers.applications_this_week,
            ),
            t("staff.stats.by_status", locale, items=_items(status_bars(numbers, locale), locale)),
        ]
    )


def chart_panels(numbers: Numbers, locale: str) -> tuple[str, list[Panel]]:
    """The charts' title and panels (regions, groups, statuses), empty panels left out."""
    title = t("staff.stats.chart_title", locale, date=numbers.since.isoformat())
    charts = [
        Panel(t("staff.stats.chart_regions", locale), top_provinces(numbers, locale)),
        Panel(t("staff.stats.chart_groups", locale), group_bars(numbers, locale)),
        Panel(t("staff.stats.chart_statuses", locale), status_bars(numbers, locale)),
    ]
    return title, [p for p in charts if p.bars]


def stats_chart(numbers: Numbers, scope: Scope, locale: str) -> bytes | None:
    """Bar charts of the same numbers; None when there is nothing to draw."""
    from bot.staff.chart import font_for, render

    if not numbers.seekers and not numbers.applications:
        return None
    title, charts = chart_panels(numbers, locale)
    text = title + "".join(p.title + "".join(label for label, _ in p.bars) for p in charts)
    font = font_for(text)
    if font is None:
        # No installed font has these characters: English labels draw cleanly in any font.
        title, charts = chart_panels(numbers, "en")
        font = font_for(title + "".join(p.title for p in charts))
    return render(charts, title, font)


async def stats_answer(
    session: AsyncSession, scope: Scope, today: date, locale: str, timezone: str
) -> tuple[str, bytes | None]:
    """Text plus, when there is data, a PNG bar chart."""
    numbers = await collect(session, scope, today, timezone)
    return stats_text(numbers, scope, locale), stats_chart(numbers, scope, locale)
