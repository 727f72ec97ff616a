"""Today: the day's and the week's figures in the desk's scope, and the /stats charts as SVG."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bot import clock
from bot.console.auth import Desk
from bot.console.figures import collect_figures, meeting_figures
from bot.console.svg import panel_svg
from bot.console.web import page, show
from bot.staff.stats import chart_panels, collect


@page
async def today(request: Request, desk: Desk, session) -> Response:
    timezone = request.app.state.settings.timezone
    day = clock.local_today(timezone)
    numbers = await collect(session, desk.scope, day, timezone)
    figures = await collect_figures(session, desk.scope, numbers, day, timezone)
    title, panels = chart_panels(numbers, desk.locale)
    return show(
        request,
        desk,
        "today.html",
        active="today",
        on=day,
        figures=figures,
        meetings=await meeting_figures(session, desk.scope),
        charts=[panel_svg(p) for p in panels],
        chart_title=title,
    )
