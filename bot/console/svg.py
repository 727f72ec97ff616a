"""The /stats bar charts as inline SVG: the same panels bot/staff/chart.py draws as PNG.

Only presentation attributes (fill, font-size), never a style attribute, so the page's CSP can
forbid inline style; the text is real text, so it reads in any font the browser has and scales.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from markupsafe import Markup, escape

from bot.staff.panels import BAR_COLOUR, Panel

WIDTH = 360  # drawn units; the page scales the chart to its column (a phone: about 310 px)
ROW = 28
HEAD = 32
FONT = 15
MAX_LABEL = 150


def text_width(text: str, size: int = FONT) -> float:
    """About how wide `text` draws: CJK characters are square, Latin ones about half that."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in ("W", "F"))
    return wide * size + (len(text) - wide) * size * 0.58


def panel_svg(panel: Panel) -> Markup:
    """One panel: its title, then a bar per (label, count), largest as drawn, counts at the ends."""
    bars: Sequence[tuple[str, int]] = panel.bars
    label_room = min(max((text_width(label) for label, _ in bars), default=0) + 10, MAX_LABEL)
    count_room = text_width(str(max((n for _, n in bars), default=0))) + 8
    span = WIDTH - label_room - count_room
    top = max((n for _, n in bars), default=0) or 1
    height = HEAD + ROW * max(len(bars), 1) + 6
    title = escape(panel.title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{title}" font-family="sans-serif" font-size="{FONT}">',
        f"<title>{title}</title>",
        f'<text x="0" y="20" font-size="16" font-weight="600" fill="#1f2933">{title}</text>',
    ]
    for index, (label, count) in enumerate(bars):
        y = HEAD + index * ROW
        length = max(span * count / top, 1 if count else 0)
        parts += [
            f'<text x="{label_room - 8:.0f}" y="{y + 19}" text-anchor="end" fill="#1f2933">'
            f"{escape(label)}</text>",
            f'<rect x="{label_room:.0f}" y="{y + 4}" width="{length:.1f}" height="{ROW - 8}" '
            f'rx="2" fill="{BAR_COLOUR}"/>',
            f'<text x="{label_room + length + 4:.1f}" y="{y + 19}" fill="#5f6b7a">{count}</text>',
        ]
    parts.append("</svg>")
    return Markup("".join(parts))
