"""What a trade pays in a province, from the vacancies on record: the yardstick for a wage that is
too good to be true (fake jobs lure with 月薪两万 for 普工).

Rule: a vacancy's wage is *far above the norm* when the top of its range, as a monthly
equivalent (bot/importing/wages.py: a day x 26, an hour x 208, a year / 12), is more than
ABOVE_NORM (2) times the median top of the comparable vacancies, and there are at least
MIN_COMPARABLE (5) of them. Comparable: the same trade (a vacancy's first occupation code, from its
title) in the same province, or the same country abroad. Wages differ too much between provinces
(a guard earns twice as much in Shanghai as in Gansu) to compare across them; with fewer than
five comparable vacancies there is no norm, and the wage is not judged. Piece-rate and negotiable
wages are neither judged nor counted. The vacancies on record are those already imported (held
ones left out, so that a fake cannot set the norm) and the rows of the file being imported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

from bot.importing.wages import monthly

ABOVE_NORM = 2.0
MIN_COMPARABLE = 5

Area = str  # a province's two-digit code prefix, or an ISO country code abroad


def trade_of(occupations: str) -> str | None:
    """A vacancy's own trade: the first of its occupation codes (its title's)."""
    codes = occupations.split()
    return codes[0] if codes else None


def area_of(region_code: str | None, country: str | None) -> Area | None:
    if region_code:
        return region_code[:2]
    return country


@dataclass(frozen=True, slots=True)
class Pay:
    """One vacancy as the norm counts it."""

    occupations: str
    region_code: str | None
    country: str | None
    high: int | None  # the top of the wage range, in `unit`
    unit: str | None

    def key(self) -> tuple[str, Area] | None:
        trade, area = trade_of(self.occupations), area_of(self.region_code, self.country)
        return (trade, area) if trade and area else None

    def monthly_high(self) -> int | None:
        return monthly(self.high, self.unit)


class WageNorms:
    """Median monthly wage tops per (trade, area), for areas with enough vacancies."""

    def __init__(self, pays: Iterable[Pay]) -> None:
        tops: dict[tuple[str, Area], list[int]] = defaultdict(list)
        for pay in pays:
            key, top = pay.key(), pay.monthly_high()
            if key and top:
                tops[key].append(top)
        self._medians = {
            key: median(values) for key, values in tops.items() if len(values) >= MIN_COMPARABLE
        }

    def norm(self, pay: Pay) -> float | None:
        """The median top of `pay`'s comparable vacancies, or None when there are too few."""
        key = pay.key()
        return self._medians.get(key) if key else None

    def far_above(self, pay: Pay) -> tuple[int, int] | None:
        """(monthly top, norm) when the wage is more than ABOVE_NORM times its norm, else None."""
        top, norm = pay.monthly_high(), self.norm(pay)
        if top is None or norm is None or top <= ABOVE_NORM * norm:
            return None
        return top, round(norm)
