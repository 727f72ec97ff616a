"""`gongyou enrol --training ID | --departure ID (--seeker ID... | --hired) [--remove | --decline]`.

A full event puts the rest on its waiting list; removing someone (or recording that they cannot
come) gives their place to the first on the list, who is told by message.
"""

from __future__ import annotations

import argparse
import json

from bot.cli.types import positive


def register(sub) -> None:
    cmd = sub.add_parser("enrol", help="enrol seekers on a training or departure")
    event = cmd.add_mutually_exclusive_group(required=True)
    event.add_argument("--training", type=positive, metavar="ID", help="the training id")
    event.add_argument("--departure", type=positive, metavar="ID", help="the departure id")
    who = cmd.add_mutually_exclusive_group(required=True)
    who.add_argument("--seeker", type=positive, nargs="+", metavar="ID", help="seeker id(s)")
    who.add_argument(
        "--hired", action="store_true", help="everyone hired for the departure's vacancy"
    )
    change = cmd.add_mutually_exclusive_group()
    change.add_argument(
        "--remove", action="store_true", help="take them off (the waiting list moves up)"
    )
    change.add_argument(
        "--decline", action="store_true", help="record that they cannot come (frees the place)"
    )
    cmd.add_argument("--json", action="store_true", help="print one JSON object per seeker")
    cmd.set_defaults(run=run)


async def _work(session, args: argparse.Namespace, settings) -> list[dict]:
    from bot import clock
    from bot.schedule import enrolment as seats
    from bot.schedule.events import find
    from bot.schedule.kinds import ScheduleError
    from bot.staff import audit
    from storage.models import Departure, Seeker

    kind = "training" if args.training else "departure"
    event_id = args.training or args.departure
    event = await find(session, kind, event_id)
    if event is None:
        raise ScheduleError("schedule.error.not_found", kind=kind, id=event_id)
    now, zone = clock.now(), settings.timezone
    if args.hired:
        if not isinstance(event, Departure):
            raise ScheduleError("schedule.error.not_found", kind="departure", id=event_id)
        people = await seats.hired_seekers(session, event)
        if not people:
            raise ScheduleError("schedule.enrol.no_hired")
    else:
        people = []
        for seeker_id in dict.fromkeys(args.seeker):
            seeker = await session.get(Seeker, seeker_id)
            if seeker is None:
                raise ScheduleError("schedule.error.no_seeker", id=seeker_id)
            people.append(seeker)
    results: list[dict] = []
    for seeker in people:
        results += await _one(session, event, seeker, args, now, zone)
    action = "enrolment_remove" if args.remove else "enrolment_decline" if args.decline else "enrol"
    detail = {"seekers": [s.id for s in people], "hired": args.hired, "via": "cli"}
    audit.record(session, None, action, f"{kind}:{event.id}", detail, at=now)
    await session.commit()
    return results


async def _one(session, event, seeker, args, now, zone) -> list[dict]:
    from bot.schedule import enrolment as seats
    from bot.schedule.kinds import ScheduleError

    base = {"seeker_id": seeker.id, "name": seeker.name}
    if not (args.remove or args.decline):
        done = await seats.enrol(
            session, event, seeker, now, source="hired" if args.hired else "staff"
        )
        status = done.enrolment.state
        return [base | {"outcome": done.outcome, "status": status, "position": done.rank}]
    row = await seats.find_enrolment(session, event, seeker.id)
    if row is None or row.state in seats.ENDED:
        raise ScheduleError("schedule.error.no_change", name=seeker.name or "-", seeker=seeker.id)
    leave = seats.remove if args.remove else seats.decline
    moved = await leave(session, row, event, now, zone=zone)
    outcome = "removed" if args.remove else "declined"
    out = [base | {"outcome": outcome, "status": row.state, "position": None}]
    return out + [
        {
            "seeker_id": m.enrolment.seeker_id,
            "name": m.enrolment.seeker.name,
            "outcome": "moved_up",
            "status": m.enrolment.state,
            "position": None,
            "told": m.told,
        }
        for m in moved
    ]


def run(args: argparse.Namespace, settings) -> int:
    from bot.cli.acting import act
    from messages import t

    status, results = act(settings, lambda session: _work(session, args, settings))
    if results is None:
        return status
    locale = settings.locale
    for item in results:
        if args.json:
            print(json.dumps(item, ensure_ascii=False))
            continue
        name = item["name"] or t("schedule.enrol.no_name", locale)
        words = {"name": name, "seeker": item["seeker_id"]}
        if item["outcome"] == "moved_up":
            told = t("schedule.told" if item["told"] else "schedule.untold", locale)
            print(t("schedule.moved_up", locale, told=told, **words))
        elif item["outcome"] == "already":
            state = t(f"schedule.status.{item['status']}", locale)
            print(t("schedule.enrol.already", locale, status=state, **words))
        elif item["outcome"] == "waiting":
            print(t("schedule.enrol.waiting", locale, position=item["position"], **words))
        else:
            print(t(f"schedule.enrol.{item['outcome']}", locale, **words))
    return 0
