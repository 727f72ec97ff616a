"""`gongyou staff add|list|login-link`: who may use the staff commands and the console, and where."""

from __future__ import annotations

import argparse

from bot.cli.types import LazyChoices, name, positive
from messages import t

EXIT_USAGE = 2


class Refused(Exception):
    """A request the CLI answers with a catalog message and exit status 2."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def register(sub) -> None:
    cmd = sub.add_parser("staff", help="add and list agency staff (Telegram staff commands)")
    actions = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a staff member, creating the agency if missing")
    # A person's Telegram id is positive; negative ids are group chats.
    add.add_argument(
        "--telegram-id", type=positive, required=True, help="the person's Telegram user id"
    )
    add.add_argument("--agency", type=name, required=True, help="agency (office) name")
    add.add_argument(
        "--role",
        choices=LazyChoices("storage.models", "STAFF_ROLES"),
        metavar="ROLE",
        help="%(choices)s; an admin sees every agency (default: staff)",
    )
    add.add_argument("--name", help="the person's name")
    add.add_argument("--parent", help="the agency's parent office (must exist)")
    add.add_argument(
        "--level",
        choices=LazyChoices("storage.models", "AGENCY_LEVELS"),
        metavar="LEVEL",
        help="the agency's level: %(choices)s (default for a new agency: one below its parent, "
        "else city)",
    )
    add.add_argument("--region", help="the area the agency serves: 6-digit code or place name")
    add.set_defaults(run=run)
    listing = actions.add_parser("list", help="list staff members and their agencies")
    listing.set_defaults(run=run)
    link = actions.add_parser("login-link", help="a one-time staff console sign-in link")
    link.add_argument("--telegram-id", type=positive, required=True, help="the staff member's id")
    link.add_argument("--json", action="store_true", help='print {"url": ...}')
    link.set_defaults(run=run_login_link)


def region_code(text: str) -> str:
    """A GB/T 2260 code for `text`, a code or a place name that names exactly one division."""
    from bot.matching.places import exact_place
    from bot.matching.regions import regions

    if text.isdigit():
        if text in regions():
            return text
        raise Refused("staff.cli.bad_region", region=text)
    found = exact_place(text)
    if len(found) != 1:
        raise Refused("staff.cli.bad_region", region=text)
    return found[0].code


async def _add(args: argparse.Namespace, sessions, locale: str) -> list[str]:
    from storage.staff import AgencyCycle, ensure_agency, find_agency, upsert_staff

    code = region_code(args.region) if args.region else None
    out: list[str] = []
    async with sessions() as session:
        parent = None
        if args.parent:
            parent = await find_agency(session, args.parent)
            if parent is None:
                raise Refused("staff.cli.no_parent", parent=args.parent)
        try:
            agency, created = await ensure_agency(
                session, args.agency, parent=parent, level=args.level, region_code=code
            )
        except AgencyCycle as error:
            raise Refused("staff.cli.cycle", parent=str(error), agency=args.agency) from error
        if created:
            level = t(f"staff.level.{agency.level}", locale)
            out.append(t("staff.cli.agency_created", locale, agency=agency.name, level=level))
        staff, new = await upsert_staff(
            session, args.telegram_id, agency, role=args.role, name=args.name
        )
        key = "staff.cli.added" if new else "staff.cli.updated"
        role = t(f"staff.role.{staff.role}", locale)
        out.append(t(key, locale, telegram_id=args.telegram_id, role=role, agency=agency.name))
        await session.commit()
    return out


async def _list(sessions, locale: str) -> list[str]:
    from storage.staff import list_staff

    async with sessions() as session:
        members = await list_staff(session)
    if not members:
        return [t("staff.cli.none", locale)]
    lines = []
    for member in members:
        agency = member.agency
        place = agency.name + (f" < {agency.parent.name}" if agency.parent else "")
        lines.append(
            t(
                "staff.cli.item",
                locale,
                telegram_id=member.telegram_id,
                name=member.name or "-",
                role=t(f"staff.role.{member.role}", locale),
                agency=place,
                level=t(f"staff.level.{agency.level}", locale),
            )
        )
    return lines


async def _run(args: argparse.Namespace, settings) -> list[str]:
    from storage.engine import create_engine, session_factory

    engine = create_engine(settings.database_url)
    try:
        sessions = session_factory(engine)
        if args.action == "add":
            return await _add(args, sessions, settings.locale)
        return await _list(sessions, settings.locale)
    finally:
        await engine.dispose()


async def _login_link(telegram_id: int, settings) -> str:
    from bot import clock
    from bot.staff.login import console_base, create_login_link
    from storage.engine import create_engine, session_factory
    from storage.staff import staff_by_telegram

    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            staff = await staff_by_telegram(session, telegram_id)
            if staff is None:
                raise Refused("console.link.not_staff", telegram_id=telegram_id)
            url = await create_login_link(session, staff, console_base(settings), clock.now())
            await session.commit()
            return url
    finally:
        await engine.dispose()


def run_login_link(args: argparse.Namespace, settings) -> int:
    """`gongyou staff login-link`: a sign-in URL valid for ten minutes, printed once."""
    import asyncio
    import json

    from rich.console import Console

    from bot.cli.database import migrate
    from bot.staff.login import LINK_LIFETIME

    migrate(settings.database_url)
    try:
        url = asyncio.run(_login_link(args.telegram_id, settings))
    except Refused as refusal:
        Console(stderr=True).print(t(refusal.key, settings.locale, **refusal.params), markup=False)
        return EXIT_USAGE
    if args.json:
        print(json.dumps({"url": url}))
    else:
        minutes = int(LINK_LIFETIME.total_seconds() // 60)
        print(t("console.link.cli", settings.locale, minutes=minutes))
        print(url)
    return 0


def run(args: argparse.Namespace, settings) -> int:
    import asyncio

    from rich.console import Console

    from bot.cli.database import migrate

    out, err = Console(), Console(stderr=True)
    migrate(settings.database_url)
    try:
        lines = asyncio.run(_run(args, settings))
    except Refused as refusal:
        err.print(t(refusal.key, settings.locale, **refusal.params), markup=False)
        return EXIT_USAGE
    for line in lines:
        out.print(line, markup=False, highlight=False, soft_wrap=True)
    return 0
