"""The checks every vacancy passes on import; a vacancy that fails one is imported but held.

A held vacancy is never listed to a worker nor broadcast until staff approve it
(`gongyou vacancy approve ID`). The checks, each a flag with what triggered it:

    fee              a fee asked before work, in any text field (bot/importing/fees.py)
    wage             a wage far above its trade's norm in its province (bot/importing/norms.py)
    personal_contact a personal mobile (1[3-9] and 9 digits, +86 allowed) as the only contact of a
                     company (公司, 厂, 集团, 有限, Co., Ltd...); a company line (0xx landline, 400,
                     800) beside it is a contact the agency can verify, and passes
    deadline_past    an application deadline before the import day

Pure: the caller supplies the day and the wage norms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.importing.fees import fee_asked
from bot.importing.norms import Pay, WageNorms

if TYPE_CHECKING:
    from bot.importing.rows import VacancyRow

FLAGS = ("fee", "wage", "personal_contact", "deadline_past")
# Every text field a fee can hide in, as VacancyRow names them.
TEXT_FIELDS = (
    "employer",
    "title",
    "wage_text",
    "skills_text",
    "benefits",
    "board",
    "pay_schedule",
    "hours",
    "contractor",
    "contact",
)


@dataclass(frozen=True, slots=True)
class Flag:
    """Why a vacancy is held: a flag of FLAGS, and what in the row raised it."""

    code: str
    detail: str  # as the row has it: the fee clause, the wage, the masked mobile, the date
    norm: int | None = None  # wage: the monthly norm it is compared with

    def as_json(self) -> dict[str, object]:
        extra = {"norm": self.norm} if self.norm is not None else {}
        return {"code": self.code, "detail": self.detail} | extra


_COMPANY = re.compile(
    r"公司|厂|集团|有限|股份|企业|\bco\b|\bltd\b|\binc\b|\bcorp|\bcompany\b|\bgroup\b|"
    r"\bfactory\b|\blimited\b|\bgmbh\b",
    re.IGNORECASE,
)
# Phone-like runs: digits in groups separated by spaces or dashes, an optional + in front.
_PHONE_RUN = re.compile(r"\+?\d[\d \-]*\d")
_MOBILE = re.compile(r"1[3-9]\d{9}")


# A sheet repeats an employer and its contact on every row of theirs: each is read once.
@lru_cache(maxsize=65536)
def is_company(employer: str) -> bool:
    return bool(_COMPANY.search(unicodedata.normalize("NFKC", employer)))


def _numbers(contact: str) -> list[str]:
    """Every phone number in a contact, as digits: a run's groups are tried as one number, and
    split where a mobile sits among other groups (0755 8888 6666 13812345678)."""
    found = []
    for run in _PHONE_RUN.findall(unicodedata.normalize("NFKC", contact)):
        groups = [g for g in re.split(r"[ \-]+", run.lstrip("+")) if g]
        whole = "".join(groups)
        if whole.startswith(("86", "0086")) and _MOBILE.fullmatch(whole.removeprefix("00")[2:]):
            whole = whole.removeprefix("00")[2:]
        mobiles = [
            "".join(groups[i:j])
            for i in range(len(groups))
            for j in range(i + 1, len(groups) + 1)
            if _MOBILE.fullmatch("".join(groups[i:j]))
        ]
        found += [whole] if _MOBILE.fullmatch(whole) or not mobiles else mobiles[:1]
    return found


def _company_line(number: str) -> bool:
    """A fixed line (area code 0xx) or a company hotline (400 / 800)."""
    return (number.startswith("0") and len(number) >= 10) or (
        number.startswith(("400", "800")) and len(number) == 10
    )


@lru_cache(maxsize=65536)
def personal_mobile(contact: str | None) -> str | None:
    """The personal mobile that is a contact's only number, or None."""
    numbers = _numbers(contact or "")
    if any(_company_line(n) for n in numbers):
        return None
    return next((n for n in numbers if _MOBILE.fullmatch(n)), None)


def pay_of(row: VacancyRow) -> Pay:
    return Pay(row.occupations, row.region_code, row.country, row.wage_max, row.wage_unit)


def review(row: VacancyRow, today: date, norms: WageNorms) -> list[Flag]:
    """Every check the row fails (empty: it may be listed at once)."""
    flags: list[Flag] = []
    # One pass over every text field: a clause never runs from one field into the next.
    if asked := fee_asked("\n".join(filter(None, (getattr(row, name) for name in TEXT_FIELDS)))):
        flags.append(Flag("fee", asked))
    if above := norms.far_above(pay_of(row)):
        top, norm = above
        flags.append(Flag("wage", row.wage_text or str(top), norm))
    if is_company(row.employer) and (mobile := personal_mobile(row.contact)):
        flags.append(Flag("personal_contact", mobile[:3] + "****" + mobile[-4:]))
    if row.deadline is not None and row.deadline < today:
        flags.append(Flag("deadline_past", row.deadline.isoformat()))
    return flags
