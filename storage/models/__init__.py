"""Every table of the mission, importable from one place (Alembic reads Base.metadata here)."""

from storage.models.agencies import AGENCY_LEVELS, STAFF_ROLES, Agency, Staff
from storage.models.base import Base, utcnow
from storage.models.broadcasts import BROADCAST_CHANNELS, BROADCAST_STATES, Alert, Broadcast
from storage.models.console import (
    AuditEntry,
    ConsoleLink,
    ConsoleSecret,
    ConsoleSession,
    ConsoleUpload,
)
from storage.models.messaging import (
    OPEN_STATUSES,
    OUTBOX_STATUSES,
    PURPOSES,
    EarlyStatus,
    InboundMessage,
    OutboxMessage,
)
from storage.models.schedule import (
    ENROLMENT_STATES,
    SEATED_STATES,
    Departure,
    Enrolment,
    TrainingSession,
)
from storage.models.seekers import (
    APPLICATION_STATUSES,
    GROUPS,
    Application,
    ApplicationEvent,
    Seeker,
)
from storage.models.service import ChannelPace, Lease, StaffPending
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
    "BROADCAST_CHANNELS",
    "BROADCAST_STATES",
    "ENROLMENT_STATES",
    "GROUPS",
    "OPEN_STATUSES",
    "OUTBOX_STATUSES",
    "PURPOSES",
    "SEATED_STATES",
    "REVIEW_STATES",
    "STAFF_ROLES",
    "VACANCY_STATUSES",
    "Agency",
    "Alert",
    "Application",
    "ApplicationEvent",
    "AuditEntry",
    "Broadcast",
    "ChannelPace",
    "Base",
    "ConsoleLink",
    "ConsoleSecret",
    "ConsoleSession",
    "ConsoleUpload",
    "Departure",
    "EarlyStatus",
    "Employer",
    "Enrolment",
    "InboundMessage",
    "Lease",
    "Meeting",
    "OutboxMessage",
    "Seeker",
    "Staff",
    "StaffPending",
    "TrainingSession",
    "Vacancy",
    "VacancyReport",
    "utcnow",
]
