"""An employer's record across meetings: what they posted, how many they took on, whether the
workers sent turned up, and what workers reported — for staff deciding whom to trust."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Application, Departure, Employer, Enrolment, Vacancy, VacancyReport
from storage.vacancies import HELD

HIRED = ("hired", "departed")


@dataclass(frozen=True)
class EmployerRecord:
    employer_id: int
    name: str
    meetings: int
    vacancies: int
    headcount: int
    filled: int
    held: int  # vacancies the import checks hold now
    applications: int
    hires: int  # applications that reached hired (or departed)
    attended: int  # enrolled on a departure to this employer, and turned up
    no_show: int
    reports: int  # workers' 举报 of this employer's vacancies

    @property
    def show_up(self) -> float | None:
        """Of those whose turning up at a departure was recorded, the share who did."""
        counted = self.attended + self.no_show
        return round(self.attended / counted, 3) if counted else None

    def as_json(self) -> dict:
        return asdict(self) | {"show_up": self.show_up}


async def find_employers(session: AsyncSession, text: str) -> list[Employer]:
    """Employers by id (digits), exact name, or else every name containing the text."""
    text = text.strip()
    if text.isdigit():
        found = await session.get(Employer, int(text))
        return [found] if found else []
    exact = await session.scalar(select(Employer).where(Employer.name == text))
    if exact is not None:
        return [exact]
    query = select(Employer).where(Employer.name.icontains(text, autoescape=True))
    return list(await session.scalars(query.order_by(Employer.name).limit(20)))


async def employer_record(session: AsyncSession, employer: Employer) -> EmployerRecord:
    mine = Vacancy.employer_id == employer.id
    posted = (
        await session.execute(
            select(
                func.count(Vacancy.id),
                func.count(distinct(Vacancy.meeting_id)),
                func.coalesce(func.sum(Vacancy.headcount), 0),
                func.coalesce(func.sum(Vacancy.filled), 0),
                func.count(Vacancy.id).filter(Vacancy.review == HELD),
            ).where(mine)
        )
    ).one()
    applied = (
        await session.execute(
            select(
                func.count(Application.id),
                func.count(Application.id).filter(Application.status.in_(HIRED)),
            )
            .join(Vacancy, Vacancy.id == Application.vacancy_id)
            .where(mine)
        )
    ).one()
    turned_up = dict(
        (
            await session.execute(
                select(Enrolment.state, func.count(Enrolment.id))
                .join(Departure, Departure.id == Enrolment.departure_id)
                .join(Vacancy, Vacancy.id == Departure.vacancy_id)
                .where(mine, Enrolment.state.in_(("attended", "no_show")))
                .group_by(Enrolment.state)
            )
        )
        .tuples()
        .all()
    )
    reports = await session.scalar(
        select(func.count(VacancyReport.id))
        .join(Vacancy, Vacancy.id == VacancyReport.vacancy_id)
        .where(mine)
    )
    return EmployerRecord(
        employer_id=employer.id,
        name=employer.name,
        meetings=posted[1],
        vacancies=posted[0],
        headcount=int(posted[2]),
        filled=int(posted[3]),
        held=posted[4],
        applications=applied[0],
        hires=applied[1],
        attended=turned_up.get("attended", 0),
        no_show=turned_up.get("no_show", 0),
        reports=reports or 0,
    )


async def reported_employers(
    session: AsyncSession, employer_ids: list[int]
) -> list[tuple[str, int]]:
    """(name, reports) of those of these employers whose vacancies workers reported, most first."""
    found: list[tuple[str, int]] = []
    for start in range(0, len(employer_ids), 500):
        query = (
            select(Employer.name, func.count(VacancyReport.id))
            .join(Vacancy, Vacancy.employer_id == Employer.id)
            .join(VacancyReport, VacancyReport.vacancy_id == Vacancy.id)
            .where(Employer.id.in_(employer_ids[start : start + 500]))
            .group_by(Employer.name)
        )
        found += list((await session.execute(query)).tuples())
    return sorted(found, key=lambda pair: (-pair[1], pair[0]))
