"""Read a CSV (UTF-8, UTF-8 with BOM or GB18030) or XLSX file into a header and numbered rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from messages import t


class UnreadableFile(Exception):
    """The file cannot be read as a table at all; carries a catalog message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, locale: str | None = None) -> str:
        return t(self.key, locale, **self.params)


Cell = str | int | float | date | datetime | None


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[Cell]]]  # (1-based row number as the spreadsheet shows it, cells)


def decode(data: bytes) -> str:
    """UTF-8 (BOM stripped) when it decodes, else GB18030, the superset of GBK that Excel writes."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise UnreadableFile("import.unreadable", path="", reason=str(error)) from error


def _csv_rows(text: str) -> Iterator[list[Cell]]:
    # The header row decides the delimiter: csv.Sniffer guesses wrong on Chinese text.
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(data: bytes) -> Iterator[list[Cell]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _table(rows: Iterator[list[Cell]]) -> Table:
    header: list[str] | None = None
    body: list[tuple[int, list[Cell]]] = []
    for number, raw in enumerate(rows, start=1):
        # PostgreSQL refuses NUL in text; a stray one from a broken export must not crash the import.
        cells = [c.replace("\x00", "") if isinstance(c, str) else c for c in raw]
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        if header is None:
            header = ["" if c is None else str(c) for c in cells]
        else:
            body.append((number, cells))
    if header is None:
        raise UnreadableFile("import.no_header")
    return Table(header, body)


def read_table(data: bytes, name: str) -> Table:
    """Parse file content; `name` chooses the format by its suffix."""
    suffix = Path(name).suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _table(_xlsx_rows(data))
        if suffix in (".csv", ".txt", ".tsv", ""):
            return _table(_csv_rows(decode(data)))
    except UnreadableFile as error:
        error.params.setdefault("path", name)
        raise
    except Exception as error:  # a corrupt zip, a binary file named .csv, ...
        raise UnreadableFile(
            "import.unreadable", path=name, reason=str(error) or type(error).__name__
        ) from error
    raise UnreadableFile("import.unsupported", suffix=suffix or name)


def read_path(path: Path) -> Table:
    """Read a file from disk."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(
            "import.unreadable", path=str(path), reason=error.strerror or str(error)
        ) from error
    return read_table(data, path.name)
