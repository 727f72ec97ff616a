"""Turn a Reply into text in the seeker's language; channels add their own layout on top."""

from __future__ import annotations

from collections.abc import Callable

from bot.replies import Choice, Elastic, Line, Reply
from messages import t

# How a channel short of room shortens an Elastic parameter; None renders every one whole.
Shorten = Callable[[Elastic], str]


def _param(value: object, locale: str, shorten: Shorten | None) -> object:
    if isinstance(value, Line):
        return render_line(value, locale, shorten)
    if shorten is not None and isinstance(value, Elastic):
        return shorten(value)
    return value


def render_line(line: Line, locale: str, shorten: Shorten | None = None) -> str:
    """Catalog text; a parameter that is itself a Line is rendered first."""
    params = {k: _param(v, locale, shorten) for k, v in line.params.items()}
    return t(line.key, locale, **params)


def elastics(line: Line) -> list[Elastic]:
    """The parameters of `line`, nested lines included, that a channel may shorten."""
    found: list[Elastic] = []
    for value in line.params.values():
        if isinstance(value, Line):
            found += elastics(value)
        elif isinstance(value, Elastic):
            found.append(value)
    return found


def numbered(choices: tuple[Choice, ...], locale: str) -> list[str]:
    """ "1. 普工 深圳宝安 4500-6500元 宝安精密电子" — what SMS and the console show."""
    return [f"{c.command}. {render_line(c.label, locale)}" for c in choices]


def plain_text(reply: Reply) -> str:
    """The whole reply as lines of text, choices numbered, footer last."""
    locale = reply.locale
    parts = [render_line(line, locale) for line in reply.lines]
    parts += numbered(reply.choices, locale)
    parts += [render_line(line, locale) for line in reply.footer]
    return "\n".join(parts)
