"""`gongyou serve [--host H] [--port P]`."""

from __future__ import annotations

import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import uvicorn

    from bot.config import Settings


def register(sub) -> None:
    cmd = sub.add_parser("serve", help="run the HTTP endpoints, channels and scheduler")
    cmd.add_argument("--host", help="address to listen on (default: GONGYOU_HOST, 127.0.0.1)")
    cmd.add_argument("--port", type=int, help="port to listen on (default: GONGYOU_PORT, 8080)")
    cmd.set_defaults(run=run)


def build_server(settings: Settings) -> uvicorn.Server:
    """The HTTP server for our app, with the deadlines and limits the settings give."""
    import uvicorn

    from bot.app import create_app
    from bot.server import uvicorn_config

    return uvicorn.Server(uvicorn_config(create_app(settings), settings))


def serve(settings: Settings) -> int:
    """Run until SIGINT/SIGTERM; uvicorn finishes in-flight requests, then the lifespan closes."""
    from bot.logs import configure_logging
    from bot.server import raise_open_files_limit

    configure_logging(settings)
    raise_open_files_limit()
    server = build_server(settings)
    # uvicorn shuts down gracefully on SIGTERM, then re-raises the signal with the handler that was
    # there before it; a no-op one lets a clean shutdown end with status 0, as service managers expect.
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        server.run()
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


def run(args, settings: Settings) -> int:
    from bot.cli.database import migrate

    settings = settings.model_copy(
        update={k: v for k, v in (("host", args.host), ("port", args.port)) if v}
    )
    migrate(settings.database_url)
    return serve(settings)
