"""`gongyou demo [--port P]`: a fresh demo database, then serve in demo mode."""

from __future__ import annotations

from messages import t

EXIT_REFUSED = 2


def register(sub) -> None:
    cmd = sub.add_parser("demo", help="fresh demo database with a sample meeting, then serve")
    cmd.add_argument("--port", type=int, help="port to listen on (default: GONGYOU_PORT, 8080)")
    cmd.add_argument(
        "--reset", action="store_true", help="wipe a database that holds other meetings too"
    )
    cmd.set_defaults(run=run)


def run(args, settings) -> int:
    from bot.cli.serve import serve
    from bot.config import DEMO_DATABASE_URL
    from bot.demo import foreign_data, prepare

    # The demo has its own file unless GONGYOU_DATABASE_URL (environment or .env) names another
    # database; the everyday gongyou.db is never the default target of a wipe.
    explicit = "database_url" in settings.model_fields_set
    url = settings.database_url if explicit else DEMO_DATABASE_URL
    if explicit and not args.reset and (others := foreign_data(url)):
        print(t("demo.refuse", settings.locale, meetings="、".join(others[:4])))
        return EXIT_REFUSED
    updates = {"database_url": url, "demo": True} | ({"port": args.port} if args.port else {})
    settings = settings.model_copy(update=updates)
    report = prepare(url)
    if not report.ok:
        for line in report.error_lines(settings.locale):
            print(line)
        return 1
    print(report.summary(settings.locale))
    base = f"http://{settings.host}:{settings.port}"
    print(t("demo.ready", settings.locale, base=base, url=url), flush=True)
    print(_console_link(settings), flush=True)
    return serve(settings)


def _console_link(settings) -> str:
    """The staff console sign-in line: a link for the demo's staff member, and how to get another."""
    import asyncio

    from bot.demo import DEMO_STAFF_TELEGRAM_ID, demo_login_link
    from bot.staff.login import console_base

    link = asyncio.run(demo_login_link(settings.database_url, console_base(settings)))
    return t(
        "console.demo_link",
        settings.locale,
        url=link,
        telegram_id=DEMO_STAFF_TELEGRAM_ID,
        database=settings.database_url,
    )
