"""`gongyou serve [--host H] [--port P]`."""

from __future__ import annotations

import signal

import uvicorn

from bot.app import create_app
from bot.logs import configure_logging
from storage.migrate import upgrade


def register(sub) -> None:
    cmd = sub.add_parser("serve", help="run the HTTP endpoints, channels and scheduler")
    cmd.add_argument("--host")
    cmd.add_argument("--port", type=int)
    cmd.set_defaults(run=run)


def serve(settings) -> int:
    """Run until SIGINT/SIGTERM; uvicorn finishes in-flight requests, then the lifespan closes."""
    configure_logging(settings)
    config = uvicorn.Config(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        timeout_graceful_shutdown=10,
    )
    # uvicorn shuts down gracefully on SIGTERM, then re-raises the signal with the handler that was
    # there before it; a no-op one lets a clean shutdown end with status 0, as service managers expect.
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        uvicorn.Server(config).run()
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


def run(args, settings) -> int:
    settings = settings.model_copy(
        update={k: v for k, v in (("host", args.host), ("port", args.port)) if v}
    )
    upgrade(settings.database_url)
    return serve(settings)
