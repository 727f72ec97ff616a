"""Jinja2 pages: one environment, autoescaped, with the catalog and a few formatting helpers."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request

from bot.handlers.present import short_employer
from bot.handlers.present import wage as wage_line
from bot.importing.review import flag_text
from bot.matching.regions import regions
from bot.matching.taxonomy import trade
from bot.render import render_line
from bot.staff.login import CONSOLE_PREFIX
from bot.staff.reply import mask_phone
from messages import CATALOGS, normalise_locale, t

if TYPE_CHECKING:
    from bot.console.auth import Desk

TEMPLATES = Path(__file__).with_name("templates")
NAV = ("today", "vacancies", "import", "seekers", "exports")


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "svg"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def place(code: str | None) -> str:
    """甘肃省白银市会宁县 for 620422; empty for none."""
    region = regions().get(code) if code else None
    return region.full_name if region else (code or "")


def trades(occupations: str | None, locale: str) -> str:
    """Occupation codes as their names in the desk's language."""
    names = []
    for code in (occupations or "").split():
        found = trade(code)
        if found is not None:
            names.append(found.name_en if locale == "en" else found.name_zh)
    return ", ".join(names) if locale == "en" else "、".join(names)


def local_time(moment: datetime | None, timezone: str) -> str:
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def day(value: date | datetime | None, timezone: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(ZoneInfo(timezone)).date()
    return value.isoformat()


def label(prefix: str, value: object, locale: str) -> str:
    """The catalog's label for a stored code, or the code itself when the catalog has none yet
    (a status another part of the system added since)."""
    key = f"{prefix}{value}"
    return t(key, locale) if key in CATALOGS[normalise_locale(locale)] else str(value)


def helpers(locale: str, timezone: str) -> dict[str, Any]:
    """What every template may call, bound to the desk's language and the agency's clock."""
    return {
        "t": lambda key, **params: t(key, locale, **params),
        "place": place,
        "trades": lambda occupations: trades(occupations, locale),
        "when": lambda moment: local_time(moment, timezone),
        "day": lambda value: day(value, timezone),
        "employer": short_employer,
        "mask": mask_phone,
        "flag": lambda flag: flag_text(flag, locale),
        "label": lambda prefix, value: label(prefix, value, locale),
        "wage": lambda vacancy: render_line(wage_line(vacancy, locale), locale),
        "url": lambda *parts: "/".join([CONSOLE_PREFIX, *(str(p) for p in parts)]),
    }


def render_page(
    template: str, request: Request, desk: Desk | None, locale: str, **context: Any
) -> str:
    """A template rendered with the shared layout's context."""
    settings = request.app.state.settings
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    values = helpers(locale, settings.timezone) | {
        "desk": desk,
        "locale": locale,
        "here": here,
        "nav": NAV,
        "prefix": CONSOLE_PREFIX,
        "active": "",
        "query": request.query_params,
    }
    return environment().get_template(template).render(values | context)
