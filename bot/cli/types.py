"""Argument types shared by the commands: argparse refuses bad values with its usual exit status 2."""

from __future__ import annotations

import argparse


def name(text: str) -> str:
    """A non-empty name, surrounding spaces removed ("春季洽谈会 " is "春季洽谈会")."""
    stripped = " ".join(text.split())
    if not stripped:
        raise argparse.ArgumentTypeError("must not be empty")
    return stripped


def positive(text: str) -> int:
    """A whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value
