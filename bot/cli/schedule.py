"""`gongyou training add|edit|cancel|list` and `gongyou departure add|edit|cancel|list`.

Times are local (GONGYOU_TIMEZONE): `2026-05-01 09:00`; an end may be just `17:00`.
"""

from __future__ import annotations

import argparse
import json

from bot.cli.types import name, positive

# (option, field, help) per kind; add requires what bot.schedule.events.REQUIRED names.
OPTIONS = {
    "training": (
        ("--title", "title", "what the training is called"),
        ("--trade", "trade", "the trade it is for (电焊, forklift); - for every trade"),
        ("--place", "place", "where it is held (an address starting with its county or city)"),
        ("--region", "region", "the county or city, when the place does not name it"),
        ("--start", "start", "local start time, e.g. '2026-05-01 09:00'"),
        ("--end", "end", "local end time, e.g. '2026-05-01 17:00' or '17:00'"),
        ("--capacity", "capacity", "places; more sign-ups join the waiting list"),
        ("--contact", "contact", "whom to call, e.g. '王老师 13800001111'"),
        ("--bring", "bring", "what to bring"),
    ),
    "departure": (
        ("--vacancy", "vacancy", "the vacancy id the group travels for"),
        ("--at", "at", "local departure time, e.g. '2026-05-03 07:30'"),
        ("--meeting-point", "meeting_point", "where the group meets"),
        ("--bring", "bring", "what to bring (ID card, bedding...)"),
        ("--destination", "destination", "where it goes (default: the vacancy's place)"),
        ("--capacity", "capacity", "seats; more join the waiting list (default: no limit)"),
        ("--contact", "contact", "whom to call"),
    ),
}
DONE = {"add": "schedule.added", "edit": "schedule.edited", "cancel": "schedule.cancelled"}
HELP = {"training": "schedule vocational training", "departure": "schedule group departures"}


def register(sub) -> None:
    for kind in ("training", "departure"):
        cmd = sub.add_parser(kind, help=HELP[kind])
        actions = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
        add = actions.add_parser("add", help=f"add a {kind}; prints its id")
        edit = actions.add_parser("edit", help=f"change a {kind}'s fields")
        edit.add_argument("id", type=positive, help=f"the {kind} id")
        for parser in (add, edit):
            for option, field, text in OPTIONS[kind]:
                parser.add_argument(option, dest=field, help=text)
        add.add_argument("--agency", type=name, help="the office it belongs to (its staff see it)")
        cancel = actions.add_parser("cancel", help=f"cancel a {kind}")
        cancel.add_argument("id", type=positive, help=f"the {kind} id")
        listing = actions.add_parser("list", help=f"{kind}s coming up")
        for parser in (add, edit, cancel, listing):
            parser.add_argument("--json", action="store_true", help="print JSON")
            parser.set_defaults(run=run, kind=kind)


def _values(args: argparse.Namespace) -> dict[str, str]:
    fields = [field for _, field, _ in OPTIONS[args.kind]]
    return {f: getattr(args, f) for f in fields if getattr(args, f, None) is not None}


async def _work(session, args: argparse.Namespace, settings) -> dict:
    from bot.cli.acting import desk
    from bot.schedule import events
    from bot.schedule.describe import summary
    from bot.schedule.kinds import ScheduleError
    from storage.staff import find_agency

    if args.action == "list":
        return {"events": await _upcoming(session, args.kind, settings)}
    agency_id = None
    if getattr(args, "agency", None):
        agency = await find_agency(session, args.agency)
        if agency is None:
            raise ScheduleError("staff.cli.no_parent", parent=args.agency)
        agency_id = agency.id
    here = desk(settings, agency_id=agency_id)
    result: dict = {"key": DONE[args.action]}
    if args.action == "add":
        event = await events.add(session, args.kind, _values(args), here)
    else:
        found = await events.find(session, args.kind, args.id)
        if found is None:
            raise ScheduleError("schedule.error.not_found", kind=args.kind, id=args.id)
        event = found
        if args.action == "edit":
            await events.edit(session, event, _values(args), here)
        elif not await events.cancel(session, event, here):
            result["key"] = "schedule.already_cancelled"
    result |= {"id": event.id, "summary": await summary(session, event, here.zone, settings.locale)}
    await session.commit()
    return result


async def _upcoming(session, kind: str, settings) -> list[dict]:
    from bot import clock
    from bot.schedule.describe import summary
    from bot.schedule.listing import upcoming

    found = await upcoming(session, kind, clock.now())
    zone, locale = settings.timezone, settings.locale
    return [
        {"id": e.id, "taken": taken, "summary": await summary(session, e, zone, locale)}
        for e, taken in found
    ]


def run(args: argparse.Namespace, settings) -> int:
    from bot.cli.acting import act
    from messages import t

    status, result = act(settings, lambda session: _work(session, args, settings))
    if result is None:
        return status
    locale = settings.locale
    kind = t(f"schedule.kind.{args.kind}", locale)
    if args.action == "list":
        if args.json:
            print(json.dumps(result["events"], ensure_ascii=False))
        elif not result["events"]:
            print(t("schedule.list.none", locale, kind=kind))
        for item in [] if args.json else result["events"]:
            print(t("schedule.list.item", locale, **item))
        return 0
    if args.json:
        shown = {"id": result["id"]}
        if args.action == "cancel":
            shown["cancelled"] = result["key"] == "schedule.cancelled"
        print(json.dumps(shown))
    else:
        print(t(result["key"], locale, kind=kind, id=result["id"], summary=result["summary"]))
    return 0
