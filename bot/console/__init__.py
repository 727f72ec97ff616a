"""The staff console: server-rendered pages under /console, signed in by one-time links.

Starlette routes and Jinja2 templates, htmx (a vendored static file) for partial updates where the
browser runs scripts; every page also works as plain links and forms that post and redirect.
"""

from __future__ import annotations

from pathlib import Path

from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.console import (
    account,
    applications,
    audit_page,
    exports,
    imports,
    review,
    seekers,
    today,
)
from bot.console import vacancies as vacancy_pages
from bot.console.headers import SecurityHeaders
from bot.staff.login import CONSOLE_PREFIX

STATIC = Path(__file__).with_name("static")
POST = ["POST"]


def console() -> Mount:
    """Everything under /console, each response with the security headers."""
    routes = [
        Route("/", account.home),
        Route("/signin", account.signin),
        Route("/login/{token}", account.login),
        Route("/logout", account.logout, methods=POST),
        Route("/language", account.language, methods=POST),
        Route("/today", today.today),
        Route("/vacancies", vacancy_pages.vacancies),
        Route("/vacancies/{id}", vacancy_pages.vacancy),
        Route("/vacancies/{id}/approve", review.approve, methods=POST),
        Route("/import", imports.import_form),
        Route("/import", imports.upload, methods=POST),
        Route("/import/{id}", imports.preview),
        Route("/import/{id}/confirm", imports.confirm, methods=POST),
        Route("/seekers", seekers.seekers),
        Route("/seekers/{id}", seekers.seeker),
        Route("/applications/{id}/status", applications.set_status, methods=POST),
        Route("/exports", exports.exports),
        Route("/exports/{kind}.csv", exports.download),
        Route("/audit", audit_page.audit_log),
        Mount("/static", StaticFiles(directory=STATIC), name="console-static"),
    ]
    return Mount(CONSOLE_PREFIX, routes=routes, middleware=[Middleware(SecurityHeaders)])
