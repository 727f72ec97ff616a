"""`gongyou employer show NAME|ID [--json]`: an employer's record across meetings."""

from __future__ import annotations

import argparse

from messages import t

EXIT_USAGE = 2


def register(sub) -> None:
    cmd = sub.add_parser("employer", help="an employer's record across meetings")
    actions = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = actions.add_parser(
        "show",
        help="vacancies posted, filled and held, applications, hires, show-up at departures, "
        "workers' reports",
    )
    show.add_argument("employer", help="the employer's id, its name, or part of its name")
    show.add_argument("--json", action="store_true", help="print a JSON object")
    show.set_defaults(run=run)


async def _record(url: str, text: str) -> tuple[dict | None, list[str]]:
    """The record of the one employer `text` names, or (None, the names it could mean)."""
    from storage.employers import employer_record, find_employers
    from storage.engine import one_session

    async with one_session(url) as session:
        found = await find_employers(session, text)
        if len(found) != 1:
            return None, [employer.name for employer in found]
        return (await employer_record(session, found[0])).as_json(), []


def run(args: argparse.Namespace, settings) -> int:
    import asyncio
    import json
    import sys

    from bot.cli.database import migrate

    locale = settings.locale
    migrate(settings.database_url)
    record, names = asyncio.run(_record(settings.database_url, args.employer))
    if record is None:
        if names:
            choices = "、".join(names)
            print(
                t("employer.cli.ambiguous", locale, text=args.employer, names=choices),
                file=sys.stderr,
            )
        else:
            print(t("employer.cli.none", locale, text=args.employer), file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(record, ensure_ascii=False))
        return 0
    show_up = record["show_up"]
    shown = "-" if show_up is None else f"{show_up:.0%}"
    print(t("employer.cli.record", locale, **record, shown_up=shown))
    return 0
