"""Twilio SMS webhooks: verify, filter by country, dedupe, rate-limit, run the dialog, answer TwiML."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qsl

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import ImmutableMultiDict
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from twilio.request_validator import (
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)
from twilio.twiml.messaging_response import MessagingResponse

from bot import clock
from bot.channels.base import MAX_BODY, clean_text, normalise_phone, read_limited
from bot.channels.sms import params as twilio_params
from bot.channels.sms import spool as sms_spool
from bot.channels.sms.render import render_sms
from bot.config import Settings
from bot.dialog import converse
from bot.logs import mask_phone
from bot.matching.understand import understand
from bot.replies import Inbound, Line, Reply
from storage import inbound as inbound_log
from storage import statuses
from storage.inbound import same_message
from storage.models import InboundMessage
from storage.outage import database_unavailable
from storage.seekers import find_seeker

log = logging.getLogger("gongyou.sms")

CHANNEL = "sms"
MAX_REQUEST_BYTES = 64 * 1024
RATE_WINDOW = timedelta(hours=1)

Params = ImmutableMultiDict[str, str]

# Twilio's delivery states onto the outbox's, ranked so a late or reordered callback never moves a
# message backwards (a "sent" arriving after "delivered" changes nothing).
_STATUS = {
    "accepted": "sending",
    "scheduled": "sending",
    "queued": "sending",
    "sending": "sending",
    "sent": "sent",
    "delivered": "delivered",
    "undelivered": "failed",
    "failed": "failed",
    "canceled": "cancelled",
}


def twiml(text: str | None) -> Response:
    """`200 text/xml` with one <Message>, or an empty <Response/> to stay silent."""
    response = MessagingResponse()
    if text:
        response.message(clean_text(text))
    return Response(response.to_xml(), media_type="text/xml")


def signed_url(request: Request, settings: Settings) -> str:
    """The URL Twilio signed: the public base URL + path when configured (behind a proxy), else ours."""
    if not settings.public_url:
        return str(request.url)
    url = settings.public_url.rstrip("/") + request.url.path
    return f"{url}?{request.url.query}" if request.url.query else url


async def verified_params(request: Request, required: tuple[str, ...]) -> Params | Response:
    """The form params of an authentic webhook with Twilio's shapes, or the response refusing it."""
    settings: Settings = request.app.state.settings
    body = await read_limited(request, MAX_REQUEST_BYTES)
    if body is None:
        return PlainTextResponse("too large", status_code=413)
    try:
        # Twilio posts application/x-www-form-urlencoded UTF-8, nothing else.
        params: Params = ImmutableMultiDict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except (UnicodeDecodeError, ValueError):
        return PlainTextResponse("bad request", status_code=400)
    token = settings.secret("twilio_auth_token")
    if token is None:
        authentic = settings.demo
    else:
        algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER))
        authentic = RequestValidator(token).validate(
            signed_url(request, settings),
            params,
            request.headers.get(SIGNATURE_HEADER, ""),
            algorithm,
        )
    if not authentic:
        log.warning("twilio webhook refused", extra={"fields": {"path": request.url.path}})
        return PlainTextResponse("forbidden", status_code=403)
    if (wrong := twilio_params.problem(params, required, settings.twilio_account_sid)) is not None:
        # Signed, yet not as Twilio sends it: a captured request re-cut to look new.
        log.warning(
            "twilio webhook malformed",
            extra={"fields": {"path": request.url.path, "problem": wrong}},
        )
        return PlainTextResponse("bad request", status_code=400)
    return params


def allowed(phone: str, codes: tuple[str, ...]) -> bool:
    return any(phone.startswith(code) for code in codes)


def notice(key: str, locale: str) -> str:
    return render_sms(Reply((Line(key),), locale=locale))


@dataclass(frozen=True, slots=True)
class History:
    """What the log already says about a message and its sender, read in one round trip."""

    seen: bool  # this MessageSid was processed before
    reply: str | None  # the reply given then
    recent: int  # messages from this number in the last hour


async def history(session: AsyncSession, sid: str, phone: str, now: datetime) -> History:
    """Dedupe and rate limit share one statement: each round trip to SQLite costs a thread hop."""
    recent = select(func.count(InboundMessage.id)).where(
        InboundMessage.channel == CHANNEL,
        InboundMessage.address == phone,
        InboundMessage.received_at > now - RATE_WINDOW,
    )
    query = select(
        exists().where(same_message(CHANNEL, sid)),
        select(InboundMessage.reply).where(same_message(CHANNEL, sid)).scalar_subquery(),
        recent.scalar_subquery(),
    )
    seen, reply, count = (await session.execute(query)).one()
    return History(bool(seen), reply, count or 0)


async def stored_reply(session: AsyncSession, sid: str) -> tuple[bool, str | None]:
    """(seen before, the reply then given) for a MessageSid."""
    return await inbound_log.earlier_reply(session, CHANNEL, sid)


async def _held_back(
    session: AsyncSession, settings: Settings, inbound: Inbound, media: int, recent: int
) -> tuple[bool, str | None]:
    """(handled, reply) for messages the dialog does not see: over the hourly limit, or MMS."""
    limited = recent >= settings.sms_hourly_limit
    # Opting out is honoured whatever the count: the dialog always sees a stop word.
    if not (limited or media) or understand(inbound.text).intent == "stop":
        return False, None
    seeker = await find_seeker(session, CHANNEL, inbound.address)
    if seeker is not None and seeker.opted_out:
        return True, None
    locale = seeker.locale if seeker is not None else settings.locale
    if not limited:
        return True, notice("sms.media_unsupported", locale)
    # One warning as the limit is crossed, then silence until the hour's count drops.
    warn = recent == settings.sms_hourly_limit
    return True, notice("sms.rate_limited", locale) if warn else None


