"""What a bar chart shows, apart from how it is drawn (PNG in chart.py, SVG in the console)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

BAR_COLOUR = "#3b75af"


@dataclass(frozen=True)
class Panel:
    """One bar chart: a title and (label, count) bars, drawn top to bottom."""

    title: str
    bars: Sequence[tuple[str, int]]
