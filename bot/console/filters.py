"""Search filters shared by the vacancy and seeker lists: trade, place, words, pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy import ColumnElement, false, literal, or_
from starlette.datastructures import QueryParams

from bot.matching.taxonomy import Trade, trade
from bot.matching.trades import resolve_trade
from bot.staff.commands import country_codes, place_prefixes

PAGE_SIZE = 50
MAX_PAGE = 10_000
MAX_FILTER = 100  # characters; a search box is not a place for a novel
LARGEST_ID = 2**62  # ids past this cannot exist, and would overflow PostgreSQL's bigint


def text_param(params: QueryParams, name: str) -> str:
    """A query parameter, trimmed, spaces collapsed and cut to MAX_FILTER characters."""
    return " ".join(params.get(name, "").split())[:MAX_FILTER]


def page_param(params: QueryParams) -> int:
    value = params.get("page", "1")
    return min(int(value), MAX_PAGE) if value.isdigit() and int(value) >= 1 else 1


def id_value(text: object) -> int | None:
    """A database id from a form or path, or None for anything that cannot be one."""
    if isinstance(text, int):
        return text if 0 < text < LARGEST_ID else None
    if isinstance(text, str) and re.fullmatch(r"[0-9]{1,18}", text):
        return int(text) or None
    return None


def trade_codes(text: str) -> list[Trade]:
    """The trades a staff member's word names, as the bot reads a worker's (电焊 -> 电焊工)."""
    if not text:
        return []
    if (exact := trade(text)) is not None:
        return [exact]
    found = [c.trade for c in resolve_trade(text) if c.score >= 85]
    return found[:3]


def has_code(column, code: str) -> ColumnElement[bool]:
    """`column` holds space-separated codes, one of them `code` (whole, not a prefix)."""
    return (literal(" ") + column + literal(" ")).contains(f" {code} ", autoescape=True)


def trade_condition(column, text_column, text: str) -> tuple[ColumnElement[bool], list[Trade]]:
    """Rows of the trade the word names, or whose own words (title, skills) contain it."""
    found = trade_codes(text)
    written = text_column.icontains(text, autoescape=True)
    return or_(written, *(has_code(column, t.code) for t in found)), found


def place_condition(region_column, text: str, country_column=None) -> ColumnElement[bool]:
    """Rows whose region (or country) lies in the place `text` names; nothing for no place."""
    conditions = [region_column.startswith(p) for p in place_prefixes(text)]
    if country_column is not None and (codes := country_codes(text)):
        conditions.append(country_column.in_(codes))
    return or_(*conditions) if conditions else false()


@dataclass(frozen=True)
class Pages:
    """Where a list is: page number, total rows, and whether there is more either side."""

    page: int
    total: int
    size: int = PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def last(self) -> int:
        return max((self.total + self.size - 1) // self.size, 1)

    @property
    def previous(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.last else None


def with_page(params: QueryParams, page: int) -> str:
    """The same query string on another page."""
    items = [(k, v) for k, v in params.multi_items() if k != "page" and v]
    items.append(("page", str(page)))
    return "?" + urlencode(items)
