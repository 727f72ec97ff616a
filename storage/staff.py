"""Agency staff and what each of them may see.

Visibility rules (one place, so every staff command and export applies the same ones):

- An admin sees everything.
- A staff member sees their own agency and every office under it, followed down `parent_id`.
- A vacancy belongs to the agency that hosted its meeting (`Meeting.host_agency_id`). A meeting
  imported without a host (the `gongyou import` CLI names none) is visible to admins only: nobody
  below them has claimed it, and its applicants' data should not spread to every office.
- A seeker belongs to `Seeker.agency_id` when set. Seekers register themselves by chat or SMS, so
  the field is usually empty; such a seeker belongs to every agency in scope whose `region_code`
  encloses the seeker's home region (the 会宁 office serves people from 会宁). A seeker with neither
  is visible to admins only.
- An application is visible when its vacancy or its seeker is: the office that posted the job
  follows its applicants, and the office at home follows where its people applied.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import AGENCY_LEVELS, Agency, Application, Meeting, Seeker, Staff, Vacancy

# The level an office gets when created under a parent of the key's level.
_CHILD_LEVEL = {"province": "city", "city": "community", "community": "community"}


class AgencyCycle(ValueError):
    """Making `parent` the parent of `agency` would put the agency under itself."""


def region_prefix(code: str) -> str:
    """The code prefix every division inside `code` shares: 620000 -> 62, 620400 -> 6204."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def code_within(column, prefix: str) -> ColumnElement[bool]:
    """`column` (a region code) starts with `prefix`, as a range an index can seek to.

    Same rows as LIKE 'prefix%' for digit codes, but SQLite's LIKE is case-insensitive and
    PostgreSQL's needs a C collation, so neither uses an index for it; a range does.
    """
    if not prefix.isdigit():
        return column.startswith(prefix)
    if set(prefix) == {"9"}:  # nothing of this length sorts above it
        return column >= prefix
    upper = str(int(prefix) + 1).zfill(len(prefix))
    return and_(column >= prefix, column < upper)


async def find_agency(session: AsyncSession, name: str) -> Agency | None:
    return await session.scalar(select(Agency).where(Agency.name == name))


async def subtree_ids(session: AsyncSession, agency_id: int) -> frozenset[int]:
    """The agency and every office under it, however deep."""
    tree = select(Agency.id).where(Agency.id == agency_id).cte("tree", recursive=True)
    # UNION, not UNION ALL: a parent_id cycle written by hand must not recurse for ever.
    tree = tree.union(select(Agency.id).join(tree, Agency.parent_id == tree.c.id))
    return frozenset(await session.scalars(select(tree.c.id)))


async def ensure_agency(
    session: AsyncSession,
    name: str,
    *,
    parent: Agency | None = None,
    level: str | None = None,
    region_code: str | None = None,
) -> tuple[Agency, bool]:
    """The agency called `name`, created if missing; given fields update an existing one."""
    if level is not None and level not in AGENCY_LEVELS:
        raise ValueError(f"level must be one of {AGENCY_LEVELS}")
    agency = await find_agency(session, name)
    created = agency is None
    if agency is None:
        default = _CHILD_LEVEL[parent.level] if parent else "city"
        agency = Agency(name=name, level=level or default, region_code=region_code)
        session.add(agency)
    else:
        agency.level = level or agency.level
        agency.region_code = region_code or agency.region_code
    if parent is not None:
        if not created and parent.id in await subtree_ids(session, agency.id):
            raise AgencyCycle(parent.name)
        agency.parent_id = parent.id
    await session.flush()
    return agency, created


async def upsert_staff(
    session: AsyncSession,
    telegram_id: int,
    agency: Agency,
    *,
    role: str | None = None,
    name: str | None = None,
) -> tuple[Staff, bool]:
    """Add the staff member or move them to `agency`; role and name change only when given."""
    staff = await staff_by_telegram(session, telegram_id)
    created = staff is None
    if staff is None:
        staff = Staff(telegram_id=telegram_id, agency_id=agency.id, role=role or "staff")
        session.add(staff)
    staff.agency_id = agency.id
    staff.role = role or staff.role
    staff.name = name or staff.name
    await session.flush()
    return staff, created


async def staff_by_telegram(session: AsyncSession, telegram_id: int) -> Staff | None:
    """The staff member with this Telegram user id, agency loaded, or None."""
    query = (
        select(Staff).where(Staff.telegram_id == telegram_id).options(selectinload(Staff.agency))
    )
    return await session.scalar(query)


async def list_staff(session: AsyncSession) -> list[Staff]:
    """Every staff member with their agency (and its parent) loaded, by agency then id."""
    query = (
        select(Staff)
        .join(Agency, Staff.agency_id == Agency.id)
        .options(selectinload(Staff.agency).selectinload(Agency.parent))
        .order_by(Agency.name, Staff.telegram_id)
    )
    return list(await session.scalars(query))


@dataclass(frozen=True)
class Scope:
    """What one staff member may see, as SQL conditions on each table."""

    agency_name: str
    agency_ids: frozenset[int] | None  # None: everything (an admin)
    region_prefixes: tuple[str, ...] = ()

    @property
    def everything(self) -> bool:
        return self.agency_ids is None

    def vacancies(self) -> ColumnElement[bool]:
        if self.agency_ids is None:
            return true()
        hosted = select(Meeting.id).where(Meeting.host_agency_id.in_(self.agency_ids))
        return Vacancy.meeting_id.in_(hosted)

    def seekers(self) -> ColumnElement[bool]:
        if self.agency_ids is None:
            return true()
        by_region = or_(
            false(), *(code_within(Seeker.region_code, p) for p in self.region_prefixes)
        )
        return or_(
            Seeker.agency_id.in_(self.agency_ids),
            and_(Seeker.agency_id.is_(None), by_region),
        )

    def applications(self) -> ColumnElement[bool]:
        if self.agency_ids is None:
            return true()
        return or_(
            Application.vacancy_id.in_(select(Vacancy.id).where(self.vacancies())),
            Application.seeker_id.in_(select(Seeker.id).where(self.seekers())),
        )


async def scope_of(session: AsyncSession, staff: Staff) -> Scope:
    """The staff member's scope under the rules in this module's docstring."""
    agency = await session.get(Agency, staff.agency_id)
    name = agency.name if agency else ""
    if staff.role == "admin":
        return Scope(name, None)
    ids = await subtree_ids(session, staff.agency_id)
    codes = await session.scalars(
        select(Agency.region_code).where(Agency.id.in_(ids), Agency.region_code.is_not(None))
    )
    prefixes = tuple(sorted({region_prefix(code) for code in codes if code}))
    return Scope(name, ids, prefixes)


async def meeting_by_name(session: AsyncSession, name: str) -> Meeting | None:
    return await session.scalar(select(Meeting).where(Meeting.name == name))
