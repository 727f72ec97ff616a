"""Changing an application's status: the worker is told through the outbox, the place filled,
the change kept in the application's history and the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from staff_world import HUINING, applied

from bot import clock
from bot.handlers.present import short_employer
from messages import t
from storage.models import Application, ApplicationEvent, AuditEntry, OutboxMessage, Seeker, Vacancy


def application_of(console, seeker: str = "会宁张三", job: str = "会宁普工") -> int:
    world = console.world

    async def make(session):
        row = await applied(
            session, world.seekers[seeker], world.vacancies[job], "interested", clock.now()
        )
        return row.id

    return console.build(make)


def change(console, browser, application: int, status: str, back: str):
    return console.form(
        f"/console/applications/{application}/status", browser, status=status, next=back
    )


def test_contacting_a_worker_queues_their_notice(console):
    application = application_of(console)
    seeker = console.world.seekers["会宁张三"]
    browser = console.sign_in(HUINING)
    back = f"/console/seekers/{seeker.id}"
    response = change(console, browser, application, "contacted", back)
    assert response.status_code == 303
    assert response.headers["location"] == f"{back}?told={application}#application-{application}"
    job = console.world.vacancies["会宁普工"]
    expected = t(
        "console.notice.contacted",
        "zh_CN",
        employer=short_employer("宝安精密电子有限公司"),
        title=job.title,
    )
    queued = console.all(
        select(
            OutboxMessage.channel,
            OutboxMessage.address,
            OutboxMessage.purpose,
            OutboxMessage.template,
            OutboxMessage.status,
            OutboxMessage.seeker_id,
        )
    )
    # Named, not written: rendered in the worker's language when it is sent.
    assert queued == [
        ("sms", "+8613812341234", "notice", "console.notice.contacted", "pending", seeker.id)
    ]
    page = console.get(response.headers["location"].split("#")[0], browser).text
    assert t("console.status.told", "zh_CN") in page and expected in page
    history = console.all(select(ApplicationEvent.status, ApplicationEvent.staff_id))
    assert history == [("contacted", console.world.staff[HUINING].id)]
    audit = console.all(select(AuditEntry.action, AuditEntry.target, AuditEntry.detail))
    assert audit[-1][:2] == ("application_status", f"application:{application}")
    assert audit[-1][2] | {} == {
        "from": "interested",
        "to": "contacted",
        "seeker_id": seeker.id,
        "vacancy_id": job.id,
        "told": True,
        "via": "console",
    }


def test_a_hire_fills_a_place_and_taking_it_back_frees_it(console):
    application = application_of(console)
    job = console.world.vacancies["会宁普工"]
    browser = console.sign_in(HUINING)
    filled = lambda: console.all(select(Vacancy.filled).where(Vacancy.id == job.id))[0][0]  # noqa: E731
    change(console, browser, application, "hired", "/console/today")
    assert filled() == 1
    change(console, browser, application, "hired", "/console/today")  # again: nothing changes
    assert filled() == 1
    change(console, browser, application, "rejected", "/console/today")
    assert filled() == 0
    statuses = [row[0] for row in console.all(select(ApplicationEvent.status))]
    assert statuses == ["hired", "rejected"]
    assert len(console.all(select(OutboxMessage.id))) == 2
    assert console.all(select(Application.status)) == [("rejected",)]


def test_an_english_telegram_worker_is_told_in_english_on_telegram(console):
    seeker = console.world.seekers["会宁张三"]
    console.write(
        update(Seeker)
        .where(Seeker.id == seeker.id)
        .values(telegram_id=42, channel="telegram", locale="en")
    )
    application = application_of(console)
    change(console, console.sign_in(HUINING), application, "hired", "/console/today")
    [(channel, address, template, params)] = console.all(
        select(
            OutboxMessage.channel,
            OutboxMessage.address,
            OutboxMessage.template,
            OutboxMessage.params,
        )
    )
    assert (channel, address) == ("telegram", "42")
    # Rendered when sent, in the worker's language then: English.
    assert t(template, "en", **params).startswith("Gongyou: congratulations!")


@pytest.mark.parametrize("why", ["opted out", "no address"])
def test_a_worker_who_cannot_be_told_is_not_queued_and_staff_see_why(console, why):
    seeker = console.world.seekers["会宁张三"]
    values = {"opted_out": True} if why == "opted out" else {"phone": None, "telegram_id": None}
    console.write(update(Seeker).where(Seeker.id == seeker.id).values(**values))
    application = application_of(console)
    browser = console.sign_in(HUINING)
    response = change(console, browser, application, "rejected", "/console/today")
    assert f"untold={application}" in response.headers["location"]
    assert console.all(select(OutboxMessage.id)) == []
    assert console.all(select(Application.status)) == [("rejected",)]
    vacancy_page = console.get(
        f"/console/vacancies/{console.world.vacancies['会宁普工'].id}?untold={application}", browser
    ).text
    assert t("console.status.untold", "zh_CN") in vacancy_page
