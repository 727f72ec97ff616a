"""Every table of the mission, importable from one place (Alembic reads Base.metadata here)."""

from storage.models.agencies import AGENCY_LEVELS, STAFF_ROLES, Agency, Staff
from storage.models.base import Base, utcnow
from storage.models.console import (
    AuditEntry,
    ConsoleLink,
    ConsoleSecret,
    ConsoleSession,
    ConsoleUpload,
)
from storage.models.messaging import OUTBOX_STATUSES, InboundMessage, OutboxMessage
from storage.models.schedule import ENROLMENT_STATES, Departure, Enrolment, TrainingSession
from storage.models.seekers import (
    APPLICATION_STATUSES,
    GROUPS,
    Application,
    ApplicationEvent,
    Seeker,
)
from storage.models.vacancies import (
    REVIEW_STATES,
    VACANCY_STATUSES,
    Employer,
    Meeting,
    Vacancy,
    VacancyReport,
)

__all__ = [
    "AGENCY_LEVELS",
    "APPLICATION_STATUSES",
    "ENROLMENT_STATES",
    "GROUPS",
    "OUTBOX_STATUSES",
    "REVIEW_STATES",
    "STAFF_ROLES",
    "VACANCY_STATUSES",
    "Agency",
    "Application",
    "ApplicationEvent",
    "AuditEntry",
    "Base",
    "ConsoleLink",
    "ConsoleSecret",
    "ConsoleSession",
    "ConsoleUpload",
    "Departure",
    "Employer",
    "Enrolment",
    "InboundMessage",
    "Meeting",
    "OutboxMessage",
    "Seeker",
    "Staff",
    "TrainingSession",
    "Vacancy",
    "VacancyReport",
    "utcnow",
]
