"""`gongyou vacancy held|approve`: the vacancies the import checks held, and letting one through."""

from __future__ import annotations

import argparse

from bot.cli.types import name, positive
from messages import t

EXIT_USAGE = 2


def register(sub) -> None:
    cmd = sub.add_parser(
        "vacancy", help="vacancies held by the import checks: list them, approve one"
    )
    actions = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    held = actions.add_parser(
        "held",
        help="list held vacancies (a fee, a wage far above the norm, a company's personal "
        "mobile, a past deadline): never shown or sent to workers until approved",
    )
    held.add_argument("--meeting", type=name, help="only this meeting's")
    held.add_argument("--json", action="store_true", help="print a JSON list")
    held.set_defaults(run=run_held)
    approve = actions.add_parser(
        "approve", help="approve a held vacancy once checked: it is listed and may be broadcast"
    )
    approve.add_argument("id", type=positive, help="the vacancy's id (岗位号)")
    approve.add_argument("--json", action="store_true", help="print a JSON object")
    approve.set_defaults(run=run_approve)


def _held_json(vacancy) -> dict:
    return {
        "vacancy_id": vacancy.id,
        "meeting": vacancy.meeting.name,
        "employer": vacancy.employer.name,
        "title": vacancy.title,
        "flags": list(vacancy.review_flags or []),
    }


async def _held(url: str, meeting: str | None) -> list[dict] | None:
    from storage.engine import one_session
    from storage.staff import meeting_by_name
    from storage.vacancies import held_vacancies

    async with one_session(url) as session:
        meeting_id = None
        if meeting is not None:
            found = await meeting_by_name(session, meeting)
            if found is None:
                return None
            meeting_id = found.id
        return [_held_json(v) for v in await held_vacancies(session, meeting_id)]


def run_held(args: argparse.Namespace, settings) -> int:
    import asyncio
    import json
    import sys

    from bot.cli.database import migrate
    from bot.importing.review import flag_text

    locale = settings.locale
    migrate(settings.database_url)
    held = asyncio.run(_held(settings.database_url, args.meeting))
    if held is None:
        print(t("vacancy.cli.no_meeting", locale, meeting=args.meeting), file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(held, ensure_ascii=False, indent=1))
        return 0
    if not held:
        print(t("vacancy.cli.none_held", locale))
        return 0
    print(t("vacancy.cli.held_head", locale, count=len(held)))
    for item in held:
        why = "；".join(flag_text(flag, locale) for flag in item["flags"])
        print(t("vacancy.cli.held_item", locale, id=item["vacancy_id"], why=why, **item))
    print(t("vacancy.cli.approve_how", locale))
    return 0


async def _approve(url: str, vacancy_id: int) -> dict | None:
    from bot import clock
    from bot.staff import audit
    from storage.engine import one_session
    from storage.vacancies import approve

    async with one_session(url) as session:
        now = clock.now()
        done = await approve(session, vacancy_id, None, now)
        if done is None:
            return None
        vacancy = done.vacancy
        if done.changed:
            detail = {"via": "cli", "flags": list(vacancy.review_flags or [])}
            audit.record(session, None, "vacancy_approve", f"vacancy:{vacancy.id}", detail, at=now)
        result = {
            "vacancy_id": vacancy.id,
            "employer": vacancy.employer.name,
            "title": vacancy.title,
            "review": vacancy.review,
            "approved": done.changed,
        }
        await session.commit()
        return result


def run_approve(args: argparse.Namespace, settings) -> int:
    import asyncio
    import json
    import sys

    from bot.cli.database import migrate

    locale = settings.locale
    migrate(settings.database_url)
    result = asyncio.run(_approve(settings.database_url, args.id))
    if result is None:
        print(t("vacancy.cli.no_vacancy", locale, id=args.id), file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    key = "vacancy.cli.approved" if result["approved"] else "vacancy.cli.not_held"
    print(t(key, locale, id=args.id, **{k: result[k] for k in ("employer", "title")}))
    return 0
