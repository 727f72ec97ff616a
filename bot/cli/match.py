"""`gongyou match --skills TEXT --region TEXT [--scope S] [-k N] [--json]`: best vacancies for a profile."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from bot.cli.types import LazyChoices, positive
from messages import t

if TYPE_CHECKING:
    from bot.matching.ranking import SeekerFacts

EXIT_BAD_PROFILE = 2


def register(sub) -> None:
    cmd = sub.add_parser("match", help="best vacancies for a skills + region profile")
    cmd.add_argument("--skills", required=True, help="trades in any words, e.g. 电焊")
    cmd.add_argument("--region", required=True, help="home county or city, e.g. 会宁")
    cmd.add_argument(
        "--scope",
        choices=LazyChoices("bot.matching.scope", "SCOPES"),
        metavar="SCOPE",
        help="how far the seeker will go: %(choices)s (default: country, anywhere in China)",
    )
    cmd.add_argument(
        "--age",
        type=positive,
        help="the seeker's age: vacancies whose age range excludes it are left out",
    )
    cmd.add_argument("-k", type=positive, default=10, help="how many vacancies (default 10)")
    cmd.add_argument("--json", action="store_true", help="print JSON")
    cmd.set_defaults(run=run)


def _region(text: str, locale: str) -> tuple[str | None, str | None]:
    """(region code, error message)."""
    from bot.matching.places import resolve_place

    candidates = resolve_place(text)
    if not candidates:
        return None, t("match.unknown_region", locale, text=text)
    best = [c for c in candidates if c.score == candidates[0].score]
    if len(best) > 1:
        names = "、".join(c.region.full_name for c in best)
        return None, t("match.ambiguous_region", locale, text=text, choices=names)
    return best[0].region.code, None


async def _matches(
    url: str, seeker: SeekerFacts, k: int, timezone: str, locale: str, age: int | None = None
) -> list[dict]:
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from bot.clock import local_today
    from bot.handlers.present import place_name
    from bot.search import VacancySearch
    from storage.engine import create_engine, session_factory
    from storage.models import Vacancy

    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            found = await VacancySearch().top(session, seeker, local_today(timezone), k=k, age=age)
            ids = [m.vacancy_id for m in found]
            query = (
                select(Vacancy).where(Vacancy.id.in_(ids)).options(selectinload(Vacancy.employer))
            )
            vacancies = {v.id: v for v in await session.scalars(query)}
    finally:
        await engine.dispose()
    return [
        {
            "vacancy_id": m.vacancy_id,
            "employer": vacancies[m.vacancy_id].employer.name,
            "title": vacancies[m.vacancy_id].title,
            "location": {
                "code": vacancies[m.vacancy_id].region_code or vacancies[m.vacancy_id].country,
                "name": place_name(vacancies[m.vacancy_id], full=True),
            },
            "score": round(m.score, 2),
            "reasons": [t(f"reason.{reason}", locale) for reason in m.reasons],
        }
        for m in found
    ]


def run(args, settings) -> int:
    import asyncio

    from bot.cli.database import migrate
    from bot.handlers.registration import describe_skills
    from bot.matching.ranking import SeekerFacts
    from bot.matching.regions import regions
    from bot.matching.trades import normalise_skills

    locale = settings.locale
    region, problem = _region(args.region, locale)
    skills = normalise_skills(args.skills)
    if problem is None and not skills:
        problem = t("match.unknown_skills", locale, text=args.skills)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_BAD_PROFILE
    migrate(settings.database_url)
    seeker = SeekerFacts(0, tuple(skills), region, args.scope)
    matches = asyncio.run(
        _matches(settings.database_url, seeker, args.k, settings.timezone, locale, args.age)
    )
    if args.json:
        print(json.dumps(matches, ensure_ascii=False, indent=1))
        return 0
    scope = t(f"scope.{args.scope or 'country'}", locale)
    print(
        t(
            "match.header",
            locale,
            region=regions().get(region).full_name,
            skills=describe_skills(skills, locale),
            scope=scope,
        )
    )
    if args.age:
        print(t("match.age", locale, age=args.age))
    for n, m in enumerate(matches, start=1):
        place = m["location"]["name"]
        print(
            f"{n:>2}. [{m['score']:5.1f}] {m['employer']} {m['title']} {place} ({'、'.join(m['reasons'])})"
        )
    if not matches:
        print(t("match.none", locale))
    return 0
