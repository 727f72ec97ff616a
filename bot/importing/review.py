"""The import checks in an import: wage norms from the database, each row's verdict, and what the
import summary says about the vacancies it held (bot/importing/checks.py has the checks)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.importing.checks import FLAGS, Flag, review
from bot.importing.norms import Pay, WageNorms, area_of
from bot.importing.rows import VacancyRow
from messages import t
from storage.models import Vacancy
from storage.vacancies import HELD

_JUDGED_UNITS = ("month", "day", "hour", "year")


@dataclass
class HeldRow:
    """A row the checks held: where it is in the file, what it is, and why."""

    row: int
    employer: str
    title: str
    flags: list[Flag]
    source_key: str
    vacancy_id: int | None = None  # known once written

    def as_json(self) -> dict:
        return {
            "row": self.row,
            "vacancy_id": self.vacancy_id,
            "employer": self.employer,
            "title": self.title,
            "flags": [flag.as_json() for flag in self.flags],
        }


@dataclass(frozen=True)
class Checks:
    """What rows are checked against: the import day and the wage norms."""

    today: date
    norms: WageNorms

    def verdict(self, values: dict, row: VacancyRow, key: str, held: list[HeldRow]) -> dict:
        """The row's values with its verdict: held with its flags (added to `held`), or ok. A
        changed row is checked afresh, so an approved vacancy edited into a fee is held again."""
        flags = review(row, self.today, self.norms)
        if flags:
            held.append(HeldRow(row.row, row.employer, row.title, flags, key))
        return values | {
            "review": "held" if flags else "ok",
            "review_flags": [flag.as_json() for flag in flags] or None,
            "reviewed_at": None,
            "reviewed_by": None,
        }


def any_changed(
    rows: list[VacancyRow], keys: list[str], existing: dict[str, tuple[int, str, int]]
) -> bool:
    """Whether any row is new or changed (`existing`: source key -> (id, digest, employer))."""
    return any(
        key not in existing or existing[key][1] != row.content_hash()
        for row, key in zip(rows, keys, strict=True)
    )


async def wage_norms(
    session: AsyncSession, rows: list[VacancyRow], replaced: Iterable[int]
) -> WageNorms:
    """Norms from the vacancies on record in the file's provinces and countries (not held, and not
    the ones this import rewrites), and from the file's own rows."""
    provinces = {row.region_code[:2] for row in rows if row.region_code}
    countries = {row.country for row in rows if row.country}
    pays = [Pay(r.occupations, r.region_code, r.country, r.wage_max, r.wage_unit) for r in rows]
    if not provinces and not countries:
        return WageNorms(pays)
    skip = set(replaced)
    query = select(
        Vacancy.id,
        Vacancy.occupations,
        Vacancy.region_code,
        Vacancy.country,
        Vacancy.wage_max,
        Vacancy.wage_unit,
    ).where(
        Vacancy.review != HELD,
        Vacancy.wage_max.is_not(None),
        Vacancy.wage_unit.in_(_JUDGED_UNITS),
        or_(
            func.substr(Vacancy.region_code, 1, 2).in_(sorted(provinces)),
            Vacancy.country.in_(sorted(countries)),
        ),
    )
    for id_, *rest in (await session.execute(query)).tuples():
        if id_ not in skip and area_of(rest[1], rest[2]):
            pays.append(Pay(*rest))
    return WageNorms(pays)


@dataclass
class Held:
    """The vacancies an import held (or, in a dry run, would hold)."""

    rows: list[HeldRow] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        return Counter(flag.code for row in self.rows for flag in row.flags)

    def reasons(self, locale: str | None) -> str:
        counts = self.counts()
        return "、".join(
            t("import.held_reason", locale, reason=t(f"review.{code}", locale), count=counts[code])
            for code in FLAGS
            if counts[code]
        )

    def lines(self, locale: str | None, limit: int = 20) -> list[str]:
        """The summary line, then one line per held row (the first `limit`)."""
        if not self.rows:
            return []
        out = [t("import.held", locale, count=len(self.rows), reasons=self.reasons(locale))]
        for held in self.rows[:limit]:
            why = "；".join(flag_text(f.as_json(), locale) for f in held.flags)
            out.append(
                t(
                    "import.held_row",
                    locale,
                    row=held.row,
                    id=held.vacancy_id if held.vacancy_id is not None else "-",
                    employer=held.employer,
                    title=held.title,
                    why=why,
                )
            )
        if len(self.rows) > limit:
            out.append(t("import.preview_more", locale, count=len(self.rows) - limit))
        return out


def flag_text(flag: dict, locale: str | None) -> str:
    """One reason a vacancy is held, as staff read it: 收费：“入职需交押金200元”."""
    return t(f"review.{flag['code']}.detail", locale, detail=flag["detail"], norm=flag.get("norm"))


async def number_held(session: AsyncSession, meeting_id: int, held: Held) -> None:
    """Fill in the vacancy ids of the held rows, once written, so staff can approve them."""
    keys = {row.source_key: row for row in held.rows}
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):
        query = select(Vacancy.source_key, Vacancy.id).where(
            Vacancy.meeting_id == meeting_id, Vacancy.source_key.in_(ordered[start : start + 500])
        )
        for key, id_ in (await session.execute(query)).tuples():
            keys[key].vacancy_id = id_
