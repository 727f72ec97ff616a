"""Turn a Reply into text in the seeker's language; channels add their own layout on top."""

from __future__ import annotations

from bot.replies import Choice, Line, Reply
from messages import t


def render_line(line: Line, locale: str) -> str:
    """Catalog text; a parameter that is itself a Line is rendered first."""
    params = {
        k: render_line(v, locale) if isinstance(v, Line) else v for k, v in line.params.items()
    }
    return t(line.key, locale, **params)


def numbered(choices: tuple[Choice, ...], locale: str) -> list[str]:
    """ "1. 宝安精密电子 普工 深圳宝安 4500-6500元" — what SMS and the console show."""
    return [f"{c.command}. {render_line(c.label, locale)}" for c in choices]


def plain_text(reply: Reply) -> str:
    """The whole reply as lines of text, choices numbered, footer last."""
    locale = reply.locale
    parts = [render_line(line, locale) for line in reply.lines]
    parts += numbered(reply.choices, locale)
    parts += [render_line(line, locale) for line in reply.footer]
    return "\n".join(parts)
