"""`gongyou chat [--phone +86...]`: the SMS dialog in the terminal, no network, one line per message."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from messages import t

if TYPE_CHECKING:
    from bot.config import Settings

CHANNEL = "console"
DEFAULT_PHONE = "+8613800000000"
EXIT_USAGE = 2


def register(sub) -> None:
    cmd = sub.add_parser(
        "chat",
        help="talk to the bot in the terminal as an SMS user, no network",
        description="Talk to the bot as an SMS user: one message per line (typed, or piped in, "
        "e.g. echo 找工作 | gongyou chat); each reply is printed with its SMS count.",
    )
    cmd.add_argument(
        "--phone",
        default=DEFAULT_PHONE,
        help=f"the SMS user's number, E.164 or a Chinese mobile (default {DEFAULT_PHONE})",
    )
    cmd.set_defaults(run=run)


async def chat(settings: Settings, phone: str, lines: TextIO, out: TextIO, echo: bool) -> None:
    """Answer every line of `lines` as the SMS channel would, printing each reply and its cost."""
    from bot import clock
    from bot.channels.base import MAX_BODY, clean_text
    from bot.channels.sms.render import render_sms
    from bot.channels.sms.segments import segments
    from bot.dialog import converse
    from bot.replies import Inbound
    from bot.search import VacancySearch
    from storage.engine import create_engine, session_factory

    engine = create_engine(settings.database_url)
    sessions, search = session_factory(engine), VacancySearch()
    try:
        for raw in lines:
            text = clean_text(raw.rstrip("\r\n"))[:MAX_BODY]
            if echo:
                # Piped input is not shown by the terminal, so the transcript shows it.
                print(f"> {text}", file=out)
            now = clock.now()
            inbound = Inbound(CHANNEL, phone, text, now)
            async with sessions() as session:
                reply = await converse(
                    session,
                    inbound,
                    search,
                    default_locale=settings.locale,
                    today=clock.local_today(settings.timezone, now),
                    timezone=settings.timezone,
                )
                await session.commit()
            if reply is None:
                print(t("chat.silent", settings.locale), file=out)
            else:
                sms = render_sms(reply)
                print(sms, file=out)
                print(t("chat.segments", reply.locale, count=segments(sms)), file=out)
            print(file=out, flush=True)
    finally:
        await engine.dispose()


def run(args, settings: Settings) -> int:
    import asyncio

    from bot.channels.base import normalise_phone
    from bot.cli.database import migrate

    phone = normalise_phone(args.phone, "CN")
    if phone is None:
        print(t("chat.bad_phone", settings.locale, phone=args.phone), file=sys.stderr)
        return EXIT_USAGE
    migrate(settings.database_url)
    interactive = sys.stdin.isatty()
    if interactive:
        print(t("chat.banner", settings.locale, phone=phone), file=sys.stderr)
    asyncio.run(chat(settings, phone, sys.stdin, sys.stdout, echo=not interactive))
    return 0
