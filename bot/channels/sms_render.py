"""A Reply as one SMS text: lines, numbered choices, footer, within the segment budget."""

from __future__ import annotations

from dataclasses import dataclass

from bot.channels.segments import ELLIPSIS, Encoding, char_units, encoding, fit, fits, units
from bot.render import render_line
from bot.replies import Reply

SMS_BUDGET = 2  # segments; DESIGN.md: at most 2, most replies in 1


@dataclass(frozen=True, slots=True)
class Piece:
    """One physical line: a fixed prefix ("1. "), a body that may be shortened, and whether it must stay whole."""

    prefix: str
    body: str
    keep: bool = False
    choice: bool = False

    @property
    def text(self) -> str:
        return self.prefix + self.body


def _physical(text: str) -> list[str]:
    return text.split("\n")


def pieces(reply: Reply) -> list[Piece]:
    """The reply laid out line by line; actions are left out because the footer already names them."""
    locale = reply.locale
    out: list[Piece] = []
    for line in reply.lines:
        out += [Piece("", row) for row in _physical(render_line(line, locale))]
    for choice in reply.choices:
        label = " ".join(_physical(render_line(choice.label, locale)))
        out.append(Piece(f"{choice.command}. ", label, choice=True))
    footer = [
        Piece("", row) for line in reply.footer for row in _physical(render_line(line, locale))
    ]
    if footer:
        footer[-1] = Piece("", footer[-1].body, keep=True)
    out += footer
    if out:
        out[0] = Piece(out[0].prefix, out[0].body, keep=True, choice=out[0].choice)
    return out


def join(parts: list[Piece]) -> str:
    return "\n".join(p.text for p in parts if p.text)


def _truncate(body: str, cap: int, enc: Encoding) -> str:
    """The longest prefix of `body` that, with an ellipsis, costs at most `cap` units."""
    if units(body, enc) <= cap:
        return body
    mark = ELLIPSIS[enc]
    room = cap - units(mark, enc)
    used, end = 0, 0
    while end < len(body) and used + char_units(body[end], enc) <= room:
        used += char_units(body[end], enc)
        end += 1
    return body[:end].rstrip() + mark


def _capped(parts: list[Piece], cap: int, enc: Encoding) -> list[Piece]:
    return [
        p if p.keep else Piece(p.prefix, _truncate(p.body, cap, enc), p.keep, p.choice)
        for p in parts
    ]


def _water_fill(parts: list[Piece], budget: int) -> list[Piece] | None:
    """Cut the longest shortenable bodies to a common cap, the largest cap that fits; None if none does."""
    enc = encoding(join(parts))
    floor = units(ELLIPSIS[enc], enc)
    low, high = floor, max((units(p.body, enc) for p in parts if not p.keep), default=floor)
    if not fits(join(_capped(parts, low, enc)), budget):
        return None
    while low < high:
        middle = (low + high + 1) // 2
        if fits(join(_capped(parts, middle, enc)), budget):
            low = middle
        else:
            high = middle - 1
    return _capped(parts, low, enc)


def fit_pieces(parts: list[Piece], budget: int = SMS_BUDGET) -> str:
    """The laid-out reply within `budget` segments, shortening the longest parts first."""
    text = join(parts)
    if fits(text, budget):
        return text
    # Plain lines between the first line and the choices go before any kept line is cut; the
    # first line is cut before the choice numbers and the footer, which say how to answer.
    essential = [p for p in parts if p.keep or p.choice]
    first_cut = [Piece(p.prefix, p.body, choice=p.choice) for p in essential[:1]] + essential[1:]
    for attempt in (parts, essential, first_cut):
        shortened = _water_fill(attempt, budget)
        if shortened is not None:
            return join(shortened)
    return fit(text, budget)


def render_sms(reply: Reply, budget: int = SMS_BUDGET) -> str:
    """The reply as SMS text: at most `budget` segments, first line, choice numbers and last footer line kept."""
    return fit_pieces(pieces(reply), budget)
