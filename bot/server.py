"""uvicorn, bounded: how long a client may take to send its headers, how many may connect at once.

uvicorn closes an idle keep-alive connection, but has no deadline for a request's headers: a
socket that sends half a request line and stalls is held forever, and 1,100 of them once ran the
server out of file descriptors. The body has its deadline in our reader (`read_limited`).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import uvicorn
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from bot.config import Settings

log = logging.getLogger("gongyou.server")


class HeaderDeadline(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    """uvicorn's HTTP protocol (h11 or httptools) with a deadline for each request's headers.

    The clock starts when the connection opens and again when a response is complete (waiting
    for the next request on a kept-alive connection); it stops once a request's headers are in,
    which both protocols mark by starting a new request cycle. On overrun the socket is closed.
    """

    header_timeout: float = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_timer: asyncio.TimerHandle | None = None
        self._await_headers()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._request_in_flight():
            self._stop_header_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self._request_in_flight():  # a pipelined request may have started already
            self._await_headers()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_header_timer()
        super().connection_lost(exc)

    def _request_in_flight(self) -> bool:
        cycle = self.cycle
        return cycle is not None and not cycle.response_complete

    def _await_headers(self) -> None:
        self._stop_header_timer()
        if not self.transport.is_closing():
            self._header_timer = self.loop.call_later(self.header_timeout, self._headers_overdue)

    def _stop_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_overdue(self) -> None:
        self._header_timer = None
        if self._request_in_flight() or self.transport.is_closing():
            return
        if self.transport.get_protocol() is not self:  # upgraded (WebSocket): not ours to time
            return
        log.debug("closed a connection that sent no request headers in time")
        self.transport.close()


def with_header_timeout(seconds: float) -> type[asyncio.Protocol]:
    """The protocol class uvicorn instantiates per connection, with this header deadline."""
    return type("HeaderDeadline", (HeaderDeadline,), {"header_timeout": seconds})


def raise_open_files_limit() -> None:
    """Raise the soft limit on open files to the hard one: each client holds a descriptor."""
    try:
        import resource
    except ImportError:  # not on Unix: nothing to raise
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == hard:
        return
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ValueError, OSError) as error:  # e.g. macOS refuses an unlimited hard limit
        log.warning("open files limit not raised", extra={"fields": {"error": str(error)}})


def uvicorn_config(app: Any, settings: Settings) -> uvicorn.Config:
    """uvicorn's configuration for `app` with our listening address, deadlines and limits."""
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        http=with_header_timeout(settings.header_timeout),
        log_config=None,
        timeout_graceful_shutdown=10,
        # Past this many open connections, new requests get 503 at once instead of waiting.
        limit_concurrency=settings.max_connections,
        backlog=settings.backlog,
        timeout_keep_alive=settings.keep_alive_timeout,  # type: ignore[arg-type]
        # X-Forwarded-* are believed from a proxy on this host only, whatever the environment
        # says (uvicorn would read FORWARDED_ALLOW_IPS; only GONGYOU_ variables configure us).
        forwarded_allow_ips="127.0.0.1,::1",
    )
