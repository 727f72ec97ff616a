"""/training, /departure and /roster for staff: the CLI's scheduling in a line a phone can type.

    /training                                       what is coming up (of the staff's offices)
    /training add 标题; 工种; 地点; 开始; 结束; 名额[; 电话; 携带]
    /training edit 3; 开始 2026-05-02 09:00; 名额 40   fields by name (中文 or English)
    /training cancel 3
    /departure add 岗位编号; 出发时间; 集合地点[; 携带; 电话]
    /roster training 3 [attended 12 15]              (also 培训 3, t3; 出发 4, d4)

Parts are separated by ";" (or "；", "|"); times are local. Refusals are the CLI's messages.
"""

from __future__ import annotations

import contextlib
import re

from sqlalchemy.ext.asyncio import AsyncSession

from bot import clock
from bot.importing.service import Turn
from bot.schedule import events
from bot.schedule.describe import explain, kind_name, summary
from bot.schedule.kinds import ScheduleError
from bot.schedule.listing import upcoming, visible
from bot.schedule.roster import counts, mark_attended, roster
from bot.staff.reply import StaffReply, fit, mask_phone
from messages import t
from storage.models import Staff
from storage.staff import Scope

SCHEDULE_COMMANDS = ("training", "departure", "roster")
ACTIONS = {
    "add": "add",
    "新增": "add",
    "添加": "add",
    "edit": "edit",
    "改": "edit",
    "修改": "edit",
    "cancel": "cancel",
    "取消": "cancel",
    "help": "help",
    "帮助": "help",
}
# Fields as staff name them in an edit; English words are the CLI's option names.
_EITHER = {
    "名额": "capacity",
    "人数": "capacity",
    "电话": "contact",
    "联系": "contact",
    "携带": "bring",
    "带": "bring",
}
FIELD_WORDS = {
    "training": {
        "标题": "title",
        "名称": "title",
        "工种": "trade",
        "地点": "place",
        "地区": "region",
        "开始": "start",
        "结束": "end",
        **_EITHER,
    },
    "departure": {
        "岗位": "vacancy",
        "时间": "at",
        "出发": "at",
        "集合": "meeting_point",
        "集合地点": "meeting_point",
        "meeting": "meeting_point",
        "目的地": "destination",
        **_EITHER,
    },
}
# What `add` takes, in order.
POSITIONAL = {
    "training": ("title", "trade", "place", "start", "end", "capacity", "contact", "bring"),
    "departure": ("vacancy", "at", "meeting_point", "bring", "contact"),
}
KIND_WORDS = {"training": "training", "培训": "training", "t": "training"}
KIND_WORDS |= {"departure": "departure", "出发": "departure", "d": "departure"}
DONE = {
    "add": "schedule.added",
    "edit": "schedule.edited",
    "cancel": "schedule.cancelled",
    "already_cancelled": "schedule.already_cancelled",
}
ATTENDED = frozenset(["attended", "到", "到场", "已到"])
_PARTS = re.compile(r"[;；|]")
_ID = re.compile(r"#?([0-9]{1,18})")
# "开始 2026-05-02 09:00", "开始=…", "开始：…": the field word, then its value.
_EDIT = re.compile(r"([^\s=:：]+)\s*(?:[=:：]\s*|\s+)(.*)", re.S)


def _field(kind: str, word: str) -> str:
    low = word.lower().replace("-", "_")
    if low in events.FIELDS[kind]:
        return low
    if word in FIELD_WORDS[kind] or low in FIELD_WORDS[kind]:
        return FIELD_WORDS[kind].get(word) or FIELD_WORDS[kind][low]
    fields = ", ".join(events.FIELDS[kind])
    raise ScheduleError("staff.schedule.bad_field", word=word, fields=fields)


def _edits(kind: str, parts: list[str]) -> dict[str, str]:
    """{"start": "2026-05-02 09:00"} from ["开始 2026-05-02 09:00"] (or "开始=…", "开始：…")."""
    values: dict[str, str] = {}
    for part in parts:
        found = _EDIT.match(part)
        if found is None:
            raise ScheduleError(
                "staff.schedule.bad_field", word=part, fields=", ".join(events.FIELDS[kind])
            )
        values[_field(kind, found.group(1))] = found.group(2).strip()
    return values


def _event_id(text: str) -> int | None:
    found = _ID.fullmatch(text.strip())
    return int(found.group(1)) if found else None


async def schedule_reply(
    session: AsyncSession,
    staff: Staff,
    scope: Scope,
    command: str,
    argument: str,
    *,
    locale: str,
    zone: str,
    turn: Turn = contextlib.nullcontext,
) -> StaffReply:
    """Answer /training, /departure or /roster; writes commit in their own write turn."""
    try:
        if command == "roster":
            return await _roster(session, staff, scope, argument, locale, zone, turn)
        return await _schedule(session, staff, scope, command, argument, locale, zone, turn)
    except ScheduleError as refusal:
        await session.rollback()
        return StaffReply(explain(refusal, locale))