async def process(state, settings: Settings, inbound: Inbound, media: int) -> str | None:
    """The reply text for one verified message, committed together with its InboundMessage row."""
    async with state.turn():
        return await _process(state, settings, inbound, media)


async def _process(state, settings: Settings, inbound: Inbound, media: int) -> str | None:
    sid = inbound.provider_id or ""
    async with state.sessions() as session:
        known = await history(session, sid, inbound.address, inbound.received_at)
        if known.seen:
            return known.reply
        handled, reply_text = await _held_back(session, settings, inbound, media, known.recent)
        if not handled:
            today = clock.local_today(settings.timezone, inbound.received_at)
            reply = await converse(
                session,
                inbound,
                state.search,
                default_locale=settings.locale,
                today=today,
                timezone=settings.timezone,
            )
            reply_text = render_sms(reply) if reply is not None else None
        inbound_log.log_message(
            session,
            CHANNEL,
            sid,
            inbound.address,
            inbound.text,
            inbound.received_at,
            reply=reply_text,
            seeker_id=session.info.get("seeker_id"),
        )
        await session.commit()
    return reply_text


async def answer(state, settings: Settings, inbound: Inbound, media: int) -> str | None:
    """process(), with races settled: for a MessageSid answered concurrently, the first answer stands."""
    try:
        return await process(state, settings, inbound, media)
    except IntegrityError:
        log.info("sms raced another request", extra={"fields": {"sid": inbound.provider_id}})
    async with state.sessions() as session:
        seen, reply_text = await stored_reply(session, inbound.provider_id or "")
    if seen:
        return reply_text
    # Another MessageSid won: a first message from the same new number created the seeker, which
    # this second attempt now finds.
    return await process(state, settings, inbound, media)


async def deferred(state, settings: Settings, inbound: Inbound, media: int, to: str) -> Response:
    """Journal a message the database cannot take now; its reply follows through the outbox."""
    if not await sms_spool.spool(getattr(state, "journal", None), inbound, media, to):
        # Neither stored nor journaled: a 5xx lets Twilio hand it to the number's fallback URL.
        return PlainTextResponse("unavailable", status_code=503)
    return twiml(notice("sms.deferred", settings.locale))


async def inbound_sms(request: Request) -> Response:
    """POST /sms/twilio: Twilio's inbound message webhook."""
    params = await verified_params(request, twilio_params.INBOUND)
    if isinstance(params, Response):
        return params
    settings: Settings = request.app.state.settings
    sid = params["MessageSid"]
    phone = normalise_phone(params.get("From", ""))
    if phone is None or not allowed(phone, settings.sms_calling_codes):
        # SMS-pumping defence: a reply to these numbers would be paid for and never wanted.
        log.info("sms from outside the allowed countries", extra={"fields": {"sid": sid}})
        return twiml(None)
    body = clean_text(params.get("Body", ""))[:MAX_BODY]
    inbound = Inbound(CHANNEL, phone, body, clock.now(), provider_id=sid)
    media = int(params["NumMedia"])  # its shape was checked: one or two ASCII digits
    state, to = request.app.state, params["To"]
    if sms_spool.waiting(getattr(state, "journal", None), phone):
        # Earlier messages from this number wait in the journal: this one queues behind them.
        return await deferred(state, settings, inbound, media, to)
    try:
        text = await answer(state, settings, inbound, media)
    except Exception as error:
        if database_unavailable(error):
            return await deferred(state, settings, inbound, media, to)
        # A bug in a step would fail again on every retry: the sender gets a short apology.
        log.exception(
            "sms dialog failed", extra={"fields": {"from": mask_phone(phone), "sid": sid}}
        )
        text = notice("sms.sorry", settings.locale)
    return twiml(text)


async def status_callback(request: Request) -> Response:
    """POST /sms/twilio/status: delivery updates for messages we sent; one for a sid not recorded
    yet is kept until it is (storage/statuses.py)."""
    params = await verified_params(request, twilio_params.STATUS)
    if isinstance(params, Response):
        return params
    sid, status = params["MessageSid"], _STATUS.get(params["MessageStatus"])
    if status is None:
        return twiml(None)
    code = params.get("ErrorCode", "")
    error_code = int(code) if code.isdigit() else None
    now = clock.now()
    async with request.app.state.turn(), request.app.state.sessions() as session:
        await statuses.record_status(session, sid, status, error_code, now)
        await session.commit()
        # Kept for a sid not recorded yet (this one, or an earlier report): if its sender has
        # committed the sid meanwhile, apply it now.
        if await statuses.apply_early(session, sid, now):
            await session.commit()
    return twiml(None)


async def echo(request: Request) -> Response:
    """POST /sms/twilio/echo: the same verification, no database; the benchmark's baseline."""
    params = await verified_params(request, twilio_params.INBOUND)
    if isinstance(params, Response):
        return params
    return twiml(clean_text(params.get("Body", ""))[:MAX_BODY])


def routes(*, bench_echo: bool = False) -> list[Route]:
    """The SMS routes; the echo route only when asked for (benchmarks), never by default."""
    out: list[Route] = [
        Route("/sms/twilio", inbound_sms, methods=["POST"]),
        Route("/sms/twilio/status", status_callback, methods=["POST"]),
    ]
    if bench_echo:
        out.append(Route("/sms/twilio/echo", echo, methods=["POST"]))
    return out
