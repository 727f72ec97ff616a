"""`gongyou chat [--phone +86...]`: the SMS dialog in the terminal, no network, one line per message."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from bot import clock
from bot.channels.base import MAX_BODY, clean_text, normalise_phone
from bot.channels.sms.render import render_sms
from bot.channels.sms.segments import segments
from bot.config import Settings
from bot.dialog import converse
from bot.replies import Inbound
from bot.search import VacancySearch
from messages import t
from storage.engine import create_engine, session_factory
from storage.migrate import upgrade

CHANNEL = "console"
DEFAULT_PHONE = "+8613800000000"
EXIT_USAGE = 2


def register(sub) -> None:
    cmd = sub.add_parser("chat", help="talk to the bot in the terminal as an SMS user, no network")
    cmd.add_argument("--phone", default=DEFAULT_PHONE, help="the SMS user's number, E.164")
    cmd.set_defaults(run=run)


async def chat(settings: Settings, phone: str, lines: TextIO, out: TextIO, echo: bool) -> None:
    """Answer every line of `lines` as the SMS channel would, printing each reply and its cost."""
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
    phone = normalise_phone(args.phone, "CN")
    if phone is None:
        print(t("chat.bad_phone", settings.locale, phone=args.phone), file=sys.stderr)
        return EXIT_USAGE
    upgrade(settings.database_url)
    interactive = sys.stdin.isatty()
    if interactive:
        print(t("chat.banner", settings.locale, phone=phone), file=sys.stderr)
    asyncio.run(chat(settings, phone, sys.stdin, sys.stdout, echo=not interactive))
    return 0