async def _schedule(session, staff, scope, kind, argument, locale, zone, turn) -> StaffReply:
    word, _, rest = argument.strip().partition(" ")
    action = ACTIONS.get(word.lower()) if word else "list"
    if action is None and _PARTS.search(argument):
        action, rest = "add", argument  # "/training 电焊培训; 电焊; …" adds
    if action == "list":
        return await _listing(session, scope, kind, locale, zone)
    if action not in ("add", "edit", "cancel"):
        return StaffReply(t(f"staff.schedule.usage.{kind}", locale))
    parts = [p.strip() for p in _PARTS.split(rest)]
    async with turn():
        await session.commit()  # the read transaction so far ends; the change reads afresh
        desk = events.Desk(
            staff,
            staff.agency_id,
            zone,
            clock.now(),
            "telegram",
            near=staff.agency.region_code if staff.agency else None,
            vacancies=scope.vacancies(),
        )
        if action == "add":
            values = {f: v for f, v in zip(POSITIONAL[kind], parts, strict=False) if v}
            event = await events.add(session, kind, values, desk)
        else:
            event_id = _event_id(parts[0])
            found = None
            if event_id is not None:
                found = await events.find(session, kind, event_id, visible(kind, scope))
            if found is None:
                raise ScheduleError("schedule.error.not_found", kind=kind, id=parts[0])
            event = found
            if action == "edit":
                await events.edit(session, event, _edits(kind, parts[1:]), desk)
            elif not await events.cancel(session, event, desk):
                action = "already_cancelled"
        text = t(
            DONE[action],
            locale,
            kind=kind_name(event, locale),
            id=event.id,
            summary=await summary(session, event, zone, locale),
        )
        await session.commit()
    return StaffReply(text)


async def _listing(session, scope, kind, locale, zone) -> StaffReply:
    found = await upcoming(session, kind, clock.now(), scope)
    name = t(f"schedule.kind.{kind}", locale)
    usage = t(f"staff.schedule.usage.{kind}", locale)
    if not found:
        return StaffReply(t("schedule.list.none", locale, kind=name) + "\n\n" + usage)
    head = t("schedule.list.header", locale, kind=name, count=len(found))
    items = [
        t(
            "schedule.list.item",
            locale,
            id=event.id,
            summary=await summary(session, event, zone, locale),
            taken=taken,
        )
        for event, taken in found
    ]
    return StaffReply(fit([head], items, locale))


def _roster_target(words: list[str]) -> tuple[str, int, list[str]] | None:
    """("training", 3, rest) from ["training", "3", ...], ["培训", "3"], ["t3"]."""
    if not words:
        return None
    head = words[0].lower()
    if head in KIND_WORDS and len(words) > 1 and (number := _event_id(words[1])) is not None:
        return KIND_WORDS[head], number, words[2:]
    glued = re.fullmatch(r"(t|d|培训|出发)#?([0-9]{1,18})", head)
    if glued:
        return KIND_WORDS[glued.group(1)], int(glued.group(2)), words[1:]
    return None


async def _roster(session, staff, scope, argument, locale, zone, turn) -> StaffReply:
    target = _roster_target(argument.split())
    if target is None:
        return StaffReply(t("staff.schedule.usage.roster", locale))
    kind, event_id, rest = target
    event = await events.find(session, kind, event_id, visible(kind, scope))
    if event is None:
        raise ScheduleError("schedule.error.not_found", kind=kind, id=event_id)
    now = clock.now()
    lines = []
    if rest and rest[0].lower() in ATTENDED:
        seekers = [_event_id(w) for w in rest[1:]]
        if not seekers or None in seekers:
            return StaffReply(t("staff.schedule.usage.roster", locale))
        async with turn():
            await session.commit()
            event = await events.find(session, kind, event_id, visible(kind, scope))
            marked = await mark_attended(session, event, seekers, now, staff=staff, via="telegram")
            await session.commit()
        lines.append(t("schedule.roster.marked", locale, count=marked))
    rows = await roster(session, event, now)
    title = t(
        "schedule.roster.title",
        locale,
        kind=kind_name(event, locale),
        id=event.id,
        summary=await summary(session, event, zone, locale),
    )
    head = [*lines, title, t("schedule.roster.counts", locale, **counts(rows))]
    if not rows:
        return StaffReply("\n".join([*head, t("schedule.roster.none", locale)]))
    items = [
        t(
            "schedule.roster.item",
            locale,
            seeker=row.seeker_id,
            name=row.name or t("schedule.enrol.no_name", locale),
            phone=mask_phone(row.phone) or t("staff.applicants.telegram_only", locale),
            status=t(f"schedule.status.{row.status}", locale) + str(row.waiting_position or ""),
        )
        for row in rows
    ]
    return StaffReply(fit(head, items, locale))
