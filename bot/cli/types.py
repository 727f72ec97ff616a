"""Argument types shared by the commands: argparse refuses bad values with its usual exit status 2."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from functools import cached_property


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


class LazyChoices(Sequence[str]):
    """argparse `choices` kept in a heavy module (storage.models, bot.matching), read on first use.

    With a `metavar`, argparse reads choices only to check a given value or to print the help, so
    `choices=LazyChoices("storage.models", "STAFF_ROLES"), metavar="ROLE"` imports nothing at
    registration and the choices keep their one home. Without a metavar argparse spells the
    choices out while registering; name them in the help instead, with "%(choices)s".
    """

    def __init__(self, module: str, attribute: str) -> None:
        self.module, self.attribute = module, attribute

    @cached_property
    def _values(self) -> tuple[str, ...]:
        return tuple(getattr(importlib.import_module(self.module), self.attribute))

    def __getitem__(self, index):
        return self._values[index]

    def __len__(self) -> int:
        return len(self._values)
