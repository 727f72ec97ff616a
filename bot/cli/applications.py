"""`gongyou application set ID STATUS`: move an application (the same move the console and
Telegram make: history, places filled by hires, the worker told, the audit log)."""

from __future__ import annotations

import argparse
import json

from bot.cli.types import positive

# The contract's words; the stored statuses (withdrawn, referred, departed) are taken too.
STATUSES = ("interested", "contacted", "hired", "rejected", "withdrew")


def _status(text: str) -> str:
    from bot.staff.applications import stored_status

    found = stored_status(text)
    if found is None:
        raise argparse.ArgumentTypeError(f"not a status: {text!r} (one of {', '.join(STATUSES)})")
    return found


def register(sub) -> None:
    cmd = sub.add_parser("application", help="move an application along")
    actions = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    move = actions.add_parser("set", help="set an application's status")
    move.add_argument("id", type=positive, help="the application id (see gongyou export)")
    move.add_argument("status", type=_status, help=f"one of {', '.join(STATUSES)}")
    move.add_argument("--json", action="store_true", help='print {"id", "from", "to", "told"}')
    move.set_defaults(run=run)


async def _work(session, args: argparse.Namespace) -> dict:
    from bot import clock
    from bot.schedule.kinds import ScheduleError
    from bot.staff.applications import application_to_move, change_status

    application = await application_to_move(session, args.id)
    if application is None:
        raise ScheduleError("application.not_found", id=args.id)
    before = application.status
    told = await change_status(session, None, application, args.status, clock.now(), via="cli")
    await session.commit()
    return {
        "id": application.id,
        "from": before,
        "to": application.status,
        "told": told,
        "name": application.seeker.name,
        "title": application.vacancy.title,
    }


def run(args: argparse.Namespace, settings) -> int:
    from bot.cli.acting import act
    from messages import t

    status, result = act(settings, lambda session: _work(session, args))
    if result is None:
        return status
    locale = settings.locale
    if args.json:
        print(json.dumps({k: result[k] for k in ("id", "from", "to", "told")}))
    elif result["told"] is None:
        word = t(f"staff.status.{result['to']}", locale)
        print(t("application.unchanged", locale, id=result["id"], status=word))
    else:
        told = t("schedule.told" if result["told"] else "schedule.untold", locale)
        print(
            t(
                "application.moved",
                locale,
                id=result["id"],
                name=result["name"] or t("schedule.enrol.no_name", locale),
                title=result["title"],
                before=t(f"staff.status.{result['from']}", locale),
                after=t(f"staff.status.{result['to']}", locale),
                told=told,
            )
        )
    return 0
