"""The agency's occupation taxonomy: trades grouped in categories, loaded once from trades.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["Category", "Trade", "categories", "category", "trade", "trades"]


@dataclass(frozen=True, slots=True)
class Category:
    """A group of trades, e.g. construction (建筑施工)."""

    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True, slots=True)
class Trade:
    """One occupation the agency places; code is stable ("category.slug") and stored in the database."""

    code: str
    name_zh: str
    name_en: str
    category: str
    synonyms_zh: tuple[str, ...]
    synonyms_en: tuple[str, ...]


@cache
def _load() -> tuple[dict[str, Category], dict[str, Trade]]:
    # The file groups trades under their category so that an editor sees each sector at once;
    # the category is kept on every Trade so callers never have to parse the code.
    raw = json.loads(resources.files(__package__).joinpath("trades.json").read_text("utf-8"))
    cats: dict[str, Category] = {}
    by_code: dict[str, Trade] = {}
    for group in raw["categories"]:
        cat = Category(group["code"], group["name_zh"], group["name_en"])
        cats[cat.code] = cat
        for item in group["trades"]:
            by_code[item["code"]] = Trade(
                code=item["code"],
                name_zh=item["name_zh"],
                name_en=item["name_en"],
                category=cat.code,
                synonyms_zh=tuple(item.get("synonyms_zh", ())),
                synonyms_en=tuple(item.get("synonyms_en", ())),
            )
    return cats, by_code


def trades() -> tuple[Trade, ...]:
    """Every trade, in the file's order (grouped by category)."""
    return tuple(_load()[1].values())


def trade(code: str) -> Trade | None:
    """The trade with this code, or None when the code is unknown."""
    return _load()[1].get(code)


def categories() -> tuple[Category, ...]:
    """Every category, in the file's order."""
    return tuple(_load()[0].values())


def category(code: str) -> Category | None:
    """The category with this code, or None when the code is unknown."""
    return _load()[0].get(code)
