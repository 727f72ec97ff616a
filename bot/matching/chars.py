"""Characters as workers' phones type them: traditional Hanzi read as simplified, char for char."""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["simplify"]


@cache
def _table() -> dict[int, str]:
    """Traditional -> simplified, from traditional.txt (pairs of characters, traditional first)."""
    text = resources.files("bot.matching").joinpath("traditional.txt").read_text(encoding="utf-8")
    body = "".join(line for line in text.splitlines() if line and not line.startswith("#"))
    return {ord(body[i]): body[i + 1] for i in range(0, len(body) - 1, 2)}


def simplify(text: str) -> str:
    """會寧電焊 -> 会宁电焊; every other character as it is, so offsets stay aligned."""
    if text.isascii():
        return text
    return text.translate(_table())
