"""Horizontal bar charts as PNG bytes, drawn off-screen with matplotlib's Agg canvas."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache

import matplotlib

# Before anything touches pyplot: a server has no display, and Agg needs none.
matplotlib.use("Agg")

from matplotlib import font_manager, rc_context  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

from bot.staff.panels import BAR_COLOUR, Panel  # noqa: E402

# matplotlib ships "Last Resort", which maps every character to a box: coverage, but unreadable.
PLACEHOLDER_FONTS = ("Last Resort",)


@cache
def _charmap(path: str) -> frozenset[int]:
    try:
        return frozenset(FT2Font(path).get_charmap())
    except (OSError, RuntimeError, ValueError):  # a broken or unsupported font file
        return frozenset()


def font_for(text: str) -> str | None:
    """A font family that has a glyph for every non-ASCII character of `text`, or None.

    Checked glyph by glyph, because a font named "CJK" may still lack a character and matplotlib
    would then log a "Glyph missing" warning for every label it draws.
    """
    needed = {ord(ch) for ch in text if ord(ch) > 127 and not ch.isspace()}
    if not needed:
        return font_manager.FontProperties().get_family()[0]
    for entry in sorted(font_manager.fontManager.ttflist, key=lambda f: (f.name, f.fname)):
        if entry.name.startswith(PLACEHOLDER_FONTS):
            continue
        if needed <= _charmap(entry.fname):
            return entry.name
    return None


def render(panels: Sequence[Panel], title: str, font: str | None = None) -> bytes:
    """The panels stacked vertically in one PNG; `font` must cover every label (see font_for)."""
    heights = [max(len(p.bars), 1) * 0.35 + 0.9 for p in panels]
    settings = {"font.family": [font]} if font else {}
    with rc_context(settings):
        figure = Figure(figsize=(7, sum(heights) + 0.6), dpi=110, layout="constrained")
        FigureCanvasAgg(figure)
        figure.suptitle(title, fontsize=12)
        axes = figure.subplots(len(panels), 1, squeeze=False, height_ratios=heights)[:, 0]
        for ax, panel in zip(axes, panels, strict=True):
            _draw(ax, panel)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _draw(ax, panel: Panel) -> None:
    labels = [label for label, _ in panel.bars]
    counts = [count for _, count in panel.bars]
    positions = range(len(labels))
    ax.barh(positions, counts, color=BAR_COLOUR)
    ax.set_yticks(list(positions), labels)
    ax.invert_yaxis()  # largest first, read top-down like the text version
    ax.set_title(panel.title, fontsize=10, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    top = max(counts, default=0)
    for y, count in zip(positions, counts, strict=True):
        ax.text(count + top * 0.01, y, str(count), va="center", fontsize=8)
    ax.set_xlim(0, top * 1.12 or 1)
