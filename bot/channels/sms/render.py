"""A Reply as one SMS text: lines, numbered choices, footer, within the segment budget."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.channels.sms.segments import ELLIPSIS, Encoding, char_units, encoding, fit, fits, units
from bot.render import Shorten, elastics, render_line
from bot.replies import Elastic, Reply

SMS_BUDGET = 2  # segments; DESIGN.md: at most 2, most replies in 1
# Characters an Elastic parameter keeps before its ellipsis: enough to tell one employer from another.
MIN_KEPT: dict[Encoding, int] = {"gsm7": 6, "ucs2": 4}


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


def pieces(reply: Reply, shorten: Shorten | None = None) -> list[Piece]:
    """The reply laid out line by line; actions are left out because the footer already names them."""
    locale = reply.locale
    out: list[Piece] = []
    for line in reply.lines:
        out += [Piece("", row) for row in _physical(render_line(line, locale, shorten))]
    for choice in reply.choices:
        label = " ".join(_physical(render_line(choice.label, locale, shorten)))
        out.append(Piece(f"{choice.command}. ", label, choice=True))
    # The last footer line says how to answer (and, under a job, that no genuine job charges a
    # fee): every row of it is kept whole.
    for n, line in enumerate(reply.footer, start=1):
        rows = _physical(render_line(line, locale, shorten))
        out += [Piece("", row, keep=n == len(reply.footer)) for row in rows]
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


def _shortener(caps: dict[int, int], enc: Encoding) -> Shorten:
    """Each Elastic cut to the cap of its rank (in units, ellipsis included); uncapped ranks whole."""

    def shorten(value: Elastic) -> str:
        cap = caps.get(value.rank)
        return value if cap is None else _truncate(value, cap, enc)

    return shorten


def _shrink(reply: Reply, budget: int, enc: Encoding) -> tuple[list[Piece], bool]:
    """The reply with its Elastic parameters cut just enough to fit, rank by rank; whether it fits.

    Within a rank the longest values are cut first, to a common cap, so a short employer name
    survives whole beside a long one; a rank is cut to its floor before the next is touched.
    """
    values = [
        value
        for line in (*reply.lines, *(c.label for c in reply.choices), *reply.footer)
        for value in elastics(line)
    ]
    caps: dict[int, int] = {}
    floor = MIN_KEPT[enc] + units(ELLIPSIS[enc], enc)
    parts = pieces(reply)
    for rank in sorted({value.rank for value in values}):
        if fits(join(parts), budget):
            return parts, True
        low = floor
        high = max(floor, *(units(value, enc) for value in values if value.rank == rank))
        caps[rank] = low
        if fits(join(pieces(reply, _shortener(caps, enc))), budget):
            # The cost only grows with the cap, so the largest cap that fits is found by bisection.
            while low < high:
                caps[rank] = middle = (low + high + 1) // 2
                if fits(join(pieces(reply, _shortener(caps, enc))), budget):
                    low = middle
                else:
                    high = middle - 1
            caps[rank] = low
        parts = pieces(reply, _shortener(caps, enc))
    return parts, fits(join(parts), budget)


def render_sms(reply: Reply, budget: int = SMS_BUDGET) -> str:
    """The reply as SMS text: at most `budget` segments, first line, choice numbers and last footer line kept.

    Elastic parameters (names, titles) are shortened first, then optional lines left out, and only
    then is text cut wherever it is longest, because that cut can fall on a wage or a date.
    """
    enc = encoding(join(pieces(reply)))
    levels = sorted({line.optional for line in reply.lines if line.optional}, reverse=True)
    attempt = reply
    parts, ok = _shrink(attempt, budget, enc)
    for level in levels:
        if ok:
            break
        attempt = replace(attempt, lines=tuple(x for x in attempt.lines if x.optional < level))
        parts, ok = _shrink(attempt, budget, enc)
    return join(parts) if ok else fit_pieces(parts, budget)
