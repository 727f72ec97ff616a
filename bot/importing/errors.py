"""The one way a file is refused as a whole: a catalog key and its parameters."""

from __future__ import annotations

from messages import t


class UnreadableFile(Exception):
    """The file cannot be read as a table at all; carries a catalog message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, locale: str | None = None) -> str:
        return t(self.key, locale, **self.params)
